"""Read a citizen profile from a YAML or JSON file, with errors located at line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kvalitet._yaml import YamlSyntaxError, read_yaml
from kvalitet.errors import ProfileError
from kvalitet.profile import PROFILE_FIELDS, Profile, suggest


def read_profile(path: str | Path) -> Profile:
    """Read and validate a profile file (YAML, or JSON, which is YAML).

    Raises:
        ProfileError: naming ``file:line:column``, the field and what it expects.
    """
    label = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError([f"unreadable-file: {error}"], label) from None
    try:
        data, positions = read_yaml(text)
    except YamlSyntaxError as error:
        raise ProfileError(
            [f"{error.line}:{error.column}: {error.code}: {error.message}"], label
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(
            ["1:1: not-a-mapping: a profile is a mapping of field names to values"], label
        )
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            field = str(item["loc"][0]) if item["loc"] else ""
            line, column = positions.of_key((field,)) if field else (1, 1)
            problems.append(f"{line}:{column}: {_message(field, item)}")
        raise ProfileError(problems, label) from None


def _message(field: str, item: Any) -> str:  # noqa: ANN401 - pydantic error details
    if item["type"] == "extra_forbidden":
        return f"unknown-field: '{field}' is not a profile field{suggest(field, PROFILE_FIELDS)}"
    where = ".".join(str(part) for part in item["loc"])
    return f"invalid-value: {where}: {item['msg']} (got {item['input']!r})"
