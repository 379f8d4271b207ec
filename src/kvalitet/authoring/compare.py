"""Compare two municipalities' standards for one service, and their outcomes for a profile.

Rules are paired by what they test, not by how they are written: criteria and exclusions by
the facts their conditions read (the closest overlap wins), scope rules by the fields they set,
deadlines by their kind, every other term (payment, provider choice, follow-up, termination,
not included) by the facts its condition reads and its wording. A rule with no counterpart
stands alone. When the other standard names the same sentence of its source among the things
it deliberately does not encode (its ``not_encoded``), the difference is an encoding gap, said
as such, not a difference between the municipalities.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from kvalitet.authoring.coverage import read_inventory
from kvalitet.authoring.render.details import rule_details
from kvalitet.engine.decision import ServiceOutcome
from kvalitet.engine.standards import Standards
from kvalitet.engine.truth import Truth
from kvalitet.language.arithmetic import amount_facts
from kvalitet.language.citations import citation_text
from kvalitet.language.cited import Cited
from kvalitet.language.conditions import facts_read
from kvalitet.language.profile import ProfileBase
from kvalitet.language.rules import iter_rules
from kvalitet.language.standard import ScopeRule, StandardFile
from kvalitet.language.terms import Deadline

# What is compared: (group, heading, the file keys whose rules belong to it).
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("conditions", "Målgruppe, betingelser og udelukkelser", ("criteria", "exclusions")),
    ("scope", "Omfang", ("scope",)),
    ("payment", "Betaling", ("payment",)),
    ("deadlines", "Frister", ("deadlines",)),
    ("provider_choice", "Leverandør", ("provider_choice",)),
    ("follow_up", "Opfølgning", ("follow_up",)),
    ("termination", "Ophør", ("termination",)),
    ("not_included", "Indgår ikke", ("not_included",)),
)
MIN_TEXT_SIMILARITY = 0.3  # wording alone pairs two statements only above this
MIN_GAP_OVERLAP = 0.5  # share of a rule's words a not-encoded source sentence must hold
_WORD = re.compile(r"[a-zæøå]{4,}")


@dataclass(frozen=True)
class RuleSummary:
    """One rule of one standard, as compared."""

    group: str
    key: str  # the file key it stands under (criteria, exclusions, deadlines …)
    id: str
    text: str
    citation: str
    tests: frozenset[str]  # the facts its condition (and a scope amount) reads
    sets: frozenset[str]  # the scope fields it sets (scope rules)
    kind: str | None  # a deadline's kind
    details: tuple[str, ...]  # its typed numbers in Danish (a deadline, rates, a scope …)


@dataclass(frozen=True)
class Gap:
    """A sentence of one standard's source that it deliberately does not encode."""

    municipality: str
    encodes: str
    reason: str
    source_text: str


@dataclass(frozen=True)
class Row:
    """A pair of rules that test the same thing, or one rule alone (with a gap, if known)."""

    group: str
    left: RuleSummary | None
    right: RuleSummary | None
    gap: Gap | None = None  # the other side's reason for not encoding this rule's counterpart

    @property
    def paired(self) -> bool:
        """Whether both standards have a rule here."""
        return self.left is not None and self.right is not None

    @property
    def same(self) -> bool:
        """Whether a pair states the same typed numbers and the same facts (details equal)."""
        return (
            self.left is not None
            and self.right is not None
            and self.left.details == self.right.details
            and self.left.tests == self.right.tests
        )


@dataclass(frozen=True)
class Difference:
    """A rule that makes the difference for a profile: decisive, or on one side only."""

    side: str  # "left" or "right"
    rule: str
    result: str
    note: str  # why it is listed, e.g. "kun i haderslev" or "ikke kodet i hillerod: …"


