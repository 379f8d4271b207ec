"""The columns a table of profiles may have: one per profile fact, with its kind and bounds.

:func:`population_facts` is the one place where the population tools read fact types; every
other module of :mod:`kvalitet.population` and :mod:`kvalitet.spark` asks it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from kvalitet.engine.table import ID_COLUMN, require_pyarrow
from kvalitet.language.facts import FactKind, profile_facts
from kvalitet.language.profile import KNOWN_SERVICE_CODES, Profile
from kvalitet.language.suggest import suggest


@dataclass(frozen=True)
class FactColumn:
    """One fact as a column of a population table.

    Attributes:
        name: The fact (and column) name.
        kind: ``bool``, ``int``, ``number``, ``date``, ``enum`` or ``services``.
        values: The allowed values of an enum, or the known service codes of a service list.
        minimum: The smallest value a number may take, when the vocabulary states one.
        maximum: The largest value a number may take, when the vocabulary states one.
    """

    name: str
    kind: FactKind
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@functools.cache
def population_facts() -> dict[str, FactColumn]:
    """Every profile fact a population table may hold, in the vocabulary's order.

    Example:
        >>> population_facts()["support_need_level"].values
        ('A', 'B', 'C', 'D', 'E')
    """
    bounds = _bounds()
    columns = {}
    for name, info in profile_facts().items():
        values = KNOWN_SERVICE_CODES if info.kind == "services" else info.values
        low, high = bounds.get(name, (None, None))
        columns[name] = FactColumn(name, info.kind, values, low, high)
    return columns


def _bounds() -> dict[str, tuple[float | None, float | None]]:
    """The ``minimum``/``maximum`` of each numeric profile field, read from its JSON Schema."""
    bounds = {}
    for name, schema in Profile.model_json_schema()["properties"].items():
        for option in schema.get("anyOf", [schema]):
            if option.get("type") in ("integer", "number"):
                bounds[name] = (option.get("minimum"), option.get("maximum"))
    return bounds


def arrow_type(kind: FactKind) -> Any:  # noqa: ANN401 - a pyarrow DataType
    """The Arrow type of a column of this kind."""
    pa = require_pyarrow()
    types = {
        "bool": pa.bool_(),
        "int": pa.int64(),
        "number": pa.float64(),
        "date": pa.date32(),
        "enum": pa.string(),
        "services": pa.list_(pa.string()),
    }
    return types[kind]


def unknown_columns(names: list[str]) -> list[str]:
    """A message for each column that is neither a fact nor ``id``, with did-you-mean."""
    facts = population_facts()
    return [
        f"column '{name}' is not a profile fact{suggest(name, list(facts)) or ''}"
        for name in names
        if name != ID_COLUMN and name not in facts
    ]
