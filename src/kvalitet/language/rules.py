"""The one walk over the rules of a standard file, each with its path in the file.

Every part of kvalitet that goes through a standard's rules (checks, dated amounts, lint, render,
coverage, compare, the compiler) walks them here, so the keys of a standard file and the one key
that holds a single rule rather than a list (``provider_choice``) are written down once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kvalitet.language.cited import Cited
from kvalitet.language.conditions import Condition
from kvalitet.language.standard import StandardFile
from kvalitet.language.terms import Term

# The terms of a service, in the order a Decision lists them.
TERM_KEYS: tuple[str, ...] = (
    "payment",
    "deadlines",
    "follow_up",
    "termination",
    "not_included",
    "procedure",
    "provider_choice",
)
# Every key of a standard file that holds cited rules (the order rules are walked in).
RULE_KEYS: tuple[str, ...] = (
    "amounts",
    "derive",
    "criteria",
    "exclusions",
    "scope",
    "payment",
    "deadlines",
    "follow_up",
    "termination",
    "access_variants",
    "not_included",
    "procedure",
    "provider_choice",
)
SINGLE_RULE_KEYS = frozenset({"provider_choice"})  # a mapping in the file, not a list


@dataclass(frozen=True)
class RuleAt:
    """A rule of a standard file and where it is."""

    key: str
    index: int | None  # None for the single rule of a SINGLE_RULE_KEYS key
    rule: Cited

    @property
    def path(self) -> tuple[str | int, ...]:
        """The rule's path in the file, e.g. ``("criteria", 2)`` or ``("provider_choice",)``."""
        return (self.key,) if self.index is None else (self.key, self.index)

    @property
    def condition(self) -> Condition | None:
        """The rule's condition, if it has one."""
        return self.rule.condition


def rules_of(standard: StandardFile, key: str) -> tuple[Cited, ...]:
    """The rules under one key (empty when the file has none)."""
    value = getattr(standard, key)
    if key in SINGLE_RULE_KEYS:
        return () if value is None else (value,)
    return tuple(value)


def iter_rules(standard: StandardFile, keys: tuple[str, ...] = RULE_KEYS) -> Iterator[RuleAt]:
    """Every rule under ``keys`` (default: all), in the order of the file, with its path."""
    for key in keys:
        for index, rule in enumerate(rules_of(standard, key)):
            yield RuleAt(key, None if key in SINGLE_RULE_KEYS else index, rule)


def iter_conditions(
    standard: StandardFile,
) -> Iterator[tuple[tuple[str | int, ...], Condition]]:
    """Every condition of a standard (rules and terms) with its path in the file."""
    for at in iter_rules(standard):
        if at.condition is not None:
            yield (*at.path, "when"), at.condition


def terms(standard: StandardFile) -> tuple[Term, ...]:
    """Every term: payment, deadlines, follow-up, termination, statements, provider choice."""
    return tuple(at.rule for at in iter_rules(standard, TERM_KEYS) if isinstance(at.rule, Term))


def with_rules(key: str, rules: tuple[Cited, ...]) -> dict[str, Any]:
    """The ``model_copy`` update that puts ``rules`` under ``key``."""
    if key in SINGLE_RULE_KEYS:
        return {key: rules[0] if rules else None}
    return {key: rules}
