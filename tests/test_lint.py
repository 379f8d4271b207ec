"""Lint findings, located exactly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvalitet.authoring.lint import lint
from kvalitet.authoring.lint.numbers import text_numbers
from kvalitet.cli.app import main

from .conftest import NYBY, STANDARDS, make_testby_folder

BASE = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
NO_CASES = "1:5: warning: no-cases"


def findings(tmp_path: Path, text: str, on: date | None = None) -> list[str]:
    folder = make_testby_folder(tmp_path)
    (folder / "sel-85.yaml").write_text(text, encoding="utf-8")
    return [
        f"{f.line}:{f.column}: {f.severity}: {f.code}: {f.message}" for f in lint([folder], on=on)
    ]


def test_a_clean_file_has_only_the_missing_cases(tmp_path: Path) -> None:
    assert findings(tmp_path, BASE) == [
        "1:5: warning: no-cases: no case file cases/sel-85.yaml next to the standard"
    ]


LINTS = [
    (
        "a criterion no profile can meet",
        BASE.replace(
            "    when: {fact: support_need_level, in: [C, D]}",
            "    when: {fact: support_need_level, in: [C, D], eq: E}",
        ),
        None,
        [
            "30:11: error: never-holds: 'vum.level': no profile can meet this criterion, so no "
            "one is within"
        ],
    ),
    (
        "an exclusion that always applies",
        BASE.replace(
            "    when: {fact: current_services, contains: sel-96}",
            "    when: {any: [motivated, {not: motivated}]}",
        ),
        None,
        [
            "19:3: error: never-within: the criteria and exclusions contradict each other: no "
            "profile is within the standard",
            "36:11: error: always-applies: 'exclusion.bpa' applies to every profile that knows "
            "its facts, so no one is within",
        ],
    ),
    (
        "a criterion that an exclusion rules out",
        BASE.replace(
            "    when: {fact: current_services, contains: sel-96}",
            "    when: {fact: support_need_level, in: [C, D]}",
        ),
        None,
        [
            "19:3: error: never-within: the criteria and exclusions contradict each other: no "
            "profile is within the standard"
        ],
    ),
    (
        "a gap between the package bands",
        BASE.replace("gt: 5, le: 13", "gt: 6, le: 13"),
        None,
        [
            "44:9: warning: number-not-in-text: 'scope.package_2' encodes 6, but its text states "
            "2, 5, 13",
            "48:11: warning: range-gap: no scope rule sets package for support_hours_per_month "
            "between 5 and 6 ('scope.package_1' ends, 'scope.package_2' begins)",
        ],
    ),
    (
        "a derived fact no rule reads",
        BASE.replace(
            "all: [adult, below_pension_age]", "all: [{fact: age, ge: 18}, below_pension_age]"
        ),
        None,
        ["14:11: warning: unused-fact: the derived fact 'adult' is not read by any rule"],
    ),
    (
        "a lapsed standard",
        BASE.replace("valid_from: 2026-01-01", "valid_from: 2026-01-01\nvalid_to: 2026-12-31"),
        date(2027, 1, 1),
        ["6:11: warning: lapsed: the standard lapsed on 2026-12-31, before 2027-01-01"],
    ),
    (
        "a standard not yet in force",
        BASE,
        date(2025, 6, 1),
        [
            "5:13: warning: not-yet-in-force: the standard comes into force on 2026-01-01, "
            "after 2025-06-01"
        ],
    ),
    (
        "a number the quoted text does not state",
        BASE.replace("    set: {package: pakke-1}", "    set: {hours_per_month: 7}"),
        None,
        [
            "38:9: warning: number-not-in-text: 'scope.package_1' encodes 7, but its text "
            "states 1, 5"
        ],
    ),
    (
        "a rule citing no line",
        BASE.replace("cite: {section: Målgruppe, lines: [6]}", "cite: {section: Målgruppe}"),
        None,
        ["35:11: warning: no-lines: 'exclusion.bpa' cites no line of the source document"],
    ),
]


@pytest.mark.parametrize(("kind", "text", "on", "expected"), LINTS, ids=[x[0] for x in LINTS])
def test_lint_finding(
    tmp_path: Path, kind: str, text: str, on: date | None, expected: list[str]
) -> None:
    del kind
    found = [f for f in findings(tmp_path, text, on) if not f.startswith(NO_CASES)]
    assert found == expected


def test_a_file_that_does_not_load_gives_its_load_problems(tmp_path: Path) -> None:
    found = findings(tmp_path, BASE.replace("in: [C, D]", "in: [C, DD]"))
    assert found == [
        "30:46: error: unknown-value: 'DD' is not a value of 'support_need_level' (one of: A, B, "
        "C, D, E) — did you mean 'D'?"
    ]


def test_danish_numbers_in_text() -> None:
    assert text_numbers("inden fire uger efter § 97, stk. 3") == {4.0}
    assert text_numbers("I 2025 er tilskuddet 1.041 kr.") == {2025.0, 1041.0}
    assert text_numbers("101,19 kr. pr. påbegyndt dag efter §§ 107-110") == {101.19}
    assert text_numbers("mere end én hjælper, halvanden time") == {1.0, 1.5}


def test_lint_command_exit_codes(tmp_path: Path) -> None:
    clean = CliRunner().invoke(main, ["lint", str(STANDARDS)])
    assert clean.exit_code == 0
    # Both judged: § 109's 1 child per the children's hours, and "voksne" read as age ≥ 18.
    assert clean.stdout.rstrip().endswith("0 errors, 2 warnings")
    assert "'target.adult' encodes 18" in clean.stdout
    folder = make_testby_folder(tmp_path)
    (folder / "sel-85.yaml").write_text(
        BASE.replace(
            "    when: {fact: current_services, contains: sel-96}",
            "    when: {fact: support_need_level, in: [C, D]}",
        ),
        encoding="utf-8",
    )
    broken = CliRunner().invoke(main, ["lint", str(folder)])
    assert broken.exit_code == 1
    assert ": never-within: the criteria and exclusions contradict" in broken.stdout
    assert "hint: look for a criterion" in broken.stdout


def test_a_derived_fact_read_only_by_a_term_is_used(tmp_path: Path) -> None:
    text = BASE.replace(
        "all: [adult, below_pension_age]", "all: [{fact: age, ge: 18}, below_pension_age]"
    ).replace(
        "scope:\n",
        "payment:\n  - id: payment.adults\n    basis: standard\n    user_payment: false\n"
        "    text: Gratis.\n    cite: {section: Betaling, lines: [9]}\n    when: adult\n"
        "scope:\n",
        1,
    )
    found = [f for f in findings(tmp_path, text) if not f.startswith(NO_CASES)]
    assert found == []


def test_lint_and_validate_write_sarif_for_code_scanning(tmp_path: Path) -> None:
    folder = make_testby_folder(tmp_path)
    (folder / "sel-85.yaml").write_text(BASE.replace("in: [C, D]", "in: [C, DD]"), encoding="utf-8")
    for command in ("lint", "validate"):
        result = CliRunner().invoke(main, [command, "--format", "sarif", str(folder)])
        assert result.exit_code == 1
        log = json.loads(result.stdout)
        assert log["version"] == "2.1.0"
        [run] = log["runs"]
        rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
        [result_entry] = [r for r in run["results"] if r["ruleId"] == "unknown-value"]
        assert rules[result_entry["ruleIndex"]] == "unknown-value"
        assert result_entry["level"] == "error"
        location = result_entry["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("testby/sel-85.yaml")
        assert location["region"] == {"startLine": 30, "startColumn": 46}


def test_json_problems_name_code_severity_and_place(tmp_path: Path) -> None:
    folder = make_testby_folder(tmp_path)
    (folder / "sel-85.yaml").write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(folder)])
    assert result.exit_code == 0
    [problem] = json.loads(result.stdout)
    assert (problem["code"], problem["severity"], problem["line"]) == ("no-cases", "warning", 1)


def test_a_rule_naming_a_dated_amount_states_no_number_itself() -> None:
    # Nyby's transport rule compares with {amount: own_transport_share}: the amount's own text
    # states 300 kr.; the rule's text need not (it was reported as number-not-in-text).
    findings = lint([NYBY])
    assert [f for f in findings if f.code == "number-not-in-text"] == []
    assert findings == []
