"""The evaluation day: given, or today in Denmark (Europe/Copenhagen), within a sane range.

A server running in UTC would otherwise get a Danish birthday wrong for an hour or two each
night, so "today" is always the Danish calendar day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from kvalitet.language.problems import EvaluationError

ZONE = "Europe/Copenhagen"
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)


@dataclass(frozen=True)
class EvaluationDay:
    """An evaluation day resolved once, and whether it was given or is today in :data:`ZONE`.

    A batch resolves the day once and passes it to every evaluation, so every Decision of the
    run has the same day and states that it was not given.
    """

    day: date
    given: bool
    zone: str = ZONE


def today_in_denmark() -> date:
    """Today's date in Denmark."""
    return datetime.now(ZoneInfo(ZONE)).date()


def evaluation_day(on: object) -> date:
    """The evaluation date for ``on``: a date, an ISO text ``YYYY-MM-DD``, or ``None`` (today).

    An :class:`EvaluationDay` gives its day.

    Raises:
        EvaluationError: for anything else, or a date outside 1900–2100, saying what to give.

    Example:
        >>> evaluation_day("2026-06-01")
        datetime.date(2026, 6, 1)
    """
    if on is None:
        return today_in_denmark()
    if isinstance(on, EvaluationDay):
        return on.day
    if isinstance(on, datetime):
        day = on.date()
    elif isinstance(on, date):
        day = on
    elif isinstance(on, str):
        try:
            day = date.fromisoformat(on.strip())
        except ValueError:
            shown = on[:40]
            msg = f"the evaluation date '{shown}' is not a date; write it as YYYY-MM-DD"
            raise EvaluationError(msg) from None
    else:
        msg = f"the evaluation date is a date or 'YYYY-MM-DD', not {type(on).__name__}"
        raise EvaluationError(msg)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        msg = (
            f"the evaluation date {day.isoformat()} is outside {EARLIEST_DAY.year}–"
            f"{LATEST_DAY.year}; give a date in that range"
        )
        raise EvaluationError(msg)
    return day


def resolve_day(on: object) -> EvaluationDay:
    """The evaluation day for ``on`` (see :func:`evaluation_day`), and whether it was given.

    Raises:
        EvaluationError: for anything but a date, an ISO text, ``None`` or an EvaluationDay.

    Example:
        >>> resolve_day("2026-06-01")
        EvaluationDay(day=datetime.date(2026, 6, 1), given=True, zone='Europe/Copenhagen')
        >>> resolve_day(None).given
        False
    """
    if isinstance(on, EvaluationDay):
        return on
    return EvaluationDay(evaluation_day(on), given=on is not None)
