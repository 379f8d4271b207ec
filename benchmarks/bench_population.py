"""Benchmark: synthetic populations, reform impact, and Spark local mode.

Prints numbers; asserts nothing about speed. Checks that Spark and the in-process
``evaluate_table`` agree on the rows it times.

    python benchmarks/bench_population.py                  # 1M synth, 100k impact, 20k Spark
    python benchmarks/bench_population.py --impact-rows 10000 --spark-rows 5000 --no-spark
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kvalitet import load_standards
from kvalitet.population.assess import assess
from kvalitet.population.reform import load_reform
from kvalitet.population.spec import read_spec
from kvalitet.population.synth import synthesize, write_population

ON = date(2026, 6, 1)
ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "examples" / "population-spec.yaml"
HILLEROD = ROOT / "standards" / "hillerod" / "2026"


def bench_synth(rows: int, folder: Path) -> None:
    spec = read_spec(SPEC)
    started = time.perf_counter()
    drawn = sum(batch.num_rows for batch in synthesize(rows, seed=1, on=ON, spec=spec))
    in_memory = time.perf_counter() - started
    summary = write_population(folder / "synth.parquet", rows, seed=1, on=ON, spec=spec)
    size = summary.path.stat().st_size / 2**20
    print(
        f"synth, in memory:   {drawn:>10,} rows  {in_memory:6.2f} s  "
        f"{drawn / in_memory:>12,.0f} rows/s"
    )
    print(
        f"synth, to Parquet:  {rows:>10,} rows  {summary.seconds:6.2f} s  "
        f"{rows / summary.seconds:>12,.0f} rows/s  ({size:,.0f} MiB, {summary.columns} columns)"
    )


def test_reform(folder: Path) -> Path:
    """The tests' reform: Pakke 2 ends at 12 hours, § 97 gives 12 hours (not real policy)."""
    reform = folder / "reform"
    reform.mkdir()
    sel_85 = (HILLEROD / "sel-85.yaml").read_text(encoding="utf-8")
    sel_85 = sel_85.replace("gt: 5, le: 13}", "gt: 5, le: 12}").replace(
        "gt: 13, le: 20}", "gt: 12, le: 20}"
    )
    (reform / "sel-85.yaml").write_text(sel_85, encoding="utf-8")
    sel_97 = (HILLEROD / "sel-97.yaml").read_text(encoding="utf-8")
    sel_97 = sel_97.replace("set: {hours_per_month: 15}", "set: {hours_per_month: 12}")
    sel_97 = sel_97.replace("{sub: [15, {fact:", "{sub: [12, {fact:")
    (reform / "sel-97.yaml").write_text(sel_97, encoding="utf-8")
    return reform


def bench_impact(rows: int, folder: Path) -> None:
    population = folder / "impact-population.parquet"
    write_population(population, rows, seed=2, on=ON, spec=read_spec(SPEC))
    reform = load_reform([test_reform(folder)])
    started = time.perf_counter()
    result = assess(
        reform, population, folder / "report", municipality="hillerod", on=ON, reform_label="test"
    )
    seconds = time.perf_counter() - started
    impact = result.impact
    print(
        f"impact (2 services): {impact.rows:>8,} rows  {seconds:6.2f} s  "
        f"{impact.rows / seconds:>12,.0f} rows/s  ({impact.changed_rows:,} changed rows)"
    )
    print(f"  of which evaluate_table, baseline and reform: {impact.evaluation_seconds:6.2f} s")


def bench_spark(rows: int, folder: Path, partitions: int) -> None:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession  # noqa: PLC0415 - optional

    import kvalitet.spark as kspark  # noqa: PLC0415 - optional

    started = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark session start:  {time.perf_counter() - started:6.2f} s")
    source = folder / "spark-profiles"
    source.mkdir()
    table = pa.Table.from_batches(list(synthesize(rows, seed=3, on=ON, spec=read_spec(SPEC))))
    step = -(-rows // partitions)
    for index, start in enumerate(range(0, rows, step)):
        pq.write_table(table.slice(start, step), source / f"part-{index}.parquet")
    frame = spark.read.parquet(str(source))
    warm = kspark.evaluate(frame.limit(10), municipality="hillerod", on=ON)
    started = time.perf_counter()
    warm.write.format("noop").mode("overwrite").save()
    print(f"spark warm-up (load standards in the workers): {time.perf_counter() - started:6.2f} s")
    result = kspark.evaluate(frame, municipality="hillerod", on=ON)
    started = time.perf_counter()
    result.write.format("noop").mode("overwrite").save()
    seconds = time.perf_counter() - started
    print(
        f"spark local[2], 21 services: {rows:>8,} rows  {seconds:6.2f} s  "
        f"{rows / seconds:>10,.0f} profiles/s"
    )
    started = time.perf_counter()
    expected = load_standards().evaluate_table(table, municipality="hillerod", on=ON)
    seconds = time.perf_counter() - started
    print(
        f"in-process evaluate_table:   {rows:>8,} rows  {seconds:6.2f} s  "
        f"{rows / seconds:>10,.0f} profiles/s (one process)"
    )
    out = folder / "spark-outcomes"
    result.write.parquet(str(out))
    written: Any = pq.read_table(out).sort_by("id")
    assert written.to_pylist() == expected.to_pylist(), "Spark and in-process disagree"
    spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synth-rows", type=int, default=1_000_000)
    parser.add_argument("--impact-rows", type=int, default=100_000)
    parser.add_argument("--spark-rows", type=int, default=20_000)
    parser.add_argument("--spark-partitions", type=int, default=8)
    parser.add_argument("--no-spark", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as name:
        folder = Path(name)
        bench_synth(options.synth_rows, folder)
        bench_impact(options.impact_rows, folder)
        if not options.no_spark:
            bench_spark(options.spark_rows, folder, options.spark_partitions)


if __name__ == "__main__":
    main()
