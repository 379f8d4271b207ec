"""JSON Schemas of the standard file, the profile and the decision (for editors and callers).

The schemas are built from the models and a vocabulary (default: the bundled one): the profile
schema has one property per fact, and the scope of a standard file's scope rules and of a
decision lists the declared scope fields, so an editor completes them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kvalitet.engine.decision import Decision
from kvalitet.language.profile import profile_model
from kvalitet.language.standard import StandardFile
from kvalitet.language.vocabulary import ScopeFieldSpec, Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCOPE_JSON_TYPES = {
    "number": {"type": "number"},
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    "text": {"type": "string"},
}


def scope_field_schema(spec: ScopeFieldSpec, *, setting: bool) -> dict[str, Any]:
    """The JSON Schema of one scope field's value (in a decision, or set by a scope rule)."""
    if spec.type == "enum":
        schema: dict[str, Any] = {"enum": list(spec.values)}
    elif setting and spec.type in ("number", "int"):
        schema = {"anyOf": [SCOPE_JSON_TYPES[spec.type], {"$ref": "#/$defs/Amount"}]}
    else:
        schema = dict(SCOPE_JSON_TYPES[spec.type])
    schema["description"] = spec.phrase.da
    return schema


def _scope_properties(vocabulary: Vocabulary, *, setting: bool) -> dict[str, dict[str, Any]]:
    """One property per declared scope field name.

    Two municipalities may each declare a field of one name (their own ``package`` names): the
    property then accepts either declaration (``anyOf``), so neither municipality's files and
    decisions are refused.
    """
    declared: dict[str, list[ScopeFieldSpec]] = {}
    for owner in sorted(vocabulary.scope_fields, key=lambda o: (o is not None, o or "")):
        for name, spec in vocabulary.scope_fields[owner].items():
            specs = declared.setdefault(name, [])
            if spec not in specs:
                specs.append(spec)
    return {
        name: scope_field_schema(specs[0], setting=setting)
        if len(specs) == 1
        else {"anyOf": [scope_field_schema(spec, setting=setting) for spec in specs]}
        for name, specs in declared.items()
    }


def standard_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The schema of a standard file, completing the declared scope fields in ``set``."""
    schema = StandardFile.model_json_schema(mode="validation")
    definitions = schema["$defs"]
    setting = definitions["ScopeRule"]["properties"]["set"]
    value = next(iter(setting["patternProperties"].values()))
    definitions["Amount"] = next(option for option in value["anyOf"] if "oneOf" in option)
    setting["properties"] = _scope_properties(vocabulary, setting=True)
    return schema


def decision_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The schema of a decision's JSON, with the declared scope fields."""
    schema = Decision.model_json_schema(mode="serialization")
    scope = schema["$defs"]["Scope"]
    scope["properties"] = _scope_properties(vocabulary, setting=False)
    scope["additionalProperties"] = False
    return schema


def schema_texts(vocabulary: Vocabulary | None = None) -> dict[str, str]:
    """Each schema file's name and its JSON text (stable formatting, trailing newline)."""
    chosen = vocabulary or bundled_vocabulary()
    schemas = {
        "standard.schema.json": standard_schema(chosen),
        "profile.schema.json": profile_model(chosen).model_json_schema(mode="validation"),
        "decision.schema.json": decision_schema(chosen),
    }
    texts = {}
    for name, schema in schemas.items():
        schema["$schema"] = DRAFT
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return texts


def write_schemas(directory: Path, vocabulary: Vocabulary | None = None) -> list[Path]:
    """Write every schema into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts(vocabulary).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
