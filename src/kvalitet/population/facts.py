"""The columns a table of profiles may have: one per profile fact, with its kind and bounds.

:func:`population_facts` is the one place where the population tools read fact types; every
other module of :mod:`kvalitet.population` and :mod:`kvalitet.spark` asks it.
"""

from __future__ import annotations

from typing import Any

from kvalitet.engine.columnar.vocabulary import Column, columns_of
from kvalitet.engine.table import ID_COLUMN, require_pyarrow
from kvalitet.language.suggest import suggest
from kvalitet.language.vocabulary import FactType as FactKind
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary

# One fact as a column (name, kind, values, minimum, maximum …): the columnar engine's.
FactColumn = Column


def population_facts(vocabulary: Vocabulary | None = None) -> dict[str, FactColumn]:
    """Every profile fact a population table may hold, in the vocabulary's order.

    Args:
        vocabulary: Whose facts (default: the bundled vocabulary).

    Example:
        >>> population_facts()["support_need_level"].values
        ('A', 'B', 'C', 'D', 'E')
    """
    return columns_of(vocabulary or bundled_vocabulary()).inputs


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


def unknown_columns(names: list[str], vocabulary: Vocabulary | None = None) -> list[str]:
    """A message for each column that is neither a fact nor ``id``, with did-you-mean.

    Args:
        names: The columns.
        vocabulary: Whose facts (default: the bundled vocabulary).
    """
    facts = population_facts(vocabulary)
    return [
        f"column '{name}' is not a profile fact{suggest(name, list(facts)) or ''}"
        for name in names
        if name != ID_COLUMN and name not in facts
    ]
