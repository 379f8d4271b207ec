"""How much of the source documents the standard files encode, rule by rule.

A municipality may keep the rule inventory of its source document next to its standards
(``<municipality>/inventory.yaml``): every rule the document states. Each one is *encoded* (a
rule of a standard file names it in ``encodes``), *not encoded* (a standard file, or the
inventory's own ``not_encoded``, gives the reason), or *unaccounted*. Every rule a program can
evaluate (``encodable``) must be encoded or carry a reason. A municipality without an inventory
is not covered (and not an error).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from kvalitet.language.loader import display_path, parse_model
from kvalitet.language.rules import iter_rules
from kvalitet.language.standard import NotEncoded, StandardFile
from kvalitet.language.yaml_limits import INVENTORY_LIMITS

Status = Literal["encoded", "not_encoded", "unaccounted"]


@dataclass(frozen=True)
class InventoryRule:
    """One rule of the inventory."""

    id: str
    entry: str
    kind: str
    text: str
    encodable: bool
    lines: tuple[int, ...]


@dataclass
class RuleCoverage:
    """Where one inventory rule is encoded, or why not."""

    rule: InventoryRule
    encoded_by: list[str] = field(default_factory=list)  # "service#rule-id"
    reasons: list[str] = field(default_factory=list)  # "service: reason"

    @property
    def status(self) -> Status:
        """Encoded, deliberately not encoded, or unaccounted."""
        if self.encoded_by:
            return "encoded"
        return "not_encoded" if self.reasons else "unaccounted"


@dataclass
class CoverageReport:
    """The coverage of every inventory rule, with the problems found on the way."""

    rules: list[RuleCoverage]
    unknown_ids: list[str]  # "service#rule-id: inventory-id" named in YAML but not in the inventory
    misplaced: list[str]  # an inventory id encoded by a service its entry does not map to

    def by_entry(self) -> dict[str, list[RuleCoverage]]:
        """The rules grouped by inventory entry, in inventory order."""
        grouped: dict[str, list[RuleCoverage]] = {}
        for coverage in self.rules:
            grouped.setdefault(coverage.rule.entry, []).append(coverage)
        return grouped

    @property
    def unaccounted_encodable(self) -> list[RuleCoverage]:
        """Encodable rules neither encoded nor given a reason (must be empty)."""
        return [c for c in self.rules if c.rule.encodable and c.status == "unaccounted"]

    @property
    def complete(self) -> bool:
        """Every encodable rule is accounted for and every id named exists."""
        return not (self.unaccounted_encodable or self.unknown_ids or self.misplaced)


class InventoryRuleEntry(BaseModel):
    """One rule of an inventory entry (the fields coverage reads; the rest is kept as written)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str
    kind: str
    text: str
    encodable: bool
    source_line_numbers: tuple[int, ...] = ()


class InventoryEntry(BaseModel):
    """One service entry of an inventory (a section of the source document)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str
    rules: tuple[InventoryRuleEntry, ...]


class InventoryFile(BaseModel):
    """A municipality's ``inventory.yaml``."""

    model_config = ConfigDict(frozen=True, extra="allow")

    services: dict[str, tuple[str, ...]]
    not_encoded: tuple[NotEncoded, ...] = ()
    entries: tuple[InventoryEntry, ...]


@dataclass(frozen=True)
class Inventory:
    """The rules of one or more inventories, their service map and their shared reasons."""

    rules: tuple[InventoryRule, ...]
    services: dict[str, tuple[str, ...]]
    reasons: tuple[tuple[str, NotEncoded], ...]  # (the file, the reason)


def read_inventory(paths: Iterable[Path]) -> Inventory:
    """The rules, service map and reasons of the inventory files at ``paths``.

    Raises:
        StandardLoadError: when a file is malformed (located).
    """
    rules: list[InventoryRule] = []
    services: dict[str, tuple[str, ...]] = {}
    reasons: list[tuple[str, NotEncoded]] = []
    for path in paths:
        label = display_path(path)
        text = path.read_text(encoding="utf-8")
        file = parse_model(text, label, InventoryFile, fast=True, limits=INVENTORY_LIMITS)
        services.update(file.services)
        reasons.extend((label, reason) for reason in file.not_encoded)
        rules.extend(
            InventoryRule(
                id=rule.id,
                entry=entry.id,
                kind=rule.kind,
                text=" ".join(rule.text.split()),
                encodable=rule.encodable,
                lines=rule.source_line_numbers,
            )
            for entry in file.entries
            for rule in entry.rules
        )
    return Inventory(tuple(rules), services, tuple(reasons))


