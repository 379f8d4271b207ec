from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvalitet import EvaluationError, Standards, load_standards
from kvalitet.authoring.compare import Difference, compare, text_similarity
from kvalitet.authoring.compare_text import render_comparison
from kvalitet.cli.app import main

from .conftest import NYBY, ROOT, STANDARDS, make_testby_folder

ON = date(2026, 6, 1)
PROFILE = {"motivated": True, "impairment_substantial": True, "impairment_permanent": True}
HADERSLEV_102 = STANDARDS / "haderslev" / "2024" / "sel-102.yaml"


def test_rules_that_test_the_same_fact_are_paired(bundled: Standards) -> None:
    comparison = compare(bundled, "haderslev", "hillerod", "sel-102", on=ON)
    pairs = comparison.pairs()
    # Haderslev tests the approval alone, Hillerød the approval and the place: one fact shared.
    assert ("condition.treatment_approved_in_denmark", "condition.treatment_in_denmark") in pairs
    assert ("target.special_treatment_need", "target.special_treatment_need") in pairs
    assert ("target.necessary", "target.preserve_or_improve") in pairs
    assert ("exclusion.other_law", "exclusion.usual_system_first") in pairs
    assert ("deadline.complaint", "deadline.complaint") in pairs


def test_unrelated_rules_never_share_a_row(bundled: Standards) -> None:
    comparison = compare(bundled, "haderslev", "hillerod", "sel-102", on=ON)
    for row in comparison.rows:
        if row.left is None or row.right is None:
            continue
        if row.group == "conditions":
            assert row.left.tests & row.right.tests, row
        if row.group == "scope":
            assert row.left.sets & row.right.sets, row
        if row.group == "deadlines":
            assert row.left.kind == row.right.kind, row
    alone = {r.left.id for r in comparison.alone("left") if r.left}
    assert {"target.motivated", "condition.housing", "scope.treatment_hours"} <= alone
    assert {r.right.id for r in comparison.alone("right") if r.right} >= {"target.age"}


def test_every_term_is_compared_not_included_too(bundled: Standards) -> None:
    comparison = compare(bundled, "haderslev", "hillerod", "sel-102", on=ON)
    groups = {row.group for row in comparison.rows}
    assert {"payment", "deadlines", "provider_choice", "follow_up", "termination"} <= groups
    assert "not_included" in groups
    provider = next(row for row in comparison.rows if row.group == "provider_choice")
    assert provider.paired
    assert provider.left is not None
    assert provider.left.details == ("Ikke frit valg af leverandør",)
    text = render_comparison(comparison, width=160)
    assert "INDGÅR IKKE" in text
    assert "[not_included.develop_functions]" in text
    assert "[not_included.follow_on_costs]" in text


def test_a_profile_shows_both_outcomes_and_what_differs(bundled: Standards) -> None:
    comparison = compare(bundled, "haderslev", "hillerod", "sel-102", on=ON, profile=PROFILE)
    assert comparison.left_outcome is not None
    assert comparison.right_outcome is not None
    assert comparison.left_outcome.outcome == "undetermined"
    differing = comparison.differing_results()
    assert Difference("left", "target.motivated", "true", "kun i haderslev") in differing
    assert Difference("right", "target.age", "unknown", "kun i hillerod") in differing
    text = render_comparison(comparison, width=140)
    assert "UDFALD FOR PROFILEN" in text
    assert "haderslev: target.motivated = true (kun i haderslev)" in text


