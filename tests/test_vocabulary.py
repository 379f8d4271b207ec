"""Vocabularies of several municipalities loaded together: shared facts, own scope fields."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kvalitet import StandardLoadError, load_standards
from kvalitet.language.loader import display_path

from .conftest import NYBY


def nyby_as(root: Path, municipality: str) -> Path:
    """A copy of Nyby's folder as another municipality (ids and names replaced, facts kept)."""
    folder = root / municipality
    shutil.copytree(NYBY, folder)
    for path in folder.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("id: nyby,", f"id: {municipality},").replace(
            "nyby/", f"{municipality}/"
        )
        path.write_text(
            text.replace("municipality: nyby", f"municipality: {municipality}"), "utf-8"
        )
    return folder


def test_two_municipalities_declaring_a_fact_the_same_way_may_both_read_it(tmp_path: Path) -> None:
    # The second declaration of a fact used to be dropped with its owner: its standards got
    # unknown-fact for every fact the first municipality had declared too.
    standards = load_standards(NYBY, nyby_as(tmp_path, "vestby"))
    assert standards.municipalities == ("nyby", "vestby")
    profile = {"impairment_substantial": True, "can_do_subtasks_or_be_guided": False}
    for municipality in ("nyby", "vestby"):
        outcome = standards.evaluate(profile, municipality=municipality, on=date(2026, 3, 1))
        reasons = {
            r.rule: r.result.value for r in outcome.services[f"{municipality}/sel-82ab-85"].reasons
        }
        assert reasons["condition.subtasks"] == "false"


def test_a_fact_of_one_municipality_is_not_another_s(tmp_path: Path) -> None:
    other = nyby_as(tmp_path, "vestby")
    (other / "vocabulary.yaml").write_text(
        "municipality: {id: vestby, name: Vestby Kommune}\n", encoding="utf-8"
    )
    with pytest.raises(StandardLoadError) as raised:
        load_standards(NYBY, other)
    codes = {(p.code, p.message.split("'")[1]) for p in raised.value.problems}
    assert ("unknown-fact", "can_do_subtasks_or_be_guided") in codes
    assert all(p.file.startswith(str(other)) for p in raised.value.problems)


def test_a_fact_declared_differently_is_a_located_conflict(tmp_path: Path) -> None:
    other = nyby_as(tmp_path, "vestby")
    vocabulary = other / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace("    max: 21\n", "    max: 14\n"), encoding="utf-8")
    with pytest.raises(StandardLoadError) as raised:
        load_standards(NYBY, other)
    line = text.splitlines().index("  weekly_visits_needed:") + 1
    (conflict,) = [p for p in raised.value.problems if p.code == "conflicting-declaration"]
    assert str(conflict) == (
        f"{vocabulary}:{line}:3: conflicting-declaration: the fact 'weekly_visits_needed' is "
        f"already declared differently in {display_path(NYBY / 'vocabulary.yaml')}; use that "
        "declaration as "
        "it is, or give this one another name"
    )


def test_each_municipality_sets_only_its_own_package_names(tmp_path: Path) -> None:
    copy = tmp_path / "nyby"
    shutil.copytree(NYBY, copy)
    standard = copy / "2025" / "sel-85.yaml"
    text = standard.read_text(encoding="utf-8")
    standard.write_text(text.replace("set: {package: lille}", "set: {package: pakke-1}"), "utf-8")
    with pytest.raises(StandardLoadError) as raised:
        load_standards(copy)
    (problem,) = raised.value.problems
    assert problem.file == str(standard)
    assert "'pakke-1'" in problem.message
    assert "lille, mellem, stor" in problem.message
