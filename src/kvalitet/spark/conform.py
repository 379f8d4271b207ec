"""Spark's record batches in the types of the profile facts, before ``evaluate_table``.

Spark hands each executor Arrow batches in the DataFrame's own types (a count as a double, a
date as a timestamp, service codes as ``sel-85;sel-96`` text): each fact column is cast to its
kind's type, so the output schema is known before any job runs. A column that is no profile
fact is an error with did-you-mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kvalitet.engine.table import ID_COLUMN, require_pyarrow
from kvalitet.language.problems import Problem, ProfileError
from kvalitet.population.facts import arrow_type, population_facts, unknown_columns

if TYPE_CHECKING:
    import pyarrow as pa

    from kvalitet.language.vocabulary import Vocabulary

CODE_SEPARATOR = ";"


def table_problem(source: str | Path, message: str) -> Problem:
    """A problem of a table (its rows have no line and column to name)."""
    return Problem(str(source), 1, 1, "invalid-value", message)


def conform_batch(
    batch: pa.RecordBatch, source: str | Path, vocabulary: Vocabulary | None = None
) -> pa.RecordBatch:
    """The batch with each fact column cast to its kind's type (facts of ``vocabulary``).

    Raises:
        ProfileError: for a column that is no profile fact, or a value not of its type.
    """
    pa = require_pyarrow()
    problems = unknown_columns(batch.schema.names, vocabulary)
    if problems:
        raise ProfileError([table_problem(source, p) for p in problems], source)
    facts = population_facts(vocabulary)
    arrays, fields = [], []
    for name, array in zip(batch.schema.names, batch.columns, strict=True):
        if name == ID_COLUMN:
            arrays.append(array)
            fields.append(pa.field(name, array.type))
            continue
        kind = facts[name].kind
        arrays.append(_cast(array, kind, name, source))
        fields.append(pa.field(name, arrow_type(kind)))
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _cast(array: pa.Array, kind: Any, name: str, source: str | Path) -> pa.Array:  # noqa: ANN401
    pa = require_pyarrow()
    import pyarrow.compute as pc  # noqa: PLC0415 - optional dependency

    target = arrow_type(kind)
    if kind == "services" and pa.types.is_string(array.type):
        array = _split_codes(array)
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), target)
    try:
        return pc.cast(array, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        message = f"column '{name}' holds a value that is not a {kind}: {_first_line(error)}"
        raise ProfileError([table_problem(source, message)], source) from None


def _split_codes(array: pa.Array) -> pa.Array:
    """``sel-85;sel-96`` as a list of codes; ``[]`` or an empty text is the empty list."""
    pa = require_pyarrow()
    import numpy as np  # noqa: PLC0415 - optional dependency
    import pyarrow.compute as pc  # noqa: PLC0415 - optional dependency

    parts = pc.split_pattern(pc.utf8_trim_whitespace(array), CODE_SEPARATOR)
    values = pc.utf8_trim_whitespace(pc.list_flatten(parts))
    keep = np.asarray(pc.and_(pc.not_equal(values, ""), pc.not_equal(values, "[]")))
    parents = np.asarray(pc.list_parent_indices(parts))
    sizes = np.bincount(parents[keep], minlength=len(array))
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
    return pa.ListArray.from_arrays(
        pa.array(offsets), pc.filter(values, pa.array(keep)), mask=pc.is_null(array)
    )


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
