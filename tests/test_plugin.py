"""The pytest plugin, as a third party would use it: cases in another directory."""

from __future__ import annotations

import shutil

import pytest

from .conftest import STANDARDS

CASES = """\
service: haderslev/sel-102
on: 2026-06-01
base_profile: {motivated: true}
cases:
  - name: ikke motiveret
    profile: {motivated: false}
    expect: {outcome: outside_standard, reasons: {target.motivated: false}}
  - name: forkert med vilje
    source: Være motiveret for at modtage indsatsen.
    expect: {outcome: within_standard}
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project of its own with a copy of one standard and a case file next to it."""
    folder = pytester.path / "mine" / "2024"
    (folder / "cases").mkdir(parents=True)
    shutil.copy(STANDARDS / "haderslev" / "2024" / "sel-102.yaml", folder / "sel-102.yaml")
    shutil.copy(STANDARDS / "haderslev" / "vocabulary.yaml", folder.parent / "vocabulary.yaml")
    (folder / "cases" / "sel-102.yaml").write_text(CASES, encoding="utf-8")
    return pytester


def test_cases_are_collected_as_items(project: pytest.Pytester) -> None:
    result = project.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["mine/2024/cases/sel-102.yaml::ikke motiveret", "mine/2024/cases/sel-102.yaml::forkert*"]
    )


def test_a_failing_case_reports_expected_and_got(project: pytest.Pytester) -> None:
    result = project.runpytest("-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*haderslev/sel-102: forkert med vilje*",
            "*source: Være motiveret for at modtage indsatsen.*",
            "*outcome: expected within_standard, got undetermined*",
            "*target.motivated: true*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_standards_can_be_named_on_the_command_line(project: pytest.Pytester) -> None:
    other = project.path / "elsewhere" / "cases"
    other.mkdir(parents=True)
    (other / "case.yaml").write_text(CASES, encoding="utf-8")
    result = project.runpytest("-q", "elsewhere", "--kvalitet-standards", str(STANDARDS))
    result.assert_outcomes(passed=1, failed=1)


def test_a_malformed_case_file_is_a_located_collection_error(project: pytest.Pytester) -> None:
    broken = project.path / "mine" / "2024" / "cases" / "broken.yaml"
    broken.write_text("service: haderslev/sel-102\non: 2026-06-01\ncases: []\n", encoding="utf-8")
    result = project.runpytest("-q")
    result.stdout.fnmatch_lines(["*broken.yaml:3:8: invalid-value: cases: *"])
    assert result.ret != 0
