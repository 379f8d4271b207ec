"""``population evaluate --engine spark``: a Parquet folder of profiles evaluated on Apache Spark.

It calls :func:`kvalitet.spark.evaluate_parquet`; the options are read by
:mod:`kvalitet.cli.population`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from kvalitet.cli.options import InputError, evaluation_day
from kvalitet.language.problems import KvalitetError


def evaluate_on_spark(
    source: Path,
    output: Path,
    *,
    municipality: str,
    on: object,
    services: list[str] | None,
    master: str | None,
    overwrite: bool,
    standard_paths: tuple[Path, ...],
) -> None:
    """Evaluate a Parquet file or folder of profiles on Apache Spark into a Parquet folder.

    Every service's outcome, access, scope and missing facts, exactly as ``evaluate_table``
    gives them; then the outcomes per service on stderr. Needs the spark extra and Java.
    """
    try:
        from pyspark.errors import AnalysisException  # noqa: PLC0415 - needs the spark extra
        from pyspark.sql import SparkSession  # noqa: PLC0415

        from kvalitet.spark import evaluate_parquet, outcome_counts  # noqa: PLC0415
    except ImportError as error:
        raise InputError(str(error)) from None
    local = master is None or master.startswith("local")
    if local:
        # Local Python workers must be this interpreter, which has kvalitet installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("kvalitet")
    if master is not None:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    started = time.perf_counter()
    try:
        result = evaluate_parquet(
            spark, source, output, municipality=municipality, on=evaluation_day(on),
            standards=standard_paths or None, services=services,
            mode="overwrite" if overwrite else "errorifexists",
        )  # fmt: skip
        counts = outcome_counts(result)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    except AnalysisException as error:  # e.g. no such input, or the output exists
        raise InputError(f"Spark: {str(error).splitlines()[0]}") from None
    seconds = time.perf_counter() - started
    rows = sum(next(iter(counts.values()), {}).values())
    click.echo(f"{rows:,} profiles in {seconds:.1f} s to {output}", err=True)
    for service, tally in counts.items():
        summary = ", ".join(f"{outcome} {n:,}" for outcome, n in tally.items())
        click.echo(f"  {service}: {summary}", err=True)
