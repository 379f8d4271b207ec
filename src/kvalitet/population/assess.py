"""Assess a reform on a population file: the report folder and the changed rows in one go."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kvalitet.engine.table import require_pyarrow
from kvalitet.population.charts import require_matplotlib
from kvalitet.population.impact import Impact, measure_impact
from kvalitet.population.reading import read_population
from kvalitet.population.reform import Reform
from kvalitet.population.report import build_report, write_report

if TYPE_CHECKING:
    import pyarrow as pa

CHANGED_ROWS_NAME = "changed_rows.parquet"


@dataclass(frozen=True)
class Assessment:
    """An impact and the files written for it."""

    impact: Impact
    files: tuple[Path, ...]


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

    The folder gets ``impact.md``, ``impact.html``, ``charts/*.svg`` and
    ``changed_rows.parquet`` (every row whose result changed, both results side by side).

    Raises:
        ImportError: without the ``report`` extra (matplotlib), before any evaluation.
        ProfileError: for a population file that cannot be read.
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

    try:
        impact = measure_impact(
            reform,
            _counted(read_population(population, reform.baseline.vocabulary), progress),
            municipality=municipality,
            on=on,
            changed_rows=write_changed,
        )
    finally:
        for open_writer in writer:
            open_writer.close()
    if not writer:  # an empty population: still leave a (column-less) file of changed rows
        pq.write_table(pa.table({}), changed_path)
    report = build_report(
        impact,
        population=Path(population).name,
        reform=reform_label,
        municipality_name=reform.baseline.vocabulary.municipality_name(municipality),
    )
    files = (*write_report(report, target), changed_path)
    return Assessment(impact, files)


def _counted(
    batches: Iterable[pa.RecordBatch], progress: Callable[[int], None] | None
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield batch
        if progress is not None:
            progress(len(batch))
