"""What the columnar backend knows about facts: the one place it reads the fact vocabulary.

Every other module of the backend is given the :class:`Columns` of the standards' vocabulary:
the profile facts a table may have, with their kinds and limits (the same limits as the
profile model), and the kind of everything a condition may read.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date

from kvalitet.language.facts import FactInfo, base_catalogue, profile_facts
from kvalitet.language.profile import (
    EARLIEST_DATE,
    LATEST_DATE,
    NUMBER_LIMIT,
    SERVICE_CODE_PATTERN,
)
from kvalitet.language.vocabulary import DEFAULT_MAX_ITEMS, FactType, Vocabulary

BIRTH_DATE = "birth_date"  # national law derives age and the pension-age facts from it
AGE = "age"  # used when the birth date is unknown


@dataclass(frozen=True)
class Column:
    """One profile fact as a column: its kind, its allowed values and its bounds."""

    name: str
    kind: FactType
    values: tuple[str, ...] = ()  # a choice's values in declared order; a list's known codes
    minimum: float | None = None
    maximum: float | None = None
    pattern: re.Pattern[str] | None = None  # for the items of a list of service codes
    max_items: int = DEFAULT_MAX_ITEMS  # of a list of service codes
    earliest: date = EARLIEST_DATE
    latest: date = LATEST_DATE

    def code_of(self, value: str) -> int:
        """The small integer an enumeration value is stored as."""
        return self.values.index(value)


@dataclass(frozen=True)
class Columns:
    """The facts of one vocabulary as the columnar backend reads them."""

    inputs: dict[str, Column]  # every profile fact a table may have, by name
    readable: dict[str, FactInfo]  # the kind of every fact a condition may read (not derived)

    def kind(self, name: str) -> FactType:
        """The kind of a fact a condition reads."""
        return self.readable[name].kind


_cache: dict[str, Columns] = {}
_lock = threading.Lock()


def columns_of(vocabulary: Vocabulary) -> Columns:
    """The columns of a vocabulary (built once per distinct vocabulary)."""
    key = vocabulary.fingerprint
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = Columns(_inputs(vocabulary), base_catalogue(vocabulary))
            _cache[key] = found
        return found


def _inputs(vocabulary: Vocabulary) -> dict[str, Column]:
    columns = {}
    for name, info in profile_facts(vocabulary).items():
        spec = info.spec
        assert spec is not None  # noqa: S101 - a declared fact has its spec
        low = high = None
        if info.kind in ("int", "number"):
            low = spec.min if spec.min is not None else -NUMBER_LIMIT
            high = spec.max if spec.max is not None else NUMBER_LIMIT
        pattern = re.compile(SERVICE_CODE_PATTERN) if info.kind == "services" else None
        columns[name] = Column(
            name,
            info.kind,
            spec.values,
            low,
            high,
            pattern,
            spec.max_items or DEFAULT_MAX_ITEMS,
        )
    return columns
