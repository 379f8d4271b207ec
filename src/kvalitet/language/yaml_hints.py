"""Plain words for the YAML slips policy authors make most: tabs, odd indents, odd spaces, commas.

The parser's own words ("mapping values are not allowed here", often on the line after the
slip) are kept only when none of these explains the error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NBSP = frozenset("\u00a0\u202f\u2007")  # no-break, narrow no-break and figure space
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[^\s#'\"\[{][^:#]*:(?:\s|$)")
_DASH_LINE = re.compile(r"^\s*-(?:\s|$)")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*\s*(?:#.*)?$")
_GLUED = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*):[^\s/:]")
_DECIMAL_COMMA = re.compile(r"^([-+]?\d{1,3}(?:\.\d{3})*|[-+]?\d+),(\d+)$")
_WINDOW = 2  # lines above the reported line that may hold the slip
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # YAML 1.2's line breaks, as the parser counts lines


def split_lines(text: str) -> list[str]:
    """The lines of a text as the YAML parser numbers them (split at CR LF, CR or LF)."""
    return _LINE_BREAK.split(text)


@dataclass(frozen=True)
class Hint:
    """A friendlier reading of a syntax error: its code, message and 1-based position."""

    code: str
    message: str
    line: int
    column: int


def explain_syntax_error(text: str, line: int, column: int, problem: str) -> Hint | None:
    """A plain explanation of the syntax error the parser reported at ``line:column``, if any."""
    lines = split_lines(text)
    if "'\\t'" in problem:
        message = (
            "a tab character: YAML takes only spaces to indent and to separate; "
            "replace the tab with spaces"
        )
        return Hint("yaml-tab", message, line, column)
    first = max(1, line - _WINDOW)
    nbsp = _structural_nbsp(lines, first, line)
    if nbsp is not None:
        message = (
            "a non-breaking space (often pasted from Word or typed with Alt+Space): YAML does "
            "not read it as a space; replace it with an ordinary space"
        )
        return Hint("yaml-nbsp", message, *nbsp)
    glued = _glued_colon(lines, first, line)
    if glued is not None:
        number, column, key = glued
        message = f"write a space after the colon: '{key}: …' (YAML reads '{key}:…' as one text)"
        return Hint("yaml-colon", message, number, column)
    return _indent_slip(lines, first, line)


def _glued_colon(lines: list[str], first: int, last: int) -> tuple[int, int, str] | None:
    """A ``key:value`` with no space after the colon, on these lines."""
    for number in range(first, min(last, len(lines)) + 1):
        match = _GLUED.match(lines[number - 1])
        if match is not None:
            return number, match.end(1) + 1, match.group(1).lstrip(" -")
    return None


def _structural_nbsp(lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """A no-break space in the indentation, or right after a ``:`` or ``-``, on these lines."""
    for number in range(first, min(last, len(lines)) + 1):
        text = lines[number - 1]
        for index, char in enumerate(text):
            if char not in NBSP:
                continue
            before = text[:index]
            if not before.strip(" " + "".join(NBSP)) or before.endswith((":", "-")):
                return number, index + 1
    return None


@dataclass
class _Layout:
    """The indentation levels open above a line, as the YAML block structure sees them."""

    levels: list[int]
    opens: bool = False  # the line above ends with ':' or is a bare '-', so a deeper line starts
    block_scalar: int | None = None  # inside a '|' or '>' text indented deeper than this
    brackets: int = 0  # inside a flow collection spread over several lines


def _indent_slip(lines: list[str], first: int, last: int) -> Hint | None:
    even_file = _indents_by_two(lines)
    layout = _Layout([0])
    for number, text in enumerate(lines[:last], start=1):
        indent = len(text) - len(text.lstrip(" "))
        content = text.strip()
        if _skipped(layout, content, indent):
            continue
        structural = bool(_KEY_LINE.match(text) or _DASH_LINE.match(text))
        if number >= first and structural:
            deeper_ok = layout.opens and indent > layout.levels[-1]
            odd = even_file and indent % 2 == 1
            if odd or (indent not in layout.levels and not deeper_ok):
                return _indent_hint(lines, number, indent, layout)
        _advance(layout, text, content, indent, structural=structural)
    return None


def _skipped(layout: _Layout, content: str, indent: int) -> bool:
    if not content or content.startswith("#"):
        return True
    if layout.block_scalar is not None:
        if indent > layout.block_scalar:
            return True
        layout.block_scalar = None
    if layout.brackets > 0:
        layout.brackets = max(0, layout.brackets + _bracket_balance(content))
        return True
    return False


def _advance(layout: _Layout, text: str, content: str, indent: int, *, structural: bool) -> None:
    if not structural:  # a continued text: the structure does not change
        return
    while layout.levels and layout.levels[-1] > indent:
        layout.levels.pop()
    if not layout.levels or layout.levels[-1] != indent:
        layout.levels.append(indent)
    dash = _DASH_LINE.match(text)
    if dash and content != "-":
        after = text[dash.end() :]
        layout.levels.append(dash.end() + len(after) - len(after.lstrip(" ")))
    layout.opens = content.endswith(":") or content == "-"
    if _BLOCK_SCALAR.search(content):
        layout.block_scalar = indent
    layout.brackets = max(0, _bracket_balance(content))


def _bracket_balance(content: str) -> int:
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"|#.*$", "", content)
    return sum(unquoted.count(c) for c in "[{") - sum(unquoted.count(c) for c in "]}")


def _indents_by_two(lines: list[str]) -> bool:
    """Whether (nearly) every structural line is indented by an even number of spaces."""
    counts = [0, 0]
    for text in lines:
        indent = len(text) - len(text.lstrip(" "))
        if indent and (_KEY_LINE.match(text) or _DASH_LINE.match(text)):
            counts[indent % 2] += 1
    return counts[0] > 5 * counts[1]


def _indent_hint(lines: list[str], number: int, indent: int, layout: _Layout) -> Hint:
    options = set(layout.levels)
    if layout.opens:
        options.add(layout.levels[-1] + 2)
    best = min(options, key=lambda level: (abs(level - indent), -level))
    like = ""
    for above in range(number - 1, 0, -1):
        if best in _starts(lines[above - 1]):
            like = f", like line {above}"
            break
    spaces = "space" if indent == 1 else "spaces"
    message = (
        f"this line is indented {indent} {spaces}, out of line with the lines above; YAML reads "
        f"the structure from the indentation: indent it {best} spaces{like}"
    )
    return Hint("yaml-indent", message, number, indent + 1)


def _starts(text: str) -> set[int]:
    """The columns (0-based) where a line's structure starts: its indent, and after a dash."""
    if not text.strip() or text.lstrip().startswith("#"):
        return set()
    starts = {len(text) - len(text.lstrip(" "))}
    dash = _DASH_LINE.match(text)
    if dash and text.strip() != "-":
        after = text[dash.end() :]
        starts.add(dash.end() + len(after) - len(after.lstrip(" ")))
    return starts


