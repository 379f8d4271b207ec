"""The bounds on what the YAML reader accepts, in one place, and the problem codes it reports.

The limits are far above any real standard file (the biggest bundled file is 28.5 KB, 1,094
values, 9 levels deep, 46 items in its longest list, 935 characters in its longest text and
2025 as its largest number) and far below what would cost a caller noticeable time or memory:
the reader reads or refuses a file at any of them in under a second and a few megabytes
(``benchmarks/bench_loading.py`` prints the figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FILE_BYTES = 1_048_576  # 1 MiB: 36 times the biggest bundled standard file
MAX_VALUES = 20_000  # scalars, lists and mappings in one file; the biggest has 1,094
MAX_DEPTH = 40  # nested lists and mappings; the deepest bundled file has 9
MAX_ITEMS = 10_000  # items in one list, or keys in one mapping; the longest bundled list has 46
MAX_STRING = 10_000  # characters in one text; the longest bundled text has 935
MAX_NUMBER = 10**15  # largest magnitude of a number; exact as a float, and far above any amount
EXCERPT_CHARS = 60  # a message quotes at most this much of a value


@dataclass(frozen=True)
class Limits:
    """What one read may hold; the defaults are the constants above.

    Attributes:
        max_bytes: Size of the file (or text) in UTF-8 bytes.
        max_values: Scalars, lists and mappings in the file.
        max_depth: Nesting of lists and mappings.
        max_items: Items in one list or keys in one mapping.
        max_string: Characters in one scalar.
        max_number: Largest magnitude of a number.
    """

    max_bytes: int = MAX_FILE_BYTES
    max_values: int = MAX_VALUES
    max_depth: int = MAX_DEPTH
    max_items: int = MAX_ITEMS
    max_string: int = MAX_STRING
    max_number: int = MAX_NUMBER


DEFAULT_LIMITS = Limits()
# A rule inventory is generated data, read by the fast reader; bigger than a standard file.
INVENTORY_LIMITS = Limits(max_bytes=8 * MAX_FILE_BYTES, max_values=20 * MAX_VALUES)

# Every problem code the YAML reader and the source-text reader can report, with its meaning.
# The reader's problem codes (each in the catalogue, kvalitet.language.problems.CODES).
READER_CODES = frozenset(
    {
        "too-large", "too-deep", "too-many", "too-long", "invalid-number", "invalid-date",
        "duplicate-key", "yaml-alias", "yaml-merge-key", "yaml-tag", "yaml-directive", "yaml-key",
        "yaml-tab", "yaml-indent", "yaml-nbsp", "yaml-colon", "yaml-syntax", "yaml-unreadable",
        "not-utf-8", "unreadable-file",
    }
)  # fmt: skip


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """``repr`` of a value, cut to ``limit`` characters with an ellipsis.

    Example:
        >>> excerpt("x" * 100, limit=10)
        "'xxxxxxx…'"
        >>> excerpt(list(range(100)), limit=10)
        '[0, 1, 2,…'
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    if isinstance(value, str):
        return text[: limit - 2] + "…" + text[0]
    return text[: limit - 1] + "…"


_QUOTED = re.compile(rf"""(?<![\w'"])(['"])((?:(?!\1)[^\n]){{{EXCERPT_CHARS},}}?)\1(?!\w)""")


def shorten_quoted(message: str) -> str:
    """A message with every quoted value longer than the excerpt limit cut short.

    Example:
        >>> shorten_quoted("'" + "x" * 70 + "' is not a key") == "'" + "x" * 57 + "…' is not a key"
        True
    """
    return _QUOTED.sub(lambda m: m[1] + m[2][: EXCERPT_CHARS - 3] + "…" + m[1], message)


def size_text(count: int) -> str:
    """A count with thousands separators, as the messages show limits.

    Example:
        >>> size_text(1048576)
        '1,048,576'
    """
    return f"{count:,}"
