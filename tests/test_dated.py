"""Amounts regulated yearly: conditions compare with the value of the evaluation's year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kvalitet import StandardLoadError, Standards, load_standards
from kvalitet.engine.truth import Truth
from kvalitet.language.loader import load_text

from .conftest import TESTBY_VOCABULARY, make_testby_folder

BASE = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
AMOUNTS = """amounts:
  - id: amount.threshold
    name: threshold
    basis: law
    unit: kr_per_month
    values: [{year: 2023, amount: 500}, {year: 2025, amount: 550}]
    text: Merudgifter over 500 kr. om måneden (2023) og 550 kr. (2025).
    cite: {section: Bagatelgrænse, lines: [9]}
criteria:
  - id: condition.threshold
    basis: law
    text: Merudgifter over bagatelgrænsen.
    cite: {section: Bagatelgrænse, lines: [9]}
    when: {fact: monthly_extra_expenses, gt: {amount: threshold}}
"""
TEXT = BASE.replace("criteria:\n", AMOUNTS, 1).replace(
    "valid_from: 2026-01-01", "valid_from: 2022-01-01"
)


@pytest.fixture(scope="module")
def standards(tmp_path_factory: pytest.TempPathFactory) -> Standards:
    folder = make_testby_folder(tmp_path_factory.mktemp("standards"))
    (folder / "sel-85.yaml").write_text(TEXT, encoding="utf-8")
    return load_standards([folder])


@pytest.mark.parametrize(
    ("on", "expenses", "holds", "year"),
    [
        (date(2024, 6, 1), 520, Truth.TRUE, 2023),  # 2024 uses the 2023 value, 500
        (date(2026, 6, 1), 520, Truth.FALSE, 2025),  # 2026 uses the latest, 2025's 550
        (date(2026, 6, 1), 560, Truth.TRUE, 2025),
        (date(2022, 6, 1), 520, Truth.TRUE, 2023),  # before the first year: the first value
    ],
)
def test_the_value_for_the_evaluation_year_is_used(
    standards: Standards, on: date, expenses: int, holds: Truth, year: int
) -> None:
    for backend in ("compiled", "durable"):
        outcome = standards.evaluate_service(
            {"monthly_extra_expenses": expenses}, service="testby/sel-85", on=on, backend=backend
        )
        result = next(r.result for r in outcome.reasons if r.rule == "condition.threshold")
        assert result is holds
        [used] = outcome.amounts
        assert (used.name, used.year) == ("threshold", year)
        assert next(r for r in outcome.reasons if r.rule == "condition.threshold").tested == (
            f"monthly_extra_expenses > {500 if year == 2023 else 550}"
        )


def test_a_year_is_compiled_once(standards: Standards) -> None:
    first = standards.program("testby/sel-85", date(2026, 1, 1))
    again = standards.program("testby/sel-85", date(2026, 12, 31))
    assert first is again
    assert standards.program("testby/sel-85", date(2023, 1, 1)) is not first


def problems(text: str) -> list[str]:
    with pytest.raises(StandardLoadError) as caught:
        load_text(text, "sel-85.yaml", TESTBY_VOCABULARY)
    return [str(p) for p in caught.value.problems]


def test_an_unknown_amount_is_a_dangling_reference() -> None:
    assert problems(TEXT.replace("gt: {amount: threshold}", "gt: {amount: treshold}")) == [
        "sel-85.yaml:31:46: dangling-reference: no amount named 'treshold' — did you mean "
        "'threshold'?"
    ]


def test_an_amount_compares_only_with_a_number_fact() -> None:
    assert problems(TEXT.replace("{fact: monthly_extra_expenses, gt:", "{fact: housing, gt:")) == [
        "sel-85.yaml:31:31: type-mismatch: 'gt' cannot test a choice fact like 'housing'; use "
        "one of: eq, in, ne"
    ]


def test_two_amounts_with_one_name() -> None:
    twice = TEXT.replace(
        "criteria:\n  - id: condition.threshold",
        "  - id: amount.other\n    name: threshold\n    basis: law\n    unit: kr\n"
        "    values: [{year: 2023, amount: 1}]\n    text: 1 kr.\n    cite: {section: X}\n"
        "criteria:\n  - id: condition.threshold",
    )
    assert problems(twice) == [
        "sel-85.yaml:27:11: duplicate-amount: the amount 'threshold' is defined twice; names "
        "are unique"
    ]
