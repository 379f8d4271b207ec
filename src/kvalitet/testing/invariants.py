"""Invariants every standard must satisfy, as checks a test suite calls with its own profiles.

Each check raises :class:`InvariantViolation` (an ``AssertionError``, so pytest shows it as a
failed assertion) naming the service and what went wrong.

Example:
    >>> from datetime import date
    >>> from kvalitet import load_standards
    >>> from kvalitet.testing.invariants import check_invariants
    >>> check_invariants(load_standards(), {"motivated": False}, on=date(2026, 6, 1))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from kvalitet.engine.decision import Decision, ServiceOutcome
from kvalitet.engine.standards import Standards
from kvalitet.engine.truth import Truth
from kvalitet.language.national import NATIONAL_FACTS
from kvalitet.language.profile import ProfileBase

ProfileLike = ProfileBase | dict[str, Any]


class InvariantViolation(AssertionError):  # noqa: N818 - reads as what it is in a test report
    """A standard broke an invariant."""


def _decisions(
    standards: Standards, profile: ProfileLike, on: date, municipalities: Iterable[str] | None
) -> list[Decision]:
    chosen = list(municipalities) if municipalities is not None else standards.municipalities
    return [standards.evaluate(profile, municipality=m, on=on) for m in chosen]


def _fail(service: str, message: str) -> InvariantViolation:
    return InvariantViolation(f"{service}: {message}")


def deterministic(
    standards: Standards,
    profile: ProfileLike,
    *,
    on: date,
    municipalities: Iterable[str] | None = None,
) -> None:
    """The same profile and date give the same Decision but for its id, which is new each time."""
    chosen = list(municipalities) if municipalities is not None else None
    first = _decisions(standards, profile, on, chosen)
    second = _decisions(standards, profile, on, chosen)
    for one, other in zip(first, second, strict=True):
        if not one.same_as(other):
            raise InvariantViolation("two evaluations of the same profile differ")
        if one.id == other.id:
            raise InvariantViolation("two evaluations have the same decision id")


def outcome_follows_the_reasons(outcome: ServiceOutcome) -> None:
    """Kleene: a failing criterion or an applying exclusion gives outside whatever is unknown.

    Exclusions dominate; with nothing failing, an unknown rule gives undetermined. An exception
    no stated fact raises takes no part.
    """
    counted = [r for r in outcome.reasons if not r.not_raised]
    criteria = [r.result for r in counted if r.kind not in ("exclusion", "scope")]
    exclusions = [r.result for r in counted if r.kind == "exclusion"]
    if Truth.TRUE in exclusions or Truth.FALSE in criteria:
        expected = "outside_standard"
    elif Truth.UNKNOWN in exclusions or Truth.UNKNOWN in criteria:
        expected = "undetermined"
    else:
        expected = "within_standard"
    if outcome.outcome != expected:
        raise _fail(outcome.service, f"outcome {outcome.outcome}, but its reasons give {expected}")


def scope_exactly_when_within(outcome: ServiceOutcome) -> None:
    """The scope is present exactly when the outcome is within the standard."""
    if (outcome.scope is not None) != (outcome.outcome == "within_standard"):
        raise _fail(outcome.service, f"scope {outcome.scope!r} with outcome {outcome.outcome}")


def every_reason_cited(outcome: ServiceOutcome) -> None:
    """Every reason is cited to its standard's section and carries the standard's words.

    Every outcome also says it is a starting point and carries the individual-assessment
    sentence.
    """
    if not outcome.individual_assessment or "udgangspunkt" not in outcome.starting_point_note:
        raise _fail(outcome.service, "no individual-assessment sentence or starting-point note")
    for reason in outcome.reasons:
        if reason.citation.standard != outcome.service or not reason.citation.section:
            raise _fail(outcome.service, f"reason {reason.rule} is not cited to its section")
        if not reason.text:
            raise _fail(outcome.service, f"reason {reason.rule} has no text")


def undetermined_names_missing_facts(outcome: ServiceOutcome, profile: ProfileBase) -> None:
    """Undetermined exactly when a needed fact is missing, and only missing facts are named."""
    known = set(profile.known_facts())
    if outcome.outcome == "undetermined":
        if not outcome.missing_facts:
            raise _fail(outcome.service, "undetermined without naming a missing fact")
        named_known = [f for f in outcome.missing_facts if f in known and f != "birth_date"]
        if named_known:
            raise _fail(outcome.service, f"names known facts as missing: {named_known}")
    elif outcome.missing_facts:
        raise _fail(outcome.service, f"{outcome.outcome} but names {outcome.missing_facts}")


def check_invariants(
    standards: Standards,
    profile: ProfileLike,
    *,
    on: date,
    municipalities: Iterable[str] | None = None,
) -> None:
    """Every single-profile invariant, for every service of the municipalities (default: all)."""
    checked = standards.parse_profile(profile)
    for decision in _decisions(standards, checked, on, municipalities):
        for outcome in decision.services.values():
            outcome_follows_the_reasons(outcome)
            scope_exactly_when_within(outcome)
            every_reason_cited(outcome)
            undetermined_names_missing_facts(outcome, checked)


def knowing_more_never_unsettles(
    standards: Standards,
    profile: ProfileLike,
    more: ProfileLike,
    *,
    on: date,
    municipalities: Iterable[str] | None = None,
) -> None:
    """Adding facts never turns a settled outcome undetermined or changes it.

    ``more`` only adds facts the profile does not have. A birth date added to a known age is a
    change (it may contradict the age), so it is left out. The one way a settled outcome may
    change is an exception being raised: a rule that was not raised (no fact raising it was
    stated) is raised by the added facts.
    """
    base = standards.parse_profile(profile).known_facts()
    extra = {k: v for k, v in standards.parse_profile(more).known_facts().items() if k not in base}
    if "age" in base:
        extra.pop("birth_date", None)
    fuller = {**base, **extra}
    chosen = list(municipalities) if municipalities is not None else None
    before = _decisions(standards, base, on, chosen)
    after = _decisions(standards, fuller, on, chosen)
    for old, new in zip(before, after, strict=True):
        for service, outcome in old.services.items():
            changed = new.services[service]
            dormant = {r.rule for r in outcome.reasons if r.not_raised}
            raised = dormant - {r.rule for r in changed.reasons if r.not_raised}
            if outcome.outcome not in ("undetermined", changed.outcome) and not raised:
                message = f"{outcome.outcome} became {changed.outcome} when facts were added"
                raise _fail(service, message)


def unread_facts_do_not_matter(
    standards: Standards,
    profile: ProfileLike,
    other: ProfileLike,
    *,
    on: date,
    municipalities: Iterable[str] | None = None,
) -> None:
    """A service's outcome never depends on facts its rules do not read.

    For each service, the facts it does not read are taken from ``other``; the outcome, reasons,
    scope and missing facts must stay the same.
    """
    first = standards.parse_profile(profile).known_facts()
    second = standards.parse_profile(other).known_facts()
    chosen = list(municipalities) if municipalities is not None else standards.municipalities
    for municipality in chosen:
        original = standards.evaluate(first, municipality=municipality, on=on)
        for program in standards.in_force(municipality, on):
            read = set(program.base_facts_read)
            if read & set(NATIONAL_FACTS):
                read |= {"birth_date", "age"}
            mixed = {k: v for k, v in first.items() if k in read}
            mixed.update({k: v for k, v in second.items() if k not in read})
            changed = standards.evaluate(mixed, municipality=municipality, on=on)
            before = original.services[program.service]
            after = changed.services[program.service]
            if (before.outcome, before.reasons, before.scope, before.missing_facts) != (
                after.outcome,
                after.reasons,
                after.scope,
                after.missing_facts,
            ):
                raise _fail(program.service, "the outcome changed with facts it does not read")


def backends_agree(
    standards: Standards,
    profile: ProfileLike,
    *,
    on: date,
    municipalities: Iterable[str] | None = None,
) -> None:
    """The compiled and durable backends give the same Decision."""
    chosen = list(municipalities) if municipalities is not None else standards.municipalities
    for municipality in chosen:
        compiled = standards.evaluate(profile, municipality=municipality, on=on)
        durable = standards.evaluate(profile, municipality=municipality, on=on, backend="durable")
        if not compiled.same_as(durable):
            differing = [
                s for s in compiled.services if compiled.services[s] != durable.services[s]
            ]
            raise InvariantViolation(f"the backends differ on {', '.join(differing)}")
