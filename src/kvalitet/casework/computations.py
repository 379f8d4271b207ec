"""The computations the standards describe, as functions of the standards, a profile and a date.

Every number comes from the bundled YAML (or the national data), never from this module:
change the standard and the computation follows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kvalitet.engine.standards import Standards
from kvalitet.language.calendar import ZONE
from kvalitet.language.problems import EvaluationError
from kvalitet.language.standard import Rate, Scope


def _scope(standards: Standards, service: str, facts: dict[str, Any], on: date) -> Scope:
    scope, missing = standards.scope(facts, service=service, on=on)
    if missing:
        msg = f"{service}: the scope needs {', '.join(missing)}"
        raise EvaluationError(msg)
    return scope


# --- SEL § 85: the package for a number of hours --------------------------------------------


def package_for_hours(
    standards: Standards,
    hours: float,
    *,
    on: date,
    level: str | None = None,
    service: str = "hillerod/sel-85",
) -> str | None:
    """The § 85 package the standard's scope rules give for assessed hours a month.

    ``level`` is the VUM level (A-E), which Hillerød's special package over 27 hours needs (an
    omfattende or fuldstændigt støttebehov, D or E). ``None`` when no package covers the hours
    (under 1 hour, or over 27 hours at C).

    Raises:
        EvaluationError: when the package depends on a fact not given (the level over 27 hours).

    Example:
        >>> from kvalitet import load_standards
        >>> package_for_hours(load_standards(), 13, on=date(2026, 6, 1))
        'pakke-2'
    """
    facts: dict[str, Any] = {"support_hours_per_month": hours}
    if level is not None:
        facts["support_need_level"] = level
    return _scope(standards, service, facts, on).text("package")


# --- SEL § 97: the savings ledger -----------------------------------------------------------


@dataclass
class EscortMonth:
    """One month of a § 97 escort ledger."""

    month: int  # 0 = the first month of the ledger
    granted: float
    requested: float
    used_from_month: float
    used_from_savings: dict[int, float] = field(default_factory=dict)  # saved in month → hours
    unmet: float = 0.0  # requested beyond what was available: no advance ("forskud")
    saved: float = 0.0  # this month's unused hours kept in savings
    lapsed: float = 0.0  # saved hours that lapsed by age at the start or over the cap at the end
    balance: float = 0.0  # saved hours available after this month

    @property
    def used(self) -> float:
        """Hours used this month."""
        return self.used_from_month + sum(self.used_from_savings.values())


@dataclass(frozen=True)
class EscortRules:
    """The numbers of the § 97 standard that the ledger uses."""

    hours_per_month: float
    savings_max_hours: float
    savings_period_months: int
    hours_per_holiday_day: float


def escort_rules(standards: Standards, profile: dict[str, Any], *, on: date) -> EscortRules:
    """The § 97 numbers for a profile (the monthly hours depend on where the citizen lives).

    Raises:
        EvaluationError: when a fact the scope needs is missing.
    """
    scope = _scope(standards, "hillerod/sel-97", profile, on)
    numbers = tuple(
        scope.number(name)
        for name in (
            "hours_per_month",
            "savings_max_hours",
            "savings_period_months",
            "hours_per_holiday_day",
        )
    )
    if any(number is None for number in numbers):
        msg = "hillerod/sel-97 states no monthly hours, savings or holiday rule for this profile"
        raise EvaluationError(msg)
    hours, saving, months, holiday = (float(n) for n in numbers if n is not None)
    return EscortRules(hours, saving, int(months), holiday)


def escort_ledger(rules: EscortRules, requested: Sequence[float]) -> list[EscortMonth]:
    """The § 97 ledger for hours requested month by month, in the order the standard gives.

    * "Alle timer i den indeværende måned skal anvendes, inden den opsparede tid … bruges."
    * Saved hours are used "fra den nærmeste foregående måned og så videre månedsvis bagud".
    * Lapse by age: the hours a month leaves unused can be used in the ``savings_period_months``
      months after it and lapse at the start of the month after that ("timer, som er opsparet
      for mere end 6 måneder siden, altid bortfalde").
    * At most ``savings_max_hours`` can be saved ("opspare op til 90 timer"): above it the
      oldest saved hours lapse first, as they are the first to lapse by age anyway; the month's
      own unused hours are kept.
    * "Der kan ikke fås forskud": hours requested beyond what is available are ``unmet``.

    The readings are those of the standard's ``scope.savings`` rule (hillerod/sel-97).
    """
    savings: dict[int, float] = {}  # month saved → hours left
    ledger = []
    for month, wanted in enumerate(requested):
        lapsed = 0.0
        for saved_in in sorted(m for m in savings if month - m > rules.savings_period_months):
            lapsed += savings.pop(saved_in)
        entry = EscortMonth(month, rules.hours_per_month, wanted, 0.0)
        entry.used_from_month = min(wanted, rules.hours_per_month)
        still = wanted - entry.used_from_month
        for saved_in in sorted(savings, reverse=True):  # nearest previous month first
            if still <= 0:
                break
            take = min(still, savings[saved_in])
            if take > 0:
                entry.used_from_savings[saved_in] = take
                savings[saved_in] -= take
                still -= take
        entry.unmet = max(still, 0.0)
        leftover = rules.hours_per_month - entry.used_from_month
        if leftover > 0:
            savings[month] = leftover
        excess = sum(savings.values()) - rules.savings_max_hours
        for saved_in in sorted(savings):  # over the cap: the oldest saved hours lapse first
            if excess <= 0:
                break
            drop = min(excess, savings[saved_in])
            savings[saved_in] -= drop
            lapsed += drop
            excess -= drop
        savings = {m: h for m, h in savings.items() if h > 0}
        entry.saved = savings.get(month, 0.0)
        entry.lapsed = lapsed
        entry.balance = float(sum(savings.values()))
        ledger.append(entry)
    return ledger


def holiday_escort_hours(rules: EscortRules, days: int) -> float:
    """Hours a holiday takes: "12 timer pr. dag inkl. ud- og hjemrejse"."""
    return rules.hours_per_holiday_day * days


# --- SEL §§ 109, 110: the price of a stay ---------------------------------------------------


@dataclass(frozen=True)
class StayPrice:
    """The self-payment for a stay, at a rate per started day.

    ``rate.year`` is the year whose rate decided; when it is before ``arrival_year`` the
    standard states no rate for the year of the stay (``newer_rate_stated`` is false), and the
    price is at the older level, not adjusted.
    """

    started_days: int
    rate: Rate
    amount: float
    arrival_year: int

    @property
    def newer_rate_stated(self) -> bool:
        """Whether the standard states a rate for the year of the arrival itself."""
        return self.rate.year >= self.arrival_year


def _instant(moment: datetime) -> datetime:
    """A moment in UTC; a time without a zone is Danish local time (Europe/Copenhagen)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(ZONE))
    return aware.astimezone(UTC)


