from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet import Standards
from kvalitet.language.national import NationalLaw, add_years, age_on


@pytest.fixture(scope="module")
def law(haderslev: Standards) -> NationalLaw:
    return haderslev.national


@pytest.mark.parametrize(
    ("born", "years", "months"),
    [
        (date(1953, 12, 31), 65, 0),
        (date(1954, 1, 1), 65, 6),
        (date(1954, 6, 30), 65, 6),
        (date(1954, 7, 1), 66, 0),
        (date(1955, 1, 1), 66, 6),
        (date(1955, 7, 1), 67, 0),
        (date(1962, 12, 31), 67, 0),
        (date(1963, 1, 1), 68, 0),
        (date(1967, 1, 1), 69, 0),
        (date(1970, 12, 31), 69, 0),
        (date(1971, 1, 1), 70, 0),
        (date(2000, 5, 5), 70, 0),
    ],
)
def test_pension_age_table_of_design(law: NationalLaw, born: date, years: int, months: int) -> None:
    band = law.pension_band(born)
    assert (band.years, band.months) == (years, months)


def test_below_pension_age_changes_on_the_day_it_is_reached(law: NationalLaw) -> None:
    born = date(1960, 3, 15)  # pension age 67
    assert law.derive({"birth_date": born}, date(2027, 3, 14))["below_pension_age"] is True
    assert law.derive({"birth_date": born}, date(2027, 3, 15))["below_pension_age"] is False


def test_sel97_limit_is_never_below_67(law: NationalLaw) -> None:
    born = date(1953, 6, 1)  # pension age 65
    facts = law.derive({"birth_date": born}, date(2019, 6, 1))  # 66 years old
    assert facts["below_pension_age"] is False
    assert facts["below_sel97_age_limit"] is True


def test_with_only_an_age_a_pension_test_may_be_unknown(law: NationalLaw) -> None:
    on = date(2026, 6, 1)
    assert law.derive({"age": 40}, on)["below_pension_age"] is True
    assert law.derive({"age": 71}, on)["below_pension_age"] is False
    # A 68-year-old born 1957-58 (pension age 67) is past it; nobody of 68 in 2026 is born
    # in 1963 or later, so the answer is settled only if every consistent birth date agrees.
    assert law.derive({"age": 66}, on)["below_pension_age"] is True
    assert law.derive({}, on) == dict.fromkeys(law.derive({}, on))


@given(st.integers(min_value=0, max_value=110), st.dates(date(2020, 1, 1), date(2040, 12, 31)))
def test_an_age_settles_the_test_only_when_every_birth_date_agrees(
    law: NationalLaw, age: int, on: date
) -> None:
    settled = law.derive({"age": age}, on)["below_pension_age"]
    earliest = add_years(on, -(age + 1)) + timedelta(days=1)
    latest = add_years(on, -age)
    answers = set()
    day = earliest
    while day <= latest:
        assert age_on(day, on) == age
        answers.add(on < law.pension_date(day))
        day += timedelta(days=37)
    answers.add(on < law.pension_date(latest))
    if settled is None:
        assert len(answers) >= 1
    else:
        assert answers == {settled}


def test_birth_date_wins_over_age(law: NationalLaw) -> None:
    facts = law.derive({"birth_date": date(2000, 1, 1), "age": 90}, date(2026, 1, 1))
    assert facts["age"] == 26


def test_leap_day_birthdays() -> None:
    assert add_years(date(2000, 2, 29), 1) == date(2001, 2, 28)
    assert age_on(date(2000, 2, 29), date(2018, 2, 28)) == 17
    assert age_on(date(2000, 2, 29), date(2018, 3, 1)) == 18
