"""Files in, files out: evaluate a file of profiles batch by batch, in constant memory.

Reading, evaluating and writing overlap: a few batches are in flight at a time, evaluated on
every core. The output has one row per input row, in order; a row that is not a valid profile
has nulls in every service column and is written, with its row number and its problems, to
the errors file (JSON Lines). Nothing read is dropped; a CSV line whose number of values does
not match the header cannot be read as a row and is named in the notes.
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Self, TextIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kvalitet.engine.columnar.evaluate import BATCH_ROWS, TableEvaluator
from kvalitet.engine.columnar.jsonl import write_json_lines
from kvalitet.engine.columnar.problems import RowProblems, error_record
from kvalitet.engine.columnar.sources import Chunk, file_format, open_source
from kvalitet.engine.columnar.validate import ID_COLUMN
from kvalitet.language.problems import EvaluationError

if TYPE_CHECKING:
    from kvalitet.engine.standards import Standards

Progress = Callable[[int, int], None]  # (done, total), in rows or bytes
SHOWN = 20  # wrong rows kept for the summary
# The texts are written dictionary-encoded (fast) but read back as plain strings, as from
# Standards.evaluate_table: no Arrow schema is stored, and lists keep Arrow's item name.
PARQUET: dict[str, Any] = {"store_schema": False, "use_compliant_nested_type": False}


@dataclass
class Summary:
    """What a run did: rows, wrong rows, outcomes per service, notes and time."""

    rows: int = 0
    wrong: int = 0
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    first_wrong: list[tuple[int, list[str]]] = field(default_factory=list)  # 1-based rows
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, out: Any, services: Iterable[str]) -> None:  # noqa: ANN401 - a batch
        """Add an output batch's outcomes."""
        self.rows += out.num_rows
        for service in services:
            tally = self.outcomes.setdefault(service, {})
            counted = pc.value_counts(out.column(f"{service}:outcome")).to_pylist()
            for entry in counted:
                if entry["values"] is not None:
                    outcome = entry["values"]
                    tally[outcome] = tally.get(outcome, 0) + entry["counts"]


def errors_path(target: Path) -> Path:
    """Where the wrong rows of ``target`` go by default: ``<target>.errors.jsonl``."""
    return target.with_name(target.name + ".errors.jsonl")


def evaluate_file(
    standards: Standards,
    source: Path,
    target: Path,
    *,
    municipality: str,
    on: date,
    services: Iterable[str] | None = None,
    errors: Path | None = None,
    source_format: str | None = None,
    target_format: str | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: Progress | None = None,
) -> Summary:
    """Evaluate a Parquet, CSV or JSON Lines file of profiles into Parquet or JSON Lines.

    Raises:
        ProfileError: for a column that is not a profile fact (Parquet and CSV).
        EvaluationError: for an unknown municipality or service, or a file that cannot be read.
    """
    started = time.perf_counter()
    kind = file_format(target, target_format)
    if kind not in ("parquet", "jsonl"):
        raise EvaluationError(f"{target}: write Parquet or JSON Lines, not {kind}")
    evaluator = TableEvaluator(
        standards, municipality=municipality, on=on, services=services, compact=kind == "parquet"
    )
    opened = open_source(
        source, file_format(source, source_format), batch_rows, evaluator.columns.inputs
    )
    summary = Summary()
    names = [program.service for program in evaluator.programs]
    workers = os.cpu_count() or 1
    with (
        _Writer(target, kind, evaluator) as writer,
        (errors or errors_path(target)).open("w", encoding="utf-8") as wrong,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        pending: deque[tuple[Chunk, Future[tuple[Any, RowProblems]]]] = deque()

        def finish() -> None:
            chunk, future = pending.popleft()
            out, problems = future.result()
            writer.write(out, chunk.first_row)
            _report(problems, chunk, wrong, summary)
            summary.count(out, names)
            if progress is not None:
                progress(chunk.done, opened.total)

        try:
            for chunk in opened.chunks:
                pending.append(
                    (chunk, pool.submit(evaluator.evaluate, chunk.batch, chunk.problems))
                )
                if len(pending) > workers:
                    finish()
            while pending:
                finish()
        except pa.ArrowException as error:
            raise EvaluationError(f"{source}: cannot read it: {error}") from None
    summary.notes = opened.notes
    summary.seconds = time.perf_counter() - started
    return summary


def _report(problems: RowProblems, chunk: Chunk, out: TextIO, summary: Summary) -> None:
    if not problems:
        return
    ids = chunk.batch.column(ID_COLUMN) if ID_COLUMN in chunk.batch.schema.names else None
    for row, found in problems.rows():
        number = chunk.first_row + row + 1
        record = error_record(number, found, ids, row)
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        summary.wrong += 1
        if len(summary.first_wrong) < SHOWN:
            summary.first_wrong.append((number, [str(problem) for problem in found]))


class _Writer:
    """Writes output batches to Parquet or JSON Lines, with one schema for the whole file."""

    def __init__(self, target: Path, kind: str, evaluator: TableEvaluator) -> None:
        self.target = target
        self.kind = kind
        self.evaluator = evaluator
        self.schema: Any = None
        self._parquet: Any = None
        self._text: BinaryIO | None = None

    def __enter__(self) -> Self:
        if self.kind == "jsonl":
            self._text = self.target.open("wb")
        return self

    def __exit__(self, *_: object) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif self.kind == "parquet":  # no rows at all: an empty file with the columns
            pq.write_table(self.evaluator.schema().empty_table(), self.target, **PARQUET)
        if self._text is not None:
            self._text.close()

    def write(self, out: Any, first_row: int) -> None:  # noqa: ANN401 - a record batch
        if self.schema is None:
            self.schema = out.schema
        out = self._conform(out, first_row)
        if self.kind == "parquet":
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.target, self.schema, **PARQUET)
            self._parquet.write_batch(out)
            return
        assert self._text is not None  # noqa: S101 - opened in __enter__
        write_json_lines(out, self._text)

    def _conform(self, out: Any, first_row: int) -> Any:  # noqa: ANN401 - a record batch
        """The batch with the ``id`` column as in the first batch (JSON infers it per block)."""
        if out.schema.equals(self.schema):
            return out
        has_id = ID_COLUMN in self.schema.names
        if ID_COLUMN in out.schema.names and not has_id:
            msg = (
                f"the id column first appears at row {first_row + 1}; give every row an id "
                "(or none)"
            )
            raise EvaluationError(msg)
        columns = list(out.columns)
        if has_id and ID_COLUMN not in out.schema.names:
            columns.insert(0, pa.nulls(out.num_rows, self.schema.field(ID_COLUMN).type))
        elif has_id:
            try:
                columns[0] = pc.cast(columns[0], self.schema.field(ID_COLUMN).type)
            except pa.ArrowInvalid:
                msg = (
                    f"the id column changes type at rows {first_row + 1}–"
                    f"{first_row + out.num_rows} (first {self.schema.field(ID_COLUMN).type}, "
                    f"then {out.schema.field(ID_COLUMN).type})"
                )
                raise EvaluationError(msg) from None
        return pa.RecordBatch.from_arrays(columns, schema=self.schema)
