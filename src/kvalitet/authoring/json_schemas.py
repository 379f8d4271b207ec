"""JSON Schemas of the standard file, the profile and the decision (for editors and callers)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from kvalitet.engine.decision import Decision
from kvalitet.language.profile import Profile
from kvalitet.language.standard import StandardFile

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "standard.schema.json": StandardFile,
    "profile.schema.json": Profile,
    "decision.schema.json": Decision,
}


def schema_texts() -> dict[str, str]:
    """Each schema file's name and its JSON text (stable formatting, trailing newline)."""
    texts = {}
    for name, model in SCHEMA_MODELS.items():
        schema = model.model_json_schema(
            mode="validation" if model is not Decision else "serialization"
        )
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return texts


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
