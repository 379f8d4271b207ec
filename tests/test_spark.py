"""Apache Spark in local mode gives, row for row, the in-process ``evaluate_table``.

One SparkSession (``local[2]``) for the whole test session; small data. Needs a Java runtime
(CI installs Debian's ``default-jre-headless``); without one the Spark tests skip, saying so.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvalitet import EvaluationError, Standards, load_standards
from kvalitet.cli.app import main
from kvalitet.engine.table import to_arrow
from kvalitet.population.synth import synthesize
from kvalitet.spark.bundle import StandardsBundle, cached_digests
from kvalitet.spark.conform import conform_batch
from kvalitet.testing.strategies import profiles

from .conftest import DATA, STANDARDS

ON = date(2026, 6, 1)
HADERSLEV_VOCABULARY = load_standards([STANDARDS / "haderslev", STANDARDS / "national"]).vocabulary


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for Spark (install Debian's default-jre-headless)")
    from pyspark.sql import SparkSession  # noqa: PLC0415 - only when Java is there

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers need this venv's kvalitet
    session = (
        SparkSession.builder.master("local[2]")
        .appName("kvalitet-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def write_profiles(rows: pa.Table, path: Path, *, files: int = 2) -> Path:
    """A Parquet folder of several files, so Spark reads several partitions."""
    path.mkdir(parents=True, exist_ok=True)
    step = max(1, -(-rows.num_rows // files))
    for index, start in enumerate(range(0, rows.num_rows, step)):
        pq.write_table(rows.slice(start, step), path / f"part-{index}.parquet")
    return path


def read_sorted(path: Path) -> pa.Table:
    table = pq.read_table(path)
    return table.sort_by("id")


def test_spark_equals_in_process_row_for_row(
    spark: Any, bundled: Standards, tmp_path: Path
) -> None:
    import kvalitet.spark as kspark  # noqa: PLC0415 - needs pyspark

    population = pa.Table.from_batches(list(synthesize(300, seed=12, on=ON)))
    source = write_profiles(population, tmp_path / "profiles")
    result = kspark.evaluate_parquet(
        spark, source, tmp_path / "outcomes", municipality="hillerod", on=ON
    )
    expected = bundled.evaluate_table(population, municipality="hillerod", on=ON)
    written = read_sorted(tmp_path / "outcomes")
    assert written.schema.equals(expected.schema)
    assert written.to_pylist() == expected.to_pylist()
    counts = kspark.outcome_counts(result)
    sel_85 = expected.column("hillerod/sel-85:outcome").to_pylist()
    assert counts["hillerod/sel-85"] == {o: sel_85.count(o) for o in counts["hillerod/sel-85"]}


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(profiles(on=ON, vocabulary=HADERSLEV_VOCABULARY), min_size=1, max_size=30))
def test_spark_equals_in_process_on_generated_profiles(
    spark: Any, haderslev: Standards, tmp_path: Path, rows: list[Any]
) -> None:
    import kvalitet.spark as kspark  # noqa: PLC0415 - needs pyspark

    data = [{"id": i, **row.model_dump(exclude_none=True)} for i, row in enumerate(rows)]
    table = pa.Table.from_batches([conform_batch(to_arrow(data).to_batches()[0], "generated")])
    folder = tmp_path / f"generated-{abs(hash(str(data)))}"
    source = write_profiles(table, folder / "profiles", files=1)
    frame = spark.read.parquet(str(source))
    standards = [STANDARDS / "haderslev", STANDARDS / "national"]
    result = kspark.evaluate(frame, municipality="haderslev", on=ON, standards=standards)
    result.write.parquet(str(folder / "outcomes"))
    expected = haderslev.evaluate_table(table, municipality="haderslev", on=ON)
    assert read_sorted(folder / "outcomes").to_pylist() == expected.to_pylist()


def test_the_cli_evaluates_a_parquet_folder_on_spark(
    spark: Any, bundled: Standards, tmp_path: Path
) -> None:
    population = pa.Table.from_batches(list(synthesize(120, seed=5, on=ON)))
    source = write_profiles(population, tmp_path / "profiles")
    out = tmp_path / "outcomes"
    args = ["population", "evaluate", "--engine", "spark", "-m", "hillerod", "--on", "2026-06-01"]
    args += ["--services", "sel-85"]
    result = CliRunner().invoke(main, [*args, str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = bundled.evaluate_table(
        population, municipality="hillerod", on=ON, services=["sel-85"]
    )
    assert read_sorted(out).to_pylist() == expected.to_pylist()
    outcomes = expected.column("hillerod/sel-85:outcome").to_pylist()
    summary = ", ".join(
        f"{o} {outcomes.count(o)}" for o in ("within_standard", "outside_standard", "undetermined")
    )
    assert f"hillerod/sel-85: {summary}" in result.output
    again = CliRunner().invoke(main, [*args, str(source), "-o", str(out)])
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert spark.range(3).count() == 3  # the CLI reused the session and left it running


@pytest.mark.usefixtures("spark")
def test_a_municipality_s_own_facts_reach_the_executors(tmp_path: Path) -> None:
    # Nyby's vocabulary (tests/data/nyby) declares facts the bundled one lacks; the executors
    # conform each batch by the loaded set's vocabulary, not the bundled one.
    nyby = load_standards([DATA / "nyby"])
    population = pa.Table.from_batches(
        list(synthesize(150, seed=9, on=ON, vocabulary=nyby.vocabulary))
    )
    assert "can_do_subtasks_or_be_guided" in population.column_names
    source = write_profiles(population, tmp_path / "profiles")
    out = tmp_path / "outcomes"
    args = ["population", "evaluate", "--engine", "spark", "-m", "nyby", "--on", "2026-06-01"]
    args += ["--standards", str(DATA / "nyby")]
    result = CliRunner().invoke(main, [*args, str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = nyby.evaluate_table(population, municipality="nyby", on=ON)
    assert read_sorted(out).to_pylist() == expected.to_pylist()


def test_a_column_that_is_no_fact_is_refused_before_any_job(spark: Any) -> None:
    import kvalitet.spark as kspark  # noqa: PLC0415 - needs pyspark

    frame = spark.createDataFrame([(1, True)], "id long, motivatd boolean")
    with pytest.raises(EvaluationError, match="'motivatd' is not a profile fact — did you mean"):
        kspark.evaluate(frame, municipality="hillerod", on=ON)
    with pytest.raises(EvaluationError, match="unknown municipality 'hilerod'"):
        kspark.evaluate(frame.drop("motivatd"), municipality="hilerod", on=ON)


# --- the bundle of standard files (no Spark needed) -----------------------------------------


def test_a_bundle_keeps_the_layout_and_loads_once_per_process(tmp_path: Path) -> None:
    bundle = StandardsBundle.from_paths([STANDARDS / "haderslev", STANDARDS / "national"])
    names = [name for name, _ in bundle.files]
    assert "0/haderslev/2024/sel-102.yaml" in names
    assert "1/national/age-limits.yaml" in names
    assert not any("/cases/" in name for name in names)
    first = bundle.load()
    assert bundle.load() is first
    assert bundle.digest in cached_digests()
    assert [p.service for p in first.programs] == ["haderslev/sel-102"]
    copy = tmp_path / "haderslev"
    shutil.copytree(STANDARDS / "haderslev", copy)
    assert StandardsBundle.from_paths([copy, STANDARDS / "national"]).digest == bundle.digest
    changed = copy / "2024" / "sel-102.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    other = StandardsBundle.from_paths([copy, STANDARDS / "national"])
    assert other.digest != bundle.digest


def test_a_national_file_given_alone_stays_national() -> None:
    national = STANDARDS / "national" / "age-limits.yaml"
    bundle = StandardsBundle.from_paths([STANDARDS / "haderslev", national])
    assert bundle.roots[1] == "1/national/age-limits.yaml"
    assert [p.service for p in bundle.load().programs] == ["haderslev/sel-102"]
