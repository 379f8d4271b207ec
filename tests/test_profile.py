from __future__ import annotations

from pathlib import Path

import pytest

from kvalitet import Profile, ProfileError
from kvalitet.language.profile import parse_profile
from kvalitet.language.profile_file import read_profile


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
        parse_profile({"motivatd": True})
    assert caught.value.problems == [
        "unknown-field: 'motivatd' is not a profile field — did you mean 'motivated'?"
    ]


def test_wrong_values_name_the_field() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"support_need_level": "F", "age": -1, "current_services": ["SEL 85"]})
    fields = [problem.split(": ")[1] for problem in caught.value.problems]
    assert fields == ["age", "support_need_level", "current_services.0"]


def test_a_non_mapping_is_refused() -> None:
    with pytest.raises(ProfileError, match="a profile is a mapping"):
        parse_profile(["age", 3])  # type: ignore[arg-type]


def test_profile_file_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 30\nhousnig: own_home\nsupport_need_level: X\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read_profile(path)
    assert caught.value.problems == [
        "2:1: unknown-field: 'housnig' is not a profile field — did you mean 'housing'?",
        "3:1: invalid-value: support_need_level: Input should be 'A', 'B', 'C', 'D' or 'E' "
        "(got 'X')",
    ]
    assert str(caught.value).startswith(f"{path}: 2:1: unknown-field")


def test_profile_file_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: [30\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"2:1: yaml-syntax"):
        read_profile(path)


def test_empty_profile_file_is_an_empty_profile(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("# nothing known yet\n", encoding="utf-8")
    assert read_profile(path) == Profile()
