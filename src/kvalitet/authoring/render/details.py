"""The typed numbers of a rule in Danish, as a citizen's document shows them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kvalitet.language.cited import Cited
from kvalitet.language.labels import (
    AMOUNT_UNIT,
    DEADLINE_KIND,
    PHRASES,
    duration_unit,
    provider_choice,
)
from kvalitet.language.standard import DatedAmount, ScopeRule
from kvalitet.language.terms import (
    Deadline,
    Duration,
    FollowUp,
    Payment,
    ProviderChoice,
    Termination,
)
from kvalitet.language.vocabulary import ScopeFieldSpec
from kvalitet.language.wording import amount, duration, number, rate, scope_value


def _scope_details(rule: ScopeRule, scope_fields: Mapping[str, ScopeFieldSpec]) -> tuple[str, ...]:
    details: list[str] = []
    for name, value in rule.set.items():
        spec = scope_fields.get(name)
        if spec is None or isinstance(value, bool):
            continue
        if isinstance(value, str | int | float):
            details.append(scope_value(spec, name, value))
    return tuple(details)  # a computed amount is described by the rule's own text


def _payment_details(rule: Payment) -> tuple[str, ...]:
    details = [rate(each) for each in rule.rates]
    if rule.grant:
        details.insert(0, PHRASES["grant"].da)
    elif not rule.user_payment:
        details.insert(0, PHRASES["no_user_payment"].da)
    return tuple(details)


def _times_a_year(low: float | None, high: float | None) -> str | None:
    if low is not None and high is not None and low != high:
        return f"{number(low)}–{number(high)} gange om året"
    if low is not None:
        return f"{number(low)} {'gang' if low == 1 else 'gange'} om året"
    if high is not None:
        return f"højst {number(high)} {'gang' if high == 1 else 'gange'} om året"
    return None


def _every(first: Duration, last: Duration | None) -> str:
    singular = duration_unit(first.unit, 1)
    each = "hvert" if first.unit == "years" else "hver"
    if last is None or (last.value == first.value and last.unit == first.unit):
        if first.value == 1:
            return f"{each} {singular}"
        return f"{each} {number(first.value)}. {singular}"
    if last.unit == first.unit:
        return f"{each} {number(first.value)}.–{number(last.value)}. {singular}"
    return f"med {duration(first)} til {duration(last)} imellem"


def _join_and(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} og {parts[-1]}"


def _follow_up_details(rule: FollowUp) -> tuple[str, ...]:
    if not rule.planned:
        return (PHRASES["no_follow_up"].da,)
    details: list[str] = []
    times = _times_a_year(rule.times_per_year_min, rule.times_per_year_max)
    if times:
        details.append(times)
    if rule.every is not None:
        details.append(_every(rule.every, rule.every_max))
    if rule.after:
        after = "efter " + _join_and([duration(d) for d in rule.after])
        if rule.counted_from is not None:
            after += f" regnet fra {rule.counted_from}"
        details.append(after)
    return tuple(details)


def _provider_details(rule: ProviderChoice) -> tuple[str, ...]:
    choice = provider_choice(rule.free_choice)
    details = [choice[:1].upper() + choice[1:]]
    if rule.max_price_difference_percent is not None:
        percent = number(rule.max_price_difference_percent)
        details.append(f"Et frit valgt tilbud må højst koste {percent} % mere")
    return tuple(details)


def rule_details(rule: Cited, scope_fields: Mapping[str, ScopeFieldSpec]) -> tuple[str, ...]:
    """A rule's typed numbers in Danish: a deadline, rates, a scope, follow-up, provider choice."""
    if isinstance(rule, DatedAmount):
        unit = AMOUNT_UNIT[rule.unit].da
        return tuple(f"{amount(value.amount)} {unit} ({value.year})" for value in rule.values)
    if isinstance(rule, Deadline):
        start = f" regnet fra {rule.counted_from}" if rule.counted_from is not None else ""
        return (f"{DEADLINE_KIND[rule.kind].da}: højst {duration(rule.within)}{start}",)
    if isinstance(rule, ScopeRule):
        return _scope_details(rule, scope_fields)
    if isinstance(rule, Payment):
        return _payment_details(rule)
    if isinstance(rule, FollowUp):
        return _follow_up_details(rule)
    if isinstance(rule, ProviderChoice):
        return _provider_details(rule)
    if isinstance(rule, Termination) and rule.after is not None:
        return (f"Efter {duration(rule.after)}",)
    return ()
