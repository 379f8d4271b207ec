from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from kvalitet import EvaluationError, Standards, load_standards
from kvalitet.authoring.compare import compare, render_comparison
from kvalitet.cli.app import main

from .conftest import NYBY, ROOT, STANDARDS

ON = date(2026, 6, 1)
PROFILE = {"motivated": True, "impairment_substantial": True, "impairment_permanent": True}


def test_rules_with_the_same_condition_are_shared(bundled: Standards) -> None:
    comparison = compare(bundled, "haderslev", "hillerod", "sel-102", on=ON)
    shared = comparison.shared_keys
    assert "criteria:needs_special_treatment" in shared
    assert "deadlines:complaint" in shared
    haderslev_only = {r.id for r in comparison.left_rules if r.key not in shared}
    assert {"target.motivated", "scope.treatment_hours", "deadline.processing"} <= haderslev_only
    hillerod_only = {r.id for r in comparison.right_rules if r.key not in shared}
    assert "scope.period" in hillerod_only


def test_a_profile_shows_both_outcomes_and_what_differs(bundled: Standards) -> None:
    comparison = compare(bundled, "haderslev", "hillerod", "sel-102", on=ON, profile=PROFILE)
    assert comparison.left_outcome is not None
    assert comparison.right_outcome is not None
    assert comparison.left_outcome.outcome == "undetermined"
    differing = comparison.differing_results()
    assert ("left", "target.motivated", "true") in differing  # Haderslev only
    assert ("right", "target.age", "unknown") in differing  # Hillerød only, birth date missing
    text = render_comparison(comparison, width=140)
    assert "UDFALD FOR PROFILEN" in text
    assert "haderslev: target.motivated = true" in text


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
    assert "inden for serviceniveauet" in result.stdout


def test_rules_of_one_key_pair_in_order_and_none_is_dropped() -> None:
    # Hillerød has five package rules, Nyby three, all setting 'package': every rule is shown,
    # three pairs and Hillerød's last two on their own (only one pair used to be shown).
    standards = load_standards([STANDARDS, NYBY])
    day = date(2026, 3, 1)
    text = render_comparison(compare(standards, "hillerod", "nyby", "sel-85", on=day), 200)
    scope = text.split("\nOMFANG\n", 1)[1].split("\n\n", 1)[0]
    marked = [line.split("|") for line in scope.splitlines() if "[scope." in line]
    pairs = [(left.split("]")[0].strip(), right.split("]")[0].strip()) for left, right in marked]
    assert pairs == [
        ("= [scope.package_1", "= [scope.package_small"),
        ("= [scope.package_2", "= [scope.package_medium"),
        ("= [scope.special_package", "= [scope.package_large"),
        ("• [scope.package_3", ""),
        ("• [scope.package_4", ""),
    ]
