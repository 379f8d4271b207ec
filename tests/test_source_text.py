"""Reading a source file: bounded, UTF-8, and a located hint when it is neither."""

from __future__ import annotations

from pathlib import Path

import pytest

from kvalitet.language.loader import load
from kvalitet.language.problems import StandardLoadError
from kvalitet.language.source_text import decode_source, read_source
from kvalitet.language.yaml_limits import Limits
from kvalitet.language.yaml_reader import YamlSyntaxError

BASE = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")


def test_a_byte_order_mark_is_dropped() -> None:
    assert decode_source(b"\xef\xbb\xbfid: x\n") == "id: x\n"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"a: 1\nb: St\xf8tte\n", (2, 6)),
        (b"a: 1\r\nb: 2\rc: \x9d\n", (3, 4)),  # CR LF and a lone CR each end a line, as in YAML
        (b"a: \xc3\xa6\xe6\n", (1, 5)),  # columns count characters, not bytes
    ],
)
def test_the_first_byte_that_is_not_utf_8_is_located(data: bytes, where: tuple[int, int]) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        decode_source(data)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("not-utf-8", *where)
    assert caught.value.message.endswith("save the file as UTF-8 (in most editors: Save as → "
                                         "Encoding: UTF-8)")  # fmt: skip


def test_a_byte_with_no_windows_1252_reading_is_named_alone() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        decode_source(b"a: \x81\n")
    assert caught.value.message.startswith(
        "the file is not saved as UTF-8: the byte 0x81 here is not UTF-8; save"
    )


def test_reading_stops_after_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    assert read_source(path, Limits(max_bytes=500)) == "a: 1\n" * 100
    with pytest.raises(YamlSyntaxError) as caught:
        read_source(path, Limits(max_bytes=499))
    assert (caught.value.code, caught.value.line, caught.value.column) == ("too-large", 1, 1)
    assert "more than 499 bytes" in caught.value.message


def test_an_unreadable_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "testby" / "2026"
    (folder / "sel-85.yaml").mkdir(parents=True)  # a folder where a file is expected
    with pytest.raises(StandardLoadError) as caught:
        load([tmp_path])
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.code) == (1, 1, "unreadable-file")
    assert problem.message == "cannot read the file: Is a directory"
