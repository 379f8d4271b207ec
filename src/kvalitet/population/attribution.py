"""Which rules made a profile's outcome change between two versions of a standard.

For one profile, both versions' rules are run (the ``compiled`` backend's rule results) and
compared rule by rule: a rule whose result changed (e.g. ``scope.package_2`` held before and
not after), a rule that held on both sides but now sets another scope or access, and a rule
that exists on one side only and does not have its neutral result there (a criterion that
fails, or an exclusion, scope or derived rule that holds or is unknown). A scope rule that a
holding rule overrides on both sides gave nothing, and is not counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kvalitet.engine.backends import get_backend
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.truth import Truth
from kvalitet.language.arithmetic import Add, FactValue, Max, Min, Sub
from kvalitet.language.rules import terms
from kvalitet.language.standard import AccessVariant, ScopeRule, StandardFile

TRUTH_TEXT = {Truth.TRUE: "opfyldt", Truth.FALSE: "ikke opfyldt", Truth.UNKNOWN: "ukendt"}
NO_SINGLE_RULE = "—"
NO_SINGLE_RULE_TEXT = "ingen regels resultat ændret (fx et dateret beløb eller en ny værdi)"


@dataclass(frozen=True)
class RuleInfo:
    """A rule's id, what it is, its words, where the standard says it and what it sets."""

    id: str
    criterion: bool
    text: str
    section: str
    effect: tuple[tuple[str, str], ...] = ()  # (scope field or "access", value as text)
    overrides: tuple[str, ...] = ()


def rules_of(standard: StandardFile) -> dict[str, RuleInfo]:
    """Every rule of a standard that an evaluation tests, by id."""
    rules: dict[str, RuleInfo] = {}
    every: list[Any] = [
        *standard.derive,
        *standard.criteria,
        *standard.exclusions,
        *standard.scope,
        *standard.access_variants,
        *terms(standard),
    ]
    criteria = {rule.id for rule in standard.criteria}
    for rule in every:
        effect: tuple[tuple[str, str], ...] = ()
        overrides: tuple[str, ...] = ()
        if isinstance(rule, ScopeRule):
            effect = tuple((name, amount_text(v)) for name, v in sorted(rule.set.items()))
            overrides = rule.overrides
        elif isinstance(rule, AccessVariant):
            effect = (("access", rule.access),)
        text = " ".join(rule.text.split())
        rules[rule.id] = RuleInfo(
            rule.id, rule.id in criteria, text, rule.cite.section, effect, overrides
        )
    return rules


def amount_text(value: Any) -> str:  # noqa: ANN401 - a number, a text or an amount model
    """A scope value as a formula: ``max(0, 15 − escort_in_residence_hours_per_month)``.

    Example:
        >>> amount_text(Sub(sub=(15, FactValue(fact="x"))))
        '15 − x'
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, FactValue):
        return value.fact
    if isinstance(value, Sub):
        first, second = (amount_text(part) for part in value.sub)
        return (
            f"{first} − ({second})"
            if isinstance(value.sub[1], Sub | Add)
            else f"{first} − {second}"
        )
    if isinstance(value, Add):
        return " + ".join(amount_text(part) for part in value.add)
    if isinstance(value, Min | Max):
        name = "min" if isinstance(value, Min) else "max"
        parts = value.min if isinstance(value, Min) else value.max
        return f"{name}({', '.join(amount_text(part) for part in parts)})"
    return str(value)


def _effect_change(old: RuleInfo, new: RuleInfo) -> str | None:
    """What a rule that held on both sides now sets differently, or ``None``."""
    was, now = dict(old.effect), dict(new.effect)
    changes = [
        f"{name}: {was.get(name, '–')} → {now.get(name, '–')}"
        for name in dict.fromkeys([*was, *now])
        if was.get(name) != now.get(name)
    ]
    if old.overrides != new.overrides:
        changes.append(
            f"tilsidesætter: {', '.join(old.overrides) or '–'} → {', '.join(new.overrides) or '–'}"
        )
    return "; ".join(changes) or None


class RuleComparer:
    """Compares one service's two programs on profiles' facts."""

    def __init__(self, before: ServiceProgram, after: ServiceProgram) -> None:
        """Index both versions' rules once."""
        self.before = before
        self.after = after
        self.rules_before = rules_of(before.standard)
        self.rules_after = rules_of(after.standard)
        self._engine = get_backend("compiled")

    def info(self, rule_id: str) -> RuleInfo | None:
        """The rule as the reform words it (or the baseline, for a rule the reform removed)."""
        return self.rules_after.get(rule_id) or self.rules_before.get(rule_id)

    def responsible(self, facts: Mapping[str, Any]) -> list[tuple[str, str]]:
        """``(rule id, what changed)`` for every rule that changed for these facts."""
        before = self._engine.run(self.before, facts).rules
        after = self._engine.run(self.after, facts).rules
        silent = _overridden(before, self.rules_before) & _overridden(after, self.rules_after)
        found: list[tuple[str, str]] = []
        for rule_id in dict.fromkeys([*before, *after]):
            if rule_id in silent:
                continue
            old, new = before.get(rule_id), after.get(rule_id)
            if old is None and new is not None:
                if new is not self._neutral(rule_id):
                    found.append((rule_id, f"ny regel: {TRUTH_TEXT[new]}"))
            elif new is None and old is not None:
                if old is not self._neutral(rule_id):
                    found.append((rule_id, f"regel fjernet: var {TRUTH_TEXT[old]}"))
            elif old is not new and old is not None and new is not None:
                found.append((rule_id, f"{TRUTH_TEXT[old]} → {TRUTH_TEXT[new]}"))
            elif old is Truth.TRUE:
                change = _effect_change(self.rules_before[rule_id], self.rules_after[rule_id])
                if change is not None:
                    found.append((rule_id, change))
        return found or [(NO_SINGLE_RULE, NO_SINGLE_RULE_TEXT)]

    def _neutral(self, rule_id: str) -> Truth:
        """The result that makes a rule's absence no difference."""
        info = self.info(rule_id)
        return Truth.TRUE if info is not None and info.criterion else Truth.FALSE


def _overridden(truths: Mapping[str, Truth], rules: Mapping[str, RuleInfo]) -> set[str]:
    """The rules a holding rule overrides (they give nothing)."""
    return {
        target
        for rule_id, truth in truths.items()
        if truth is Truth.TRUE and rule_id in rules
        for target in rules[rule_id].overrides
    }
