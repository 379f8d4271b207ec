"""A file of profiles as typed tables: its valid rows typed, its wrong rows with why.

For tools that read a population without evaluating it as ``population evaluate`` does
(``kvalitet impact``). The file is read by the same readers and checked by the same column
checks as ``population evaluate`` (:mod:`.sources`, :mod:`.validate`): each chunk gives its
valid rows,
every fact in its declared type (a choice as its text, a count as a 64-bit integer), with
their row numbers in the file, and its wrong rows with their problems — a wrong row never
stops the reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar.problems import RowProblem, error_record
from kvalitet.engine.columnar.sources import file_format, open_source
from kvalitet.engine.columnar.validate import ID_COLUMN, read_facts
from kvalitet.engine.columnar.vocabulary import Column, columns_of
from kvalitet.language.problems import EvaluationError
from kvalitet.language.vocabulary import Vocabulary

BATCH_ROWS = 1 << 16


@dataclass(frozen=True)
class TypedChunk:
    """The rows of one chunk of a file: the valid ones typed, the wrong ones with why."""

    table: Any  # pyarrow.Table: ``id`` (when the file has one) and each fact column read
    row_numbers: Any  # numpy int64: each valid row's number in the file, from 1
    wrong: list[tuple[int, int, list[RowProblem]]]  # number from 1, index in the chunk, why
    ids: Any = None  # the chunk's ``id`` column, every row (None when the file has none)

    def error_records(self) -> Iterator[dict[str, Any]]:
        """Each wrong row as a line of an errors file (as ``population evaluate`` writes it)."""
        for number, index, problems in self.wrong:
            yield error_record(number, problems, self.ids, index)


def typed_chunks(
    path: Path,
    vocabulary: Vocabulary,
    *,
    on: date,
    file_kind: str | None = None,
    batch_rows: int = BATCH_ROWS,
) -> Iterator[TypedChunk]:
    """Read a Parquet (file or folder), CSV or JSON Lines file of profiles, chunk by chunk.

    Raises:
        ProfileError: for a column that is not a fact of ``vocabulary`` (Parquet and CSV).
        EvaluationError: for a file that cannot be read or whose format cannot be told.
    """
    known = columns_of(vocabulary).inputs
    source = open_source(path, file_format(path, file_kind), batch_rows, known)
    try:
        for chunk in source.chunks:
            facts = read_facts(chunk.batch, known, on=on)
            for row, problems in chunk.problems.items():
                for problem in problems:
                    facts.problems.add_row(row, problem)
            bad = facts.problems.mask()
            keep = pa.array(~bad)
            numbers = np.arange(chunk.batch.num_rows, dtype=np.int64) + chunk.first_row + 1
            columns: dict[str, Any] = {}
            if facts.ids is not None:
                columns[ID_COLUMN] = facts.ids.filter(keep)
            for name, canonical in facts.columns.items():
                columns[name] = _plain(canonical, known[name]).filter(keep)
            wrong = [(int(numbers[row]), row, found) for row, found in facts.problems.rows()]
            yield TypedChunk(pa.table(columns), numbers[~bad], wrong, facts.ids)
    except pa.ArrowException as error:
        raise EvaluationError(f"{path}: cannot read it: {error}") from None


def _plain(canonical: Any, spec: Column) -> Any:  # noqa: ANN401 - pyarrow arrays
    """A checked column in its declared type: a choice's code as its text, a count as int64."""
    if spec.kind == "enum":
        return pc.take(pa.array(spec.values, pa.string()), canonical)
    if spec.kind == "int":
        return pc.cast(canonical, pa.int64())
    return canonical
