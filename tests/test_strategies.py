from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kvalitet import Profile, Standards
from kvalitet.engine.boundaries import boundaries
from kvalitet.language.national import age_on
from kvalitet.testing.strategies import dates_in_force, profiles

from .test_engine import STANDARDS_SET

SEL85 = next(p for p in STANDARDS_SET.programs if p.service == "hillerod/sel-85")


@given(profiles(fixed={"motivated": True, "housing": None}))
def test_fixed_facts_are_fixed_and_none_means_missing(profile: Profile) -> None:
    assert profile.motivated is True
    assert profile.housing is None


@given(profiles(missing=0.0, only={"age", "support_need_level"}))
def test_only_draws_just_those_facts(profile: Profile) -> None:
    assert set(profile.known_facts()) == {"age", "support_need_level"}


def test_boundaries_are_the_constants_a_standard_compares_with() -> None:
    found = boundaries([SEL85])
    assert {1, 5, 13, 20, 27} <= found["support_hours_per_month"]
    assert {"C", "D"} <= found["support_need_level"]


@given(st.data())
def test_hours_are_drawn_around_the_package_limits(data: st.DataObject) -> None:
    seen = {
        data.draw(
            profiles(missing=0.0, programs=[SEL85], only={"support_hours_per_month"})
        ).facts()["support_hours_per_month"]
        for _ in range(30)
    }
    assert seen


def test_boundary_values_appear_among_drawn_profiles() -> None:
    drawn: set[float | None] = set()

    @given(profiles(missing=0.0, programs=[SEL85], only={"support_hours_per_month"}))
    def collect(profile: Profile) -> None:
        drawn.add(profile.support_hours_per_month)

    collect()
    assert drawn & {4.5, 5.0, 5.5, 12.5, 13.0, 13.5}


@given(st.data())
def test_dates_in_force_are_in_force(bundled: Standards, data: st.DataObject) -> None:
    for standard in bundled.standards():
        day = data.draw(dates_in_force(standard))
        assert standard.in_force(day)
        assert day <= date(standard.valid_from.year + 5, 12, 31)


def test_birth_dates_are_drawn_near_the_age_limits() -> None:
    on = date(2026, 6, 1)
    ages: set[int] = set()

    @given(profiles(missing=0.0, only={"birth_date"}, on=on))
    def collect(profile: Profile) -> None:
        assert profile.birth_date is not None
        ages.add(age_on(profile.birth_date, on))

    collect()
    assert ages & {17, 18}
    assert ages & {66, 67, 68}
