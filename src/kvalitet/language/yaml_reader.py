"""Read YAML into plain Python data plus the source position of every node, within set bounds.

The reader walks ruamel.yaml's parser events itself and never lets ruamel construct objects:
so nothing is built before it is checked. Each event is checked against the limits of
:mod:`kvalitet.language.yaml_limits` as it arrives (size, number of values, depth, items,
text length, finite numbers, real dates), and anchors, aliases, merge keys, tags and
directives are refused where they stand — a standard file is plain data, so an alias can never
expand into more than the text that was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError

from kvalitet.language.yaml_hints import explain_syntax_error, split_lines
from kvalitet.language.yaml_limits import DEFAULT_LIMITS, Limits, excerpt, size_text
from kvalitet.language.yaml_scalars import ScalarError, plain_scalar

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
    """The text cannot be read as plain YAML data; carries a code and a 1-based position."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        """Keep the code, message and position."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def read_yaml(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Positions]:
    r"""Parse YAML text into plain data (dicts, lists, scalars, dates) and positions.

    Raises:
        YamlSyntaxError: on a syntax error, a duplicate key, anything that is not plain data
            (anchors, aliases, merge keys, tags, directives) or a limit passed; located.

    Example:
        >>> data, positions = read_yaml("a:\n  b: [1, 2.5]\n")
        >>> data, positions.of_value(("a", "b", 1))
        ({'a': {'b': [1, 2.5]}}, (2, 10))
    """
    size = len(text.encode("utf-8", "replace"))
    if size > limits.max_bytes:
        message = (
            f"the file is {size_text(size)} bytes; a standard file holds at most "
            f"{size_text(limits.max_bytes)} bytes: split it into one file per service"
        )
        raise YamlSyntaxError("too-large", message, 1, 1)
    builder = _Builder(text, limits)
    try:
        for event in _events(text):
            builder.take(event)
    except MarkedYAMLError as error:
        raise _syntax_error(text, error) from None
    except ReaderError as error:
        raise _reader_error(text, error) from None
    except YAMLError as error:  # pragma: no cover - ruamel marks its errors on text input
        raise YamlSyntaxError("yaml-syntax", str(error), 1, 1) from None
    except AssertionError:
        # ruamel asserts a %YAML version is 1.1 or 1.2 before any event reaches the builder
        if any(line.startswith("%") for line in split_lines(text)):
            raise _directive_error(text) from None
        raise
    except (ValueError, TypeError, LookupError, RecursionError) as error:
        # A fault of the reader, never seen by the fuzzers (which fail on this code): the
        # author still gets a located problem rather than a traceback.
        message = f"cannot read this YAML ({type(error).__name__}: {excerpt(str(error))})"
        raise YamlSyntaxError("yaml-unreadable", message, *builder.last) from None
    return builder.root, builder.positions


def _events(text: str) -> Iterator[Event]:
    yield from YAML(typ="safe", pure=True).parse(text)


def _syntax_error(text: str, error: MarkedYAMLError) -> YamlSyntaxError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(error.problem or error.context or "not valid YAML")
    hint = explain_syntax_error(text, line, column, problem)
    if hint is not None:
        return YamlSyntaxError(hint.code, hint.message, hint.line, hint.column)
    if problem == "but found another document":
        problem = (
            "a second YAML document (after '---'); a file holds one standard: "
            "remove the '---' line, or move what follows into a file of its own"
        )
    return YamlSyntaxError("yaml-syntax", problem, line, column)


def _directive_error(text: str) -> YamlSyntaxError:
    number = next((n for n, line in enumerate(split_lines(text), 1) if line.startswith("%")), 1)
    message = "a %YAML or %TAG directive is not allowed: delete the line starting with '%'"
    return YamlSyntaxError("yaml-directive", message, number, 1)


def _reader_error(text: str, error: ReaderError) -> YamlSyntaxError:
    index = max(0, min(int(error.position), len(text)))
    before = split_lines(text[:index])
    line, column = len(before), len(before[-1]) + 1
    code = error.character if isinstance(error.character, int) else 0
    message = (
        f"the control character U+{code:04X} is not allowed in a YAML file; delete it "
        "(it is invisible in most editors)"
    )
    return YamlSyntaxError("yaml-syntax", message, line, column)


@dataclass
class _Open:
    """A list or mapping being read, and (for a mapping) the key whose value comes next."""

    path: Path
    value: dict[str, Any] | list[Any]
    key: str | None = None


