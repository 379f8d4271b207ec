"""What-if answers are derived from the rules and hold when the changed profile is evaluated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvalitet import Standards
from kvalitet.casework.whatif import what_if
from kvalitet.cli.app import main

from .test_engine import STANDARDS_SET

ON = date(2026, 6, 1)
SERVICES = [p.service for p in STANDARDS_SET.programs]
PROFILE_85 = {
    "birth_date": "1980-01-01",
    "support_need_level": "E",
    "impairment_substantial": True,
    "group_or_checkpoint_course_insufficient": True,
    "support_hours_per_month": 8,
}


def test_the_vum_level_that_would_change_sel85(bundled: Standards) -> None:
    """E with 8 hours: C or D (line 289), or E with the special package over 27 (line 332)."""
    level, hours = what_if(bundled, PROFILE_85, service="hillerod/sel-85", on=ON)
    assert level.describe() == "inden for serviceniveauet, hvis support_need_level er C eller D"
    assert hours.describe() == "inden for serviceniveauet, hvis support_hours_per_month er over 27"
    assert level.from_outcome == hours.from_outcome == "outside_standard"
    # For a caseworker: the facts by their labels and the VUM levels by theirs.
    assert level.describe("da", bundled.vocabulary) == (
        "inden for serviceniveauet, hvis Samlet faglig vurdering efter VUM 2.0 "
        "(support_need_level) er C – moderat støttebehov eller D – højt støttebehov"
    )
    assert level.describe("en", bundled.vocabulary).endswith(
        "(support_need_level) is C – moderate support need or D – high support need"
    )
    label = bundled.vocabulary.facts["support_hours_per_month"].label.text("da")
    assert hours.describe("da", bundled.vocabulary) == (
        f"inden for serviceniveauet, hvis {label} (support_hours_per_month) er over 27"
    )


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(profiles_and_services=st.tuples(st.just(0), st.sampled_from(SERVICES)), data=st.data())
def test_every_answer_holds_when_re_evaluated(
    profiles_and_services: tuple[int, str], data: st.DataObject
) -> None:
    from kvalitet.testing.strategies import profiles  # noqa: PLC0415 - keeps the import local

    _, service = profiles_and_services
    program = STANDARDS_SET.program(service, ON)
    profile = data.draw(profiles(programs=[program], missing=0.3))
    known = profile.known_facts()
    if "birth_date" in known:
        known.pop("age", None)
    answers = what_if(STANDARDS_SET, known, service=service, on=ON)
    municipality = program.standard.municipality
    for answer in answers:
        changed = {**known, **{c.fact: c.checked_with for c in answer.changes}}
        outcome = STANDARDS_SET.evaluate(changed, municipality=municipality, on=ON)
        assert outcome.services[service].outcome == answer.to_outcome
        for change in answer.changes:
            assert all(literal.holds_for(change.checked_with) for literal in change.literals)
    sets = [frozenset(c.fact for c in a.changes) for a in answers]
    for one in sets:
        assert not any(other < one for other in sets), "an answer is not minimal"


def test_within_gives_what_would_make_it_outside(haderslev: Standards) -> None:
    profile = {
        "impairment_substantial": True,
        "impairment_permanent": True,
        "needs_special_treatment": True,
        "ordinary_treatment_exhausted": True,
        "motivated": True,
        "housing": "own_home",
        "current_services": ["sel-85"],
        "treatment_need_documented": True,
        "treatment_approved_in_denmark": True,
        "treatment_available_under_other_law": False,
        "sought_due_to_waiting_list_or_user_payment": False,
        "needs_treatment_to_preserve_or_improve_functions": True,
    }
    answers = what_if(haderslev, profile, service="haderslev/sel-102", on=ON, limit=20)
    described = {a.describe() for a in answers}
    assert "uden for serviceniveauet, hvis motivated er falsk" in described
    assert all(a.to_outcome == "outside_standard" for a in answers)


def test_whatif_command(tmp_path: Path, bundled: Standards) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "".join(
            f"{k}: {str(v).lower() if isinstance(v, bool) else v}\n" for k, v in PROFILE_85.items()
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["whatif", "-m", "hillerod", "-s", "sel-85", "--on", "2026-06-01", str(profile)]
    )
    assert result.exit_code == 0
    expected = what_if(bundled, PROFILE_85, service="hillerod/sel-85", on=ON)
    assert result.stdout == "".join(f"{a.describe('da', bundled.vocabulary)}\n" for a in expected)
    assert "(support_need_level) er C – moderat støttebehov eller D – højt" in result.stdout


NYBY_ON = date(2026, 3, 1)
NYBY_OUTSIDE = {
    "birth_date": date(1990, 5, 1),
    "impairment_substantial": True,
    "can_do_subtasks_or_be_guided": True,
    "referral_date": date(2024, 11, 15),
    "support_form_wish": "individuel",
    "courses_taken": ["sel-82b"],
    "current_services": [],
}


def test_a_date_fact_is_compared_as_a_date(nyby: Standards) -> None:
    # referral_date >= 2025-01-01: the profile's date was compared as text (a TypeError).
    answers = what_if(nyby, NYBY_OUTSIDE, service="nyby/sel-82ab-85", on=NYBY_ON)
    assert [a.describe() for a in answers] == [
        "inden for serviceniveauet, hvis referral_date er mindst 2025-01-01"
    ]
    assert answers[0].changes[0].checked_with == date(2025, 1, 1)


def test_a_date_just_before_a_bound_is_the_day_before(nyby: Standards) -> None:
    within = {**NYBY_OUTSIDE, "referral_date": date(2025, 3, 1)}
    answers = what_if(nyby, within, service="nyby/sel-82ab-85", on=NYBY_ON, limit=20)
    by_fact = {a.changes[0].fact: a.changes[0] for a in answers if len(a.changes) == 1}
    assert by_fact["referral_date"].checked_with == date(2024, 12, 31)
