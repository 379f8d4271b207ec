"""Synthetic populations: reproducible, valid profiles, the spec's marginals, located errors."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kvalitet import Profile
from kvalitet.cli.app import main
from kvalitet.language.problems import StandardLoadError
from kvalitet.language.profile import parse_profile
from kvalitet.population.facts import population_facts
from kvalitet.population.spec import DEFAULT_SPAN, parse_spec
from kvalitet.population.synth import BLOCK_ROWS, population_schema, synthesize, write_population

ON = date(2026, 6, 1)
SPEC = """\
missing: 0.25
facts:
  motivated: {missing: 0.1, probability: 0.7}
  support_need_level: {missing: 0, weights: {C: 3, D: 1}}
  support_hours_per_month: {distribution: lognormal, median: 10, sigma: 0.6, max: 30, decimals: 1}
  weekly_care_need_hours: {distribution: normal, mean: 20, sd: 8, min: 5, max: 37}
  accompanying_children: {distribution: uniform, min: 1, max: 3}
  birth_date: {missing: 0, age: {min: 30, max: 40}}
  current_services: {missing: 0, codes: {sel-85: 0.5, sel-96: 0.1}}
"""


def table(size: int, seed: int, spec: str | None = None) -> pa.Table:
    parsed = parse_spec(spec) if spec is not None else None
    batches = synthesize(size, seed=seed, on=ON, spec=parsed)
    return pa.Table.from_batches(list(batches), schema=population_schema())


def share(column: pa.ChunkedArray, value: object) -> float:
    known = column.drop_null()
    return float(pc.sum(pc.equal(known, value)).as_py()) / len(known)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others() -> None:
    assert table(500, 7, SPEC).equals(table(500, 7, SPEC))
    assert not table(500, 7, SPEC).equals(table(500, 8, SPEC))


def test_a_smaller_population_is_the_first_rows_of_a_larger_one() -> None:
    small, large = table(BLOCK_ROWS + 10, 3), table(BLOCK_ROWS + 500, 3)
    assert small.equals(large.slice(0, BLOCK_ROWS + 10))
    assert small.column("id").to_pylist()[-1] == BLOCK_ROWS + 9


def test_every_fact_is_a_column_and_ids_count_rows() -> None:
    drawn = table(10, 1)
    assert drawn.column_names == ["id", *population_facts()]
    assert drawn.column("id").to_pylist() == list(range(10))
    assert table(0, 1).num_rows == 0


@settings(max_examples=20)
@given(seed=st.integers(min_value=0, max_value=2**32), with_spec=st.booleans())
def test_every_row_is_a_valid_profile(seed: int, with_spec: bool) -> None:  # noqa: FBT001
    for row in table(40, seed, SPEC if with_spec else None).to_pylist():
        data = {k: v for k, v in row.items() if k != "id" and v is not None}
        profile = parse_profile(data, Profile)
        assert isinstance(profile, Profile)
        assert profile.birth_date is None or profile.birth_date <= ON


def test_the_marginals_follow_the_spec() -> None:
    drawn = table(20_000, 11, SPEC)
    rows = drawn.num_rows
    sigma = math.sqrt(0.25 / rows)  # the largest standard error of a share
    assert abs(drawn.column("motivated").null_count / rows - 0.1) < 5 * sigma
    assert abs(share(drawn.column("motivated"), value=True) - 0.7) < 5 * sigma
    assert abs(drawn.column("housing").null_count / rows - 0.25) < 5 * sigma  # the default
    level = drawn.column("support_need_level")
    assert level.null_count == 0
    assert set(level.to_pylist()) == {"C", "D"}
    assert abs(share(level, "C") - 0.75) < 5 * sigma
    hours = drawn.column("support_hours_per_month").drop_null().to_pylist()
    assert min(hours) >= 0
    assert max(hours) <= 30
    assert all(round(h, 1) == h for h in hours)
    assert abs(sorted(hours)[len(hours) // 2] - 10) < 0.5  # the median
    care = drawn.column("weekly_care_need_hours").drop_null().to_pylist()
    assert 5 <= min(care) <= max(care) <= 37
    assert abs(sum(care) / len(care) - 20) < 0.5
    children = set(drawn.column("accompanying_children").drop_null().to_pylist())
    assert children == {1, 2, 3}


def test_birth_dates_give_the_age_range_on_the_reference_date() -> None:
    def age(born: date) -> int:
        return ON.year - born.year - ((ON.month, ON.day) < (born.month, born.day))

    ages = {age(born) for born in table(5000, 2, SPEC).column("birth_date").to_pylist()}
    assert ages == set(range(30, 41))


def test_a_number_without_a_declared_maximum_is_drawn_over_the_default_span() -> None:
    # support_hours_per_month declares min 0 and no max: uniform over 0..DEFAULT_SPAN, not up
    # to the profile's outer limit (1e9), which no standard's threshold comes near.
    assert population_facts()["support_hours_per_month"].minimum == 0
    hours = table(5000, 4).column("support_hours_per_month").drop_null()
    assert pc.min(hours).as_py() >= 0
    assert pc.max(hours).as_py() <= DEFAULT_SPAN["number"]
    assert pc.max(hours).as_py() > DEFAULT_SPAN["number"] / 2


def test_service_lists_hold_only_the_spec_codes_at_their_rates() -> None:
    lists = table(20_000, 5, SPEC).column("current_services").to_pylist()
    assert all(code in {"sel-85", "sel-96"} for codes in lists for code in codes)
    assert abs(sum("sel-85" in codes for codes in lists) / len(lists) - 0.5) < 0.02
    assert abs(sum("sel-96" in codes for codes in lists) / len(lists) - 0.1) < 0.02
    default = table(20_000, 5).column("current_services").drop_null().to_pylist()
    assert {code for codes in default for code in codes} == set(
        population_facts()["current_services"].values
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "facts: {motivatd: {probability: 0.7}}",
            "<spec>:1:9: unknown-key: 'motivatd' is not a key here — did you mean 'motivated'?",
        ),
        (
            "facts:\n  housing: {weights: {own_hom: 1}}",
            "<spec>:2:23: unknown-key: 'own_hom' is not a key here — did you mean 'own_home'?",
        ),
        (
            "facts:\n  support_hours_per_month: {distribution: gamma}",
            "<spec>:2:43: invalid-value: facts.support_hours_per_month.distribution: Input "
            "should be 'uniform', 'normal' or 'lognormal' (got 'gamma')",
        ),
        (
            "facts:\n  weekly_care_need_hours: {distribution: normal, mean: 3}",
            "<spec>:2:27: invalid-value: facts.weekly_care_need_hours: a normal distribution "
            "needs sd",
        ),
        (
            # The loader's error mapping drops a last key named like an amount tag (min, max).
            "facts:\n  support_hours_per_month: {min: -5}",
            "<spec>:2:28: invalid-value: facts.support_hours_per_month: Input should be "
            "greater than or equal to 0 (got -5)",
        ),
        (
            "facts:\n  current_services: {codes: {sel-85: 2}}",
            "<spec>:2:38: invalid-value: facts.current_services.codes.sel-85: Input should be "
            "less than or equal to 1 (got 2)",
        ),
        (
            "facts:\n  support_need_level: {weights: {A: 0}}",
            "<spec>:2:23: invalid-value: facts.support_need_level: at least one value needs a "
            "weight above 0",
        ),
        (
            "facts:\n  birth_date: {age: {min: 50, max: 20}}",
            "<spec>:2:21: invalid-value: facts.birth_date.age: min 50 is above max 20",
        ),
    ],
)
def test_a_wrong_spec_is_a_located_error(spec: str, message: str) -> None:
    with pytest.raises(StandardLoadError) as caught:
        parse_spec(spec)
    assert [str(problem) for problem in caught.value.problems] == [message]


def test_the_cli_writes_the_population_to_parquet(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "population.parquet"
    args = ["population", "synth", "-n", "1000", "--seed", "4", "--spec", str(spec), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--on", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert f"1,000 profiles × {len(population_facts()) + 1} columns" in result.output
    assert pq.read_table(out).equals(table(1000, 4, SPEC))


def test_the_cli_names_a_wrong_spec_and_a_wrong_size(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("facts:\n  motivatd: {}\n", encoding="utf-8")
    out = str(tmp_path / "p.parquet")
    result = CliRunner().invoke(
        main, ["population", "synth", "-n", "5", "--spec", str(spec), "-o", out]
    )
    assert result.exit_code == 1
    assert f"{spec}:2:3: unknown-key: 'motivatd'" in result.output
    assert "1 problem found" in result.output
    result = CliRunner().invoke(main, ["population", "synth", "-n", "-5", "-o", out])
    assert result.exit_code == 2
    assert "-5 is not in the range x>=0" in result.output


def test_write_population_reports_rows_and_columns(tmp_path: Path) -> None:
    summary = write_population(tmp_path / "p.parquet", 3, seed=0, on=ON)
    assert (summary.rows, summary.columns) == (3, len(population_facts()) + 1)
    assert pq.read_metadata(summary.path).num_rows == 3
    with pytest.raises(ValueError, match="not -1"):
        write_population(tmp_path / "q.parquet", -1, seed=0, on=ON)


def test_the_example_spec_is_valid_and_used() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "population-spec.yaml"
    spec = parse_spec(example.read_text(encoding="utf-8"), str(example))
    drawn = pa.Table.from_batches(list(synthesize(2000, seed=1, on=ON, spec=spec)))
    assert drawn.column("age").null_count == 2000
    assert set(drawn.column("support_need_level").drop_null().to_pylist()) == set("ABCDE")
