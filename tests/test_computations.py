"""The computations the source text describes, checked against its own words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet import EvaluationError, Standards
from kvalitet.casework.computations import (
    EscortRules,
    escort_ledger,
    escort_rules,
    helper_hours,
    holiday_escort_hours,
    package_for_hours,
    pension_age_date,
    sel97_age_limit_date,
    started_days,
    stay_price,
)

ON = date(2026, 6, 1)
RULES = EscortRules(
    hours_per_month=15, savings_max_hours=90, savings_period_months=6, hours_per_holiday_day=12
)


@pytest.mark.parametrize(
    ("hours", "package"),
    [
        (0.5, None),
        (1, "pakke-1"),
        (5, "pakke-1"),
        (5.5, "pakke-2"),
        (13, "pakke-2"),
        (13.5, "pakke-3"),
        (20, "pakke-3"),
        (20.5, "pakke-4"),
        (27, "pakke-4"),
    ],
)
def test_sel85_package_bands_give_shared_end_points_to_the_lower_package(
    bundled: Standards, hours: float, package: str | None
) -> None:
    assert package_for_hours(bundled, hours, on=ON) == package


def test_sel85_special_package_needs_an_extensive_or_complete_need(bundled: Standards) -> None:
    """Line 332: over 27 hours, D or E (omfattende, fuldstændigt) only; never C."""
    assert package_for_hours(bundled, 27.5, on=ON, level="D") == "saerligt-udmaalt"
    assert package_for_hours(bundled, 35, on=ON, level="E") == "saerligt-udmaalt"
    assert package_for_hours(bundled, 35, on=ON, level="C") is None
    with pytest.raises(EvaluationError, match="needs support_need_level"):
        package_for_hours(bundled, 35, on=ON)


def test_sel97_rules_come_from_the_standard(bundled: Standards) -> None:
    rules = escort_rules(bundled, {"housing": "own_home"}, on=ON)
    assert rules == RULES
    in_residence = escort_rules(
        bundled,
        {"housing": "long_term_residence", "escort_in_residence_hours_per_month": 5},
        on=ON,
    )
    assert in_residence.hours_per_month == 10  # "op til 15 timers ledsagelse i alt"


def test_sel97_rules_need_the_facts_they_read(bundled: Standards) -> None:
    # Living in a botilbud is an exception (line 674): not stated, the 15 hours stand.
    assert escort_rules(bundled, {}, on=ON) == RULES
    with pytest.raises(EvaluationError, match="needs escort_in_residence_hours_per_month"):
        escort_rules(bundled, {"housing": "long_term_residence"}, on=ON)


def test_current_month_first_then_nearest_previous_month() -> None:
    ledger = escort_ledger(RULES, [0, 0, 10, 40])
    assert [m.saved for m in ledger] == [15, 15, 5, 0]
    # "Alle timer i den indeværende måned skal anvendes, inden den opsparede tid … bruges",
    # then "fra den nærmeste foregående måned og så videre månedsvis bagud".
    assert ledger[3].used_from_month == 15
    assert ledger[3].used_from_savings == {2: 5, 1: 15, 0: 5}
    assert ledger[3].balance == 10


def test_saved_hours_lapse_after_six_months() -> None:
    ledger = escort_ledger(RULES, [0, 15, 15, 15, 15, 15, 15, 15])
    # Month 0's 15 hours are usable in months 1-6 and lapse at the start of month 7.
    assert [m.lapsed for m in ledger] == [0, 0, 0, 0, 0, 0, 0, 15]
    assert ledger[-1].balance == 0


def test_at_the_cap_the_oldest_hours_lapse_not_the_current_months() -> None:
    """Lines 680-688: after eight unused months, month 8 has 15 + 90 hours available."""
    ledger = escort_ledger(RULES, [0] * 8 + [96])
    assert [m.saved for m in ledger[:8]] == [15] * 8  # each month's own hours are kept
    assert [m.lapsed for m in ledger[:8]] == [0, 0, 0, 0, 0, 0, 15, 15]  # month 0, then 1
    last = ledger[8]
    assert (last.used_from_month, sum(last.used_from_savings.values())) == (15, 81)
    assert last.unmet == 0
    assert last.used_from_savings == {7: 15, 6: 15, 5: 15, 4: 15, 3: 15, 2: 6}


def test_hours_saved_more_than_six_months_ago_always_lapse() -> None:
    """Line 688: hours saved more than 6 months ago always lapse ("altid bortfalde")."""
    ledger = escort_ledger(RULES, [0, *[15] * 6, 30])
    # Month 0's 15 hours were saved 7 months before month 7: gone, so 15 of 30 are unmet.
    assert ledger[7].lapsed == 15
    assert (ledger[7].used, ledger[7].unmet) == (15, 15)


def test_no_advance_on_escort_hours() -> None:
    """ "Der kan ikke fås forskud på ledsagetimer.\""""
    [month] = escort_ledger(RULES, [20])
    assert (month.used, month.unmet) == (15, 5)


