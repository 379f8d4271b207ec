"""The columnar backend equals the per-profile ``compiled`` engine, row for row.

Generated tables are evaluated by ``Standards.evaluate_table`` and by the reference
``evaluate_rows``, which runs each row through the per-profile engine; every column (outcome,
access, scope, missing facts) must be equal. Rows are drawn four ways: any profile, sparse
profiles, age-only profiles (ages around the pension ages) and the profiles of the standards'
own cases with facts dropped or changed (so that many rows are within a standard or one fact
away from it, and the scope columns are exercised).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet import Standards, load_standards
from kvalitet.authoring.cases import case_profile, find_case_files, read_case_file
from kvalitet.engine.boundaries import boundaries
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.table import evaluate_rows, to_arrow
from kvalitet.language.facts import profile_facts
from kvalitet.testing.strategies import fact_values, profiles

from .conftest import make_testby_folder

DATA = Path(__file__).parent / "data"
STANDARDS = Path(__file__).resolve().parents[1] / "standards"
MADE_UP_SEEDS = [
    {
        "birth_date": date(1980, 5, 17),
        "monthly_extra_expenses": 700.0,
        "support_hours_per_month": 8.0,
        "can_go_out_alone": False,
        "support_need_level": "C",
        "housing": "long_term_residence",
        "escort_in_residence_hours_per_month": 4.0,
        "weekly_care_need_hours": 60.0,
        "helper_count": 2,
        "home_relief_days_per_year": 3,
        "treatment_form": "day",
        "accompanying_children": 3,
        "current_services": ["sel-85"],
    },
    {
        "birth_date": date(1990, 1, 31),
        "monthly_extra_expenses": 551.0,
        "support_hours_per_month": 12.5,
        "can_go_out_alone": True,
        "support_need_level": "D",
        "housing": "own_home",
        "escort_in_residence_hours_per_month": 20.0,
        "helper_count": 0,
        "treatment_form": "ambulant",
        "current_services": [],
    },
    {
        "age": 67,
        "support_hours_per_month": 4.0,
        "can_go_out_alone": False,
        "support_need_level": "D",
        "housing": "homeless",
        "current_services": ["sel-101"],
    },
]


def assert_same(standards: Standards, table: Any, municipality: str, on: date) -> None:
    columnar = standards.evaluate_table(table, municipality=municipality, on=on)
    reference = evaluate_rows(standards, table, municipality=municipality, on=on)
    assert columnar.schema == reference.schema
    for index, (got, expected) in enumerate(
        zip(columnar.to_pylist(), reference.to_pylist(), strict=True)
    ):
        assert got == expected, f"row {index}: {table.slice(index, 1).to_pylist()}"


def case_seeds(folder: Path) -> list[dict[str, Any]]:
    """The profile of every case of every case file under ``folder``."""
    seeds: list[dict[str, Any]] = []
    for path in find_case_files([folder]):
        cases = read_case_file(path)
        seeds.extend(case_profile(cases, case) for case in cases.cases)
    return seeds


@st.composite
def changed(
    draw: st.DrawFn,
    seeds: Sequence[dict[str, Any]],
    near: dict[str, set[Any]],
    standards: Standards,
) -> Any:
    """A seed profile with up to three facts dropped (unknown) or drawn anew."""
    profile = dict(draw(st.sampled_from(seeds)))
    facts = profile_facts(standards.vocabulary)
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(sorted(facts)))
        if name in profile and draw(st.booleans()):
            del profile[name]
        else:
            profile[name] = draw(fact_values(facts[name], near.get(name)))
    return standards.parse_profile(profile)


@st.composite
def tables(
    draw: st.DrawFn,
    standards: Standards,
    programs: tuple[ServiceProgram, ...],
    on: date,
    seeds: Sequence[dict[str, Any]] = (),
) -> Any:
    """Tables of valid profiles of the standards' vocabulary, with and without an ``id``."""
    vocabulary = standards.vocabulary
    full = profiles(programs=programs, on=on, vocabulary=vocabulary)
    sparse = profiles(programs=programs, on=on, missing=0.85, vocabulary=vocabulary)
    age_only = st.integers(60, 72) | st.sampled_from([0, 17, 18, 130])
    age_rows = age_only.flatmap(
        lambda age: profiles(
            programs=programs, fixed={"birth_date": None, "age": age}, vocabulary=vocabulary
        )
    )
    kinds = full | sparse | age_rows
    if seeds:
        kinds = kinds | changed(seeds, boundaries(programs), standards)
    rows = draw(st.lists(kinds, min_size=1, max_size=12))
    data = [profile.model_dump(exclude_none=True) for profile in rows]
    for row in data:  # a birth date after the evaluation date is wrong (tested elsewhere)
        if row.get("birth_date", on) > on:
            row["birth_date"] = on
    if draw(st.booleans()):
        for index, row in enumerate(data):
            row["id"] = f"p{index}"
    if not any(data):  # only empty profiles: a table needs a column
        return pa.table({"id": list(range(len(data)))})
    return to_arrow(data)


