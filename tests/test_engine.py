"""Invariants of evaluation on every bundled standard (compiled backend)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kvalitet import Profile, Standards
from kvalitet.api import Standards as StandardsType
from kvalitet.compiler import ServiceProgram, compile_standard
from kvalitet.decision import Decision
from kvalitet.loader import load
from kvalitet.national import NATIONAL_FACTS
from kvalitet.testing.strategies import profiles
from kvalitet.truth import Truth

from .conftest import ON, STANDARDS

LOADED = load([STANDARDS])
STANDARDS_SET = StandardsType(LOADED, tuple(compile_standard(f.standard) for f in LOADED.files))
MUNICIPALITIES = STANDARDS_SET.municipalities
PROFILES = profiles(programs=STANDARDS_SET.programs)


def evaluate_all(standards: Standards, profile: Profile, on: date = ON) -> list[Decision]:
    return [standards.evaluate(profile, municipality=m, on=on) for m in standards.municipalities]


@given(PROFILES)
def test_evaluation_is_deterministic(profile: Profile) -> None:
    assert evaluate_all(STANDARDS_SET, profile) == evaluate_all(STANDARDS_SET, profile)


@given(PROFILES, st.randoms(use_true_random=False))
@settings(max_examples=25)
def test_the_order_of_rules_in_a_file_does_not_matter(profile: Profile, rnd: random.Random) -> None:
    shuffled_files = []
    for loaded in LOADED.files:
        standard = loaded.standard
        changes = {}
        for key in ("derive", "criteria", "exclusions", "scope"):
            items = list(getattr(standard, key))
            rnd.shuffle(items)
            changes[key] = tuple(items)
        shuffled_files.append(standard.model_copy(update=changes))
    shuffled = StandardsType(LOADED, tuple(compile_standard(s) for s in shuffled_files))
    for original, other in zip(
        evaluate_all(STANDARDS_SET, profile), evaluate_all(shuffled, profile), strict=True
    ):
        for service, outcome in original.services.items():
            twin = other.services[service]
            assert twin.outcome == outcome.outcome
            assert twin.scope == outcome.scope
            assert set(twin.missing_facts) == set(outcome.missing_facts)
            assert {r.rule: r.result for r in twin.reasons} == {
                r.rule: r.result for r in outcome.reasons
            }


@given(st.lists(PROFILES, min_size=8, max_size=8))
@settings(max_examples=5, suppress_health_check=[HealthCheck.large_base_example])
def test_threads_evaluating_different_profiles_agree_with_one_thread(
    drawn: list[Profile],
) -> None:
    sequential = [evaluate_all(STANDARDS_SET, p) for p in drawn]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda p: evaluate_all(STANDARDS_SET, p), drawn * 3))
    assert parallel == sequential * 3


@given(PROFILES)
def test_undetermined_exactly_when_a_needed_fact_is_missing(profile: Profile) -> None:
    known = set(profile.known_facts())
    for decision in evaluate_all(STANDARDS_SET, profile):
        for outcome in decision.services.values():
            if outcome.outcome == "undetermined":
                assert outcome.missing_facts
                for fact in outcome.missing_facts:
                    assert fact not in known or fact == "birth_date"
            else:
                assert outcome.missing_facts == ()


@pytest.mark.parametrize("program", STANDARDS_SET.programs, ids=lambda p: p.service)
@given(data=st.data())
@settings(max_examples=30)
def test_a_profile_with_every_fact_read_is_settled(
    program: ServiceProgram, data: st.DataObject
) -> None:
    read = set(program.base_facts_read)
    needed = {f for f in read if f not in NATIONAL_FACTS}
    if read & set(NATIONAL_FACTS):
        needed.add("birth_date")
    profile = data.draw(profiles(missing=0.0, programs=[program], only=needed))
    municipality = program.standard.municipality
    outcome = STANDARDS_SET.evaluate(profile, municipality=municipality, on=ON).services[
        program.service
    ]
    assert outcome.outcome != "undetermined"


@given(PROFILES, PROFILES)
def test_knowing_more_never_unsettles_an_outcome(profile: Profile, more: Profile) -> None:
    # A birth date added to a known age may contradict it: that is a change, not more knowledge.
    assume(not (profile.age is not None and more.birth_date is not None))
    fuller = Profile.model_validate({**more.known_facts(), **profile.known_facts()})
    for before, after in zip(
        evaluate_all(STANDARDS_SET, profile), evaluate_all(STANDARDS_SET, fuller), strict=True
    ):
        for service, outcome in before.services.items():
            if outcome.outcome != "undetermined":
                assert after.services[service].outcome == outcome.outcome


@given(PROFILES)
def test_outcome_follows_kleene_from_the_reasons(profile: Profile) -> None:
    for decision in evaluate_all(STANDARDS_SET, profile):
        for outcome in decision.services.values():
            criteria = [r.result for r in outcome.reasons if r.kind not in ("exclusion", "scope")]
            exclusions = [r.result for r in outcome.reasons if r.kind == "exclusion"]
            if Truth.FALSE in criteria or Truth.TRUE in exclusions:
                assert outcome.outcome == "outside_standard"
            elif Truth.UNKNOWN in criteria or Truth.UNKNOWN in exclusions:
                assert outcome.outcome == "undetermined"
            else:
                assert outcome.outcome == "within_standard"


@given(PROFILES)
def test_scope_is_present_exactly_when_within(profile: Profile) -> None:
    for decision in evaluate_all(STANDARDS_SET, profile):
        for outcome in decision.services.values():
            assert (outcome.scope is not None) == (outcome.outcome == "within_standard")


@given(PROFILES)
def test_every_reason_is_cited_and_every_outcome_is_a_starting_point(profile: Profile) -> None:
    for decision in evaluate_all(STANDARDS_SET, profile):
        for service, outcome in decision.services.items():
            assert outcome.individual_assessment
            assert "udgangspunkt" in outcome.starting_point_note
            for reason in outcome.reasons:
                assert reason.citation.standard == service
                assert reason.citation.section
                assert reason.text


def test_every_municipality_has_standards() -> None:
    assert "haderslev" in MUNICIPALITIES
