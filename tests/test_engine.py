"""Invariants of evaluation on every bundled standard (compiled backend)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvalitet import Profile, Standards
from kvalitet.engine.compiler import ServiceProgram, compile_standard
from kvalitet.engine.decision import Decision
from kvalitet.engine.standards import Standards as StandardsType
from kvalitet.language.loader import load
from kvalitet.language.national import NATIONAL_FACTS
from kvalitet.testing.strategies import profiles

from .conftest import ON, STANDARDS

LOADED = load([STANDARDS])
STANDARDS_SET = StandardsType(LOADED, tuple(compile_standard(f.standard) for f in LOADED.files))
MUNICIPALITIES = STANDARDS_SET.municipalities
PROFILES = profiles(programs=STANDARDS_SET.programs, on=ON)


def evaluate_all(standards: Standards, profile: Profile, on: date = ON) -> list[Decision]:
    return [standards.evaluate(profile, municipality=m, on=on) for m in standards.municipalities]


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
    assert len(parallel) == len(drawn) * 3
    for got, want in zip(parallel, sequential * 3, strict=True):
        assert all(one.same_as(other) for one, other in zip(got, want, strict=True))


@given(st.lists(PROFILES, min_size=2, max_size=6))
@settings(max_examples=25, suppress_health_check=[HealthCheck.large_base_example])
def test_a_remembered_outcome_equals_one_assembled_afresh(drawn: list[Profile]) -> None:
    """Outcomes, reasons and terms are remembered per pattern of results; never a stale one."""
    warm = [evaluate_all(STANDARDS_SET, p) for p in drawn]  # the shared set: caches warm
    fresh = StandardsType(LOADED, tuple(compile_standard(f.standard) for f in LOADED.files))
    for profile, decisions in zip(drawn, warm, strict=True):
        again = evaluate_all(fresh, profile)
        assert all(one.same_as(other) for one, other in zip(decisions, again, strict=True))
        fresh = StandardsType(LOADED, tuple(compile_standard(f.standard) for f in LOADED.files))


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


def test_every_municipality_has_standards() -> None:
    assert "haderslev" in MUNICIPALITIES
