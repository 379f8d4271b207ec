"""Read a citizen profile from a YAML or JSON file, with errors located at line and column."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from kvalitet.language.problems import ProfileError
from kvalitet.language.profile import Profile, validation_problems
from kvalitet.language.yaml_reader import YamlSyntaxError, read_yaml


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
        located = sorted(
            (*(positions.of_key((field,)) if field else (1, 1)), message)
            for field, message in validation_problems(error)
        )
        problems = [f"{line}:{column}: {message}" for line, column, message in located]
        raise ProfileError(problems, label) from None
