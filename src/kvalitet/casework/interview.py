"""The missing-fact interview: the next most useful question for the services of interest.

A candidate is a fact named missing by an undetermined service (so its answer can matter). Each
candidate is tried with every value it can take that the rules distinguish (yes/no, each
choice, each side of each number the rules compare with); the question asked is the one whose
answers settle the most undetermined services on average. Ties go to the fact named missing
by the most services, then to the field order of the profile.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kvalitet.casework.questions import Question, question_for
from kvalitet.engine.boundaries import boundaries
from kvalitet.engine.decision import Decision
from kvalitet.engine.standards import Standards
from kvalitet.language.facts import FactInfo, profile_facts
from kvalitet.language.labels import Language
from kvalitet.language.national import add_years
from kvalitet.language.profile import EARLIEST_DATE, LATEST_DATE, NUMBER_LIMIT, ProfileBase

# Ages that put a citizen on each side of the age limits of the standards (18, the pension age
# 65-70, the § 97 floor of 67), used to try a birth date.
BIRTH_DATE_AGES = (17, 30, 66, 68, 75)


@dataclass(frozen=True)
class NextQuestion:
    """The question to ask next, and why."""

    question: Question
    undetermined: tuple[str, ...]  # the services still undetermined
    expected_settled: float  # services the answer settles, on average over its values


def _undetermined(decision: Decision, services: set[str] | None) -> list[str]:
    return [
        service
        for service, outcome in decision.services.items()
        if outcome.outcome == "undetermined" and (services is None or service in services)
    ]


def candidate_values(info: FactInfo, near: set[Any]) -> list[Any]:
    """The values of a fact the rules can tell apart."""
    if info.kind == "bool":
        return [True, False]
    if info.kind == "enum":
        return list(info.values)
    if info.kind == "services":
        known_codes = list(info.spec.values) if info.spec is not None else []
        codes = sorted(c for c in near if isinstance(c, str)) or known_codes
        return [(), *((code,) for code in codes)]
    if info.kind == "date":
        days = {day for day in near if isinstance(day, date)}
        if not days:
            return [date(2000, 1, 1)]  # no rule compares this date: any value tells
        shifted = {day + timedelta(days=shift) for day in days for shift in (-1, 0, 1)}
        return sorted({min(max(day, EARLIEST_DATE), LATEST_DATE) for day in shifted})
    numbers = sorted({float(v) for v in near if isinstance(v, int | float) and v >= 0})
    values = {0.0}
    for number in numbers:
        values.update({number, number + 0.5, max(number - 0.5, 0.0)})
    # Within the fact's declared bounds, so every value tried is a valid answer.
    low = info.spec.min if info.spec is not None and info.spec.min is not None else -NUMBER_LIMIT
    high = info.spec.max if info.spec is not None and info.spec.max is not None else NUMBER_LIMIT
    if info.kind == "int":
        whole_low, whole_high = math.ceil(low), math.floor(high)
        return sorted({min(max(int(value), whole_low), whole_high) for value in values})
    return sorted({min(max(value, low), high) for value in values})


def next_question(
    standards: Standards,
    profile: ProfileBase | dict[str, Any],
    *,
    municipality: str,
    on: date,
    services: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    lang: Language = "da",
) -> NextQuestion | None:
    """The most useful question, or ``None`` when every chosen service is settled.

    Args:
        standards: The loaded standards.
        profile: What is known so far.
        municipality: Whose standards.
        on: The evaluation date.
        services: Service ids of interest (default: all of the municipality's).
        skip: Facts not to ask about (the caseworker passed them over); ``None`` is also
            returned when only such facts could settle a service.
        lang: The language of the question.
    """
    checked = standards.parse_profile(profile)
    chosen = set(services) if services is not None else None
    decision = standards.evaluate(checked, municipality=municipality, on=on)
    open_services = _undetermined(decision, chosen)
    if not open_services:
        return None
    skipped = set(skip)
    named: dict[str, int] = {}
    for service in open_services:
        for fact in decision.services[service].missing_facts:
            if fact not in skipped:
                named[fact] = named.get(fact, 0) + 1
    if not named:
        return None
    programs = [p for p in standards.in_force(municipality, on) if p.service in open_services]
    near = boundaries(programs)
    facts = profile_facts(standards.vocabulary)
    order = list(facts)
    known = checked.known_facts()
    best: tuple[float, int, int, str] | None = None
    for fact, count in named.items():
        info = facts[fact]
        if fact == "birth_date":
            values = [add_years(on, -years) for years in BIRTH_DATE_AGES]
        else:
            values = candidate_values(info, near.get(fact, set()))
        score = _expected_settled(
            standards, known, fact, values, municipality=municipality, on=on,
            open_services=open_services,
        )  # fmt: skip
        key = (score, count, -order.index(fact), fact)
        if best is None or key > best:
            best = key
    assert best is not None  # noqa: S101 - an undetermined service names a missing fact
    question = question_for(best[3], standards.vocabulary, lang)
    return NextQuestion(question, tuple(open_services), best[0])


def _expected_settled(
    standards: Standards,
    known: dict[str, Any],
    fact: str,
    values: list[Any],  # never empty: every fact kind has candidate values
    *,
    municipality: str,
    on: date,
    open_services: list[str],
) -> float:
    del municipality  # each open service is evaluated on its own
    settled = 0
    for value in values:
        for service in open_services:
            outcome = standards.evaluate_service({**known, fact: value}, service=service, on=on)
            settled += outcome.outcome != "undetermined"
    return settled / len(values)
