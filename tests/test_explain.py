from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from kvalitet import Standards
from kvalitet.casework.explain import explain, render_explanation
from kvalitet.cli.app import main

ON = date(2026, 6, 1)


def test_outside_names_what_failed_in_the_standards_words(haderslev: Standards) -> None:
    outcome = haderslev.evaluate(
        {"motivated": False, "housing": "homeless"}, municipality="haderslev", on=ON
    ).services["haderslev/sel-102"]
    explanation = explain(outcome)
    assert explanation.outcome_label == "Uden for serviceniveauet"
    assert explanation.decisive == ("target.motivated", "condition.housing")
    text = render_explanation(explanation)
    assert "Det skyldes:\n  – Være motiveret for at modtage indsatsen. [haderslev/sel-102;" in text
    assert "Grundlag: kommunens serviceniveau" in text
    assert outcome.individual_assessment in text


def test_undetermined_asks_for_what_is_missing(bundled: Standards) -> None:
    outcome = bundled.evaluate(
        {"birth_date": "1980-01-01", "support_need_level": "D"}, municipality="hillerod", on=ON
    ).services["hillerod/sel-85"]
    explanation = explain(outcome)
    assert [m.field for m in explanation.missing] == list(outcome.missing_facts)
    assert explanation.missing[0].question == (
        "Har borgeren betydeligt nedsat fysisk eller psykisk funktionsevne?"
    )
    assert "For at vurdere sagen mangler vi svar på:" in render_explanation(explanation)


def test_english_labels_keep_the_standards_danish_words(haderslev: Standards) -> None:
    outcome = haderslev.evaluate({"motivated": False}, municipality="haderslev", on=ON).services[
        "haderslev/sel-102"
    ]
    text = render_explanation(explain(outcome, "en"))
    assert text.splitlines()[1] == "Outside the service level"
    assert "Target group – not met: Være motiveret for at modtage indsatsen." in text
    assert "Basis: the municipality's service level" in text


def test_explain_command_text_and_json(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("motivated: false\n", encoding="utf-8")
    args = ["explain", "-m", "haderslev", "-s", "sel-102", "--on", "2026-06-01", str(profile)]
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0
    assert "Uden for serviceniveauet" in text.stdout
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    assert data["decisive"] == ["target.motivated"]
    assert data["rules"][0]["citation"]["standard"] == "haderslev/sel-102"
    unknown = CliRunner().invoke(main, [*args[:4], "sel-999", *args[5:]])
    assert unknown.exit_code == 1
    assert "no service 'haderslev/sel-999' of haderslev in force on 2026-06-01" in unknown.stderr
