"""Read a citizen profile from a YAML or JSON file, with errors located at line and column."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kvalitet.language.problems import Problem, ProfileError
from kvalitet.language.source_text import decode_source, read_source
from kvalitet.language.yaml_limits import MAX_FILE_BYTES, size_text
from kvalitet.language.yaml_reader import Positions, YamlSyntaxError, read_yaml

STDIN = "-"


@dataclass(frozen=True)
class ProfileFile:
    """The data of a profile file, where it came from, and the positions of its keys."""

    data: dict[str, Any]
    label: str
    positions: Positions = field(default_factory=Positions)


def _stdin() -> str:
    """Standard input as UTF-8 whatever the terminal's encoding, within the size limit of a file.

    Raises:
        YamlSyntaxError: when it is longer, or not UTF-8 (located).
    """
    buffer = getattr(sys.stdin, "buffer", None)
    data: bytes | str = (
        buffer.read(MAX_FILE_BYTES + 1) if buffer else sys.stdin.read(MAX_FILE_BYTES + 1)
    )
    if len(data) > MAX_FILE_BYTES:
        message = f"the profile is longer than {size_text(MAX_FILE_BYTES)}"
        raise YamlSyntaxError("too-large", message, 1, 1)
    return decode_source(data) if isinstance(data, bytes) else data


def read_profile_file(path: str | Path) -> ProfileFile:
    """Read a profile file (YAML, or JSON, which is YAML; ``-`` is standard input).

    The data is validated against a set's vocabulary by ``Standards.parse_profile``, which
    locates each wrong field at its line with the positions returned here.

    Raises:
        ProfileError: when the file cannot be read or is not a mapping, located.
    """
    label = "<stdin>" if str(path) == STDIN else str(path)
    try:
        text = _stdin() if str(path) == STDIN else read_source(Path(path))
        data, positions = read_yaml(text)
    except YamlSyntaxError as error:
        problem = Problem(label, error.line, error.column, error.code, error.message)
        raise ProfileError([problem], label) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        message = "a profile is a mapping of field names to values"
        raise ProfileError([Problem(label, 1, 1, "not-a-mapping", message)], label)
    return ProfileFile(data, label, positions)