def coverage(standards: Iterable[StandardFile], inventories: Iterable[Path]) -> CoverageReport:
    """Account for every rule of the inventory files against the given standard files."""
    inventory = read_inventory(inventories)
    rules, services = inventory.rules, inventory.services
    covered = {pattern.split("/", 1)[0] for patterns in services.values() for pattern in patterns}
    standards = [standard for standard in standards if standard.municipality in covered]
    by_id = {rule.id: RuleCoverage(rule) for rule in rules}
    unknown: list[str] = []
    misplaced: list[str] = []
    for standard in standards:
        for named, where, is_reason in _named_ids(standard):
            target = by_id.get(named)
            if target is None:
                unknown.append(f"{standard.id}#{where}: {named}")
                continue
            patterns = services.get(target.rule.entry, ())
            if not any(fnmatch.fnmatch(standard.id, pattern) for pattern in patterns):
                misplaced.append(f"{standard.id}#{where}: {named} belongs to {list(patterns)}")
            if is_reason:
                target.reasons.append(f"{standard.id}: {where}")
            else:
                target.encoded_by.append(f"{standard.id}#{where}")
    for where, shared in inventory.reasons:
        target = by_id.get(shared.encodes)
        if target is None:
            unknown.append(f"{where}#not_encoded: {shared.encodes}")
        else:
            target.reasons.append(f"inventory: {' '.join(shared.reason.split())}")
    return CoverageReport(list(by_id.values()), unknown, misplaced)


def _named_ids(standard: StandardFile) -> Iterable[tuple[str, str, bool]]:
    """(inventory id, rule id or reason, is a not_encoded reason) for every id the file names."""
    for at in iter_rules(standard):
        for named in at.rule.encodes:
            yield named, at.rule.id, False
    for entry in standard.not_encoded:
        yield entry.encodes, " ".join(entry.reason.split()), True


def render_report(report: CoverageReport, *, show_all: bool = False) -> str:
    """The report as text: per inventory entry, counts and the rules not encoded, with reasons."""
    lines = []
    for entry, items in report.by_entry().items():
        encodable = [c for c in items if c.rule.encodable]
        done = [c for c in encodable if c.status == "encoded"]
        lines.append(
            f"{entry}: {len(done)}/{len(encodable)} encodable rules encoded, "
            f"{sum(c.status == 'not_encoded' for c in encodable)} with a reason, "
            f"{sum(c.status == 'unaccounted' for c in encodable)} unaccounted "
            f"({len(items)} rules in all)"
        )
        for item in items:
            if item.status == "encoded" and not show_all:
                continue
            if not item.rule.encodable and not show_all:
                continue
            mark = {"encoded": "✓", "not_encoded": "–", "unaccounted": "✗"}[item.status]
            detail = ", ".join(item.encoded_by) if item.encoded_by else "; ".join(item.reasons)
            lines.append(f"  {mark} {item.rule.id} [{item.rule.kind}] {detail}".rstrip())
    total = [c for c in report.rules if c.rule.encodable]
    encoded = sum(c.status == "encoded" for c in total)
    reasons = sum(c.status == "not_encoded" for c in total)
    lines.append(
        f"\nall: {encoded}/{len(total)} encodable rules encoded, {reasons} not encoded with a "
        f"reason, {len(report.unaccounted_encodable)} unaccounted"
    )
    lines.extend(f"unknown inventory id: {item}" for item in report.unknown_ids)
    lines.extend(f"encoded by the wrong service: {item}" for item in report.misplaced)
    return "\n".join(lines) + "\n"


def report_json(report: CoverageReport) -> dict[str, Any]:
    """The report as JSON-able data."""
    return {
        "rules": [
            {
                "id": c.rule.id,
                "entry": c.rule.entry,
                "kind": c.rule.kind,
                "encodable": c.rule.encodable,
                "status": c.status,
                "encoded_by": c.encoded_by,
                "reasons": c.reasons,
            }
            for c in report.rules
        ],
        "unknown_ids": report.unknown_ids,
        "misplaced": report.misplaced,
        "complete": report.complete,
    }
