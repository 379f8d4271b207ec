"""The columns a table of profiles may have: one per profile fact, with its kind and bounds.

:func:`population_facts` is the one place where the population tools read fact types; every
other module of :mod:`kvalitet.population` and :mod:`kvalitet.spark` asks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kvalitet.engine.table import ID_COLUMN, require_pyarrow
from kvalitet.language.profile import NUMBER_LIMIT
from kvalitet.language.suggest import suggest
from kvalitet.language.vocabulary import FactType as FactKind
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary


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


def population_facts(vocabulary: Vocabulary | None = None) -> dict[str, FactColumn]:
    """Every profile fact a population table may hold, in the vocabulary's order.

    Args:
        vocabulary: Whose facts (default: the bundled vocabulary).

    Example:
        >>> population_facts()["support_need_level"].values
        ('A', 'B', 'C', 'D', 'E')
    """
    chosen = vocabulary or bundled_vocabulary()
    columns = {}
    for name, spec in chosen.facts.items():
        low, high = (spec.min, spec.max) if spec.type in ("int", "number") else (None, None)
        if spec.type in ("int", "number"):
            low = -NUMBER_LIMIT if low is None else low
            high = NUMBER_LIMIT if high is None else high
        columns[name] = FactColumn(name, spec.type, spec.values, low, high)
    return columns


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
