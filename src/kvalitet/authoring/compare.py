"""Compare two municipalities' standards for the same service, and their outcomes for a profile."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from typing import Any

from kvalitet.engine.decision import ServiceOutcome
from kvalitet.engine.standards import Standards
from kvalitet.engine.truth import Truth
from kvalitet.language.citations import citation_text
from kvalitet.language.conditions import render
from kvalitet.language.profile import ProfileBase
from kvalitet.language.rules import RULE_KEYS, iter_rules
from kvalitet.language.standard import StandardFile

SECTIONS = {
    "criteria": "Målgruppe og betingelser",
    "exclusions": "Ikke omfattet",
    "scope": "Omfang",
    "payment": "Betaling",
    "deadlines": "Frister",
    "provider_choice": "Leverandør",
    "follow_up": "Opfølgning",
    "termination": "Ophør",
}
COMPARED_KEYS = tuple(key for key in RULE_KEYS if key in SECTIONS)


@dataclass(frozen=True)
class RuleSummary:
    """One rule of one standard, as compared."""

    section: str
    id: str
    key: str  # what makes two municipalities' rules "the same rule"
    text: str
    citation: str


@dataclass(frozen=True)
class Comparison:
    """Two standards of one service side by side, and optionally both outcomes for a profile."""

    service: str
    left: StandardFile
    right: StandardFile
    left_rules: tuple[RuleSummary, ...]
    right_rules: tuple[RuleSummary, ...]
    left_outcome: ServiceOutcome | None = None
    right_outcome: ServiceOutcome | None = None

    @property
    def shared_keys(self) -> set[str]:
        """Rules with the same key in both standards (same condition, deadline kind …)."""
        return {r.key for r in self.left_rules} & {r.key for r in self.right_rules}

    def differing_results(self) -> list[tuple[str, str, str]]:
        """For a profile: (side, rule id, result) of each rule that is decisive or differs.

        A rule is listed when it is not met (a failed criterion, an exclusion that applies, or
        unknown) on one side, or when it exists on one side only.
        """
        if self.left_outcome is None or self.right_outcome is None:
            return []
        found = []
        for side, outcome, other_rules in (
            ("left", self.left_outcome, self.right_rules),
            ("right", self.right_outcome, self.left_rules),
        ):
            own = {r.id: r for r in (self.left_rules if side == "left" else self.right_rules)}
            other_keys = {r.key for r in other_rules}
            for reason in outcome.reasons:
                decisive = (reason.kind == "exclusion" and reason.result is Truth.TRUE) or (
                    reason.kind not in ("exclusion", "scope") and reason.result is not Truth.TRUE
                )
                summary = own.get(reason.rule)
                only_here = summary is not None and summary.key not in other_keys
                if decisive or only_here:
                    found.append((side, reason.rule, reason.result.value))
        return found


def summarise(standard: StandardFile) -> tuple[RuleSummary, ...]:
    """Every comparable rule of a standard, in the order of the file."""
    return tuple(
        RuleSummary(
            section=key,
            id=rule.id,
            key=f"{key}:{_match_key(key, rule)}",
            text=" ".join(rule.text.split()),
            citation=citation_text(rule.cite),
        )
        for key, rule in ((at.key, at.rule) for at in iter_rules(standard, COMPARED_KEYS))
    )


def _match_key(section: str, rule: Any) -> str:  # noqa: ANN401 - any cited rule model
    """Rules of two municipalities are "the same" when they test or state the same thing."""
    when = rule.condition
    if section in ("criteria", "exclusions"):
        return render(when) if when is not None else "altid"
    if section == "scope":
        return ",".join(sorted(rule.set))
    if section == "deadlines":
        return str(rule.kind)
    if section == "payment":
        return f"user_payment={rule.user_payment}"
    if section == "provider_choice":
        return f"free_choice={rule.free_choice}"
    return str(rule.id)


def compare(
    standards: Standards,
    left: str,
    right: str,
    service: str,
    *,
    on: date,
    profile: ProfileBase | dict[str, Any] | None = None,
) -> Comparison:
    """Compare ``left/service`` with ``right/service`` in force on a date.

    Raises:
        EvaluationError: when either standard is not in force.
    """
    left_program = standards.program(f"{left}/{service}", on)
    right_program = standards.program(f"{right}/{service}", on)
    outcomes: tuple[ServiceOutcome | None, ServiceOutcome | None] = (None, None)
    if profile is not None:
        outcomes = (
            standards.evaluate(profile, municipality=left, on=on).services[left_program.service],
            standards.evaluate(profile, municipality=right, on=on).services[right_program.service],
        )
    return Comparison(
        service=service,
        left=left_program.standard,
        right=right_program.standard,
        left_rules=summarise(left_program.standard),
        right_rules=summarise(right_program.standard),
        left_outcome=outcomes[0],
        right_outcome=outcomes[1],
    )


OUTCOME_TEXT = {
    "within_standard": "inden for serviceniveauet",
    "outside_standard": "uden for serviceniveauet",
    "undetermined": "kan ikke vurderes – mangler oplysninger",
}


def render_comparison(comparison: Comparison, width: int | None = None) -> str:
    """The comparison as two columns of Danish text; ``=`` marks a rule both standards have."""
    total = width or shutil.get_terminal_size((120, 40)).columns
    column = max(30, (total - 3) // 2)
    left, right = comparison.left, comparison.right
    lines = _columns(
        [f"{left.id} ({left.version})", left.title, f"Lov: {', '.join(left.legal_basis)}"],
        [f"{right.id} ({right.version})", right.title, f"Lov: {', '.join(right.legal_basis)}"],
        column,
    )
    for section, heading in SECTIONS.items():
        left_rules = [r for r in comparison.left_rules if r.section == section]
        right_rules = [r for r in comparison.right_rules if r.section == section]
        if not left_rules and not right_rules:
            continue
        lines.append("")
        lines.append(heading.upper())
        for mine, theirs, matched in _aligned(left_rules, right_rules):
            lines.extend(
                _columns(
                    _describe(mine, matched=matched), _describe(theirs, matched=matched), column
                )
            )
    if comparison.left_outcome is not None and comparison.right_outcome is not None:
        lines.append("")
        lines.append("UDFALD FOR PROFILEN")
        lines.extend(
            _columns(
                [OUTCOME_TEXT[comparison.left_outcome.outcome]],
                [OUTCOME_TEXT[comparison.right_outcome.outcome]],
                column,
            )
        )
        lines.append("")
        lines.append("Regler der gør forskellen (ikke opfyldt, gælder, ukendt eller kun ét sted):")
        for side, rule, result in comparison.differing_results():
            municipality = left.municipality if side == "left" else right.municipality
            lines.append(f"  {municipality}: {rule} = {result}")
    return "\n".join(lines) + "\n"


def _aligned(
    left: list[RuleSummary], right: list[RuleSummary]
) -> list[tuple[RuleSummary | None, RuleSummary | None, bool]]:
    """Pairs: rules both standards have side by side, then each side's own rules.

    Rules with the same key (e.g. several package rules setting ``package``) pair in the order
    of their files; a rule left without a partner is that side's own, never dropped. The flag
    says whether the pair is a match.
    """
    waiting: dict[str, list[RuleSummary]] = {}
    for rule in right:
        waiting.setdefault(rule.key, []).append(rule)
    pairs: list[tuple[RuleSummary | None, RuleSummary | None, bool]] = []
    own_left: list[RuleSummary] = []
    for rule in left:
        partners = waiting.get(rule.key)
        if partners:
            pairs.append((rule, partners.pop(0), True))
        else:
            own_left.append(rule)
    paired = {id(theirs) for _, theirs, _ in pairs}
    own_right = [rule for rule in right if id(rule) not in paired]
    pairs.extend((mine, theirs, False) for mine, theirs in zip_longest(own_left, own_right))
    return pairs


def _describe(rule: RuleSummary | None, *, matched: bool) -> list[str]:
    if rule is None:
        return []
    mark = "=" if matched else "•"
    return [f"{mark} [{rule.id}] {rule.text}", f"  ({rule.citation})"]


def _columns(left: list[str], right: list[str], width: int) -> list[str]:
    wrapped_left = [line for text in left for line in textwrap.wrap(text, width) or [""]]
    wrapped_right = [line for text in right for line in textwrap.wrap(text, width) or [""]]
    return [
        f"{a:<{width}} | {b}".rstrip()
        for a, b in zip_longest(wrapped_left, wrapped_right, fillvalue="")
    ]