def decimal_comma_hint(value: object) -> str:
    """A hint when a text is a number written with a decimal comma (``12,5``), else ``""``.

    Example:
        >>> decimal_comma_hint("1.234,5")
        ' — write 1234.5: a number in YAML takes a decimal point, not a comma'
        >>> decimal_comma_hint("pakke-1")
        ''
    """
    if not isinstance(value, str):
        return ""
    match = _DECIMAL_COMMA.match(value.strip())
    if match is None:
        return ""
    number = f"{match.group(1).replace('.', '')}.{match.group(2)}"
    return f" — write {number}: a number in YAML takes a decimal point, not a comma"


def split_number_hint(text: str, line: int, column: int, key: str) -> str:
    """A hint when an unknown key is the tail of a decimal comma in ``{ge: 1,5}``, else ``""``.

    In a ``{…}`` mapping YAML reads ``1,5`` as the number 1 and then a key ``5``.
    """
    lines = split_lines(text)
    if not key.isdigit() or line < 1 or line > len(lines):
        return ""
    before = lines[line - 1][: column - 1].rstrip()
    head = re.search(r"([-+]?\d+),$", before)
    if head is None:
        return ""
    return (
        f" — write {head.group(1)}.{key}: a number in YAML takes a decimal point, and "
        f"'{head.group(1)},{key}' inside {{ }} reads as two entries"
    )


def nbsp_hint(value: object) -> str:
    """A hint when a key or text holds a non-breaking space at an edge, else ``""``."""
    if isinstance(value, str) and value and (value[0] in NBSP or value[-1] in NBSP):
        return (
            " — it has a non-breaking space at its edge (often pasted from Word); "
            "replace it with an ordinary space"
        )
    return ""
