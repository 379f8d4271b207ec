"""Output that works under any terminal encoding: what it cannot show falls back to ASCII.

A terminal set to cp1252 has no ✓, ✗ or ≥, and one set to ASCII not even æ, ø and å; Python
would stop the command with a ``UnicodeEncodeError``. The standard streams are wrapped so that a
character the encoding cannot show is written as its ASCII stand-in (``✓`` → ``v``, ``≥`` →
``>=``, ``ø`` → ``oe``), or its letter without the accent, or ``?``; text the encoding can show
is written unchanged.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import sys
import unicodedata
from collections.abc import Iterator
from typing import TextIO

import click

UNICODE_ENCODINGS = frozenset({"utf-8", "utf-16", "utf-32", "gb18030", "utf-8-sig"})
ASCII_MARKS = {
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "✘": "x",
    "–": "-",
    "—": "--",
    "‒": "-",
    "−": "-",
    "…": "...",
    "≥": ">=",
    "≤": "<=",
    "≠": "!=",
    "≈": "~",
    "∈": "in",
    "∋": "contains",
    "→": "->",
    "←": "<-",
    "•": "*",
    "·": "*",
    "§": "S",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "\u00a0": " ",
    "×": "x",
    "½": "1/2",
    "æ": "ae",
    "Æ": "Ae",
    "ø": "oe",
    "Ø": "Oe",
    "å": "aa",
    "Å": "Aa",
    "€": "EUR",
}


def ascii_fallback(text: str, encoding: str) -> str:
    """``text`` with every character ``encoding`` cannot show replaced by a stand-in.

    Example:
        >>> ascii_fallback("✓ opfyldt: højst 5 timer – ≥ 18 år", "cp1252")
        'v opfyldt: højst 5 timer – >= 18 år'
        >>> ascii_fallback("✓ opfyldt: højst 5 timer – ≥ 18 år", "ascii")
        'v opfyldt: hoejst 5 timer - >= 18 aar'
    """
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return "".join(_shown(character, encoding) for character in text)
    return text


def _shown(character: str, encoding: str) -> str:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        pass
    else:
        return character
    if character in ASCII_MARKS:
        return ASCII_MARKS[character]
    plain = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
    return plain or "?"


def printable(text: str) -> str:
    r"""Text with its control characters shown as escapes (a new line and a tab stay).

    Input echoed in a message (a profile's key, a log's value) cannot move the cursor, colour
    the terminal or fake a line.

    Example:
        >>> printable("'\x1b[31mx' is not a profile field\n")
        "'\\x1b[31mx' is not a profile field\n"
    """
    if text.isprintable():
        return text
    return "".join(
        character
        if character.isprintable() or character in "\n\t"
        else f"\\x{ord(character):02x}"
        if ord(character) < 0x100
        else f"\\u{ord(character):04x}"
        for character in text
    )


def ascii_json(text: str) -> str:
    r"""JSON text with every character beyond ASCII written as a ``\u`` escape (lossless).

    In JSON such characters stand only inside strings, where the escape means the same.

    Example:
        >>> ascii_json('{"tekst": "højst ≥ 5"}')
        '{"tekst": "h\\u00f8jst \\u2265 5"}'
    """
    if text.isascii():
        return text
    return "".join(character if character.isascii() else _escape(character) for character in text)


def _escape(character: str) -> str:
    code = ord(character)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def shows_everything(stream: object) -> bool:
    """Whether a stream's encoding can write every character (a UTF encoding)."""
    encoding = getattr(stream, "encoding", None)
    return bool(encoding) and codecs.lookup(str(encoding)).name in UNICODE_ENCODINGS


def echo_json(text: str) -> None:
    """Print JSON on standard output, escaped to ASCII where the terminal is not UTF-8."""
    click.echo(text if shows_everything(sys.stdout) else ascii_json(text))


class FallbackWriter(io.TextIOBase):
    """A text stream that writes through another, falling back to ASCII where it must."""

    def __init__(self, stream: TextIO, *, json_lines: bool = False) -> None:
        """Write through ``stream`` (its encoding decides what needs a stand-in).

        ``json_lines``: the text is JSON, whose characters beyond ASCII are escaped instead.
        """
        super().__init__()
        self._stream = stream
        self._encoding = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
        self._json = json_lines

    @property
    def encoding(self) -> str:  # type: ignore[override]  # read-only, as TextIOBase's is
        """The encoding of the stream written to."""
        return self._encoding

    def writable(self) -> bool:
        """Always writable."""
        return True

    def write(self, text: str) -> int:
        """Write ``text``, each character the encoding cannot show replaced."""
        if not isinstance(text, str):
            msg = f"write() takes text, not {type(text).__name__}"
            raise TypeError(msg)
        if self._json:
            self._stream.write(text if self._encoding in UNICODE_ENCODINGS else ascii_json(text))
        else:
            self._stream.write(ascii_fallback(text, self._encoding))
        return len(text)

    def flush(self) -> None:
        """Flush the stream written to."""
        self._stream.flush()

    def isatty(self) -> bool:
        """Whether the stream written to is a terminal."""
        return self._stream.isatty()

    def fileno(self) -> int:
        """The file descriptor of the stream written to."""
        return self._stream.fileno()


def _needs_fallback(stream: TextIO) -> bool:
    return bool(getattr(stream, "encoding", None)) and not shows_everything(stream)


@contextlib.contextmanager
def safe_output() -> Iterator[None]:
    """Wrap standard output and error when their encoding cannot show every character."""
    saved = sys.stdout, sys.stderr
    if isinstance(sys.stdout, io.TextIOWrapper) and _needs_fallback(sys.stdout):
        sys.stdout = FallbackWriter(sys.stdout)
    if isinstance(sys.stderr, io.TextIOWrapper) and _needs_fallback(sys.stderr):
        sys.stderr = FallbackWriter(sys.stderr)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        sys.stdout, sys.stderr = saved
