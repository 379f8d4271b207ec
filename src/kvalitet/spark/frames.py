"""``evaluate``: a Spark DataFrame of profiles in, a DataFrame of outcomes out."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kvalitet.engine.table import require_pyarrow
from kvalitet.language.problems import EvaluationError
from kvalitet.population.facts import unknown_columns
from kvalitet.spark.bundle import StandardsBundle
from kvalitet.spark.conform import conform_batch

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

OUTCOMES = ("within_standard", "outside_standard", "undetermined")
# pyspark warns about pandas >= 3 when it builds any Arrow UDF; mapInArrow does not use pandas.
PANDAS_WARNING = "PySpark does not yet fully support pandas"


@dataclass(frozen=True)
class _EvaluateBatches:
    """The function each executor runs over its partitions' record batches (picklable)."""

    bundle: StandardsBundle
    municipality: str
    on: date
    services: tuple[str, ...] | None
    schema: pa.Schema

    def __call__(self, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        standards = self.bundle.load()
        for batch in batches:
            table = standards.evaluate_table(
                conform_batch(batch, "Spark partition", standards.vocabulary),
                municipality=self.municipality,
                on=self.on,
                services=self.services,
            )
            yield from table.cast(self.schema).to_batches()


def evaluate(
    df: DataFrame,
    *,
    municipality: str,
    on: date,
    standards: Iterable[str | Path] | None = None,
    services: Iterable[str] | None = None,
) -> DataFrame:
    """Evaluate every row of a Spark DataFrame of profiles, on the executors.

    Args:
        df: One profile a row: profile fact columns (nulls for unknown) and an optional ``id``.
        municipality: e.g. ``"hillerod"``.
        on: The evaluation date.
        standards: Standard files or folders, as :func:`kvalitet.load_standards` takes them
            (default: the bundled standards, or ``$KVALITET_STANDARDS``).
        services: Service ids (``hillerod/sel-85`` or ``sel-85``); default: all in force.

    Returns:
        A DataFrame with the columns of ``Standards.evaluate_table``, one row per input row
        (an ``id`` column is carried through; Spark does not keep row order without one).

    Raises:
        StandardLoadError: for a wrong standard file (on the driver, located).
        EvaluationError: for a column that is no profile fact, an unknown municipality or
            service (on the driver, before any job runs).
    """
    pa = require_pyarrow()
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema  # noqa: PLC0415

    bundle = StandardsBundle.from_paths(standards)
    loaded = bundle.load()
    problems = unknown_columns(list(df.columns), loaded.vocabulary)
    if problems:
        raise EvaluationError("; ".join(problems))
    chosen = tuple(services) if services is not None else None
    # The driver loads the same texts first, so a wrong file is reported here, located, and
    # the output schema is the one evaluate_table gives for these input columns.
    columns = to_arrow_schema(df.schema)
    empty = pa.record_batch([pa.array([], type=f.type) for f in columns], schema=columns)
    probe = conform_batch(empty, "DataFrame", loaded.vocabulary)
    schema = loaded.evaluate_table(probe, municipality=municipality, on=on, services=chosen).schema
    function = _EvaluateBatches(bundle, municipality, on, chosen, schema)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=PANDAS_WARNING, category=FutureWarning)
        return df.mapInArrow(function, from_arrow_schema(schema))


def evaluate_parquet(
    spark: SparkSession,
    source: str | Path,
    target: str | Path,
    *,
    municipality: str,
    on: date,
    standards: Iterable[str | Path] | None = None,
    services: Iterable[str] | None = None,
    mode: str = "errorifexists",
) -> DataFrame:
    """Evaluate a Parquet file or folder of profiles into a Parquet folder.

    Returns the written result, read back (lazily) from ``target``.

    Raises:
        StandardLoadError: for a wrong standard file.
        EvaluationError: for a column that is no profile fact, an unknown municipality or
            service.
    """
    profiles = spark.read.parquet(str(source))
    result = evaluate(
        profiles, municipality=municipality, on=on, standards=standards, services=services
    )
    result.write.mode(mode).parquet(str(target))
    return spark.read.parquet(str(target))


def outcome_counts(result: DataFrame) -> dict[str, dict[str, int]]:
    """Per service, how many rows have each outcome (one Spark job).

    Example result: ``{"hillerod/sel-85": {"within_standard": 12, ...}, ...}``.
    """
    from pyspark.sql import functions as f  # noqa: PLC0415 - optional dependency

    columns = [name for name in result.columns if name.endswith(":outcome")]
    if not columns:
        return {}
    sums = [
        f.sum(f.when(f.col(f"`{name}`") == outcome, 1).otherwise(0)).alias(f"{index}:{outcome}")
        for index, name in enumerate(columns)
        for outcome in OUTCOMES
    ]
    row: Any = result.agg(*sums).collect()[0]
    return {
        name.removesuffix(":outcome"): {
            outcome: int(row[f"{index}:{outcome}"] or 0) for outcome in OUTCOMES
        }
        for index, name in enumerate(columns)
    }