def test_holiday_hours_are_twelve_a_day() -> None:
    assert holiday_escort_hours(RULES, 3) == 36


def brute_force_ledger(
    rules: EscortRules, requested: list[float]
) -> list[tuple[float, dict[int, float], float, float, float]]:
    """The oracle: every half hour is a token stamped with the month it was granted in.

    Month by month, literally as lines 680-688 say: tokens older than the period lapse; the
    month's own tokens are spent first, then saved ones from the nearest previous month back;
    what is asked beyond that is unmet; the month's unspent tokens are saved; while more than
    the cap is saved, the oldest token lapses. Per month: (used from the month, used from
    savings by month, unmet, lapsed, balance).
    """
    unit = 0.5
    per_month = round(rules.hours_per_month / unit)
    cap = round(rules.savings_max_hours / unit)
    saved: list[int] = []  # the month each saved token was granted in
    result = []
    for month, hours in enumerate(requested):
        lapsed = [t for t in saved if month - t > rules.savings_period_months]
        saved = [t for t in saved if month - t <= rules.savings_period_months]
        wanted = round(hours / unit)
        own = min(wanted, per_month)
        from_savings: dict[int, float] = {}
        for _ in range(wanted - own):
            if not saved:
                break
            newest = max(saved)
            saved.remove(newest)
            from_savings[newest] = from_savings.get(newest, 0) + unit
        unmet = wanted - own - round(sum(from_savings.values()) / unit)
        saved += [month] * (per_month - own)
        while len(saved) > cap:
            oldest = min(saved)
            saved.remove(oldest)
            lapsed.append(oldest)
        balance = len(saved) * unit
        result.append((own * unit, from_savings, unmet * unit, len(lapsed) * unit, balance))
    return result


half_hours = st.integers(min_value=0, max_value=120).map(lambda n: n / 2)


@given(
    st.lists(half_hours, max_size=20),
    st.sampled_from([15.0, 10.5, 4.0, 0.0, 30.0]),
    st.sampled_from([90.0, 45.0, 20.5, 0.0]),
    st.integers(min_value=1, max_value=8),
)
def test_ledger_matches_the_brute_force_ledger(
    requested: list[float], hours: float, cap: float, period: int
) -> None:
    rules = EscortRules(
        hours_per_month=hours,
        savings_max_hours=cap,
        savings_period_months=period,
        hours_per_holiday_day=12,
    )
    ledger = escort_ledger(rules, requested)
    expected = brute_force_ledger(rules, requested)
    got = [(m.used_from_month, m.used_from_savings, m.unmet, m.lapsed, m.balance) for m in ledger]
    assert got == expected


