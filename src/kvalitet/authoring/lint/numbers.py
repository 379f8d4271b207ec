"""Numbers a rule encodes and numbers its quoted text states (for ``number-not-in-text``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kvalitet.language.arithmetic import Add, Amount, Max, Min, Sub
from kvalitet.language.cited import Cited
from kvalitet.language.conditions import Condition, FactTest, walk
from kvalitet.language.standard import DatedAmount, ScopeRule
from kvalitet.language.terms import Deadline, FollowUp, Payment, ProviderChoice, Termination

_LEGAL_REFERENCE = re.compile(
    r"(§+|stk\.|nr\.|kapitel|afsnit)\s*[0-9]+[a-z]?(\s*(,|-|–|og)\s*[0-9]+[a-z]?)*",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_WORDS = {
    "én": 1,
    "et år": 1,
    "halvanden": 1.5,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "syv": 7,
    "otte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
    "halvvejs": 0.5,
    "en gang": 1,
    "én gang": 1,
    "årlig": 1,
    "årligt": 1,
    "hvert år": 1,
    "en måned": 1,
    "månedlig": 1,
    "månedligt": 1,
    "hvert andet": 2,
    "den første": 1,
}


def text_numbers(text: str) -> set[float]:
    """The numbers a Danish text states (legal references left out; "fire" is 4)."""
    cleaned = _LEGAL_REFERENCE.sub(" ", text)
    numbers = {float(n.replace(".", "").replace(",", ".")) for n in _NUMBER.findall(cleaned)}
    lowered = f" {cleaned.lower()} "
    for word, value in _WORDS.items():
        if re.search(rf"(?<![a-zæøå]){word}(?![a-zæøå])", lowered):
            numbers.add(float(value))
    return numbers


def _amount_numbers(amount: Amount | str | bool) -> Iterator[float]:  # noqa: FBT001 - a value
    if isinstance(amount, bool | str):
        return
    if isinstance(amount, int | float):
        yield float(amount)
    elif isinstance(amount, Sub):
        for part in amount.sub:
            yield from _amount_numbers(part)
    elif isinstance(amount, Add | Min | Max):
        parts = (
            amount.add
            if isinstance(amount, Add)
            else amount.min
            if isinstance(amount, Min)
            else amount.max
        )
        for part in parts:
            yield from _amount_numbers(part)


def _condition_numbers(condition: Condition | None) -> Iterator[float]:
    if condition is None:
        return
    for node, _ in walk(condition):
        if isinstance(node, FactTest):
            for _, value in node.operators():
                for item in value if isinstance(value, tuple) else (value,):
                    if isinstance(item, int | float) and not isinstance(item, bool):
                        yield float(item)


def encoded_numbers(rule: Cited) -> set[float]:
    """The numbers a rule encodes (bounds, scope values, durations, amounts)."""
    numbers = set(_condition_numbers(rule.condition))
    if isinstance(rule, ScopeRule):
        for value in rule.set.values():
            numbers.update(_amount_numbers(value))
    elif isinstance(rule, Deadline):
        numbers.add(float(rule.within.value))
    elif isinstance(rule, Termination) and rule.after is not None:
        numbers.add(float(rule.after.value))
    elif isinstance(rule, FollowUp):
        durations = [rule.every, rule.every_max, *rule.after]
        numbers.update(float(d.value) for d in durations if d is not None)
        numbers.update(
            float(n) for n in (rule.times_per_year_min, rule.times_per_year_max) if n is not None
        )
    elif isinstance(rule, Payment):
        numbers.update(float(rate.amount) for rate in rule.rates)
        numbers.update(float(quantity.value) for quantity in rule.quantities)
    elif isinstance(rule, DatedAmount):
        numbers.update(float(value.amount) for value in rule.values)
    elif isinstance(rule, ProviderChoice) and rule.max_price_difference_percent is not None:
        numbers.add(float(rule.max_price_difference_percent))
    return numbers
