"""Every output matches its shipped JSON Schema: decisions, standard files and profiles."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import jsonschema
import pytest

from kvalitet import Standards
from kvalitet.authoring.cases import case_profile, find_case_files, read_case_file
from kvalitet.authoring.json_schemas import schema_texts
from kvalitet.language.yaml_reader import read_yaml

from .conftest import ROOT, STANDARDS

SCHEMAS = {name: json.loads(text) for name, text in schema_texts().items()}


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(name: str, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(instance)
    ]


def as_json(value: Any) -> Any:
    return json.loads(
        json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, date) else v)
    )


CASES = [
    (path, case_file, case)
    for path in find_case_files([STANDARDS])
    for case_file in [read_case_file(path)]
    for case in case_file.cases
]


def test_the_shipped_schemas_are_the_generated_ones() -> None:
    for name, text in schema_texts().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, name


def test_the_decision_of_every_bundled_case_validates(bundled: Standards) -> None:
    assert CASES
    for path, case_file, case in CASES:
        municipality = case_file.service.split("/", 1)[0]
        decision = bundled.evaluate(
            case_profile(case_file, case), municipality=municipality, on=case.on or case_file.on
        )
        found = errors("decision.schema.json", json.loads(decision.to_json()))
        assert not found, (str(path), case.name, found[:3])


def test_every_bundled_case_profile_validates_as_a_profile() -> None:
    for path, case_file, case in CASES:
        found = errors("profile.schema.json", as_json(case_profile(case_file, case)))
        assert not found, (str(path), case.name, found[:3])


def test_every_bundled_standard_file_validates(bundled: Standards) -> None:
    for loaded in bundled.loaded.files:
        data, _ = read_yaml((ROOT / loaded.path).read_text(encoding="utf-8"))
        found = errors("standard.schema.json", as_json(data))
        assert not found, (loaded.path, found[:3])


@pytest.mark.parametrize(
    ("name", "instance", "wrong"),
    [
        ("profile.schema.json", {"motivated": "yes"}, "motivated"),
        ("profile.schema.json", {"support_need_level": "F"}, "support_need_level"),
        ("profile.schema.json", {"agee": 3}, ""),
        ("decision.schema.json", {"municipality": "x"}, ""),
    ],
)
def test_the_schemas_refuse_what_the_models_refuse(
    name: str,
    instance: dict[str, Any],
    wrong: str,
) -> None:
    found = errors(name, instance)
    assert found
    assert any(message.startswith(wrong) for message in found)
