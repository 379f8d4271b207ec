"""Assess a reform on a population file: the report folder and the changed rows in one go."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kvalitet.engine.table import require_pyarrow
from kvalitet.population.charts import require_matplotlib
from kvalitet.population.impact import Impact, NumberedRows, measure_impact
from kvalitet.population.reform import Reform
from kvalitet.population.report import build_report, write_report

if TYPE_CHECKING:
    from kvalitet.engine.columnar.typed import TypedChunk

CHANGED_ROWS_NAME = "changed_rows.parquet"
ERRORS_NAME = "errors.jsonl"
SHOWN = 20  # wrong rows kept for the summary


@dataclass(frozen=True)
class Assessment:
    """An impact and the files written for it."""

    impact: Impact
    files: tuple[Path, ...]
    first_wrong: list[tuple[int, list[str]]] = field(default_factory=list)  # row, problems


def assess(
    reform: Reform,
    population: str | Path,
    folder: str | Path,
    *,
    municipality: str,
    on: date,
    reform_label: str,
    progress: Callable[[int], None] | None = None,
) -> Assessment:
    """Measure a reform on a population file and write the report folder.

    The folder gets ``impact.md``, ``impact.html``, ``charts/*.svg``,
    ``changed_rows.parquet`` (every row whose result changed, both results side by side) and
    ``errors.jsonl`` (each row that is not a valid profile, with its problems: it is left out
    and the others are measured, as ``population evaluate`` does).

    Raises:
        ImportError: without the ``report`` extra (matplotlib), before any evaluation.
        ProfileError: for a population file with a column that is no profile fact.
        EvaluationError: for a population file that cannot be read.
        EvaluationError: when the reform changes no service of the municipality in force.
        OSError: when the folder cannot be written.
    """
    pa = require_pyarrow()
    require_matplotlib()  # before the evaluation, not after it
    import pyarrow.parquet as pq  # noqa: PLC0415 - optional dependency

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    changed_path = target / CHANGED_ROWS_NAME
    writer: list[Any] = []

    def write_changed(table: Any) -> None:  # noqa: ANN401 - a pyarrow Table
        if not writer:
            writer.append(pq.ParquetWriter(changed_path, table.schema))
        writer[0].write_table(table)

    from kvalitet.engine.columnar.typed import typed_chunks  # noqa: PLC0415 - optional extra

    chunks = typed_chunks(Path(population), reform.baseline.vocabulary, on=on)
    errors = _Errors(target / ERRORS_NAME)
    try:
        impact = measure_impact(
            reform,
            _counted(errors.valid_rows(chunks), progress),
            municipality=municipality,
            on=on,
            changed_rows=write_changed,
        )
    finally:
        errors.close()
        for open_writer in writer:
            open_writer.close()
    impact.wrong_rows = errors.count
    if not writer:  # an empty population: still leave a (column-less) file of changed rows
        pq.write_table(pa.table({}), changed_path)
    report = build_report(
        impact,
        population=Path(population).name,
        reform=reform_label,
        municipality_name=reform.baseline.vocabulary.municipality_name(municipality),
    )
    files = (*write_report(report, target), changed_path, errors.path)
    return Assessment(impact, files, errors.first)


def _counted(
    batches: Iterable[NumberedRows], progress: Callable[[int], None] | None
) -> Iterator[NumberedRows]:
    for batch in batches:
        yield batch
        if progress is not None:
            progress(len(batch.table))


class _Errors:
    """The rows that are not valid profiles, written as ``population evaluate`` writes them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: TextIO = path.open("w", encoding="utf-8")
        self.count = 0
        self.first: list[tuple[int, list[str]]] = []

    def valid_rows(self, chunks: Iterable[TypedChunk]) -> Iterator[NumberedRows]:
        """Each chunk's valid rows; its wrong rows go to the errors file."""
        for chunk in chunks:
            for record, (number, _, problems) in zip(
                chunk.error_records(), chunk.wrong, strict=True
            ):
                self.stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
                self.count += 1
                if len(self.first) < SHOWN:
                    self.first.append((number, [str(problem) for problem in problems]))
            yield NumberedRows(chunk.table, chunk.row_numbers)

    def close(self) -> None:
        self.stream.close()