def started_days(arrival: datetime, departure: datetime) -> int:
    """Started days (døgn) of a stay: each begun 24 hours from arrival counts, at least one.

    The reading of "pr. påbegyndt dag/døgn" recorded in the §§ 109/110 standards: a døgn is 24
    hours of elapsed time from the arrival, not a calendar day; across a change to or from
    summer time the elapsed time counts, not the clock (a time without a zone is Danish time).

    Example:
        >>> started_days(datetime(2026, 10, 24, 12), datetime(2026, 10, 25, 12))  # 25 hours
        2
    """
    elapsed = _instant(departure) - _instant(arrival)
    if elapsed < timedelta(0):
        msg = "departure is before arrival"
        raise EvaluationError(msg)
    return max(1, math.ceil(elapsed / timedelta(days=1)))


def stay_price(
    standards: Standards, service: str, arrival: datetime, departure: datetime
) -> StayPrice:
    """The self-payment for a stay at a crisis centre (§ 109) or shelter (§ 110).

    Uses the standard's rate per started day for the latest year it states up to the arrival
    year (the 2026 standards state the 2025 rate): the result says which year's rate decided
    and whether a rate for the arrival's year is stated.

    Raises:
        EvaluationError: when the standard states no such rate.
    """
    program = standards.program(service, arrival.date())
    rates = [
        rate
        for payment in program.standard.payment
        for rate in payment.rates
        if rate.unit == "kr_per_started_day" and rate.year <= arrival.year
    ]
    if not rates:
        msg = f"{service} states no rate per started day for {arrival.year} or before"
        raise EvaluationError(msg)
    rate = max(rates, key=lambda r: r.year)
    days = started_days(arrival, departure)
    return StayPrice(days, rate, round(days * rate.amount, 2), arrival.year)


# --- SEL §§ 95, 96: the helper hours of the grant -------------------------------------------


@dataclass(frozen=True)
class HelperHours:
    """Hours a year granted for training, staff meetings and MUS, for so many helpers."""

    training: float
    staff_meetings: float
    mus: float

    @property
    def total(self) -> float:
        """All three together."""
        return self.training + self.staff_meetings + self.mus


def helper_hours(
    standards: Standards,
    service: str,
    *,
    helpers: int,
    new_helpers: int,
    on: date,
    profile: dict[str, Any] | None = None,
) -> HelperHours:
    """The helper elements of a §§ 95/96 grant for a year.

    Training: sessions × hours per session for each new helper; staff meetings: hours a quarter
    per helper, four quarters, where the standard gives them (more than one helper); MUS: hours
    per helper a year.
    """
    facts = {**(profile or {}), "helper_count": helpers}
    scope, _ = standards.scope(facts, service=service, on=on)
    training = (scope.number("training_sessions_per_new_helper") or 0) * (
        scope.number("training_hours_per_session") or 0
    )
    meetings = (scope.number("staff_meeting_hours_per_quarter_per_helper") or 0) * 4 * helpers
    mus = (scope.number("mus_hours_per_helper_per_year") or 0) * helpers
    return HelperHours(training * new_helpers, meetings, mus)


# --- national: the pension-age limit --------------------------------------------------------


def pension_age_date(standards: Standards, birth_date: date) -> date:
    """The day a citizen reaches the state pension age (lov om social pension § 1 a)."""
    return standards.national.pension_date(birth_date)


def sel97_age_limit_date(standards: Standards, birth_date: date) -> date:
    """The day the SEL § 97 age limit is reached: the pension age, but never before 67."""
    return standards.national.sel97_limit_date(birth_date)
