"""A closed arithmetic language for scope values that depend on facts.

A scope value is a number, or one of::

    {fact: escort_in_residence_hours_per_month}     # the value of a number fact
    {sub: [15, {fact: escort_in_residence_hours_per_month}]}
    {add: [...]}, {min: [...]}, {max: [...]}

A value that reads a missing fact is unknown (``None``), never zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictFloat,
    StrictInt,
    Tag,
)

from kvalitet.language.conditions import FactName, mapping_tag


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FactValue(_Node):
    """The value of a number fact."""

    fact: FactName


class Sub(_Node):
    """The first value minus the second."""

    sub: tuple[Amount, Amount]


class Add(_Node):
    """The sum of the values."""

    add: tuple[Amount, ...] = Field(min_length=2)


class Min(_Node):
    """The smallest of the values."""

    min: tuple[Amount, ...] = Field(min_length=2)


class Max(_Node):
    """The largest of the values."""

    max: tuple[Amount, ...] = Field(min_length=2)


def _amount_tag(value: Any) -> str | None:  # noqa: ANN401 - inspects raw input of any shape
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return "number"
    return mapping_tag(value, AMOUNT_TAGS)


Amount = Annotated[
    Annotated[StrictInt | StrictFloat, Tag("number")]
    | Annotated[FactValue, Tag("fact")]
    | Annotated[Sub, Tag("sub")]
    | Annotated[Add, Tag("add")]
    | Annotated[Min, Tag("min")]
    | Annotated[Max, Tag("max")],
    Discriminator(
        _amount_tag,
        custom_error_type="invalid-amount",
        custom_error_message=(
            "an amount is a number, or a mapping with one of the keys "
            "'fact', 'sub', 'add', 'min' or 'max'"
        ),
    ),
]

Sub.model_rebuild()
Add.model_rebuild()
Min.model_rebuild()
Max.model_rebuild()

AMOUNT_TAGS: dict[str, type[BaseModel] | None] = {
    "number": None,
    "fact": FactValue,
    "sub": Sub,
    "add": Add,
    "min": Min,
    "max": Max,
}


def amount_facts(
    amount: Amount, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every fact an amount reads, with its path (for locating problems)."""
    if isinstance(amount, FactValue):
        yield amount.fact, (*path, "fact")
    elif isinstance(amount, Sub | Add | Min | Max):
        key = type(amount).__name__.lower()
        for index, part in enumerate(getattr(amount, key)):
            yield from amount_facts(part, (*path, key, index))


def compute(amount: Amount, facts: Mapping[str, Any]) -> float | None:
    """The value of an amount, or ``None`` when a fact it reads is missing."""
    if isinstance(amount, int | float):
        return float(amount)
    if isinstance(amount, FactValue):
        value = facts.get(amount.fact)
        return None if value is None else float(value)
    key = type(amount).__name__.lower()
    parts = [compute(part, facts) for part in getattr(amount, key)]
    if any(part is None for part in parts):
        return None
    numbers = [part for part in parts if part is not None]
    if isinstance(amount, Sub):
        return numbers[0] - numbers[1]
    if isinstance(amount, Add):
        return sum(numbers)
    return min(numbers) if isinstance(amount, Min) else max(numbers)
