"""The columnar backend: national facts, reading columns of any type, wrong rows, batches."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
import pyarrow as pa
import pytest

from kvalitet import EvaluationError, ProfileError, Standards
from kvalitet.engine.columnar import TableEvaluator, evaluate, missing
from kvalitet.engine.columnar.national import EPOCH, NationalColumns
from kvalitet.engine.columnar.problems import RowProblem
from kvalitet.engine.columnar.vocabulary import columns_of
from kvalitet.engine.table import evaluate_rows, to_arrow
from kvalitet.language.vocabulary_loader import bundled_vocabulary

ON = date(2026, 6, 1)
ROWS: list[dict[str, Any]] = [
    {
        "id": 1,
        "birth_date": date(1984, 3, 14),
        "support_need_level": "C",
        "impairment_substantial": True,
        "special_social_problems": False,
        "group_or_checkpoint_course_insufficient": True,
        "support_hours_per_month": 8.0,
        "current_services": ["sel-85", "sel-96"],
        "housing": "long_term_residence",
    },
    {"id": 2, "age": 66, "motivated": False, "accompanying_children": 2},
    {"id": 3, "current_services": [], "can_go_out_alone": True},
    {"id": 4},
]


def same_as_reference(standards: Standards, table: Any, **kwargs: Any) -> Any:
    columnar = standards.evaluate_table(table, **kwargs)
    assert columnar.equals(evaluate_rows(standards, table, **kwargs))
    return columnar


# -- national facts -------------------------------------------------------------------------


@pytest.mark.parametrize("on", [date(2026, 6, 1), date(2028, 2, 29), date(2027, 2, 28)])
def test_national_facts_of_every_birth_date_since_1900(bundled: Standards, on: date) -> None:
    columns = NationalColumns(bundled.national, on)
    days = np.arange((date(1900, 1, 1) - EPOCH).days, (on - EPOCH).days + 1, dtype=np.int32)
    derived = columns.derive(pa.array(days).cast(pa.date32()), pa.nulls(len(days), pa.float64()))
    got = {name: column.to_pylist() for name, column in derived.items()}
    for index, day in enumerate(days.tolist()):
        expected = bundled.national.derive({"birth_date": EPOCH + timedelta(days=day)}, on)
        assert {name: got[name][index] for name in expected} == expected


def test_national_facts_of_every_age_alone_and_of_the_very_old(bundled: Standards) -> None:
    for on in (date(2026, 6, 1), date(2030, 1, 1), date(2024, 2, 29)):
        columns = NationalColumns(bundled.national, on)
        ages = list(range(131))
        derived = columns.derive(pa.nulls(131, pa.date32()), pa.array(ages, pa.float64()))
        for age in ages:
            expected = bundled.national.derive({"age": age}, on)
            assert {name: derived[name][age].as_py() for name in expected} == expected
        old = [date(1804, 2, 29), date(1700, 6, 2), date(1, 1, 1)]
        derived = columns.derive(pa.array(old, pa.date32()), pa.nulls(3, pa.float64()))
        for index, born in enumerate(old):
            expected = bundled.national.derive({"birth_date": born}, on)
            assert {name: derived[name][index].as_py() for name in expected} == expected


# -- columns of any type --------------------------------------------------------------------


def test_typed_columns_give_the_per_profile_result(bundled: Standards) -> None:
    out = same_as_reference(bundled, ROWS, municipality="hillerod", on=ON)
    assert out.column("id").to_pylist() == [1, 2, 3, 4]
    # The first row is the base profile of Hillerød § 85's cases: within, 8 hours is Pakke 2.
    assert out.column("hillerod/sel-85:outcome")[0].as_py() == "within_standard"
    assert out.column("hillerod/sel-85:scope.package")[0].as_py() == "pakke-2"
    assert out.column("hillerod/sel-97:outcome")[3].as_py() == "undetermined"


def test_text_columns_as_in_a_csv_file_read_the_same(bundled: Standards) -> None:
    typed = to_arrow(ROWS)
    as_text = pa.table(
        {
            "id": ["1", "2", "3", "4"],
            "birth_date": ["1984-03-14", None, None, " "],
            "age": [None, "66", None, None],
            "support_need_level": ["C", None, None, None],
            "impairment_substantial": ["yes", None, None, None],
            "special_social_problems": ["FALSE", None, None, None],
            "group_or_checkpoint_course_insufficient": ["1", None, None, None],
            "support_hours_per_month": ["8", None, None, None],
            "current_services": ["sel-85; sel-96", None, "", None],
            "housing": ["long_term_residence", None, None, None],
            "motivated": [None, "no", None, None],
            "accompanying_children": [None, "2.0", None, None],
            "can_go_out_alone": [None, None, "true", None],
        }
    )
    as_text = as_text.set_column(1, "birth_date", pa.array(["1984-03-14", None, None, None]))
    expected = bundled.evaluate_table(typed, municipality="hillerod", on=ON)
    got = bundled.evaluate_table(as_text, municipality="hillerod", on=ON)
    assert got.drop_columns(["id"]).equals(expected.drop_columns(["id"]))


def test_pandas_dictionaries_timestamps_and_integers_read_the_same(bundled: Standards) -> None:
    typed = to_arrow(ROWS)
    frame = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "birth_date": pd.to_datetime(["1984-03-14", None, None, None]),
            "age": [None, 66, None, None],  # a float column with NaN in pandas: NaN is null
            "support_need_level": pd.Categorical(["C", None, None, None]),
            "impairment_substantial": [True, None, None, None],
            "special_social_problems": [False, None, None, None],
            "group_or_checkpoint_course_insufficient": [True, None, None, None],
            "support_hours_per_month": [8, None, None, None],
            "current_services": [["sel-85", "sel-96"], None, [], None],
            "housing": pd.Categorical(["long_term_residence", None, None, None]),
            "motivated": [None, False, None, None],
            "accompanying_children": pd.array([None, 2, None, None], dtype="Int64"),
            "can_go_out_alone": [None, None, True, None],
        }
    )
    expected = bundled.evaluate_table(typed, municipality="hillerod", on=ON)
    assert bundled.evaluate_table(frame, municipality="hillerod", on=ON).equals(expected)


def test_an_unknown_column_is_refused_with_a_suggestion(bundled: Standards) -> None:
    with pytest.raises(ProfileError, match=r"'motivatd' is not a profile field — did you mean"):
        bundled.evaluate_table([{"motivatd": True}], municipality="haderslev", on=ON)
    table = pa.table({"age": [1], "agee": [2]}).rename_columns(["age", "age"])
    with pytest.raises(ProfileError, match="duplicate-column: 'age' appears 2 times"):
        bundled.evaluate_table(table, municipality="haderslev", on=ON)


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("age", [30, 140], "<table>:2:1: invalid-value: age: must be at most 130 (got 140)"),
        ("age", [30.0, 30.5], "<table>:2:1: invalid-value: age: expected a whole number, not one"),
        ("age", ["30", "thirty"], "<table>:2:1: invalid-value: age: expected a whole number (got"),
        ("support_hours_per_month", [1.0, -2.0], "must be at least 0 (got -2.0)"),
        ("support_hours_per_month", [1.0, float("inf")], "expected a finite number"),
        ("support_need_level", ["C", "F"], "expected one of A, B, C, D, E (got 'F')"),
        (
            "motivated",
            ["true", None, "maybe"],
            "<table>:3:1: invalid-value: motivated: expected true or",
        ),
        (
            "motivated",
            [1, 2],
            "<table>:2:1: invalid-value: motivated: expected true or false (got 2)",
        ),
        ("birth_date", ["1984-03-14", "1984-13-01"], "expected a date, YYYY-MM-DD"),
        (
            "birth_date",
            [date(2030, 1, 1)],
            "<table>:1:1: invalid-value: birth_date: must not be after",
        ),
        ("birth_date", [datetime(1984, 3, 14, 12)], "expected a date without a time of day"),
        ("current_services", [["sel-85"], ["SEL 85"]], "expected a list of service codes"),
        ("current_services", [["sel-85", None]], "<table>:1:1: invalid-value: current_services:"),
        ("current_services", [1, 2], "expected a list of service codes"),
        ("birth_date", [date(1899, 12, 31)], "birth_date: must be on or after 1900-01-01"),
        ("current_services", [["sel-85"] * 51], "current_services: must have at most 50 service"),
        ("housing", [1, 2], "<table>:1:1: invalid-value: housing: expected one of own_home"),
    ],
)
def test_a_wrong_value_names_its_row_and_column(
    bundled: Standards, column: str, values: list[Any], message: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        bundled.evaluate_table(pa.table({column: values}), municipality="hillerod", on=ON)
    assert message in str(caught.value)


def test_many_wrong_rows_are_counted_after_the_first(bundled: Standards) -> None:
    table = pa.table({"age": [200] * 50, "support_need_level": ["Z"] * 50})
    with pytest.raises(ProfileError) as caught:
        bundled.evaluate_table(table, municipality="hillerod", on=ON)
    problems = caught.value.problems
    assert str(problems[0]) == "<table>:1:1: invalid-value: age: must be at most 130 (got 200)"
    assert str(problems[1]).startswith("<table>:1:1: invalid-value: support_need_level:")
    assert problems[0].path == ("age",)
    # The rows not named are counted in a line of their own, not as a problem of a row.
    assert caught.value.more == "… and 40 more wrong rows"
    assert str(caught.value).endswith("\n… and 40 more wrong rows")
    assert {p.line for p in problems} == set(range(1, 11))
    assert all(p.message.startswith(("age:", "support_need_level:")) for p in problems)


def test_an_empty_table_gives_the_columns_and_no_rows(bundled: Standards) -> None:
    empty = pa.table({"id": pa.array([], pa.int64()), "age": pa.array([], pa.int64())})
    out = bundled.evaluate_table(empty, municipality="haderslev", on=ON)
    assert out.num_rows == 0
    assert out.schema == evaluate_rows(bundled, empty, municipality="haderslev", on=ON).schema


def test_chunked_sliced_and_many_batches_keep_the_rows_in_order(
    bundled: Standards, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate, "BATCH_ROWS", 3)
    base = to_arrow(ROWS * 5)
    chunked = pa.concat_tables([base.slice(1, 7), base.slice(9, 11)])
    out = same_as_reference(bundled, chunked, municipality="hillerod", on=ON)
    assert out.column("id").to_pylist() == chunked.column("id").to_pylist()
    assert out.column("id").num_chunks > 1


def test_services_choose_the_columns(bundled: Standards) -> None:
    out = same_as_reference(
        bundled, ROWS, municipality="hillerod", on=ON, services=["sel-97", "hillerod/sel-85"]
    )
    services = {name.split(":")[0] for name in out.column_names if ":" in name}
    assert services == {"hillerod/sel-97", "hillerod/sel-85"}
    with pytest.raises(EvaluationError, match="no service 'sel-999'"):
        bundled.evaluate_table(ROWS, municipality="hillerod", on=ON, services=["sel-999"])


def test_a_batch_evaluator_reports_wrong_rows_and_evaluates_the_rest(bundled: Standards) -> None:
    evaluator = TableEvaluator(bundled, municipality="haderslev", on=ON)
    batch = pa.record_batch({"motivated": [False, None, True], "age": [30, 300, None]})
    out, problems = evaluator.evaluate(batch, {2: [RowProblem("not-json", "not JSON: …")]})
    assert out.column(0).to_pylist() == ["outside_standard", None, None]
    assert list(problems.rows()) == [
        (1, [RowProblem("invalid-value", "age: must be at most 130 (got 300)", "age")]),
        (2, [RowProblem("not-json", "not JSON: …")]),
    ]


def test_the_remembered_patterns_of_missing_facts_stay_bounded(
    bundled: Standards, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most MAX_PATTERNS per service, or the patterns of the latest batch if more."""
    monkeypatch.setattr(missing, "MAX_PATTERNS", 3)
    facts = [
        name
        for name, spec in columns_of(bundled_vocabulary()).inputs.items()
        if spec.kind == "bool"
    ]
    table = to_arrow([{"age": 40, name: True} for name in facts] + ROWS)
    evaluator = TableEvaluator(bundled, municipality="hillerod", on=ON)
    outs = [evaluator.evaluate(batch)[0] for batch in table.to_batches(max_chunksize=1)]
    reference = evaluate_rows(bundled, table, municipality="hillerod", on=ON)
    assert pa.Table.from_batches(outs).equals(reference)
    lists = reference.column("hillerod/sel-95:missing_facts").to_pylist()
    assert len({tuple(names) for names in lists}) > 3  # more patterns than remembered
    for service in evaluator.plan.services:
        assert len(service.missing.known._ids) <= 3