def _testby_without_motivation(tmp_path: Path) -> Path:
    """Haderslev's § 102 as Testby's, which states motivation but does not encode it."""
    folder = make_testby_folder(tmp_path)
    text = HADERSLEV_102.read_text(encoding="utf-8")
    text = text.replace("id: haderslev/sel-102", "id: testby/sel-102").replace(
        "municipality: haderslev", "municipality: testby"
    )
    start = text.index("  - id: target.motivated\n")
    end = text.index("  - id: condition.housing\n")
    text = text[:start] + text[end:]
    start = text.index("  - id: exclusion.waiting_list_or_user_payment\n")
    end = text.index("scope:\n")
    text = text[:start] + "\n" + text[end:]
    text = text.replace(
        "not_encoded:\n",
        "not_encoded:\n  - encodes: testby.sel102.target.motivated\n"
        "    reason: Motivation is the caseworker's judgement, not a fact of the profile.\n",
    )
    (folder / "sel-102.yaml").write_text(text, encoding="utf-8")
    (folder / "inventory.yaml").write_text(
        "services:\n  testby.sel102: [testby/sel-102]\n"
        "entries:\n  - id: testby.sel102\n    rules:\n"
        "      - id: testby.sel102.target.motivated\n        kind: target_group\n"
        "        text: Være motiveret for at modtage indsatsen.\n        encodable: true\n",
        encoding="utf-8",
    )
    return folder


def test_a_difference_from_an_encoding_gap_is_said_to_be_one(tmp_path: Path) -> None:
    standards = load_standards(STANDARDS, _testby_without_motivation(tmp_path))
    profile = {**PROFILE, "housing": "own_home"}
    comparison = compare(standards, "testby", "haderslev", "sel-102", on=ON, profile=profile)
    row = next(row for row in comparison.rows if row.right and row.right.id == "target.motivated")
    assert row.left is None
    assert row.gap is not None
    assert row.gap.encodes == "testby.sel102.target.motivated"
    note = (
        "ikke kodet i testby: Motivation is the caseworker's judgement, not a fact of the profile."
    )
    assert Difference("right", "target.motivated", "true", note) in comparison.differing_results()
    # The shared rules are paired and state the same: marked '='.
    same = [row for row in comparison.rows if row.paired and row.same]
    assert {row.group for row in same} >= {"conditions", "payment", "not_included", "deadlines"}
    text = render_comparison(comparison, width=160)
    assert "(ikke kodet: Motivation is the caseworker's judgement" in text
    assert "= [payment.none]" in text


def test_text_similarity() -> None:
    assert text_similarity("Der er ikke frit valg", "Der er ikke frit valg") == 1.0
    assert text_similarity("Befordring i bil", "Psykologbehandling koster intet") == 0.0


def test_columns_fit_the_width(bundled: Standards) -> None:
    text = render_comparison(compare(bundled, "haderslev", "hillerod", "sel-102", on=ON), 100)
    assert max(len(line) for line in text.splitlines()) <= 100


def test_a_service_not_in_force_is_named(bundled: Standards) -> None:
    with pytest.raises(EvaluationError, match="no standard 'haderslev/sel-85' in force"):
        compare(bundled, "haderslev", "hillerod", "sel-85", on=ON)


def test_compare_command() -> None:
    result = CliRunner().invoke(
        main,
        [
            "compare",
            "haderslev",
            "hillerod",
            "--service",
            "sel-102",
            "--on",
            "2026-06-01",
            "--width",
            "120",
            str(ROOT / "examples" / "haderslev-within.yaml"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("haderslev/sel-102 (2024)")
    assert "Inden for serviceniveauet" in result.stdout


def test_rules_setting_one_field_are_all_shown_and_none_is_dropped() -> None:
    # Hillerød has six package rules and Nyby three, all setting 'package': every rule is shown
    # once, paired where they test the same hours (only one pair used to be shown).
    standards = load_standards([STANDARDS, NYBY])
    day = date(2026, 3, 1)
    comparison = compare(standards, "hillerod", "nyby", "sel-85", on=day)
    text = render_comparison(comparison, 200)
    scope = text.split("\nOMFANG\n", 1)[1].split("\n\n", 1)[0]
    shown = re.findall(r"\[(scope\.[\w.-]+)\]", scope)
    expected = [r.id for r in comparison.left.scope] + [r.id for r in comparison.right.scope]
    assert sorted(shown) == sorted(expected)
    assert {"scope.package_small", "scope.package_medium", "scope.package_large"} <= set(shown)
    assert "= [scope.package_2]" in scope
