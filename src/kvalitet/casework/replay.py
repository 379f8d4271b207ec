"""Replay a decision log: evaluate every record again and report what is different, and why.

Each record is evaluated again with the standards loaded now, for its municipality, on its day
and with its backend. Per service of the recorded decision, the outcome, the scope, the access
and the missing facts are compared. A difference is put down to its cause: the standard file
changed (its content hash differs), else the national data or a vocabulary changed (the shared
data hash differs), else the library (the same files give another outcome).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kvalitet.engine.decision import Decision, ServiceOutcome
from kvalitet.engine.records import DecisionRecord, read_records
from kvalitet.engine.standards import Standards
from kvalitet.language.calendar import EvaluationDay
from kvalitet.language.problems import KvalitetError, Problem

Cause = Literal["standard", "shared-data", "library"]
Aspect = Literal["outcome", "scope", "access", "missing_facts", "service"]
CAUSES: dict[Cause, str] = {
    "standard": "the standard changed",
    "shared-data": "the national law data or a vocabulary changed (the standard did not)",
    "library": "the standard and the shared data are unchanged: the difference is the library's",
}


@dataclass(frozen=True)
class Change:
    """One aspect of a service's outcome, as recorded and as evaluated now."""

    aspect: Aspect
    recorded: Any
    now: Any


@dataclass(frozen=True)
class ServiceDifference:
    """How one service's outcome differs now, and why."""

    service: str
    changes: tuple[Change, ...]
    cause: Cause
    recorded_version: str | None
    now_version: str | None
    recorded_hash: str | None
    now_hash: str | None

    def explanation(self) -> str:
        """The cause in words, with the versions and hashes that show it."""
        text = CAUSES[self.cause]
        if self.cause == "standard":
            text += (
                f" (version {self.recorded_version} → {self.now_version or 'none'}; "
                f"{_short(self.recorded_hash)} → {_short(self.now_hash)})"
            )
        return text


@dataclass(frozen=True)
class RecordReplay:
    """One record evaluated again."""

    line: int
    record: DecisionRecord
    differences: tuple[ServiceDifference, ...] = ()
    error: str | None = None  # the record can no longer be evaluated
    standard_changed: bool = False  # a standard changed, though nothing differs

    @property
    def same(self) -> bool:
        """Whether the evaluation now gives what was recorded."""
        return not self.differences and self.error is None


@dataclass
class ReplayReport:
    """Every record of a log replayed, and every line that is not a record."""

    label: str
    replays: list[RecordReplay] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def differing(self) -> list[RecordReplay]:
        """The records whose evaluation now differs (or fails)."""
        return [replay for replay in self.replays if not replay.same]

    @property
    def clean(self) -> bool:
        """Nothing differs and every line was a record."""
        return not self.differing and not self.problems


def replay(standards: Standards, path: str | Path) -> ReplayReport:
    """Evaluate every record of a decision log again and compare.

    Raises:
        RecordError: when the log cannot be read at all (a bad line is a problem, not an error).
    """
    report = ReplayReport(str(path))
    for number, item in read_records(path):
        if isinstance(item, Problem):
            report.problems.append(item)
        else:
            report.replays.append(replay_record(standards, item, number))
    return report


def replay_record(standards: Standards, record: DecisionRecord, line: int = 0) -> RecordReplay:
    """Evaluate one record again and compare it with the recorded decision."""
    recorded = record.decision
    day = EvaluationDay(record.on, given=record.day_given, zone=record.zone)
    try:
        now = standards.evaluate(
            record.profile, municipality=record.municipality, on=day, backend=record.backend
        )
    except KvalitetError as error:
        return RecordReplay(line, record, error=str(error))
    differences = tuple(
        difference
        for service, outcome in recorded.services.items()
        if (difference := _difference(service, outcome, recorded, now)) is not None
    )
    changed = any(
        (now_outcome := now.services.get(service)) is None
        or now_outcome.standard_hash != outcome.standard_hash
        for service, outcome in recorded.services.items()
    )
    return RecordReplay(line, record, differences, standard_changed=changed)


