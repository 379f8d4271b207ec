"""The service's own pieces: problem documents, the interview's state, its answers' round trip."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet import EvaluationError, Problem, ProfileError, StandardLoadError
from kvalitet.casework.questions import question_for
from kvalitet.language.facts import profile_facts
from kvalitet.service import vocabulary
from kvalitet.service.interview_state import Interview
from kvalitet.service.problems import problem_document
from kvalitet.testing.strategies import fact_values

FACTS = profile_facts()


def test_a_located_problem_keeps_file_line_and_column() -> None:
    error = StandardLoadError([Problem("sel-85.yaml", 84, 18, "unknown-fact", "'x' is not …")])
    document = problem_document(error, instance="/v1/check")
    assert document.type == "urn:kvalitet:problem:invalid-standard"
    assert document.status == 422
    [problem] = document.problems
    assert (problem.file, problem.line, problem.column) == ("sel-85.yaml", 84, 18)
    assert (problem.code, problem.message) == ("unknown-fact", "'x' is not …")


@pytest.mark.parametrize(
    ("text", "field", "code", "message"),
    [
        ("birth_date: invalid-value: after the date", "birth_date", "invalid-value",
         "after the date"),
        ("invalid-value: age: Input should be >= 0", "age", "invalid-value",
         "Input should be >= 0"),
        ("unknown-field: 'motivatd' is not a profile field — did you mean 'motivated'?",
         "motivatd", "unknown-field",
         "'motivatd' is not a profile field — did you mean 'motivated'?"),
        ("a sentence without a code", None, None, "a sentence without a code"),
    ],
)  # fmt: skip
def test_a_plain_problem_string_is_read_into_its_parts(
    text: str, field: str | None, code: str | None, message: str
) -> None:
    [problem] = problem_document(ProfileError([text])).problems
    assert (problem.field, problem.code, problem.message) == (field, code, message)


def test_a_profile_error_with_problem_objects_reads_the_same_way() -> None:
    error = ProfileError([], source="profile.yaml")
    error.__dict__["problems"] = [Problem("profile.yaml", 3, 5, "unknown-field", "'x' …")]
    [problem] = problem_document(error).problems
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "profile.yaml", 3, 5, "unknown-field",
    )  # fmt: skip


def test_a_file_position_in_a_profile_file_problem_is_kept() -> None:
    error = ProfileError(["3:5: unknown-field: 'x' is not a profile field"], "profile.yaml")
    [problem] = problem_document(error).problems
    assert (problem.file, problem.line, problem.column, problem.field) == (
        "profile.yaml", 3, 5, "x",
    )  # fmt: skip


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
        Interview("hillerod", date(2026, 6, 1), ("hillerod/sel-85",))
        .answered("support_need_level", "D")
        .skip("housing")
        .answered("current_services", "sel-85, sel-103")
    )
    hidden = interview.fields()
    again = Interview.from_fields(
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
    interview = Interview("hillerod", date(2026, 6, 1))
    with pytest.raises(ProfileError, match="one of: A, B, C, D, E"):
        interview.answered("support_need_level", "F")
    with pytest.raises(ProfileError, match="did you mean 'housing'"):
        interview.skip("housng")
    with pytest.raises(ProfileError, match="not a date"):
        Interview.from_fields(municipality="hillerod", on="1.6.2026", services=[], steps=[])
    with pytest.raises(ProfileError):
        interview.answered("age", "-4")  # parses as a number, but the profile refuses it
