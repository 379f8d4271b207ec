"""The library's invariants, run over every bundled standard (Hypothesis profile `ci` or `long`)."""

from __future__ import annotations

import pytest
from hypothesis import given

from kvalitet import Profile
from kvalitet.engine.decision import Reason, ReasonCitation, ServiceOutcome
from kvalitet.engine.truth import Truth
from kvalitet.language.standard import Scope
from kvalitet.testing import invariants
from kvalitet.testing.invariants import InvariantViolation

from .conftest import ON
from .test_engine import PROFILES, STANDARDS_SET


@given(PROFILES)
def test_single_profile_invariants(profile: Profile) -> None:
    invariants.check_invariants(STANDARDS_SET, profile, on=ON)


@given(PROFILES)
def test_deterministic(profile: Profile) -> None:
    invariants.deterministic(STANDARDS_SET, profile, on=ON)


@given(PROFILES, PROFILES)
def test_knowing_more_never_unsettles(profile: Profile, more: Profile) -> None:
    invariants.knowing_more_never_unsettles(STANDARDS_SET, profile, more, on=ON)


@given(PROFILES, PROFILES)
def test_unread_facts_do_not_matter(profile: Profile, other: Profile) -> None:
    invariants.unread_facts_do_not_matter(STANDARDS_SET, profile, other, on=ON)


# --- the checks themselves can fail ---------------------------------------------------------


def outcome(**changes: object) -> ServiceOutcome:
    reason = Reason(
        rule="target.x",
        kind="target_group",
        tested="x",
        result=Truth.FALSE,
        text="Du skal x.",
        basis="law",
        default=False,
        citation=ReasonCitation(standard="testby/sel-1", section="Målgruppe"),
    )
    fields: dict[str, object] = {
        "service": "testby/sel-1",
        "title": "T",
        "standard_version": "1",
        "outcome": "outside_standard",
        "access": "visitation",
        "reasons": (reason,),
        "individual_assessment": "Konkret og individuel vurdering.",
    }
    fields.update(changes)
    return ServiceOutcome.model_validate(fields)


def test_a_failed_criterion_with_another_outcome_is_caught() -> None:
    invariants.outcome_follows_the_reasons(outcome())
    with pytest.raises(InvariantViolation, match="its reasons give outside_standard"):
        invariants.outcome_follows_the_reasons(outcome(outcome="undetermined"))


def test_scope_outside_the_standard_is_caught() -> None:
    with pytest.raises(InvariantViolation, match="scope"):
        invariants.scope_exactly_when_within(outcome(scope=Scope(max_hours=5)))


def test_a_missing_citation_is_caught() -> None:
    bad = outcome()
    reason = bad.reasons[0].model_copy(
        update={"citation": ReasonCitation(standard="other/sel-2", section="X")}
    )
    with pytest.raises(InvariantViolation, match="not cited"):
        invariants.every_reason_cited(bad.model_copy(update={"reasons": (reason,)}))


def test_undetermined_without_missing_facts_is_caught() -> None:
    with pytest.raises(InvariantViolation, match="without naming"):
        invariants.undetermined_names_missing_facts(outcome(outcome="undetermined"), Profile())
    with pytest.raises(InvariantViolation, match="names known facts"):
        invariants.undetermined_names_missing_facts(
            outcome(outcome="undetermined", missing_facts=("motivated",)), Profile(motivated=True)
        )