def _difference(
    service: str, recorded: ServiceOutcome, decision: Decision, now: Decision
) -> ServiceDifference | None:
    current = now.services.get(service)
    changes = list(_changes(recorded, current))
    if not changes:
        return None
    if current is None or current.standard_hash != recorded.standard_hash:
        cause: Cause = "standard"
    elif now.shared_data_hash != decision.shared_data_hash:
        cause = "shared-data"
    else:
        cause = "library"
    return ServiceDifference(
        service=service,
        changes=tuple(changes),
        cause=cause,
        recorded_version=recorded.standard_version,
        now_version=current.standard_version if current is not None else None,
        recorded_hash=recorded.standard_hash,
        now_hash=current.standard_hash if current is not None else None,
    )


def _changes(recorded: ServiceOutcome, now: ServiceOutcome | None) -> Iterable[Change]:
    if now is None:
        yield Change("service", "evaluated", "no standard in force for the service now")
        return
    if recorded.outcome != now.outcome:
        yield Change("outcome", recorded.outcome, now.outcome)
    before = recorded.scope.fields() if recorded.scope is not None else None
    after = now.scope.fields() if now.scope is not None else None
    if before != after:
        yield Change("scope", before, after)
    if recorded.access != now.access:
        yield Change("access", recorded.access, now.access)
    if set(recorded.missing_facts) != set(now.missing_facts):
        yield Change("missing_facts", list(recorded.missing_facts), list(now.missing_facts))


def _short(content_hash: str | None) -> str:
    if content_hash is None:
        return "no hash"
    return content_hash[: len("sha256:") + 12] + "…"


def report_text(report: ReplayReport) -> str:
    """The differences and problems, each at ``file:line``, and a summary line."""
    lines: list[str] = []
    entries: list[tuple[int, str]] = [(p.line, str(p)) for p in report.problems]
    for item in report.differing:
        record = item.record
        where = f"{report.label}:{item.line}: {record.id} ({record.municipality}, {record.on})"
        if item.error is not None:
            entries.append((item.line, f"{where}: cannot be evaluated now: {item.error}"))
            continue
        for difference in item.differences:
            changes = "; ".join(
                f"{change.aspect} {_value(change.recorded)} → {_value(change.now)}"
                for change in difference.changes
            )
            text = f"{where}: {difference.service}: {changes}\n    {difference.explanation()}"
            entries.append((item.line, text))
    lines.extend(text for _, text in sorted(entries, key=lambda entry: entry[0]))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: ReplayReport) -> str:
    """E.g. ``12 records: 10 the same, 2 differ; 1 line is not a record``."""
    total = len(report.replays)
    differing = len(report.differing)
    same = total - differing
    changed = sum(item.standard_changed for item in report.replays if item.same)
    text = f"{total} record{'s' if total != 1 else ''}: {same} the same"
    if changed:
        text += f" ({changed} of them under a changed standard)"
    text += f", {differing} differ"
    bad = len(report.problems)
    if bad:
        text += f"; {bad} line{'s are' if bad != 1 else ' is'} not a record"
    return text


def report_json(report: ReplayReport) -> dict[str, Any]:
    """The report as JSON-able data, for another program."""
    return {
        "log": report.label,
        "records": len(report.replays),
        "same": len(report.replays) - len(report.differing),
        "differ": len(report.differing),
        "differences": [_replay_json(item) for item in report.differing],
        "problems": [
            {
                "file": problem.file,
                "line": problem.line,
                "column": problem.column,
                "code": problem.code,
                "message": problem.message,
            }
            for problem in report.problems
        ],
    }


def _replay_json(item: RecordReplay) -> dict[str, Any]:
    data: dict[str, Any] = {
        "line": item.line,
        "id": item.record.id,
        "municipality": item.record.municipality,
        "on": item.record.on.isoformat(),
    }
    if item.error is not None:
        data["error"] = item.error
    data["services"] = [
        {
            "service": difference.service,
            "cause": difference.cause,
            "explanation": difference.explanation(),
            "recorded_version": difference.recorded_version,
            "now_version": difference.now_version,
            "recorded_hash": difference.recorded_hash,
            "now_hash": difference.now_hash,
            "changes": [
                {"aspect": change.aspect, "recorded": change.recorded, "now": change.now}
                for change in difference.changes
            ],
        }
        for difference in item.differences
    ]
    return data


def _value(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
