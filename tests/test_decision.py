from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given

from kvalitet import Decision, Profile, Standards
from kvalitet.authoring.json_schemas import schema_texts
from kvalitet.language.loader import load

from .conftest import ROOT
from .test_engine import PROFILES, STANDARDS_SET, evaluate_all


@given(PROFILES)
def test_a_decision_survives_a_json_round_trip(profile: Profile) -> None:
    for decision in evaluate_all(STANDARDS_SET, profile):
        text = decision.to_json()
        assert Decision.from_json(text) == decision
        assert json.loads(text)["services"]


def test_schemas_in_the_repository_are_current() -> None:
    for name, text in schema_texts().items():
        path = ROOT / "schemas" / name
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run `kvalitet schema --out schemas`"
        )


def test_every_standard_file_points_its_editor_at_the_schema() -> None:
    for loaded in load([ROOT / "standards"]).files:
        path = ROOT / loaded.path
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first_line.split("$schema=", 1)[-1]).resolve()
        assert first_line.startswith("# yaml-language-server: $schema="), path
        assert target == (ROOT / "schemas" / "standard.schema.json").resolve(), path
        assert Path(target).exists()


def test_a_decision_from_before_provider_choice_lists_and_amount_years_still_reads(
    bundled: Standards,
) -> None:
    decision = bundled.evaluate(
        {"treatment_form": "day", "monthly_extra_expenses": 700},
        municipality="hillerod",
        on=date(2026, 6, 1),
    )
    data = json.loads(decision.to_json())
    alcohol = data["services"]["hillerod/sul-141"]
    [choice] = alcohol["provider_choice"]
    alcohol["provider_choice"] = choice  # one object, as Decisions were written before
    data["services"]["hillerod/sel-100"]["amounts"][0].pop("evaluation_year")
    older = Decision.model_validate_json(json.dumps(data))
    assert older.services["hillerod/sul-141"].provider_choice[0].id == choice["id"]
    assert older.services["hillerod/sel-100"].amounts[0].newer_level_stated
