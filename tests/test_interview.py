"""The interview never asks what cannot matter, and reaches a settled outcome."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvalitet import Profile, Standards
from kvalitet.casework.interview import candidate_values, next_question
from kvalitet.cli.app import main
from kvalitet.engine.boundaries import boundaries
from kvalitet.language.cited import Cited
from kvalitet.language.facts import profile_facts
from kvalitet.language.national import add_years
from kvalitet.language.standard import Exceptional
from kvalitet.testing.strategies import profiles

from .test_engine import STANDARDS_SET

ON = date(2026, 6, 1)
HILLEROD = [p.service for p in STANDARDS_SET.in_force("hillerod", ON)]
FACTS = profile_facts()


def _values(fact: str, programs: list[Any]) -> list[Any]:
    if fact == "birth_date":
        return [add_years(ON, -years) for years in (17, 30, 68, 75)]
    return candidate_values(FACTS[fact], boundaries(programs).get(fact, set()))


def _can_change(known: dict[str, Any], fact: str, service: str) -> bool:
    """Some completion (none, or values for the other missing facts) makes the fact matter."""
    program = STANDARDS_SET.program(service, ON)
    missing = STANDARDS_SET.evaluate_service(known, service=service, on=ON).missing_facts
    others = [f for f in missing if f != fact]
    options = [_values(f, [program]) for f in others]
    rnd = random.Random(0)
    completions: list[dict[str, Any]] = [{}] + [
        {f: rnd.choice(values) for f, values in zip(others, options, strict=True)}
        for _ in range(300)
    ]
    for completion in completions:
        outcomes = {
            STANDARDS_SET.evaluate_service(
                {**known, **completion, fact: value}, service=service, on=ON
            ).outcome
            for value in _values(fact, [program])
        }
        if len(outcomes) > 1:
            return True
    return False


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(programs=STANDARDS_SET.programs, missing=0.8), st.sampled_from(HILLEROD))
def test_a_question_asked_can_change_an_outcome(profile: Profile, service: str) -> None:
    known = profile.known_facts()
    if "birth_date" in known:
        known.pop("age", None)
    step = next_question(STANDARDS_SET, known, municipality="hillerod", on=ON, services=[service])
    if step is None:
        outcome = STANDARDS_SET.evaluate(known, municipality="hillerod", on=ON).services[service]
        assert outcome.outcome != "undetermined"
        return
    assert _can_change(known, step.question.field, service)


@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow])
@given(
    profiles(programs=STANDARDS_SET.programs, missing=0.0),
    st.lists(st.sampled_from(HILLEROD), min_size=1, max_size=3, unique=True),
)
def test_answering_every_question_settles_every_chosen_service(
    hidden: Profile, services: list[str]
) -> None:
    truth = hidden.known_facts()
    truth.pop("age")  # the birth date gives the age
    known: dict[str, Any] = {}
    asked: list[str] = []
    while (
        step := next_question(
            STANDARDS_SET, known, municipality="hillerod", on=ON, services=services
        )
    ) is not None:
        field = step.question.field
        assert field not in asked, f"{field} asked twice"
        asked.append(field)
        known[field] = truth[field]
    final = STANDARDS_SET.evaluate(known, municipality="hillerod", on=ON)
    for service in services:
        outcome = final.services[service]
        assert outcome.outcome != "undetermined"
        # An exception the answers did not raise is not asked about: the settled outcome is the
        # truth's without the facts that would raise it (those not asked for another reason).
        dormant = {reason.rule for reason in outcome.reasons if reason.not_raised}
        standard = STANDARDS_SET.program(service, ON).standard
        rules: list[Exceptional] = [*standard.criteria, *standard.exclusions, *standard.scope]
        raising = {
            fact
            for rule in rules
            if isinstance(rule, Cited) and rule.id in dormant
            for fact in rule.raised_by
        }
        ordinary = {k: v for k, v in truth.items() if k not in raising or k in known}
        full = STANDARDS_SET.evaluate(ordinary, municipality="hillerod", on=ON)
        assert outcome.outcome == full.services[service].outcome


def test_the_questions_for_sel85_start_with_the_courses_then_the_assessment_level() -> None:
    first = next_question(
        STANDARDS_SET, {}, municipality="hillerod", on=ON, services=["hillerod/sel-85"]
    )
    assert first is not None
    # "nej" settles § 85 as outside (line 287): 1 of 2 answers. The level settles only A and B,
    # since E is within with the special package over 27 hours (line 332).
    assert (first.question.field, first.expected_settled) == (
        "group_or_checkpoint_course_insufficient",
        0.5,
    )
    step = next_question(
        STANDARDS_SET,
        {"group_or_checkpoint_course_insufficient": True},
        municipality="hillerod",
        on=ON,
        services=["hillerod/sel-85"],
    )
    assert step is not None
    assert step.question.field == "support_need_level"
    assert step.expected_settled == 0.4
    assert step.question.text == (
        "Hvilket støttebehov er borgeren vurderet til i den samlede faglige vurdering "
        "efter VUM 2.0?"
    )
    assert step.question.choice_texts[2] == "C – moderat støttebehov"


def test_ask_command_interactive_and_next() -> None:
    result = CliRunner().invoke(
        main,
        ["ask", "-m", "haderslev", "--on", "2026-06-01"],
        input="homeless\n",
    )
    assert result.exit_code == 0
    assert "(haderslev/sel-102): Uden for serviceniveauet\n" in result.stdout
    nxt = CliRunner().invoke(main, ["ask", "-m", "haderslev", "--on", "2026-06-01", "--next"])
    assert '"field": "housing"' in nxt.stdout
    # Four of the seven places to live are neither one's own home nor a botilbud (line 74).
    assert '"expected_settled": 0.5714' in nxt.stdout


def test_a_date_fact_is_tried_on_both_sides_of_the_rules_dates(nyby: Standards) -> None:
    facts = profile_facts(nyby.vocabulary)
    near = boundaries(nyby.programs)
    assert candidate_values(facts["referral_date"], near["referral_date"]) == [
        date(2024, 12, 31),
        date(2025, 1, 1),
        date(2025, 1, 2),
    ]
    known = {"birth_date": date(1990, 5, 1), "impairment_substantial": True,
             "can_do_subtasks_or_be_guided": True, "support_form_wish": "gruppe",
             "current_services": []}  # fmt: skip
    step = next_question(nyby, known, municipality="nyby", on=date(2026, 3, 1),
                         services=["nyby/sel-82ab-85"])  # fmt: skip
    assert step is not None
    assert step.question.field == "referral_date"
    assert step.expected_settled == 1.0  # each side of 1 January 2025 settles it


def test_numbers_tried_stay_within_the_facts_bounds(nyby: Standards) -> None:
    info = profile_facts(nyby.vocabulary)["monthly_transport_costs"]
    assert info.spec is not None
    assert info.spec.max is not None
    tried = candidate_values(info, {310.0, info.spec.max})
    assert min(tried) == 0.0
    assert max(tried) == info.spec.max  # one step above it would be refused by the profile
    assert {309.5, 310.0, 310.5} <= set(tried)
