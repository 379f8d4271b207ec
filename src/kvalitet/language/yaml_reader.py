"""Read YAML with ruamel.yaml into plain Python data plus the source position of every node."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

Path = tuple[str | int, ...]


@dataclass
class Positions:
    """1-based ``(line, column)`` of every value and every mapping key, by path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest located ancestor."""
        return self._nearest(self.values, path)

    def of_key(self, path: Path) -> tuple[int, int]:
        """Position of the key naming ``path`` (falls back to the value's position)."""
        if path in self.keys:
            return self.keys[path]
        return self.of_value(path)

    @staticmethod
    def _nearest(table: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
        for end in range(len(path), -1, -1):
            if path[:end] in table:
                return table[path[:end]]
        return (1, 1)


class YamlSyntaxError(Exception):
    """The text is not YAML (or has a duplicate key); carries a 1-based position and a code."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        """Keep the code, message and position."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def read_yaml(text: str) -> tuple[Any, Positions]:
    """Parse YAML text into plain data (dicts, lists, scalars, dates) and positions.

    Raises:
        YamlSyntaxError: on a syntax error or a duplicate key, located.
    """
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        root = yaml.load(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        key = _duplicate_key_name(str(error.problem))
        message = f"the key {key} appears twice in this mapping; keep one"
        raise YamlSyntaxError("duplicate-key", message, mark.line + 1, mark.column + 1) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "not valid YAML"
        raise YamlSyntaxError("yaml-syntax", problem, line, column) from None
    except YAMLError as error:  # pragma: no cover - ruamel raises marked errors for text input
        raise YamlSyntaxError("yaml-syntax", str(error), 1, 1) from None
    except (TypeError, ValueError, RecursionError) as error:
        # ruamel fails this way on a few valid-looking inputs, e.g. a mapping used as a key.
        message = f"cannot read this YAML ({type(error).__name__}: {error})"
        raise YamlSyntaxError("yaml-syntax", message, 1, 1) from None
    positions = Positions()
    positions.values[()] = (1, 1)
    return _plain(root, (), positions), positions


def read_plain_yaml(text: str) -> Any | None:  # noqa: ANN401 - any YAML data
    """Plain data from YAML text with the fast C parser, without positions.

    ``None`` when the text is not plain data this way (a syntax error, an alias or a tag):
    read it with :func:`read_yaml` instead, which locates the problem.
    """
    fast = YAML(typ="safe")
    try:
        for event in fast.parse(text):
            if isinstance(event, AliasEvent) or getattr(event, "tag", None):
                return None
        return fast.load(text)
    except (YAMLError, ValueError, TypeError, RecursionError):
        return None


def _duplicate_key_name(problem: str) -> str:
    # ruamel says: found duplicate key "when" with value ... (original value: ...)
    if '"' in problem:
        return '"' + problem.split('"')[1] + '"'
    return "a key"


def _tag(node: Any) -> str | None:  # noqa: ANN401 - YAML nodes
    """The explicit tag of a node (``!!python/object``, ``!foo``), if it has one."""
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", None) if tag is not None else None
    return str(value) if value else None


def _plain(node: Any, path: Path, positions: Positions) -> Any:  # noqa: ANN401 - YAML nodes
    tag = _tag(node)
    if tag is not None:
        line, column = positions.of_value(path)
        standard_prefix = "tag:yaml.org,2002:"
        shown = "!!" + tag.removeprefix(standard_prefix) if tag.startswith(standard_prefix) else tag
        message = (
            f"the YAML tag '{shown}' is not allowed: a standard file is plain data "
            "(write the value without a tag)"
        )
        raise YamlSyntaxError("yaml-tag", message, line, column)
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            key_line, key_column, value_line, value_column = node.lc.data[key]
            child = (*path, str(key))
            positions.keys[child] = (key_line + 1, key_column + 1)
            positions.values[child] = (value_line + 1, value_column + 1)
            result[str(key)] = _plain(value, child, positions)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            line, column = node.lc.data[index]
            positions.values[(*path, index)] = (line + 1, column + 1)
            items.append(_plain(value, (*path, index), positions))
        return items
    return _plain_scalar(node)


def _plain_scalar(node: Any) -> Any:  # noqa: ANN401 - YAML scalars
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return node.date() if (node.hour, node.minute, node.second) == (0, 0, 0) else node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return node