@dataclass(frozen=True)
class Comparison:
    """Two standards of one service side by side, and optionally both outcomes for a profile."""

    service: str
    left: StandardFile
    right: StandardFile
    rows: tuple[Row, ...]
    left_outcome: ServiceOutcome | None = None
    right_outcome: ServiceOutcome | None = None

    def pairs(self) -> list[tuple[str, str]]:
        """The ids of the rules paired across the two standards (left id, right id)."""
        return [(r.left.id, r.right.id) for r in self.rows if r.left and r.right]

    def alone(self, side: str) -> list[Row]:
        """The rows of rules one side has and the other has no counterpart for."""
        return [
            row
            for row in self.rows
            if not row.paired and (row.left if side == "left" else row.right) is not None
        ]

    def differing_results(self) -> list[Difference]:
        """For a profile: the rules that decide an outcome, and those on one side only.

        A rule is listed when it is not met (a failed criterion, an exclusion that applies, or
        unknown) on one side, or when the other side has no counterpart; for the latter the note
        says whether the other standard simply does not have it or does not encode it.
        """
        if self.left_outcome is None or self.right_outcome is None:
            return []
        found = []
        for side, outcome in (("left", self.left_outcome), ("right", self.right_outcome)):
            rows = {rule.id: row for row in self.rows if (rule := _side(row, side)) is not None}
            for reason in outcome.reasons:
                row = rows.get(reason.rule)
                decisive = not reason.not_raised and (
                    (reason.kind == "exclusion" and reason.result is Truth.TRUE)
                    or (
                        reason.kind not in ("exclusion", "scope")
                        and reason.result is not Truth.TRUE
                    )
                )
                alone = row is not None and not row.paired
                if decisive or alone:
                    note = _note(self, row, side) if alone and row is not None else "afgørende"
                    found.append(Difference(side, reason.rule, reason.result.value, note))
        return found

    def municipality(self, side: str) -> str:
        """The municipality on a side."""
        return self.left.municipality if side == "left" else self.right.municipality


def _side(row: Row, side: str) -> RuleSummary | None:
    return row.left if side == "left" else row.right


def _note(comparison: Comparison, row: Row, side: str) -> str:
    other = comparison.municipality("right" if side == "left" else "left")
    if row.gap is not None:
        return f"ikke kodet i {other}: {row.gap.reason}"
    return f"kun i {comparison.municipality(side)}"


def summarise(standard: StandardFile) -> tuple[RuleSummary, ...]:
    """Every compared rule of a standard, in the order of the groups and the file."""
    scope_fields: dict[str, Any] = {}
    return tuple(
        _summary(group, at.key, at.rule, scope_fields)
        for group, _, keys in GROUPS
        for at in iter_rules(standard, keys)
    )


def _summary(group: str, key: str, rule: Cited, scope_fields: dict[str, Any]) -> RuleSummary:
    tests = set(facts_read(rule.condition)) if rule.condition is not None else set()
    sets: frozenset[str] = frozenset()
    if isinstance(rule, ScopeRule):
        sets = frozenset(rule.set)
        for value in rule.set.values():
            if not isinstance(value, bool | str | int | float):
                tests |= {fact for fact, _ in amount_facts(value)}
    return RuleSummary(
        group=group,
        key=key,
        id=rule.id,
        text=" ".join(rule.text.split()),
        citation=citation_text(rule.cite),
        tests=frozenset(tests),
        sets=sets,
        kind=rule.kind if isinstance(rule, Deadline) else None,
        details=rule_details(rule, scope_fields),
    )


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def text_similarity(first: str, second: str) -> float:
    """How alike two sentences are, word by word (0 to 1)."""
    return SequenceMatcher(None, _words(first), _words(second)).ratio()


def _score(left: RuleSummary, right: RuleSummary) -> float | None:
    """How well two rules of a group match; ``None`` when they do not test the same thing."""
    words = text_similarity(left.text, right.text)
    facts = _jaccard(left.tests, right.tests)
    if left.group == "conditions":
        return facts + words / 10 if left.tests & right.tests else None
    if left.group == "scope":
        fields = _jaccard(left.sets, right.sets)
        return fields + facts / 2 + words / 10 if left.sets & right.sets else None
    if left.group == "deadlines":
        return facts + words / 10 if left.kind == right.kind else None
    if left.group in ("payment", "provider_choice", "follow_up"):
        return facts + words / 10  # one kind of term: every pair is comparable
    if (left.tests & right.tests) or words >= MIN_TEXT_SIMILARITY:
        return facts + words
    return None


