"""Decision records: the audit trail of evaluations, one JSON object a line (JSON Lines).

A record says who asked (``via``), when (``time``, UTC), with which library, for which profile,
municipality, day and zone, on which backend, and holds the whole Decision, whose outcomes name
the hash of the standard file that decided each (see ``docs/records.md``). ``kvalitet replay``
reads a log back and evaluates every record again. :func:`decision_record` is the one place a
record is made; the CLI (``evaluate --log``, ``batch --log``) and ``kvalitet serve --log`` all
write through :class:`DecisionLog`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kvalitet.engine.decision import Decision
from kvalitet.language.problems import KvalitetError, Problem
from kvalitet.language.profile import ProfileBase

RECORD_FORMAT = "kvalitet-decision-record/1"
Via = Literal["cli-evaluate", "cli-batch", "api", "caseworker"]
BackendName = Literal["compiled", "durable"]
MAX_RECORD_LINE = 16 * 1024 * 1024  # a longer line is refused unread: no record is that large


class DecisionRecord(BaseModel):
    """One evaluation as the log keeps it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record: Literal["kvalitet-decision-record/1"] = Field(
        description="The record format and its version."
    )
    id: str = Field(description="The Decision's id.")
    time: datetime = Field(description="When the evaluation was made (UTC).")
    kvalitet_version: str
    via: Via = Field(description="Who asked: cli-evaluate, cli-batch, api or caseworker.")
    source: str | None = Field(
        None, description="Where the profile came from: a file, a batch file's line."
    )
    municipality: str
    on: date = Field(description="The evaluation day.")
    day_given: bool = Field(description="False when the day was today in the zone.")
    zone: str
    backend: BackendName
    profile: dict[str, Any] = Field(description="The profile's known fields, as JSON.")
    decision: Decision

    def to_line(self) -> str:
        """The record as one line of JSON (no newline), with the Decision as ``to_json`` has it."""
        data = self.model_dump(mode="json", exclude={"decision"}, exclude_none=True)
        head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return f'{head[:-1]},"decision":{self.decision.to_json(indent=None)}}}'  # one serialising


def decision_record(
    decision: Decision,
    *,
    profile: ProfileBase | Mapping[str, Any],
    backend: BackendName,
    via: Via,
    source: str | None = None,
    now: datetime | None = None,
) -> DecisionRecord:
    """The record of one evaluation (its id is the Decision's).

    Example:
        >>> from datetime import date
        >>> from kvalitet import evaluate
        >>> decision = evaluate({"motivated": False}, municipality="haderslev",
        ...                     on=date(2026, 1, 1))
        >>> record = decision_record(decision, profile={"motivated": False},
        ...                          backend="compiled", via="cli-evaluate")
        >>> record.id == str(decision.id), record.on, record.zone
        (True, datetime.date(2026, 1, 1), 'Europe/Copenhagen')
    """
    known = profile.known_facts() if isinstance(profile, ProfileBase) else dict(profile)
    return DecisionRecord(
        record=RECORD_FORMAT,
        id=str(decision.id),
        time=now or datetime.now(UTC),
        kvalitet_version=decision.kvalitet_version,
        via=via,
        source=source,
        municipality=decision.municipality,
        on=decision.evaluated_on,
        day_given=decision.day_given,
        zone=decision.zone,
        backend=backend,
        profile=json.loads(json.dumps(known, default=str)),
        decision=decision,
    )


class DecisionLog:
    """An append-only JSON Lines file of decision records; safe to share between threads.

    Each record is written with one ``write`` to a file opened for appending, so records of
    several processes appending to one log do not interleave.
    """

    def __init__(self, path: str | Path) -> None:
        """Append to ``path`` (created when missing; its folder must exist).

        Raises:
            OSError: when the file cannot be opened for appending (at once, not at the first
                record).
        """
        self.path = Path(path)
        self._lock = threading.Lock()
        os.close(self._open())

    def _open(self) -> int:
        return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, record: DecisionRecord) -> str:
        """Append one record; returns its id."""
        data = (record.to_line() + "\n").encode("utf-8")
        with self._lock:
            descriptor = self._open()
            try:
                written = 0
                while written < len(data):
                    written += os.write(descriptor, data[written:])
            finally:
                os.close(descriptor)
        return record.id

    def append(
        self,
        decision: Decision,
        *,
        profile: ProfileBase | Mapping[str, Any],
        backend: BackendName,
        via: Via,
        source: str | None = None,
    ) -> str:
        """Make the record of one evaluation and append it; returns its id."""
        record = decision_record(decision, profile=profile, backend=backend, via=via, source=source)
        return self.write(record)


class RecordError(KvalitetError):
    """A log line that is not a decision record."""


def read_records(path: str | Path) -> Iterator[tuple[int, DecisionRecord | Problem]]:
    """Every line of a log: its number and its record, or the located problem that it has.

    Blank lines are skipped (and counted). A line that is not JSON, not UTF-8, or not a record
    of this format is a ``bad-record`` problem; reading goes on.

    Raises:
        RecordError: when the file cannot be opened.
    """
    label = str(path)
    try:
        log = Path(path).open("rb")  # noqa: SIM115 - closed below; a generator holds it
    except OSError as error:
        message = f"{label}: cannot read the log: {error.strerror or error}"
        raise RecordError(message) from None
    with log:
        for number, raw in enumerate(_lines(log), start=1):
            if raw is None:
                message = f"the line is longer than {MAX_RECORD_LINE} bytes; no record is"
                yield number, Problem(label, number, 1, "bad-record", message)
                continue
            if not raw.strip():
                continue
            yield number, _record(raw, label, number)


def _lines(log: Any) -> Iterator[bytes | None]:  # noqa: ANN401 - a binary file
    """The file's lines without their ends; ``None`` for a line too long to read."""
    while True:
        raw = log.readline(MAX_RECORD_LINE + 1)
        if not raw:
            return
        if len(raw) > MAX_RECORD_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = log.readline(MAX_RECORD_LINE + 1)
            yield None
            continue
        yield raw.rstrip(b"\r\n")


def _record(raw: bytes, label: str, number: int) -> DecisionRecord | Problem:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"the line is not UTF-8 text (byte {error.start + 1}); a log is UTF-8"
        return Problem(label, number, error.start + 1, "bad-record", message)
    try:
        return DecisionRecord.model_validate_json(text)  # the usual case, parsed once
    except ValidationError as error:
        return _diagnosis(text, error, label, number)


def _diagnosis(text: str, error: ValidationError, label: str, number: int) -> Problem:
    """Why a line is not a record: not JSON, another format, or which fields are wrong."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as parse_error:
        return Problem(label, number, 1, "bad-record", f"not JSON: {str(parse_error)[:120]}")
    if not isinstance(data, dict) or data.get("record") != RECORD_FORMAT:
        shown = str(data.get("record"))[:40] if isinstance(data, dict) else "no object"
        message = f"not a decision record of the format '{RECORD_FORMAT}' (found: {shown})"
        return Problem(label, number, 1, "bad-record", message)
    details = error.errors(include_url=False, include_input=False)
    where = "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or 'record'}: {item['msg']}"
        for item in details[:3]
    )
    more = f" (and {len(details) - 3} more)" if len(details) > 3 else ""
    return Problem(label, number, 1, "bad-record", f"not a valid record: {where}{more}")
