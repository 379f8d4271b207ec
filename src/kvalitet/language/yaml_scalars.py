"""Turn one YAML 1.2 scalar into a plain Python value: finite numbers and real dates only."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.util import create_timestamp, timestamp_regexp

from kvalitet.language.yaml_limits import Limits, excerpt, size_text

_RESOLVER = VersionedResolver(version=(1, 2))
_RESOLVER.resolve(ScalarNode, "0", (True, False))  # fills its tables now, not racing in threads
_TAG = "tag:yaml.org,2002:"
_MAX_DIGITS = 40  # longer digit strings are refused before ``int`` is asked to read them
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


class ScalarError(Exception):
    """A scalar that reads as YAML but is not acceptable data; the reader locates it."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the code and message."""
        super().__init__(message)
        self.code = code
        self.message = message


def plain_scalar(value: str, implicit: tuple[bool, bool], limits: Limits) -> Any:  # noqa: ANN401
    """The plain value of a scalar's text, as YAML 1.2's core schema reads it.

    Raises:
        ScalarError: for ``.nan``, ``.inf``, a number beyond ``limits.max_number`` and a
            date that is not in the calendar.

    Example:
        >>> plain = (True, False)  # a plain scalar; a quoted one is (False, True)
        >>> plain_scalar("12.5", plain, Limits()), plain_scalar("2026-01-01", plain, Limits())
        (12.5, datetime.date(2026, 1, 1))
    """
    kind = str(_RESOLVER.resolve(ScalarNode, value, implicit)).removeprefix(_TAG)
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() == "true"
    if kind == "int":
        return _integer(value, limits)
    if kind == "float":
        return _float(value, limits)
    if kind == "timestamp":
        return _timestamp(value)
    return value  # str, and the plain words '<<' and '=' as values


def _integer(value: str, limits: Limits) -> int | str:
    digits = value.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if len(digits) > _MAX_DIGITS:
        raise _too_large(value, limits)
    bases = {"0b": 2, "0o": 8, "0x": 16}
    base = bases.get(digits[:2], 10)
    try:
        number = sign * int(digits[2:] if base != 10 else digits, base)
    except ValueError:  # ruamel's pattern also takes '-_' and '0x_', which YAML 1.2 calls text
        return value
    if abs(number) > limits.max_number:
        raise _too_large(value, limits)
    return number


def _float(value: str, limits: Limits) -> float | str:
    text = value.replace("_", "").lower().lstrip("+")
    if text.lstrip("-") in (".inf", ".nan"):
        message = (
            f"{value} is not a finite number; a standard file takes ordinary numbers such as 12.5"
        )
        raise ScalarError("invalid-number", message)
    try:
        number = float(text)
    except ValueError:  # '._' matches ruamel's pattern; YAML 1.2 calls it text
        return value
    if not math.isfinite(number) or abs(number) > limits.max_number:
        raise _too_large(value, limits)
    return number


def _too_large(value: str, limits: Limits) -> ScalarError:
    shown = value if len(value) <= 24 else f"{value[:20]}… ({size_text(len(value))} characters)"
    message = (
        f"the number {shown} is too large; a standard file takes numbers between "
        f"-{size_text(limits.max_number)} and {size_text(limits.max_number)}"
    )
    return ScalarError("invalid-number", message)


def _timestamp(value: str) -> Any:  # noqa: ANN401 - a date, a date and time, or the text
    match = timestamp_regexp.match(value)
    if match is None:  # pragma: no cover - the resolver matched the same pattern
        return value
    parts = match.groupdict()
    try:
        stamp = create_timestamp(**parts)
    except ValueError as error:
        raise ScalarError("invalid-date", _why_not_a_date(value, parts, error)) from None
    if isinstance(stamp, dt.datetime):
        return stamp.date() if (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0) else stamp
    return stamp


def _why_not_a_date(value: str, parts: dict[str, str | None], error: ValueError) -> str:
    year, month, day = (int(parts[name] or 0) for name in ("year", "month", "day"))
    if not 1 <= year <= dt.MAXYEAR:
        why = f"there is no year {year}"
    elif not 1 <= month <= 12:
        why = f"there is no month {month}"
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        why = f"{_MONTHS[month - 1]} {year} has {days} days"
    else:
        why = str(error)
    if parts["hour"] is None:
        return f"{excerpt(value)} is not a date in the calendar: {why}; write a date as YYYY-MM-DD"
    return f"{excerpt(value)} is not a date and time: {why}; write it as YYYY-MM-DD HH:MM:SS"
