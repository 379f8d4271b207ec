"""The server's decision records: the library's record format and log (one place for both).

See :mod:`kvalitet.engine.records` and ``docs/records.md``.
"""

from __future__ import annotations

from kvalitet._version import __version__
from kvalitet.engine.records import DecisionLog, decision_record

__all__ = ["DecisionLog", "decision_record", "library_version"]


def library_version() -> str:
    """The version of kvalitet serving."""
    return __version__
