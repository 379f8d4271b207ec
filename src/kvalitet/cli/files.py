"""Files a command reads and writes: JSON Lines read line by line, outputs that spare the inputs.

A JSON Lines file is read as bytes and split at ``\\n`` only, so its line numbers are an
editor's; each line is decoded on its own, and a line that is not UTF-8 is one located
``unreadable-file`` problem while the other lines are read. An output (``-o``, ``--log``) that
is one of the command's inputs, by any path or link, is refused before anything is written.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO, cast

import click

from kvalitet.cli.options import InputError
from kvalitet.cli.output import FallbackWriter
from kvalitet.engine.records import DecisionLog
from kvalitet.language.problems import Problem, ProfileError

STDIN = "-"
STDIN_LABEL = "<stdin>"


@dataclass(frozen=True)
class NumberedLine:
    """One non-blank line of a JSON Lines file: its number and its text, or why it has none."""

    number: int
    text: str | None
    problem: Problem | None = None
    size: int = 0  # bytes of the line in the file, its line end included (for progress)

    def unreadable(self, label: str) -> ProfileError:
        """The error of a line that could not be read as text (its problem, located)."""
        return ProfileError([self.problem] if self.problem is not None else [], label)


@dataclass(frozen=True)
class JsonLines:
    """A JSON Lines file being read: its label, its size in bytes (None for a pipe), its lines."""

    label: str
    size: int | None
    lines: Iterator[NumberedLine]


def read_json_lines(source: str) -> JsonLines:
    """The non-blank lines of a JSON Lines file (``-``: standard input), read as they come.

    Memory stays flat whatever the file's size: the lines are read one at a time.

    Raises:
        InputError: when the file cannot be opened at all.
    """
    label = STDIN_LABEL if source == STDIN else source
    try:
        stream, size = _open(source)
    except OSError as error:
        raise InputError(f"{label}: cannot read the file: {error.strerror or error}") from None
    return JsonLines(label, size, _numbered(stream, label, close=source != STDIN))


def _numbered(stream: BinaryIO, label: str, *, close: bool) -> Iterator[NumberedLine]:
    try:
        for number, raw in enumerate(stream, start=1):
            line = raw.removesuffix(b"\n").removesuffix(b"\r")
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")  # a byte order mark some editors write
            if not line.strip():
                continue
            try:
                yield NumberedLine(number, line.decode("utf-8"), size=len(raw))
            except UnicodeDecodeError as error:
                message = (
                    f"the line is not UTF-8 text (byte {error.start + 1} of the line); "
                    "save the file as UTF-8"
                )
                problem = Problem(label, number, error.start + 1, "unreadable-file", message)
                yield NumberedLine(number, None, problem, size=len(raw))
    finally:
        if close:
            stream.close()


def _stdin_buffer() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return cast("BinaryIO", buffer)
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def _open(source: str) -> tuple[BinaryIO, int | None]:
    if source == STDIN:
        return _stdin_buffer(), None
    path = Path(source)
    if path.is_dir():
        raise IsADirectoryError(21, "it is a folder, not a file")
    stream = path.open("rb")
    return stream, path.stat().st_size


@contextmanager
def progress_of(source: JsonLines) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr over the bytes of a file, updated with each line's size.

    Standard input has no size: nothing is shown (the summary follows at the end).
    """
    if source.size is None:
        yield lambda _: None
        return
    with click.progressbar(length=max(source.size, 1), label="Evaluerer", file=sys.stderr) as bar:
        yield bar.update


def refuse_overwriting(inputs: dict[str, str], outputs: dict[str, str | None]) -> None:
    """Refuse when an output is an input, or two outputs are one file (by any path or link).

    Args:
        inputs: What each input is called (``PROFILES``) and its path (``-``: stdin).
        outputs: What each output is called (``-o``, ``--log``) and its path, if given.

    Raises:
        InputError: naming both.
    """
    seen: list[tuple[str, str]] = [(name, path) for name, path in inputs.items() if path != STDIN]
    for name, path in outputs.items():
        if path is None or path == STDIN:
            continue
        for other_name, other in seen:
            if _same_file(path, other):
                raise InputError(
                    f"{name} {path} is the same file as {other_name} {other}; "
                    f"writing it would destroy it: give {name} another file"
                )
        seen.append((name, path))


def _same_file(first: str, second: str) -> bool:
    try:
        return Path(first).samefile(second)
    except OSError:  # one does not exist (yet): compare where they would be
        return Path(first).resolve() == Path(second).resolve()


def open_json_lines_output(path: str) -> TextIO:
    """A stream for JSON Lines: the file (UTF-8), or standard output (``-``).

    On a terminal that is not UTF-8, standard output gets every character beyond ASCII as a
    JSON escape, so the data stays exact.

    Raises:
        InputError: when the file cannot be written.
    """
    if path == STDIN:
        return cast("TextIO", FallbackWriter(sys.stdout, json_lines=True))
    try:
        return Path(path).open("w", encoding="utf-8")
    except OSError as error:
        raise InputError(f"-o {path}: cannot be written: {error.strerror or error}") from None


def close_output(stream: TextIO) -> None:
    """Close an output stream unless it is standard output."""
    if isinstance(stream, FallbackWriter) or stream in (sys.stdout, sys.stderr):
        stream.flush()
    else:
        stream.close()


def open_log(path: Path | None) -> DecisionLog | None:
    """The decision log of ``--log`` (``None`` without it); tried at once, before any work.

    Raises:
        InputError: when the file cannot be appended to.
    """
    if path is None:
        return None
    try:
        return DecisionLog(path)
    except OSError as error:
        raise InputError(f"--log {path}: cannot be written: {error.strerror or error}") from None