def dates(first: date, last: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=first, max_value=last)


@pytest.fixture(scope="module")
def made_up(tmp_path_factory: pytest.TempPathFactory) -> Standards:
    """A standard using every part of the rule language (see data/columnar.yaml)."""
    folder = make_testby_folder(tmp_path_factory.mktemp("standards"))
    (folder / "sel-85.yaml").write_text(
        (DATA / "columnar.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return load_standards([folder])


@pytest.fixture(scope="module")
def hillerod_seeds() -> list[dict[str, Any]]:
    return case_seeds(STANDARDS / "hillerod")


@pytest.fixture(scope="module")
def haderslev_seeds() -> list[dict[str, Any]]:
    return case_seeds(STANDARDS / "haderslev")


@given(data=st.data(), on=dates(date(2026, 1, 1), date(2030, 12, 31)))
def test_hillerod_rows_equal_the_per_profile_engine(
    bundled: Standards, hillerod_seeds: list[dict[str, Any]], data: st.DataObject, on: date
) -> None:
    programs = bundled.in_force("hillerod", on)
    assert_same(bundled, data.draw(tables(bundled, programs, on, hillerod_seeds)), "hillerod", on)


@given(data=st.data(), on=dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_haderslev_rows_equal_the_per_profile_engine(
    bundled: Standards, haderslev_seeds: list[dict[str, Any]], data: st.DataObject, on: date
) -> None:
    programs = bundled.in_force("haderslev", on)
    assert_same(bundled, data.draw(tables(bundled, programs, on, haderslev_seeds)), "haderslev", on)


@given(data=st.data(), on=dates(date(2022, 1, 1), date(2029, 12, 31)))
def test_every_part_of_the_rule_language_equals_the_per_profile_engine(
    made_up: Standards, data: st.DataObject, on: date
) -> None:
    programs = made_up.in_force("testby", on)
    assert_same(made_up, data.draw(tables(made_up, programs, on, MADE_UP_SEEDS)), "testby", on)


def test_the_generated_tables_reach_every_outcome_and_scope(
    made_up: Standards, bundled: Standards
) -> None:
    """The seeds make within-standard rows common enough for the scope columns to be tested."""
    on = date(2026, 6, 1)
    for standards, municipality, seeds in (
        (made_up, "testby", MADE_UP_SEEDS),
        (bundled, "hillerod", case_seeds(STANDARDS / "hillerod")),
    ):
        table = to_arrow(
            [standards.parse_profile(seed).model_dump(exclude_none=True) for seed in seeds]
        )
        out = standards.evaluate_table(table, municipality=municipality, on=on)
        outcomes = {
            value
            for name in out.column_names
            if name.endswith(":outcome")
            for value in out.column(name).to_pylist()
        }
        assert "within_standard" in outcomes
        scope = [name for name in out.column_names if ":scope." in name]
        assert sum(out.column(name).null_count < out.num_rows for name in scope) >= 3
