"""Exceptions raised only by stating a fact (``raised_by``): an ordinary applicant is not asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kvalitet import StandardLoadError, Standards, load_standards
from kvalitet.casework.explain import explain, render_explanation
from kvalitet.casework.summary import render_decision
from kvalitet.casework.whatif import what_if
from kvalitet.engine.truth import Truth
from kvalitet.language.terms import Payment
from kvalitet.testing import invariants

from .conftest import ON, make_testby_folder

BASE = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
ORDINARY = {"age": 40, "support_need_level": "C"}
SERVICE = "testby/sel-85"


def _standards(tmp_path: Path, text: str) -> Standards:
    folder = make_testby_folder(tmp_path)
    (folder / "sel-85.yaml").write_text(text, encoding="utf-8")
    return load_standards(folder)


RAISED = BASE.replace(
    "  - id: exclusion.bpa\n    basis: standard\n",
    "  - id: exclusion.bpa\n    basis: standard\n    raised_by: [current_services]\n",
)


def test_an_exception_not_raised_neither_holds_back_nor_asks(tmp_path: Path) -> None:
    standards = _standards(tmp_path, RAISED)
    outcome = standards.evaluate_service(ORDINARY, service=SERVICE, on=ON)
    assert outcome.outcome == "within_standard"
    assert outcome.missing_facts == ()
    reason = next(r for r in outcome.reasons if r.rule == "exclusion.bpa")
    assert (reason.result, reason.not_raised, reason.missing_facts) == (Truth.UNKNOWN, True, ())
    invariants.outcome_follows_the_reasons(outcome)
    durable = standards.evaluate_service(ORDINARY, service=SERVICE, on=ON, backend="durable")
    assert durable == outcome


def test_a_stated_fact_raises_the_exception(tmp_path: Path) -> None:
    standards = _standards(tmp_path, RAISED)
    applies = standards.evaluate_service(
        {**ORDINARY, "current_services": ["sel-96"]}, service=SERVICE, on=ON
    )
    assert applies.outcome == "outside_standard"
    does_not = standards.evaluate_service(
        {**ORDINARY, "current_services": ["sel-85"]}, service=SERVICE, on=ON
    )
    assert does_not.outcome == "within_standard"
    assert not any(r.not_raised for r in does_not.reasons)


def test_a_raised_exception_that_is_still_unknown_is_asked(tmp_path: Path) -> None:
    text = BASE.replace(
        "  - id: exclusion.bpa\n    basis: standard\n",
        "  - id: exclusion.bpa\n    basis: standard\n    raised_by: [housing]\n",
    ).replace(
        "    when: {fact: current_services, contains: sel-96}",
        "    when:\n      all:\n        - {fact: housing, eq: long_term_residence}\n"
        "        - {fact: current_services, contains: sel-96}",
    )
    standards = _standards(tmp_path, text)
    dormant = standards.evaluate_service(ORDINARY, service=SERVICE, on=ON)
    assert dormant.outcome == "within_standard"
    raised = standards.evaluate_service(
        {**ORDINARY, "housing": "long_term_residence"}, service=SERVICE, on=ON
    )
    assert raised.outcome == "undetermined"
    assert raised.missing_facts == ("current_services",)


def test_a_criterion_not_raised_counts_as_met_and_a_scope_rule_sets_nothing(
    tmp_path: Path,
) -> None:
    text = BASE.replace(
        "  - id: vum.level\n    kind: vum_level\n    basis: standard\n",
        "  - id: vum.level\n    kind: vum_level\n    basis: standard\n"
        "    raised_by: [support_need_level]\n",
    ).replace(
        "  - id: scope.package_2\n    basis: standard\n",
        "  - id: scope.package_2\n    basis: standard\n    raised_by: [support_hours_per_month]\n",
    )
    standards = _standards(tmp_path, text)
    outcome = standards.evaluate_service(
        {"age": 40, "current_services": []}, service=SERVICE, on=ON
    )
    assert outcome.outcome == "within_standard"
    assert [r.rule for r in outcome.reasons if r.not_raised] == ["vum.level", "scope.package_2"]
    # scope.package_1 is no exception: its unknown hours are named.
    assert outcome.scope_missing_facts == ("support_hours_per_month",)
    assert outcome.scope is not None
    assert outcome.scope.get("package") is None


def test_an_overriding_exception_not_raised_leaves_the_default(bundled: Standards) -> None:
    """§ 84: the 60 døgn stand while afløsning is not stated; the offset is named (l. 187)."""
    profile = {
        "age": 40,
        "impairment_substantial": True,
        "cared_for_at_home_by_close_relative": True,
        "can_be_alone_at_home": False,
        "support_need_level": "E",
    }
    outcome = bundled.evaluate_service(profile, service="hillerod/sel-84", on=ON)
    assert outcome.scope is not None
    assert outcome.scope.number("max_days_per_year") == 60
    offset = next(r for r in outcome.reasons if r.rule == "scope.afloesning_offset")
    assert offset.not_raised


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        ("housing", "'housing' does not raise 'exclusion.bpa': its condition does not read it"),
        ("adult", "'adult' is a derived fact"),
    ],
)
def test_an_exception_is_raised_by_a_stated_fact_its_condition_reads(
    tmp_path: Path, fact: str, message: str
) -> None:
    text = RAISED.replace("raised_by: [current_services]", f"raised_by: [{fact}]")
    if fact == "adult":
        text = text.replace(
            "    when: {fact: current_services, contains: sel-96}",
            "    when: {all: [adult, {fact: current_services, contains: sel-96}]}",
        )
    with pytest.raises(StandardLoadError) as raised:
        _standards(tmp_path, text)
    assert any(message in problem.message for problem in raised.value.problems)


def test_stating_an_exception_may_change_a_settled_outcome(bundled: Standards) -> None:
    """§ 85: C without measured hours is within; 35 hours at C is outside (l. 289, 332)."""
    ordinary = {
        "impairment_substantial": True,
        "group_or_checkpoint_course_insufficient": True,
        "support_need_level": "C",
    }
    invariants.knowing_more_never_unsettles(
        bundled, ordinary, {"support_hours_per_month": 35}, on=ON, municipalities=["hillerod"]
    )
    outcome = bundled.evaluate_service(
        {**ordinary, "support_hours_per_month": 35}, service="hillerod/sel-85", on=ON
    )
    assert outcome.outcome == "outside_standard"


def test_outputs_say_an_exception_was_not_raised(tmp_path: Path) -> None:
    standards = _standards(tmp_path, RAISED)
    decision = standards.evaluate(ORDINARY, municipality="testby", on=ON)
    assert "undtagelse, ikke oplyst – indgår ikke i vurderingen" in render_decision(decision)
    explanation = explain(decision.services[SERVICE])
    assert "exclusion.bpa" not in explanation.decisive
    assert "undtagelse, ikke oplyst" in render_explanation(explanation)
    assert what_if(standards, ORDINARY, service=SERVICE, on=ON, target="within_standard") == []


def test_a_grant_is_no_user_payment() -> None:
    with pytest.raises(ValueError, match="a grant is paid to the citizen"):
        Payment.model_validate(
            {
                "id": "payment.grant",
                "basis": "standard",
                "user_payment": True,
                "grant": True,
                "text": "Tilskud.",
                "cite": {"section": "Betaling"},
            }
        )


def test_outputs_name_the_year_of_an_amount_and_the_event_a_time_counts_from(
    bundled: Standards,
) -> None:
    """§ 100 (l. 764): 2023-niveau in 2026; SUL § 141 (l. 1524): 14 days after the contact."""
    decision = bundled.evaluate(
        {"monthly_extra_expenses": 600, "treatment_form": "ambulant"},
        municipality="hillerod",
        on=date(2026, 6, 1),
    )
    [used] = decision.services["hillerod/sel-100"].amounts
    assert (used.year, used.evaluation_year, used.newer_level_stated) == (2023, 2026, False)
    text = render_decision(decision)
    assert "589 kr. om måneden (2023-niveau; standarden angiver ikke et niveau for 2026)" in text
    assert "Behandlingsstart: højst 14 dage (regnet fra din henvendelse)" in text
    explained = render_explanation(explain(decision.services["hillerod/sel-100"]))
    assert "2023-niveau; standarden angiver ikke et niveau for 2026" in explained