class _Builder:
    """Turns parser events into plain data and positions, refusing what is not allowed."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.root: Any = None
        self.positions = Positions()
        self.positions.values[()] = (1, 1)
        self.stack: list[_Open] = []
        self.values = 0
        self.documents = 0
        self.last = (1, 1)

    def take(self, event: Event) -> None:
        self.last = _at(event)
        if isinstance(event, DocumentStartEvent):
            self._document(event)
        elif isinstance(event, AliasEvent):
            self._alias(event)
        elif isinstance(event, NodeEvent):
            self._node(event)
        elif isinstance(event, CollectionEndEvent):
            self.stack.pop()

    def _document(self, event: DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            line, column = _at(event)
            message = (
                "a second YAML document (after '---'); a file holds one standard: "
                "remove the '---' line, or move what follows into a file of its own"
            )
            raise YamlSyntaxError("yaml-syntax", message, line, column)
        if event.version is not None or event.tags:
            raise _directive_error(self.text)

    def _alias(self, event: AliasEvent) -> None:
        line, column = _at(event)
        message = (
            f"the alias '*{event.anchor}' is not allowed: a standard file writes every value "
            "out where it applies (to reuse a condition, derive a fact and name it)"
        )
        raise YamlSyntaxError("yaml-alias", message, line, column)

    def _node(self, event: NodeEvent) -> None:
        line, column = _at(event)
        self._refuse_anchor_and_tag(event, line, column)
        self.values += 1
        if self.values > self.limits.max_values:
            message = (
                f"the file holds more than {size_text(self.limits.max_values)} values, the most "
                "a standard file may hold: split it into one file per service"
            )
            raise YamlSyntaxError("too-large", message, line, column)
        if self.stack and isinstance(self.stack[-1].value, dict) and self.stack[-1].key is None:
            self._key(event, self.stack[-1], line, column)
            return
        if isinstance(event, ScalarEvent):
            self._place(self._scalar(event, line, column), line, column)
        elif isinstance(event, CollectionStartEvent):
            self._open(event, line, column)

    def _refuse_anchor_and_tag(self, event: NodeEvent, line: int, column: int) -> None:
        if event.anchor is not None:
            message = (
                f"the anchor '&{event.anchor}' is not allowed: a standard file writes every "
                "value out where it applies (to reuse a condition, derive a fact and name it)"
            )
            raise YamlSyntaxError("yaml-alias", message, line, column)
        tag = getattr(event, "tag", None)
        if tag is not None:
            standard_prefix = "tag:yaml.org,2002:"
            shown = (
                tag.replace(standard_prefix, "!!", 1) if tag.startswith(standard_prefix) else tag
            )
            message = (
                f"the YAML tag '{excerpt(shown)[1:-1]}' is not allowed: a standard file is plain "
                "data (write the value without a tag)"
            )
            raise YamlSyntaxError("yaml-tag", message, line, column)

    def _key(self, event: NodeEvent, mapping: _Open, line: int, column: int) -> None:
        if not isinstance(event, ScalarEvent):
            message = "a key must be a name, not a list or a mapping: write 'name: value'"
            raise YamlSyntaxError("yaml-key", message, line, column)
        key = str(event.value)
        self._check_length(key, line, column)
        if key == "<<" and event.style is None:
            message = (
                "a merge key '<<' is not allowed: a standard file writes every key out "
                "where it applies"
            )
            raise YamlSyntaxError("yaml-merge-key", message, line, column)
        assert isinstance(mapping.value, dict)  # noqa: S101 - only mappings wait for keys
        if key in mapping.value:
            message = f'the key "{excerpt(key)[1:-1]}" appears twice in this mapping; keep one'
            raise YamlSyntaxError("duplicate-key", message, line, column)
        self._check_items(len(mapping.value), line, column)
        mapping.value[key] = None
        mapping.key = key
        self.positions.keys[(*mapping.path, key)] = (line, column)

    def _scalar(self, event: ScalarEvent, line: int, column: int) -> Any:  # noqa: ANN401
        self._check_length(str(event.value), line, column)
        try:
            return plain_scalar(str(event.value), event.implicit, self.limits)
        except ScalarError as problem:
            raise YamlSyntaxError(problem.code, problem.message, line, column) from None

    def _open(self, event: CollectionStartEvent, line: int, column: int) -> None:
        if len(self.stack) >= self.limits.max_depth:
            message = (
                f"lists and mappings are nested more than {self.limits.max_depth} levels deep "
                "here, deeper than a standard file may go: flatten the structure"
            )
            raise YamlSyntaxError("too-deep", message, line, column)
        value: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        path = self._place(value, line, column)
        self.stack.append(_Open(path, value))

    def _place(self, value: Any, line: int, column: int) -> Path:  # noqa: ANN401 - YAML data
        if not self.stack:
            self.root = value
            return ()
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            self._check_items(len(parent.value), line, column)
            path: Path = (*parent.path, len(parent.value))
            parent.value.append(value)
        else:
            assert parent.key is not None  # noqa: S101 - a value follows its key
            path = (*parent.path, parent.key)
            parent.value[parent.key] = value
            parent.key = None
        self.positions.values[path] = (line, column)
        return path

    def _check_length(self, value: str, line: int, column: int) -> None:
        if len(value) > self.limits.max_string:
            message = (
                f"this text is {size_text(len(value))} characters long; a standard file holds "
                f"texts of at most {size_text(self.limits.max_string)} characters "
                f"(it begins {excerpt(value)})"
            )
            raise YamlSyntaxError("too-long", message, line, column)

    def _check_items(self, count: int, line: int, column: int) -> None:
        if count >= self.limits.max_items:
            message = (
                f"this list or mapping holds more than {size_text(self.limits.max_items)} "
                "items, the most a standard file may hold in one place"
            )
            raise YamlSyntaxError("too-many", message, line, column)


def _at(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def read_plain_yaml(text: str) -> Any | None:  # noqa: ANN401 - any YAML data
    """Plain data from YAML text with the fast C parser, without positions or limits.

    For large generated files (an inventory) only. ``None`` when the text is not plain data
    this way (a syntax error, an anchor, an alias or a tag): read it with :func:`read_yaml`
    instead, which locates the problem.
    """
    fast = YAML(typ="safe")
    try:
        for event in fast.parse(text):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                return None
            if getattr(event, "tag", None):
                return None
        return fast.load(text)
    except (YAMLError, ValueError, TypeError, RecursionError):
        return None
