"""The one walk over the rules of a standard file, each with its path in the file.

Every part of kvalitet that goes through a standard's rules (checks, dated amounts, lint, render,
coverage, compare, the compiler) walks them here, so the keys of a standard file are written
down once.
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


@dataclass(frozen=True)
class RuleAt:
    """A rule of a standard file and where it is."""

    key: str
    index: int
    rule: Cited

    @property
    def path(self) -> tuple[str | int, ...]:
        """The rule's path in the file, e.g. ``("criteria", 2)``."""
        return (self.key, self.index)

    @property
    def condition(self) -> Condition | None:
        """The rule's condition, if it has one."""
        return self.rule.condition


def rules_of(standard: StandardFile, key: str) -> tuple[Cited, ...]:
    """The rules under one key (empty when the file has none)."""
    return tuple(getattr(standard, key))


def iter_rules(standard: StandardFile, keys: tuple[str, ...] = RULE_KEYS) -> Iterator[RuleAt]:
    """Every rule under ``keys`` (default: all), in the order of the file, with its path."""
    for key in keys:
        for index, rule in enumerate(rules_of(standard, key)):
            yield RuleAt(key, index, rule)


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
    return {key: rules}
