"""Files a command reads and writes: JSON Lines read line by line, outputs that spare the inputs.

A JSON Lines file is read as bytes and split at ``\\n`` only, so its line numbers are an
editor's; each line is decoded on its own, and a line that is not UTF-8 is one located
``unreadable-file`` problem while the other lines are read. An output (``-o``, ``--log``) that
is one of the command's inputs, by any path or link, is refused before anything is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from kvalitet.cli.options import InputError
from kvalitet.cli.output import FallbackWriter
from kvalitet.engine.records import DecisionLog
from kvalitet.language.problems import Problem

STDIN = "-"
STDIN_LABEL = "<stdin>"


@dataclass(frozen=True)
class NumberedLine:
    """One non-blank line of a JSON Lines file: its number and its text, or why it has none."""

    number: int
    text: str | None
    problem: Problem | None = None


def read_json_lines(source: str) -> tuple[str, list[NumberedLine]]:
    """The label and the non-blank lines of a JSON Lines file (``-``: standard input).

    Raises:
        InputError: when the file cannot be read at all.
    """
    label = STDIN_LABEL if source == STDIN else source
    try:
        data = _stdin_bytes() if source == STDIN else _read(source)
    except OSError as error:
        raise InputError(f"{label}: cannot read the file: {error.strerror or error}") from None
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        line = raw.removesuffix(b"\r")
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a byte order mark some editors write
        if not line.strip():
            continue
        try:
            lines.append(NumberedLine(number, line.decode("utf-8")))
        except UnicodeDecodeError as error:
            message = (
                f"the line is not UTF-8 text (byte {error.start + 1} of the line); "
                "save the file as UTF-8"
            )
            problem = Problem(label, number, error.start + 1, "unreadable-file", message)
            lines.append(NumberedLine(number, None, problem))
    return label, lines


def _stdin_bytes() -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")


def _read(source: str) -> bytes:
    path = Path(source)
    if path.is_dir():
        raise IsADirectoryError(21, "it is a folder, not a file")
    return path.read_bytes()


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
