"""Read the text of a source file: bounded in size, UTF-8, with a located hint when it is not."""

from __future__ import annotations

from pathlib import Path

from kvalitet.language.yaml_hints import split_lines
from kvalitet.language.yaml_limits import DEFAULT_LIMITS, Limits, size_text
from kvalitet.language.yaml_reader import YamlSyntaxError


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a file, read no further than ``limits.max_bytes`` (plus one byte).

    Raises:
        YamlSyntaxError: ``unreadable-file``, ``too-large`` or ``not-utf-8``, located.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except OSError as error:
        message = error.strerror or str(error)
        raise YamlSyntaxError("unreadable-file", f"cannot read the file: {message}", 1, 1) from None
    if len(data) > limits.max_bytes:
        message = (
            f"the file is more than {size_text(limits.max_bytes)} bytes, the most a standard "
            "file may hold: split it into one file per service"
        )
        raise YamlSyntaxError("too-large", message, 1, 1)
    return decode_source(data)


def decode_source(data: bytes) -> str:
    """Decode UTF-8 (a byte-order mark is dropped).

    Raises:
        YamlSyntaxError: ``not-utf-8`` at the first byte that is not UTF-8, saying what it
            would read as in Windows-1252 (the usual culprit) and to save the file as UTF-8.

    Example:
        >>> decode_source("Støtte".encode("cp1252"))  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        kvalitet.language.yaml_reader.YamlSyntaxError: the file is not saved as UTF-8: ...
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        start = error.start
        before = split_lines(data[:start].decode("utf-8"))  # valid up to the first bad byte
        line, column = len(before), len(before[-1]) + 1
        byte = data[start]
        guess = bytes([byte]).decode("cp1252", "replace")
        readable = guess.isprintable() and guess != "\ufffd"
        seen = f" (in Windows-1252 or Latin-1 it reads '{guess}')" if readable else ""
        message = (
            f"the file is not saved as UTF-8: the byte 0x{byte:02X} here is not UTF-8{seen}; "
            "save the file as UTF-8 (in most editors: Save as → Encoding: UTF-8)"
        )
        raise YamlSyntaxError("not-utf-8", message, line, column) from None
