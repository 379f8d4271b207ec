from __future__ import annotations

import math
import pickle
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from kvalitet import Profile, ProfileError, StandardLoadError, Standards, evaluate
from kvalitet.language.profile import parse_profile
from kvalitet.language.profile_file import read_profile_file


def read_profile(standards: Standards, path: Path) -> object:
    file = read_profile_file(path)
    return standards.parse_profile(file.data, source=file.label, positions=file.positions)


def test_every_contract_field_exists() -> None:
    contract = {
        "birth_date", "age", "support_need_level", "impairment_substantial",
        "impairment_permanent", "special_social_problems", "housing", "current_services",
        "can_go_out_alone", "escort_in_residence_hours_per_month", "weekly_care_need_hours",
        "can_be_work_supervisor", "can_be_employer", "employer_transfer",
        "cared_for_at_home_by_close_relative", "support_hours_per_month",
        "monthly_extra_expenses", "early_pension_before_2003", "needs_special_treatment",
        "ordinary_treatment_exhausted", "violence_in_close_relations", "accompanying_children",
        "alcohol_dependence", "drug_dependence", "can_be_alone_at_home",
        "can_express_escort_wish", "aware_of_activity_content",
        "can_request_escort_without_pedagogy", "needs_qualified_escort", "complex_help_need",
        "can_use_other_employment_offers", "needs_social_activities",
        "needs_extensive_daily_help", "needs_24h_care", "motivated",
        "treatment_need_documented", "treatment_available_under_other_law",
    }  # fmt: skip
    assert contract <= set(Profile.model_fields)


def test_every_field_is_optional_and_documented() -> None:
    assert Profile().known_facts() == {}
    for name, field in Profile.model_fields.items():
        assert field.description, name


def test_unknown_field_gets_did_you_mean() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"motivatd": True}, Profile)
    assert [str(p) for p in caught.value.problems] == [
        "<profile>:1:1: unknown-field: 'motivatd' is not a profile field — did you mean "
        "'motivated'?"
    ]
    assert caught.value.problems[0].path == ("motivatd",)


def test_wrong_values_name_the_field() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(
            {"support_need_level": "F", "age": -1, "current_services": ["SEL 85"]}, Profile
        )
    assert [p.path for p in caught.value.problems] == [
        ("age",),
        ("current_services", 0),
        ("support_need_level",),
    ]
    assert all(p.code == "invalid-value" for p in caught.value.problems)


@pytest.mark.parametrize("value", ["yes", "1", 1, 0, "sand", "Ja", " nej", "NoneType"])
def test_a_yes_no_fact_is_not_coerced(value: object) -> None:
    with pytest.raises(ProfileError, match=r"motivated: expected true or false"):
        parse_profile({"motivated": value}, Profile)


@pytest.mark.parametrize(("word", "expected"), [("ja", True), ("nej", False)])
def test_ja_and_nej_are_yes_and_no_as_in_the_interview(word: str, expected: bool) -> None:  # noqa: FBT001
    assert parse_profile({"motivated": word}, Profile).facts() == {"motivated": expected}


@pytest.mark.parametrize(
    "value", [math.nan, math.inf, -math.inf, -1.0, 1e300, "12,5", "12.5", True]
)
def test_a_number_fact_is_finite_bounded_and_not_text(value: object) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"support_hours_per_month": value}, Profile)
    assert caught.value.problems[0].path == ("support_hours_per_month",)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(9999, 12, 31)])
def test_a_date_outside_a_sane_range_is_refused(day: date) -> None:
    with pytest.raises(ProfileError, match=r"birth_date"):
        parse_profile({"birth_date": day}, Profile)


def test_a_long_value_is_quoted_short() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"housing": "x" * 1_000_000}, Profile)
    assert len(str(caught.value)) < 400


def test_too_many_services_are_refused() -> None:
    with pytest.raises(ProfileError, match=r"current_services"):
        parse_profile({"current_services": ["sel-85"] * 1_000_000}, Profile)


def test_a_non_mapping_is_refused() -> None:
    with pytest.raises(ProfileError, match="a profile is a mapping"):
        parse_profile(["age", 3], Profile)


def test_profile_file_errors_are_located(bundled: Standards, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 30\nhousnig: own_home\nsupport_need_level: X\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read_profile(bundled, path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2:1: unknown-field: 'housnig' is not a profile field — did you mean 'housing'?",
        f"{path}:3:1: invalid-value: support_need_level: Input should be 'A', 'B', 'C', 'D' or "
        "'E' (got 'X')",
    ]


def test_profile_file_syntax_error(bundled: Standards, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: [30\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"p\.yaml:2:1: yaml-syntax"):
        read_profile(bundled, path)


def test_empty_profile_file_is_an_empty_profile(bundled: Standards, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("# nothing known yet\n", encoding="utf-8")
    assert read_profile(bundled, path) == Profile()


def test_a_profile_error_crosses_a_process_pool_whole() -> None:
    # A caller evaluating in a process pool gets the same located error back, not a pickling
    # failure (the error was rebuilt from its text, as if the text were the problems).
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(evaluate, {"age": 500}, municipality="haderslev", on=date(2026, 1, 1))
        with pytest.raises(ProfileError) as caught:
            future.result(timeout=120)
    local = pytest.raises(ProfileError)
    with local as expected:
        evaluate({"age": 500}, municipality="haderslev", on=date(2026, 1, 1))
    assert caught.value.problems == expected.value.problems
    assert str(caught.value) == str(expected.value)
    pickled = pickle.dumps(ProfileError(expected.value.problems, "x", more="… and 1"))
    again = pickle.loads(pickled)  # noqa: S301 - bytes made just above
    assert (again.source, again.more, again.problems) == ("x", "… and 1", expected.value.problems)
    load_error = StandardLoadError(expected.value.problems)
    pickled = pickle.dumps(load_error)
    assert pickle.loads(pickled).problems == load_error.problems  # noqa: S301 - made above