@given(st.lists(st.floats(min_value=0, max_value=60, allow_nan=False), max_size=24))
def test_ledger_invariants(requested: list[float]) -> None:
    ledger = escort_ledger(RULES, requested)
    for month in ledger:
        assert month.used + month.unmet == pytest.approx(month.requested)
        assert 0 <= month.balance <= RULES.savings_max_hours + 1e-9
        assert all(
            month.month - saved <= RULES.savings_period_months for saved in month.used_from_savings
        )
    granted = RULES.hours_per_month * len(ledger)
    used = sum(m.used for m in ledger)
    lapsed = sum(m.lapsed for m in ledger)
    balance = ledger[-1].balance if ledger else 0
    assert used + lapsed + balance == pytest.approx(granted)


def test_price_per_started_day_at_the_stated_rate(bundled: Standards) -> None:
    price = stay_price(
        bundled, "hillerod/sel-109", datetime(2026, 3, 1, 20), datetime(2026, 3, 4, 10)
    )
    assert price.started_days == 3
    assert (price.rate.amount, price.rate.year) == (101.19, 2025)
    # Lines 1339, 1395: the rate is stated "I 2025"; a 2026 stay says it is the 2025 rate.
    assert (price.arrival_year, price.newer_rate_stated) == (2026, False)
    assert price.amount == pytest.approx(303.57)
    shelter = stay_price(
        bundled, "hillerod/sel-110", datetime(2026, 1, 5, 9), datetime(2026, 1, 5, 11)
    )
    assert (shelter.started_days, shelter.amount) == (1, 104.80)


def test_started_days() -> None:
    """ "pr. påbegyndt dag/døgn" (lines 1339, 1395): each begun 24 hours from the arrival."""
    assert started_days(datetime(2026, 1, 1, 12), datetime(2026, 1, 2, 12)) == 1
    assert started_days(datetime(2026, 1, 1, 12), datetime(2026, 1, 2, 12, 1)) == 2
    with pytest.raises(EvaluationError):
        started_days(datetime(2026, 1, 2), datetime(2026, 1, 1))


def test_started_days_count_elapsed_time_across_summer_time() -> None:
    # Autumn: noon to noon over the night the clock goes back is 25 hours, a second døgn begun.
    assert started_days(datetime(2026, 10, 24, 12), datetime(2026, 10, 25, 12)) == 2
    # Spring: noon to 12:30 over the night the clock goes forward is 23.5 hours, one døgn.
    assert started_days(datetime(2026, 3, 28, 12), datetime(2026, 3, 29, 12, 30)) == 1
    copenhagen = ZoneInfo("Europe/Copenhagen")
    arrival = datetime(2026, 10, 24, 12, tzinfo=copenhagen)
    assert started_days(arrival, arrival.astimezone(UTC) + timedelta(hours=24)) == 1


def test_no_rate_before_the_year_the_standard_states(bundled: Standards) -> None:
    with pytest.raises(EvaluationError, match="no standard of hillerod is in force on 2024-03-01"):
        stay_price(bundled, "hillerod/sel-109", datetime(2024, 3, 1), datetime(2024, 3, 2))


@pytest.mark.parametrize("service", ["hillerod/sel-95", "hillerod/sel-96"])
def test_helper_hours(bundled: Standards, service: str) -> None:
    one = helper_hours(bundled, service, helpers=1, new_helpers=1, on=ON)
    # max. 3 x 2 timer to train a new helper; MUS 1.5 hours per helper a year; staff meetings
    # only with more than one helper.
    assert (one.training, one.staff_meetings, one.mus) == (6, 0, 1.5)
    three = helper_hours(bundled, service, helpers=3, new_helpers=2, on=ON)
    assert (three.training, three.staff_meetings, three.mus) == (12, 18, 4.5)
    assert three.total == 34.5


def test_pension_age_limits(bundled: Standards) -> None:
    assert pension_age_date(bundled, date(1960, 3, 15)) == date(2027, 3, 15)
    assert pension_age_date(bundled, date(1954, 2, 1)) == date(2019, 8, 1)
    assert sel97_age_limit_date(bundled, date(1953, 6, 1)) == date(2020, 6, 1)  # 65 → 67
