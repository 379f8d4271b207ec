"""The bundled standards against their sources: the basis of rules, and readings held in one way.

Line numbers are those of 002_93268f6062d84ea0.txt (Hillerød) and 000_d187ff22f37b2245.txt
(Haderslev).
"""

from __future__ import annotations

import pytest

from kvalitet import Standards
from kvalitet.language.rules import iter_rules

from .conftest import ON

# Rules the act as quoted does not state (or states less strictly): the standard's, not the law's.
STANDARD_NOT_LAW = [
    ("hillerod/sel-97", "target.age_min"),  # l. 718 states no lower age
    ("hillerod/sel-103", "target.age_min"),  # l. 978 states no lower age
    ("hillerod/sel-109", "scope.psychologist"),  # l. 1351 states no psychologist hours
    ("hillerod/sel-109", "scope.children_psychologist"),
    ("hillerod/sel-102", "target.special_treatment_need"),  # "ganske særlig", not in l. 1464
    ("hillerod/sel-102", "target.usual_system_exhausted"),  # "udtømte" asks more than l. 1464
    ("haderslev/sel-102", "target.special_treatment_need"),  # not in l. 45-48
    ("haderslev/sel-102", "payment.none"),  # l. 45-48 says nothing of payment
    ("hillerod/sel-110", "condition.no_home"),  # l. 1405 also covers a home one cannot stay in
    ("hillerod/sel-100", "condition.threshold"),  # the ministry's amount (l. 762), not l. 794
    ("hillerod/sel-100", "amount.extra_expenses_threshold"),
    ("hillerod/sel-100", "exclusion.early_pension_before_2003"),  # l. 748, not in l. 794
    ("hillerod/sel-108", "payment.rent_or_housing_payment"),  # l. 1277, 1281: no payment
    ("hillerod/sel-84", "target.cared_for_at_home_by_close_relative"),  # "i eget hjem", not l. 207
]


def _rule(standards: Standards, service: str, rule_id: str) -> object:
    standard = standards.program(service, ON).standard
    return next(at.rule for at in iter_rules(standard) if at.rule.id == rule_id)


@pytest.mark.parametrize(("service", "rule_id"), STANDARD_NOT_LAW)
def test_a_rule_the_act_as_quoted_does_not_state_is_the_standards(
    bundled: Standards, service: str, rule_id: str
) -> None:
    assert getattr(_rule(bundled, service, rule_id), "basis", None) == "standard"


def test_every_law_rule_cites_the_act(bundled: Standards) -> None:
    for standard in bundled.standards():
        for at in iter_rules(standard):
            if getattr(at.rule, "basis", None) == "law":
                assert at.rule.cite.law, f"{standard.id}#{at.rule.id}"


def test_the_escort_expense_grant_is_no_user_payment(bundled: Standards) -> None:
    """Line 710: "Du kan ansøge om tilskud …" is a grant to the citizen, not a charge."""
    grant = _rule(bundled, "hillerod/sel-97", "payment.expense_grant")
    assert (getattr(grant, "user_payment", None), getattr(grant, "grant", None)) == (False, True)


@pytest.mark.parametrize(
    ("service", "rule_id"),
    [
        ("hillerod/sel-95", "exclusion.residence"),
        ("hillerod/sel-96", "exclusion.residence"),
        ("hillerod/sel-97", "scope.residence"),
        ("hillerod/sel-104-klub", "exclusion.residence_with_day_offer"),
        ("haderslev/sel-102", "condition.housing"),
    ],
)
def test_botilbud_is_read_one_way_in_every_file(
    bundled: Standards, service: str, rule_id: str
) -> None:
    """'botilbud' is a § 107 or § 108 / ABL § 105 residence; a crisis centre or shelter is not.

    Where the source adds "eller lignende" (§§ 95-97, lines 372, 504, 674), such a stay is
    "lignende" only when the caseworker records it (stay_like_botilbud): until then, unknown.
    """
    program = bundled.program(service, ON)
    rule = _rule(bundled, service, rule_id)
    when = getattr(rule, "when", None)
    assert when is not None
    test = program.compile_condition(when)
    facts = {"escort_in_residence_hours_per_month": 5, "current_services": ["sel-103"]}
    results = {
        housing: test({**facts, "housing": housing}).value
        for housing in ("temporary_residence", "long_term_residence", "crisis_centre", "shelter")
    }
    stay = (
        "false"
        if rule_id in ("condition.housing", "exclusion.residence_with_day_offer")
        else "unknown"
    )
    assert results == {
        "temporary_residence": "true",
        "long_term_residence": "true",
        "crisis_centre": stay,
        "shelter": stay,
    }
