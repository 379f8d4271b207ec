"""The service's own pieces: problem documents, the interview's state, its answers' round trip."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet import (
    EvaluationError,
    Problem,
    ProfileError,
    StandardLoadError,
    Standards,
    load_standards,
)
from kvalitet.casework.questions import question_for
from kvalitet.language.facts import profile_facts
from kvalitet.service import vocabulary
from kvalitet.service.interview_state import Interview
from kvalitet.service.problems import problem_document
from kvalitet.testing.strategies import fact_values

FACTS = profile_facts()
STANDARDS_SET = load_standards()


def test_a_located_problem_keeps_file_line_and_column() -> None:
    error = StandardLoadError([Problem("sel-85.yaml", 84, 18, "unknown-fact", "'x' is not …")])
    document = problem_document(error, instance="/v1/check")
    assert document.type == "urn:kvalitet:problem:invalid-standard"
    assert document.status == 422
    [problem] = document.problems
    assert (problem.file, problem.line, problem.column) == ("sel-85.yaml", 84, 18)
    assert (problem.code, problem.message) == ("unknown-fact", "'x' is not …")


def test_a_profile_problem_names_its_field_and_keeps_its_place() -> None:
    problem = Problem("profile.yaml", 3, 5, "unknown-field", "'x' …", path=("x",))
    [located] = problem_document(ProfileError([problem], source="profile.yaml")).problems
    assert (located.file, located.line, located.column, located.code, located.field) == (
        "profile.yaml", 3, 5, "unknown-field", "x",
    )  # fmt: skip


def test_a_profile_error_from_the_library_reads_field_and_code(bundled: Standards) -> None:
    with pytest.raises(ProfileError) as caught:
        bundled.parse_profile({"motivatd": True, "age": -1})
    document = problem_document(caught.value)
    assert [(p.field, p.code) for p in document.problems] == [
        ("age", "invalid-value"),
        ("motivatd", "unknown-field"),
    ]


def test_an_error_without_problems_is_one_problem_and_may_be_a_404() -> None:
    document = problem_document(EvaluationError("no standard in force"), status=404)
    assert document.status == 404
    assert [p.message for p in document.problems] == ["no standard in force"]


FIELD_VALUES = st.sampled_from(sorted(FACTS)).flatmap(
    lambda name: st.tuples(st.just(name), fact_values(FACTS[name]))
)


@given(FIELD_VALUES)
def test_every_answer_written_back_parses_to_the_same_value(item: tuple[str, Any]) -> None:
    field, value = item
    assert question_for(field).parse(vocabulary.answer_text(value)) == value


def test_the_interview_state_round_trips_through_its_hidden_fields() -> None:
    interview = (
        Interview(STANDARDS_SET, "hillerod", date(2026, 6, 1), ("hillerod/sel-85",))
        .answered("support_need_level", "D")
        .skip("housing")
        .answered("current_services", "sel-85, sel-103")
    )
    hidden = interview.fields()
    again = Interview.from_fields(
        STANDARDS_SET,
        municipality="hillerod",
        on="2026-06-01",
        services=[v for k, v in hidden if k == "service"],
        steps=[v for k, v in hidden if k == "step"],
    )
    assert again == interview
    assert again.known() == {"support_need_level": "D", "current_services": ("sel-85", "sel-103")}
    assert again.skipped() == ("housing",)
    back, last = again.back()
    assert last == ("current_services", "sel-85, sel-103")
    assert back.steps == interview.steps[:-1]
    changed = again.answered("support_need_level", "C")
    assert [field for field, _ in changed.steps].count("support_need_level") == 1


def test_a_wrong_answer_or_state_is_a_profile_error() -> None:
    interview = Interview(STANDARDS_SET, "hillerod", date(2026, 6, 1))
    with pytest.raises(ProfileError, match="one of: A, B, C, D, E"):
        interview.answered("support_need_level", "F")
    with pytest.raises(ProfileError, match="did you mean 'housing'"):
        interview.skip("housng")
    with pytest.raises(ProfileError, match="not a date"):
        Interview.from_fields(
            STANDARDS_SET, municipality="hillerod", on="1.6.2026", services=[], steps=[]
        )
    with pytest.raises(ProfileError):
        interview.answered("age", "-4")  # parses as a number, but the profile refuses it
