"""Resolve a standard's dated amounts for an evaluation date, before it is compiled.

A condition may compare with ``{amount: name}``; the standard file's ``amounts`` give the value
per year. Resolving replaces each reference with the value for the date, so every backend sees
plain numbers, and records which value (and year) was used, for the Decision.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kvalitet.language.conditions import substitute_amounts
from kvalitet.language.rules import RULE_KEYS, rules_of, with_rules
from kvalitet.language.standard import AmountUsed, StandardFile


def amounts_on(standard: StandardFile, on: date) -> tuple[AmountUsed, ...]:
    """The value of each dated amount for an evaluation on ``on``."""
    used = []
    for amount in standard.amounts:
        value = amount.value_on(on)
        used.append(
            AmountUsed(
                id=amount.id,
                name=amount.name,
                amount=value.amount,
                unit=amount.unit,
                year=value.year,
                evaluation_year=on.year,
                text=" ".join(amount.text.split()),
                cite=amount.cite,
            )
        )
    return tuple(used)


def resolve_amounts(standard: StandardFile, on: date) -> StandardFile:
    """The standard with every ``{amount: name}`` replaced by its value on ``on``."""
    if not standard.amounts:
        return standard
    values = {
        used.name: int(used.amount) if used.amount.is_integer() else used.amount
        for used in amounts_on(standard, on)
    }
    changes: dict[str, Any] = {}
    for key in RULE_KEYS:
        resolved = tuple(
            rule.model_copy(update={"when": substitute_amounts(rule.condition, values)})
            if rule.condition is not None
            else rule
            for rule in rules_of(standard, key)
        )
        changes.update(with_rules(key, resolved))
    return standard.model_copy(update=changes)