def pair(left: Iterable[RuleSummary], right: Iterable[RuleSummary]) -> list[Row]:
    """Rows of paired rules (best match first) and of rules with no counterpart, by group."""
    rows: list[Row] = []
    lefts, rights = list(left), list(right)
    for group, _, _ in GROUPS:
        mine = [rule for rule in lefts if rule.group == group]
        theirs = [rule for rule in rights if rule.group == group]
        candidates = sorted(
            (
                (score, i, j)
                for i, a in enumerate(mine)
                for j, b in enumerate(theirs)
                if (score := _score(a, b)) is not None
            ),
            key=lambda item: (-item[0], item[1], item[2]),
        )
        matched: dict[int, int] = {}
        for _, i, j in candidates:
            if i not in matched and j not in matched.values():
                matched[i] = j
        for i, rule in enumerate(mine):
            rows.append(Row(group, rule, theirs[matched[i]] if i in matched else None))
        rows.extend(
            Row(group, None, rule) for j, rule in enumerate(theirs) if j not in matched.values()
        )
    return rows


def gaps_of(standards: Standards, standard: StandardFile) -> list[Gap]:
    """What a standard deliberately does not encode, with its source sentence where known.

    The standard's own ``not_encoded`` and its municipality's inventory's shared reasons for
    the inventory entries that map to the standard.
    """
    texts: dict[str, str] = {}
    entry_of: dict[str, str] = {}
    shared: list[tuple[str, str]] = []
    if standards.loaded.inventories:
        inventory = read_inventory(standards.loaded.inventories)
        texts = {rule.id: rule.text for rule in inventory.rules}
        entry_of = {rule.id: rule.entry for rule in inventory.rules}
        entries = {
            entry
            for entry, patterns in inventory.services.items()
            if any(fnmatch.fnmatch(standard.id, pattern) for pattern in patterns)
        }
        shared = [
            (item.encodes, item.reason)
            for _, item in inventory.reasons
            if entry_of.get(item.encodes) in entries
        ]
    own = [(item.encodes, item.reason) for item in standard.not_encoded]
    return [
        Gap(standard.municipality, encodes, " ".join(reason.split()), texts.get(encodes, ""))
        for encodes, reason in [*own, *shared]
    ]


def _covering_gap(rule: RuleSummary, gaps: list[Gap]) -> Gap | None:
    """The other side's gap whose source sentence states most of this rule's words."""
    words = set(_words(rule.text))
    if not words:
        return None
    best: tuple[float, Gap] | None = None
    for gap in gaps:
        overlap = len(words & set(_words(f"{gap.source_text} {gap.reason}"))) / len(words)
        if overlap >= MIN_GAP_OVERLAP and (best is None or overlap > best[0]):
            best = (overlap, gap)
    return best[1] if best else None


def with_gaps(rows: list[Row], left_gaps: list[Gap], right_gaps: list[Gap]) -> list[Row]:
    """The rows, each rule alone annotated with the other side's gap that covers it."""
    annotated = []
    for row in rows:
        gap = None
        if row.left is not None and row.right is None:
            gap = _covering_gap(row.left, right_gaps)
        elif row.right is not None and row.left is None:
            gap = _covering_gap(row.right, left_gaps)
        annotated.append(Row(row.group, row.left, row.right, gap))
    return annotated


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
    rows = pair(summarise(left_program.standard), summarise(right_program.standard))
    left_gaps = gaps_of(standards, left_program.standard)
    right_gaps = gaps_of(standards, right_program.standard)
    return Comparison(
        service=service,
        left=left_program.standard,
        right=right_program.standard,
        rows=tuple(with_gaps(rows, left_gaps, right_gaps)),
        left_outcome=outcomes[0],
        right_outcome=outcomes[1],
    )
