"""The case runner; the bundled cases themselves run through the pytest plugin."""

from __future__ import annotations

from pathlib import Path

from kvalitet import Standards
from kvalitet.authoring.cases import Case, CaseFile, find_case_files, read_case_file, run_case
from kvalitet.language.loader import load

from .conftest import STANDARDS

CASES: list[tuple[str, CaseFile, Case]] = [
    (str(path.relative_to(STANDARDS)), case_file, case)
    for path in find_case_files([STANDARDS])
    for case_file in [read_case_file(path)]
    for case in case_file.cases
]
# Each case itself runs as a test through the pytest plugin (standards/ is in testpaths).


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
