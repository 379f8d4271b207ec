"""Static checks for policy authors: what a standard says that is probably not what was meant.

Every finding is located at ``file:line:column`` with a code, a message and a hint. Errors (a
rule that can never hold, a standard no one can be within) make ``kvalitet lint`` exit 1;
warnings (a gap between numeric bands, a derived fact no rule reads, a lapsed standard, a
number in a rule that its quoted text does not state) do not. Overlapping bands that set the
same field are already a load error (``conflict``) unless one rule overrides the other.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from kvalitet.language.arithmetic import Add, FactValue, Max, Min, Sub
from kvalitet.language.checks import every_condition
from kvalitet.language.conditions import (
    AllOf,
    Condition,
    FactTest,
    Not,
    amount_refs,
    facts_read,
    walk,
)
from kvalitet.language.dated import resolve_amounts
from kvalitet.language.loader import LoadedFile, load, load_text
from kvalitet.language.normal_form import Conjunction, TooLargeError, dnf, satisfiable
from kvalitet.language.problems import StandardLoadError
from kvalitet.language.standard import ScopeRule, StandardFile
from kvalitet.language.yaml_reader import Positions, read_yaml

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One finding of the linter."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str

    def __str__(self) -> str:
        """``file:line:column: severity: code: message (hint)``."""
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.code}: "
            f"{self.message}\n    hint: {self.hint}"
        )


def lint(paths: Iterable[str | Path] | None = None, *, on: date | None = None) -> list[Finding]:
    """Lint standard files or folders; a file that does not load gives its load problems.

    Args:
        paths: Files or folders (default: the bundled standards).
        on: Also report standards not in force on this date.
    """
    try:
        loaded = load(paths)
    except StandardLoadError as error:
        return [
            Finding(p.file, p.line, p.column, "error", p.code, p.message, "see `kvalitet validate`")
            for p in error.problems
        ]
    findings: list[Finding] = []
    for item in loaded.files:
        _, positions = read_yaml(Path(item.path).read_text(encoding="utf-8"))
        findings.extend(_lint_file(item, positions, on))
    return sorted(findings)


def lint_text(text: str, label: str = "<text>", *, on: date | None = None) -> list[Finding]:
    """Lint the text of one standard file, e.g. one edited in a browser.

    The same checks as :func:`lint`, less the one for a case file next to the standard (the
    text has no place on disk).

    Example:
        >>> [f.code for f in lint_text("id: x") if f.column == 5]
        ['invalid-value']
    """
    try:
        standard = load_text(text, label)
    except StandardLoadError as error:
        return [
            Finding(p.file, p.line, p.column, "error", p.code, p.message, "see `kvalitet validate`")
            for p in error.problems
        ]
    _, positions = read_yaml(text)
    return sorted(_lint_file(LoadedFile(label, standard), positions, on, on_disk=False))


def _lint_file(
    item: LoadedFile, positions: Positions, on: date | None, *, on_disk: bool = True
) -> Iterator[Finding]:
    standard = item.standard

    def finding(
        path: tuple[str | int, ...], severity: Severity, code: str, message: str, hint: str
    ) -> Finding:
        line, column = positions.of_value(path)
        return Finding(item.path, line, column, severity, code, message, hint)

    for path, severity, code, message, hint in _checks(
        standard, on, Path(item.path) if on_disk else None
    ):
        yield finding(path, severity, code, message, hint)


Raw = tuple[tuple[str | int, ...], Severity, str, str, str]


def _checks(source: StandardFile, on: date | None, path: Path | None) -> Iterator[Raw]:
    # The rules as the engine sees them: dated amounts as the standard's first year has them.
    standard = resolve_amounts(source, source.valid_from)
    yield from _unused_amounts(source)
    yield from _dead_rules(standard)
    yield from _never_within(standard)
    yield from _bands(standard)
    yield from _unused_derived(standard)
    yield from _validity(standard, on)
    yield from _numbers(standard)
    yield from _citations(standard)
    if path is not None and not (path.parent / "cases" / path.name).exists():
        yield (
            ("id",),
            "warning",
            "no-cases",
            f"no case file cases/{path.name} next to the standard",
            "add cases taken from the document's sentences (see docs/authoring.md)",
        )


def _safe_dnf(condition: Condition, *, negate: bool = False) -> list[Conjunction] | None:
    try:
        return dnf(condition, negate=negate)
    except TooLargeError:
        return None


def _never(condition: Condition, *, negate: bool = False) -> bool:
    conjunctions = _safe_dnf(condition, negate=negate)
    return conjunctions is not None and not any(satisfiable(c) for c in conjunctions)


def _dead_rules(standard: StandardFile) -> Iterator[Raw]:
    for key in ("criteria", "exclusions", "scope", "derive"):
        for index, rule in enumerate(getattr(standard, key)):
            when = rule.when
            if when is None:
                continue
            where = (key, index, "when")
            if _never(when):
                severity: Severity = "error" if key == "criteria" else "warning"
                what = {
                    "criteria": "no profile can meet this criterion, so no one is within",
                    "exclusions": "this exclusion can never apply",
                    "scope": "this scope rule can never apply",
                    "derive": "this derived fact can never be true",
                }[key]
                yield (
                    where,
                    severity,
                    "never-holds",
                    f"'{rule.id}': {what}",
                    ("the condition contradicts itself (e.g. ge 10 and lt 5); check the bounds"),
                )
            elif key in ("criteria", "exclusions") and _never(when, negate=True):
                if key == "criteria":
                    yield (
                        where,
                        "warning",
                        "always-holds",
                        (
                            f"'{rule.id}' holds for every profile that knows its facts, so it "
                            "never decides an outcome"
                        ),
                        "drop it, or say what it should exclude",
                    )
                else:
                    yield (
                        where,
                        "error",
                        "always-applies",
                        (
                            f"'{rule.id}' applies to every profile that knows its facts, so no one "
                            "is within"
                        ),
                        "check the condition; an exclusion should hold only in some cases",
                    )


def _never_within(standard: StandardFile) -> Iterator[Raw]:
    parts: list[Condition] = [c.when for c in standard.criteria if c.when is not None]
    parts += [Not.model_validate({"not": e.when}) for e in standard.exclusions]
    if not parts:
        return
    conjunctions = _safe_dnf(AllOf(all=tuple(parts)))
    if conjunctions is None:
        return
    if not any(satisfiable(c) for c in conjunctions) and not any(
        _never(c.when) for c in standard.criteria if c.when is not None
    ):
        yield (
            ("criteria",),
            "error",
            "never-within",
            (
                "the criteria and exclusions contradict each other: no profile is within "
                "the standard"
            ),
            "look for a criterion that an exclusion (or another criterion) rules out",
        )


def _interval(condition: Condition | None) -> tuple[str, float, bool, float, bool] | None:
    """``(fact, low, low inclusive, high, high inclusive)`` for a one-fact numeric band."""
    if not isinstance(condition, FactTest):
        return None
    low, low_in, high, high_in = float("-inf"), False, float("inf"), False
    for op, value in condition.operators():
        if op not in ("gt", "ge", "lt", "le") or not isinstance(value, int | float):
            return None
        if op in ("gt", "ge"):
            low, low_in = float(value), op == "ge"
        else:
            high, high_in = float(value), op == "le"
    return condition.fact, low, low_in, high, high_in


def _bands(standard: StandardFile) -> Iterator[Raw]:
    by_field: dict[tuple[str, str], list[tuple[int, ScopeRule, tuple[Any, ...]]]] = {}
    for index, rule in enumerate(standard.scope):
        band = _interval(rule.when)
        if band is None:
            continue
        for field in rule.set.model_fields_set:
            by_field.setdefault((field, band[0]), []).append((index, rule, band))
    for (field, fact), bands in by_field.items():
        ordered = sorted(bands, key=lambda b: (b[2][1], not b[2][2]))
        for (_, first, a), (index, second, b) in itertools.pairwise(ordered):
            _, _, _, high, high_in = a
            _, low, low_in, _, _ = b
            if high < low or (high == low and not high_in and not low_in):
                yield (
                    ("scope", index, "when"),
                    "warning",
                    "range-gap",
                    (
                        f"no scope rule sets {field} for {fact} between {high:g} and {low:g} "
                        f"('{first.id}' ends, '{second.id}' begins)"
                    ),
                    "if the source states nothing there, say so in a reading; else close the gap",
                )


def _unused_amounts(standard: StandardFile) -> Iterator[Raw]:
    named = {
        name for _, condition in every_condition(standard) for name, _ in amount_refs(condition)
    }
    for index, amount in enumerate(standard.amounts):
        if amount.name not in named:
            yield (
                ("amounts", index, "name"),
                "warning",
                "unused-amount",
                (f"no condition compares with the amount '{amount.name}'"),
                "use it as {amount: " + amount.name + "} in a condition, or remove it",
            )


def _unused_derived(standard: StandardFile) -> Iterator[Raw]:
    read: set[str] = set()
    for _, condition in every_condition(standard):
        read |= facts_read(condition)
    for index, rule in enumerate(standard.derive):
        if rule.fact not in read:
            yield (
                ("derive", index, "fact"),
                "warning",
                "unused-fact",
                (f"the derived fact '{rule.fact}' is not read by any rule"),
                "use it in a condition, or remove it",
            )


def _validity(standard: StandardFile, on: date | None) -> Iterator[Raw]:
    if on is None:
        return
    if standard.valid_to is not None and standard.valid_to < on:
        yield (
            ("valid_to",),
            "warning",
            "lapsed",
            (f"the standard lapsed on {standard.valid_to.isoformat()}, before {on.isoformat()}"),
            "add the new version as a new file with its own valid_from",
        )
    elif standard.valid_from > on:
        yield (
            ("valid_from",),
            "warning",
            "not-yet-in-force",
            (
                f"the standard comes into force on {standard.valid_from.isoformat()}, after "
                f"{on.isoformat()}"
            ),
            "evaluations before that date use the previous version, if there is one",
        )


def _citations(standard: StandardFile) -> Iterator[Raw]:
    for key, rules in standard.rule_lists().items():
        for index, rule in enumerate(rules):
            if not rule.cite.lines:
                path: tuple[str | int, ...] = (
                    (key, "cite") if key == "provider_choice" else (key, index, "cite")
                )
                yield (
                    path,
                    "warning",
                    "no-lines",
                    (f"'{rule.id}' cites no line of the source document"),
                    "add cite.lines so a reader can find the sentence",
                )


# --- numbers in the text ---------------------------------------------------------------------

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


def _amount_numbers(amount: Any) -> Iterator[float]:  # noqa: ANN401 - an amount node
    if isinstance(amount, bool):
        return
    if isinstance(amount, int | float):
        yield float(amount)
    elif isinstance(amount, Sub | Add | Min | Max):
        for part in getattr(amount, type(amount).__name__.lower()):
            yield from _amount_numbers(part)
    elif isinstance(amount, FactValue):
        return


def _condition_numbers(condition: Condition | None) -> Iterator[float]:
    if condition is None:
        return
    for node, _ in walk(condition):
        if isinstance(node, FactTest):
            for _, value in node.operators():
                for item in value if isinstance(value, tuple) else (value,):
                    if isinstance(item, int | float) and not isinstance(item, bool):
                        yield float(item)


def encoded_numbers(rule: Any) -> set[float]:  # noqa: ANN401 - any cited rule model
    """The numbers a rule encodes (bounds, scope values, durations, amounts)."""
    numbers = set(_condition_numbers(getattr(rule, "when", None)))
    if isinstance(rule, ScopeRule):
        for value in rule.set.amounts().values():
            numbers.update(_amount_numbers(value))
    for name in ("within", "every", "every_max", "after"):
        duration = getattr(rule, name, None)
        if duration is not None and hasattr(duration, "value"):
            numbers.add(float(duration.value))
    for rate in getattr(rule, "rates", ()):
        numbers.add(float(rate.amount))
    for value in getattr(rule, "values", ()):
        numbers.add(float(value.amount))
    for quantity in getattr(rule, "quantities", ()):
        numbers.add(float(quantity.value))
    for name in ("times_per_year_min", "times_per_year_max", "max_price_difference_percent"):
        stated = getattr(rule, name, None)
        if stated is not None:
            numbers.add(float(stated))
    return numbers


def _numbers(standard: StandardFile) -> Iterator[Raw]:
    for key, rules in standard.rule_lists().items():
        for index, rule in enumerate(rules):
            stated = text_numbers(rule.text)
            missing = sorted(
                n
                for n in encoded_numbers(rule)
                if n != 0 and not any(abs(n - s) < 1e-9 for s in stated)
            )
            if missing:
                path: tuple[str | int, ...] = (
                    (key, "id") if key == "provider_choice" else (key, index, "id")
                )
                said = ", ".join(f"{s:g}" for s in sorted(stated)) or "no number"
                yield (
                    path,
                    "warning",
                    "number-not-in-text",
                    (
                        f"'{rule.id}' encodes {', '.join(f'{n:g}' for n in missing)}, but its text "
                        f"states {said}"
                    ),
                    "check the value against the source, or quote the sentence that states it",
                )
