"""Three-valued (Kleene) truth values: a missing fact is unknown, never false."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Truth(StrEnum):
    """The result of testing a condition against facts that may be missing."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: bool) -> Truth:  # noqa: FBT001 - a converter from bool takes a bool
        """Lift a Python bool into a (known) truth value."""
        return cls.TRUE if value else cls.FALSE

    def negate(self) -> Truth:
        """Kleene negation: unknown stays unknown."""
        if self is Truth.TRUE:
            return Truth.FALSE
        if self is Truth.FALSE:
            return Truth.TRUE
        return Truth.UNKNOWN


def all_of(values: Iterable[Truth]) -> Truth:
    """Kleene conjunction: false wins over unknown, unknown over true."""
    result = Truth.TRUE
    for value in values:
        if value is Truth.FALSE:
            return Truth.FALSE
        if value is Truth.UNKNOWN:
            result = Truth.UNKNOWN
    return result


def any_of(values: Iterable[Truth]) -> Truth:
    """Kleene disjunction: true wins over unknown, unknown over false."""
    result = Truth.FALSE
    for value in values:
        if value is Truth.TRUE:
            return Truth.TRUE
        if value is Truth.UNKNOWN:
            result = Truth.UNKNOWN
    return result
