"""The case runner; the bundled cases themselves run through the pytest plugin."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kvalitet import Standards
from kvalitet.authoring.cases import (
    Case,
    CaseFile,
    case_profile,
    find_case_files,
    read_case_file,
    run_case,
)
from kvalitet.language.loader import load

from .conftest import STANDARDS

CASES: list[tuple[str, CaseFile, Case]] = [
    (str(path.relative_to(STANDARDS)), case_file, case)
    for path in find_case_files([STANDARDS])
    for case_file in [read_case_file(path)]
    for case in case_file.cases
]
# Each case itself runs as a test through the pytest plugin (src/ is in testpaths).


def test_every_standard_has_cases() -> None:
    standards = {f.standard.service for f in load([STANDARDS]).files}
    with_cases = {Path(file).stem for file, _, _ in CASES}
    assert standards <= with_cases


def test_a_failing_case_reports_expected_and_got(bundled: Standards) -> None:
    case_file = CaseFile.model_validate(
        {
            "service": "haderslev/sel-102",
            "on": "2026-01-01",
            "cases": [
                {
                    "name": "wrong on purpose",
                    "source": "Være motiveret for at modtage indsatsen.",
                    "profile": {"motivated": False},
                    "expect": {"outcome": "within_standard", "reasons": {"target.motivated": True}},
                }
            ],
        }
    )
    result = run_case(bundled, case_file, case_file.cases[0], "x.yaml")
    assert not result.passed
    report = result.report()
    assert "outcome: expected within_standard, got outside_standard" in report
    assert "reason target.motivated: expected true, got false" in report
    assert "source: Være motiveret" in report


def test_absent_terms_must_name_a_term_the_outcome_can_show(bundled: Standards) -> None:
    case_file = CaseFile.model_validate(
        {
            "service": "hillerod/sul-141",
            "on": "2026-06-01",
            "cases": [
                {
                    "name": "døgn",
                    "profile": {"treatment_form": "residential"},
                    "expect": {
                        "absent_terms": [
                            "payment.ambulant_day_free",
                            "procedure.anonymous_counselling",
                        ],
                    },
                },
                {
                    "name": "ambulant",
                    "profile": {"treatment_form": "ambulant"},
                    "expect": {"absent_terms": ["payment.ambulant_day_free"]},
                },
            ],
        }
    )
    residential = run_case(bundled, case_file, case_file.cases[0], "x.yaml")
    assert residential.failures == [
        "term procedure.anonymous_counselling: not a term the outcome can show (procedure "
        "entries are not shown)"
    ]
    ambulant = run_case(bundled, case_file, case_file.cases[1], "x.yaml")
    assert ambulant.failures == [
        "term payment.ambulant_day_free: expected it not to apply, but it is in the outcome"
    ]


def test_a_case_may_stand_alone_and_name_the_exceptions_not_raised(bundled: Standards) -> None:
    case_file = CaseFile.model_validate(
        {
            "service": "hillerod/sel-101",
            "on": "2026-06-01",
            "base_profile": {"drug_dependence": False, "wants_anonymous_treatment": True},
            "cases": [
                {
                    "name": "mindste profil",
                    "base": False,
                    "profile": {"age": 30, "drug_dependence": True, "treatment_form": "ambulant"},
                    "expect": {"outcome": "within_standard", "access": "visitation"},
                },
                {
                    "name": "wrong on purpose",
                    "base": False,
                    "profile": {"age": 30, "drug_dependence": True, "treatment_form": "ambulant"},
                    "expect": {"not_raised": ["exclusion.nothing"]},
                },
            ],
        }
    )
    alone, wrong = (run_case(bundled, case_file, case, "x.yaml") for case in case_file.cases)
    assert case_profile(case_file, case_file.cases[0]) == dict(case_file.cases[0].profile)
    assert alone.passed, alone.report()
    assert wrong.failures == ["not raised: expected ['exclusion.nothing'], got []"]


# --- the bundled standards' outcomes do not change by accident ------------------------------

SNAPSHOT = Path(__file__).parent / "data" / "bundled-case-outcomes.json"


def case_outcomes(standards: Standards, root: Path) -> dict[str, object]:
    """Every bundled case's outcome, access, scope, missing facts and reason results."""
    found: dict[str, object] = {}
    for path in find_case_files([root]):
        case_file = read_case_file(path)
        for case in case_file.cases:
            municipality = case_file.service.split("/", 1)[0]
            decision = standards.evaluate(
                case_profile(case_file, case), municipality=municipality, on=case.on or case_file.on
            )
            outcome = decision.services[case_file.service]
            # the case file's path below the root: two municipalities may each have 2026/sel-85
            found[f"{path.relative_to(root).as_posix()}::{case.name}"] = {
                "outcome": outcome.outcome,
                "access": outcome.access,
                "scope": outcome.scope.fields() if outcome.scope else None,
                "missing": list(outcome.missing_facts),
                "reasons": [
                    [reason.rule, "not raised" if reason.not_raised else str(reason.result)]
                    for reason in outcome.reasons
                ],
            }
    return found


def test_every_bundled_case_comes_out_as_recorded(bundled: Standards) -> None:
    """A change of an outcome is deliberate.

    Regenerate the record with ``KVALITET_UPDATE_SNAPSHOT=1`` and let its diff show what changed.
    """
    current = case_outcomes(bundled, STANDARDS)
    if os.environ.get("KVALITET_UPDATE_SNAPSHOT"):
        text = json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        SNAPSHOT.write_text(text, encoding="utf-8")
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    names = recorded.keys() | current.keys()
    changed = sorted(name for name in names if recorded.get(name) != current.get(name))
    assert not changed, f"{len(changed)} cases changed, e.g. {changed[:5]}"
