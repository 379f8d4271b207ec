"""What the columnar backend knows about facts: the one place it reads the fact vocabulary.

Every other module of the backend asks :func:`input_columns` (the profile facts a table may
have, with their kinds and limits) or :func:`condition_facts` (the kinds of everything a
condition may read). When the vocabulary moves into data files, only this module changes.
"""

from __future__ import annotations

import functools
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt

from kvalitet.language.facts import FactInfo, FactKind, base_catalogue, profile_facts
from kvalitet.language.profile import SERVICE_CODE_PATTERN, Profile

BIRTH_DATE = "birth_date"  # national law derives age and the pension-age facts from it
AGE = "age"  # used when the birth date is unknown


@dataclass(frozen=True)
class Column:
    """One profile fact as a column: its kind, its allowed values and its bounds."""

    name: str
    kind: FactKind
    values: tuple[str, ...] = ()  # an enumeration's values, in their declared order
    minimum: float | None = None
    maximum: float | None = None
    exclusive: tuple[bool, bool] = (False, False)  # whether the minimum, the maximum is excluded
    pattern: re.Pattern[str] | None = None  # for the items of a list of service codes

    def code_of(self, value: str) -> int:
        """The small integer an enumeration value is stored as."""
        return self.values.index(value)


@functools.cache
def input_columns() -> dict[str, Column]:
    """Every profile fact a table of profiles may have as a column, by name."""
    columns = {}
    for name, info in profile_facts().items():
        low, high, exclusive = _bounds(Profile.model_fields[name].annotation)
        pattern = re.compile(SERVICE_CODE_PATTERN) if info.kind == "services" else None
        columns[name] = Column(name, info.kind, info.values, low, high, exclusive, pattern)
    return columns


@functools.cache
def condition_facts() -> dict[str, FactInfo]:
    """The kind of every fact a condition may read that is not derived by a standard."""
    return base_catalogue()


def _bounds(
    annotation: Any,  # noqa: ANN401 - typing introspection
) -> tuple[float | None, float | None, tuple[bool, bool]]:
    """The numeric bounds a field's annotation states, and whether each is excluded."""
    low: float | None = None
    high: float | None = None
    exclusive = [False, False]
    for item in _metadata(annotation):
        if isinstance(item, Ge | Gt):
            low = float(item.ge if isinstance(item, Ge) else item.gt)  # type: ignore[arg-type]
            exclusive[0] = isinstance(item, Gt)
        elif isinstance(item, Le | Lt):
            high = float(item.le if isinstance(item, Le) else item.lt)  # type: ignore[arg-type]
            exclusive[1] = isinstance(item, Lt)
    return low, high, (exclusive[0], exclusive[1])


def _metadata(annotation: Any) -> list[Any]:  # noqa: ANN401 - typing introspection
    """The constraint objects inside ``Optional[Annotated[T, ...]]``, however nested."""
    found: list[Any] = []
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        for item in extra:
            found.extend(getattr(item, "metadata", [item]))
        found.extend(_metadata(base))
    elif origin in (Union, types.UnionType):
        for argument in get_args(annotation):
            found.extend(_metadata(argument))
    return found
