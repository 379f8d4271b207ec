"""The lint checks of one standard file; each yields findings located by their path."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kvalitet.authoring.lint.numbers import encoded_numbers, text_numbers
from kvalitet.language.cited import Based
from kvalitet.language.conditions import AllOf, Condition, FactTest, Not, amount_refs, facts_read
from kvalitet.language.dated import resolve_amounts
from kvalitet.language.normal_form import Conjunction, TooLargeError, dnf, satisfiable
from kvalitet.language.rules import iter_conditions, iter_rules
from kvalitet.language.standard import ScopeRule, StandardFile


@dataclass(frozen=True)
class Finding:
    """What a check found, where in the file (a path), and what to do about it."""

    path: tuple[str | int, ...]
    code: str
    message: str
    hint: str


def file_checks(source: StandardFile, on: date | None, path: Path | None) -> Iterator[Finding]:
    """Every lint finding of one loaded standard file (``path``: where it is on disk, if it is)."""
    # The rules as the engine sees them: dated amounts as the standard's first year has them.
    standard = resolve_amounts(source, source.valid_from)
    yield from _unused_amounts(source)
    yield from _dead_rules(standard)
    yield from _never_within(standard)
    yield from _bands(standard)
    yield from _unused_derived(standard)
    yield from _validity(standard, on)
    # A rule naming a dated amount states no number itself: the amount's own text does.
    yield from _numbers(source)
    yield from _citations(standard)
    yield from _law_without_act(standard)
    if path is not None and not (path.parent / "cases" / path.name).exists():
        yield Finding(
            ("id",),
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


NEVER_TEXT = {
    "criteria": "no profile can meet this criterion, so no one is within",
    "exclusions": "this exclusion can never apply",
    "scope": "this scope rule can never apply",
    "derive": "this derived fact can never be true",
}


def _dead_rules(standard: StandardFile) -> Iterator[Finding]:
    for at in iter_rules(standard, tuple(NEVER_TEXT)):
        rule, key, when = at.rule, at.key, at.condition
        if when is None:
            continue
        where = (*at.path, "when")
        if _never(when):
            yield Finding(
                where,
                "never-holds" if key == "criteria" else "never-applies",
                f"'{rule.id}': {NEVER_TEXT[key]}",
                "the condition contradicts itself (e.g. ge 10 and lt 5); check the bounds",
            )
        elif key == "criteria" and _never(when, negate=True):
            yield Finding(
                where,
                "always-holds",
                f"'{rule.id}' holds for every profile that knows its facts, so it never decides "
                "an outcome",
                "drop it, or say what it should exclude",
            )
        elif key == "exclusions" and _never(when, negate=True):
            yield Finding(
                where,
                "always-applies",
                f"'{rule.id}' applies to every profile that knows its facts, so no one is within",
                "check the condition; an exclusion should hold only in some cases",
            )


def _never_within(standard: StandardFile) -> Iterator[Finding]:
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
        yield Finding(
            ("criteria",),
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


def _bands(standard: StandardFile) -> Iterator[Finding]:
    by_field: dict[tuple[str, str], list[tuple[int, ScopeRule, tuple[Any, ...]]]] = {}
    for index, rule in enumerate(standard.scope):
        band = _interval(rule.when)
        if band is None:
            continue
        for field in rule.set:
            by_field.setdefault((field, band[0]), []).append((index, rule, band))
    for (field, fact), bands in by_field.items():
        ordered = sorted(bands, key=lambda b: (b[2][1], not b[2][2]))
        for (_, first, a), (index, second, b) in itertools.pairwise(ordered):
            _, _, _, high, high_in = a
            _, low, low_in, _, _ = b
            if high < low or (high == low and not high_in and not low_in):
                yield Finding(
                    ("scope", index, "when"),
                    "range-gap",
                    (
                        f"no scope rule sets {field} for {fact} between {high:g} and {low:g} "
                        f"('{first.id}' ends, '{second.id}' begins)"
                    ),
                    "if the source states nothing there, say so in a reading; else close the gap",
                )


def _unused_amounts(standard: StandardFile) -> Iterator[Finding]:
    named = {
        name for _, condition in iter_conditions(standard) for name, _ in amount_refs(condition)
    }
    for index, amount in enumerate(standard.amounts):
        if amount.name not in named:
            yield Finding(
                ("amounts", index, "name"),
                "unused-amount",
                (f"no condition compares with the amount '{amount.name}'"),
                "use it as {amount: " + amount.name + "} in a condition, or remove it",
            )


def _unused_derived(standard: StandardFile) -> Iterator[Finding]:
    read: set[str] = set()
    for _, condition in iter_conditions(standard):
        read |= facts_read(condition)
    for index, rule in enumerate(standard.derive):
        if rule.fact not in read:
            yield Finding(
                ("derive", index, "fact"),
                "unused-fact",
                (f"the derived fact '{rule.fact}' is not read by any rule"),
                "use it in a condition, or remove it",
            )


def _validity(standard: StandardFile, on: date | None) -> Iterator[Finding]:
    if on is None:
        return
    if standard.valid_to is not None and standard.valid_to < on:
        yield Finding(
            ("valid_to",),
            "lapsed",
            (f"the standard lapsed on {standard.valid_to.isoformat()}, before {on.isoformat()}"),
            "add the new version as a new file with its own valid_from",
        )
    elif standard.valid_from > on:
        yield Finding(
            ("valid_from",),
            "not-yet-in-force",
            (
                f"the standard comes into force on {standard.valid_from.isoformat()}, after "
                f"{on.isoformat()}"
            ),
            "evaluations before that date use the previous version, if there is one",
        )


def _citations(standard: StandardFile) -> Iterator[Finding]:
    if standard.source.file is None:
        return  # a web page has no lines; its rules cite headings
    for at in iter_rules(standard):
        rule = at.rule
        if not (rule.cite.lines or rule.cite.url or rule.cite.document):
            yield Finding(
                (*at.path, "cite"),
                "no-lines",
                (f"'{rule.id}' cites no line of the source document"),
                "add cite.lines so a reader can find the sentence",
            )


def _numbers(standard: StandardFile) -> Iterator[Finding]:
    for at in iter_rules(standard):
        rule = at.rule
        stated = text_numbers(rule.text)
        missing = sorted(
            n
            for n in encoded_numbers(rule)
            if n != 0 and not any(abs(n - s) < 1e-9 for s in stated)
        )
        if missing:
            said = ", ".join(f"{s:g}" for s in sorted(stated)) or "no number"
            encoded = ", ".join(f"{n:g}" for n in missing)
            yield Finding(
                (*at.path, "id"),
                "number-not-in-text",
                f"'{rule.id}' encodes {encoded}, but its text states {said}",
                "check the value against the source, or quote the sentence that states it",
            )


def _law_without_act(standard: StandardFile) -> Iterator[Finding]:
    """A rule whose basis is the law must cite the provision of the act that states it."""
    for at in iter_rules(standard):
        if isinstance(at.rule, Based) and at.rule.basis == "law" and not at.rule.cite.law:
            yield Finding(
                (*at.path, "cite"),
                "law-without-citation",
                f"'{at.rule.id}' has basis: law but cites no provision of an act",
                "add cite.law (e.g. 'SEL § 97, stk. 1'), or make the basis 'standard'",
            )
