from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kvalitet import Standards
from kvalitet.authoring.coverage import coverage, read_inventory
from kvalitet.cli.app import main

from .conftest import STANDARDS

SHARED_INVENTORY = Path(__file__).resolve().parents[2] / "shared" / "inventory"


INVENTORIES = sorted(STANDARDS.glob("*/inventory.yaml"))


def test_every_encodable_rule_of_the_inventory_is_accounted_for(bundled: Standards) -> None:
    report = coverage(bundled.standards(), bundled.loaded.inventories)
    assert report.unaccounted_encodable == []
    assert report.unknown_ids == []
    assert report.misplaced == []
    assert report.complete


def test_the_inventories_are_the_shared_one_split_by_municipality() -> None:
    shared = json.loads((SHARED_INVENTORY / "rules.json").read_text(encoding="utf-8"))
    expected = {rule["id"]: rule["encodable"] for entry in shared for rule in entry["rules"]}
    inventory = read_inventory(INVENTORIES)
    assert {rule.id: rule.encodable for rule in inventory.rules} == expected
    assert inventory.services["hillerod.sel82ab"] == ("hillerod/sel-82a", "hillerod/sel-82b")


def test_a_rule_removed_from_a_standard_becomes_unaccounted(bundled: Standards) -> None:
    standards = list(bundled.standards())
    index = next(i for i, s in enumerate(standards) if s.id == "haderslev/sel-102")
    haderslev = standards[index]
    stripped = tuple(c.model_copy(update={"encodes": ()}) for c in haderslev.criteria)
    standards[index] = haderslev.model_copy(update={"criteria": stripped})
    report = coverage(standards, INVENTORIES)
    missing = {c.rule.id for c in report.unaccounted_encodable}
    assert "haderslev.sel102.target.motivated" in missing
    assert not report.complete


def test_an_unknown_or_misplaced_id_is_reported(bundled: Standards) -> None:
    standards = list(bundled.standards())
    index = next(i for i, s in enumerate(standards) if s.id == "haderslev/sel-102")
    haderslev = standards[index]
    first = haderslev.criteria[0].model_copy(
        update={"encodes": ("haderslev.sel102.target.functon", "hillerod.sel85.vum_C_or_D")}
    )
    standards[index] = haderslev.model_copy(update={"criteria": (first, *haderslev.criteria[1:])})
    report = coverage(standards, INVENTORIES)
    assert report.unknown_ids == [
        "haderslev/sel-102#target.function: haderslev.sel102.target.functon"
    ]
    assert report.misplaced == [
        "haderslev/sel-102#target.function: hillerod.sel85.vum_C_or_D belongs to "
        "['hillerod/sel-85']"
    ]


def test_coverage_command_text_and_json() -> None:
    result = CliRunner().invoke(main, ["coverage"])
    assert result.exit_code == 0
    # every encodable rule of Haderslev's § 102 is encoded, however many the inventory lists
    assert re.search(r"haderslev\.sel102: (\d+)/\1 encodable rules encoded", result.stdout)
    assert result.stdout.rstrip().endswith("0 unaccounted")
    data = json.loads(CliRunner().invoke(main, ["coverage", "--format", "json"]).stdout)
    assert data["complete"] is True
    assert {rule["status"] for rule in data["rules"]} <= {"encoded", "not_encoded", "unaccounted"}


def test_coverage_command_fails_when_a_rule_is_unaccounted(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.yaml"
    text = (STANDARDS / "hillerod" / "inventory.yaml").read_text(encoding="utf-8")
    inventory.write_text(text.replace("not_encoded:", "not_encoded_before:", 1), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["coverage", "--inventory", str(inventory), "--standards", str(STANDARDS)]
    )
    assert result.exit_code == 1
    assert "✗ hillerod.general.revision_cycle [other]" in result.stdout
