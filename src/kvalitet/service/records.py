"""Decision records: the audit trail, one JSON object a line, written only when asked.

The record format is this server's own until the library defines one; :func:`decision_record`
is the one place it is made.
"""

from __future__ import annotations

import importlib.metadata
import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kvalitet.engine.decision import Decision


def library_version() -> str:
    """The installed kvalitet's version."""
    try:
        return importlib.metadata.version("kvalitet")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout
        return "unknown"


def decision_record(
    *, request: dict[str, Any], decision: Decision, via: str, now: datetime | None = None
) -> dict[str, Any]:
    """One decision record: id, time, how it was asked, the input, the Decision, the version.

    Example:
        >>> from datetime import date
        >>> from kvalitet import evaluate
        >>> decision = evaluate({}, municipality="haderslev", on=date(2026, 1, 1))
        >>> record = decision_record(request={"profile": {}}, decision=decision, via="api")
        >>> sorted(record)
        ['decision', 'id', 'input', 'kvalitet_version', 'time', 'via']
    """
    return {
        "id": uuid.uuid4().hex,
        "time": (now or datetime.now(UTC)).isoformat(timespec="milliseconds"),
        "via": via,
        "input": request,
        "decision": json.loads(decision.to_json(indent=None)),
        "kvalitet_version": library_version(),
    }


class DecisionLog:
    """An append-only JSON Lines file of decision records; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        """Append to ``path`` (created when missing; its folder must exist)."""
        self.path = path
        self._lock = threading.Lock()
        with self.path.open("a", encoding="utf-8"):
            pass  # fail at start, not at the first decision, when the file cannot be written

    def append(self, *, request: dict[str, Any], decision: Decision, via: str) -> str:
        """Write one record and return its id."""
        record = decision_record(request=request, decision=decision, via=via)
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as log:
            log.write(line)
            log.flush()
        return str(record["id"])
