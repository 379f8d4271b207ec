"""Read a population file as record batches: Parquet (a file or a folder), CSV or JSON Lines.

Every batch has the same columns, each fact cast to its kind's Arrow type (booleans, 64-bit
integers, floats, dates, strings, lists of strings); an empty cell is unknown. In CSV a list
of service codes is written with ``;`` between the codes (``sel-85;sel-96``); ``[]`` is the
empty list. A column that is no profile fact (other than ``id``) is an error with
did-you-mean, so a misspelt column never passes as "unknown" for every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kvalitet.engine.table import ID_COLUMN, require_pyarrow
from kvalitet.language.problems import Problem, ProfileError
from kvalitet.population.facts import arrow_type, population_facts, unknown_columns

if TYPE_CHECKING:
    import pyarrow as pa

    from kvalitet.language.vocabulary import Vocabulary

BATCH_ROWS = 1 << 16
PARQUET = frozenset({".parquet", ".pq"})
CSV = frozenset({".csv"})
JSON_LINES = frozenset({".jsonl", ".ndjson"})
CODE_SEPARATOR = ";"


def read_population(
    path: str | Path, vocabulary: Vocabulary | None = None
) -> Iterator[pa.RecordBatch]:
    """The rows of a population file, as batches of at most :data:`BATCH_ROWS` rows.

    Its columns are the facts of ``vocabulary`` (default: the bundled vocabulary).

    Raises:
        ProfileError: for a missing or unreadable file, an unknown format, a column that is
            no profile fact, or a value that is not of its fact's type; naming the file.
    """
    source = Path(path)
    pa = require_pyarrow()
    try:
        batches = _raw_batches(source, vocabulary)
        schema: Any = None
        for batch in batches:
            conformed = conform_batch(batch, source, vocabulary)
            if schema is None:
                schema = conformed.schema
            elif conformed.schema != schema:
                conformed = _like(conformed, schema, source)
            yield conformed
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, OSError) as error:
        raise ProfileError([table_problem(source, _first_line(error))], source) from None


def table_problem(source: str | Path, message: str) -> Problem:
    """A problem of a table file (its rows have no line and column to name)."""
    return Problem(str(source), 1, 1, "invalid-value", message)


def _raw_batches(source: Path, vocabulary: Vocabulary | None) -> Iterator[pa.RecordBatch]:
    if not source.exists():
        raise ProfileError([table_problem(source, "no such file or folder")], source)
    suffix = source.suffix.lower()
    if source.is_dir() or suffix in PARQUET:
        import pyarrow.dataset as ds  # noqa: PLC0415 - optional dependency

        yield from ds.dataset(source, format="parquet").to_batches(batch_size=BATCH_ROWS)
    elif suffix in CSV:
        yield from _csv_batches(source, vocabulary)
    elif suffix in JSON_LINES:
        yield from _json_batches(source, vocabulary)
    else:
        known = ", ".join(sorted(PARQUET | CSV | JSON_LINES))
        message = f"cannot tell the format from '{source.suffix}'; name the file {known}"
        raise ProfileError([table_problem(source, message)], source)


def _csv_batches(source: Path, vocabulary: Vocabulary | None) -> Iterator[pa.RecordBatch]:
    import pyarrow.csv as pcsv  # noqa: PLC0415 - optional dependency

    pa = require_pyarrow()
    # Every fact is read as text and cast by name below, so a wrong value names its column.
    types = {name: pa.string() for name in population_facts(vocabulary)}
    reader = pcsv.open_csv(
        source,
        read_options=pcsv.ReadOptions(block_size=1 << 22),
        convert_options=pcsv.ConvertOptions(column_types=types, strings_can_be_null=True),
    )
    yield from reader


def _json_batches(source: Path, vocabulary: Vocabulary | None) -> Iterator[pa.RecordBatch]:
    import pyarrow.json as pjson  # noqa: PLC0415 - optional dependency

    pa = require_pyarrow()
    # Dates arrive as text and are cast below; the other facts are read as their own type.
    schema = pa.schema(
        (name, pa.string() if column.kind == "date" else arrow_type(column.kind))
        for name, column in population_facts(vocabulary).items()
    )
    options = pjson.ParseOptions(explicit_schema=schema, unexpected_field_behavior="infer")
    yield from pjson.open_json(source, parse_options=options)


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


def _like(batch: pa.RecordBatch, schema: pa.Schema, source: Path) -> pa.RecordBatch:
    """A later batch with the first batch's columns (files of a Parquet folder may differ)."""
    pa = require_pyarrow()
    extra = [name for name in batch.schema.names if name not in schema.names]
    if extra:
        message = (
            f"the column(s) {', '.join(extra)} first appear after row {BATCH_ROWS:,}; "
            "name every column in the first rows (write null where unknown)"
        )
        raise ProfileError([table_problem(source, message)], source)
    arrays = [
        batch.column(field.name)
        if field.name in batch.schema.names
        else pa.nulls(len(batch), field.type)
        for field in schema
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
