"""Fuzzing the YAML reader and the loader: only ``StandardLoadError`` escapes, always located.

Inputs are arbitrary text, arbitrary bytes, and the bundled standard files cut, spliced and
sprinkled with the characters that trip YAML up. ``KVALITET_HYPOTHESIS=long`` runs many more
examples; ``fuzz/fuzz_loader.py`` is the coverage-guided (atheris) counterpart, and every crash
either finds is kept below as a regression case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet.language.loader import load, load_text
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.source_text import decode_source
from kvalitet.language.yaml_reader import YamlSyntaxError

BUNDLED = sorted((Path(__file__).resolve().parents[1] / "src/kvalitet/standards").rglob("*.yaml"))
TEXTS = [path.read_text(encoding="utf-8") for path in BUNDLED if path.parent.name != "cases"]
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what the YAML 1.2 parser counts as a line break
YAML_BITS = [
    "\t", "\u00a0", " ", "  ", "   ", "\n", "\n  ", "- ", ": ", ":", ",", "[", "]", "{", "}",
    "&a ", "*a", "<<: ", "!!binary ", "!!set ", "!x ", "? ", "'", '"', "|", ">", "#", "%YAML 1.1",
    "---\n", "...\n", ".nan", ".inf", "-.inf", "1e400", "1" * 30, "2024-02-30", "12,5", "\x00",
    "\ufeff", "\u2028", "\r", "~", "null", "true", "é", "æøå",
]  # fmt: skip


def lines_of(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def assert_located(problems: list[Problem], text: str) -> None:
    """Every problem points at a real place in the text (or just past its end)."""
    assert problems
    lines = lines_of(text)
    for problem in problems:
        assert problem.code != "yaml-unreadable", problem  # the reader's own fault
        assert 1 <= problem.line <= len(lines), (problem, len(lines))
        width = len(lines[problem.line - 1])
        assert 1 <= problem.column <= width + 1, (problem, width)


def check_text(text: str) -> None:
    try:
        load_text(text, "fuzz.yaml")
    except StandardLoadError as error:
        assert_located(error.problems, text)


@st.composite
def mutated_standards(draw: st.DrawFn) -> str:
    """A bundled standard file with a few cuts, splices and inserted YAML bits."""
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "splice", "indent"]))
        if kind == "insert":
            bit = draw(st.sampled_from(YAML_BITS) | st.text(max_size=4))
            text = text[:at] + bit + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "splice":
            start = draw(st.integers(0, len(text)))
            text = text[:at] + text[start : start + draw(st.integers(1, 200))] + text[at:]
        else:
            line_start = text.rfind("\n", 0, at) + 1
            text = text[:line_start] + " " * draw(st.integers(1, 3)) + text[line_start:]
    return text


@given(mutated_standards())
def test_mutated_bundled_files_raise_only_located_problems(text: str) -> None:
    check_text(text)


@given(st.lists(st.sampled_from(YAML_BITS) | st.characters(), max_size=100).map("".join))
def test_arbitrary_text_raises_only_located_problems(text: str) -> None:
    check_text(text)


@given(st.binary(max_size=300) | mutated_standards().map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_raise_only_located_problems(data: bytes) -> None:
    try:
        text = decode_source(data)
    except YamlSyntaxError as error:
        refused = error
    else:
        check_text(text)
        return
    assert refused.code == "not-utf-8"
    assert 1 <= refused.line <= len(LINE_BREAK.split(data.decode("utf-8", "replace")))


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@given(data=st.binary(max_size=200) | mutated_standards().map(lambda t: t.encode("utf-8")))
def test_files_of_arbitrary_bytes_raise_only_our_error(fuzz_folder: Path, data: bytes) -> None:
    path = fuzz_folder / "sel-85.yaml"
    path.write_bytes(data)
    try:
        load([path])
    except StandardLoadError as error:
        problems = error.problems
    else:
        return
    assert problems
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


# Crashes found in the reader, by the fuzzers or by reading ruamel's patterns, kept as cases.
REGRESSIONS = [
    "a: =\n",  # ruamel's value tag was reported as a forbidden '!!value' tag
    "<<: {a: 1}\n",  # KeyError from ruamel's merge handling
    "a: 1" + "0" * 5000 + "\n",  # int() of more than 4,300 digits raised ValueError
    "a: -_\n",  # ruamel's int pattern takes it; int('') raised ValueError
    "a: 0x_\n",  # the same with a base
    "a: ._\n",  # ruamel's float pattern takes it; float('.') raised ValueError
    "# 8mona\nany: rn@# t",  # atheris: a top-level key spelled like a condition → IndexError
    "# x\r\r%YAML 1.3\r\rpe: 1\n",  # atheris: ruamel asserts the %YAML version → AssertionError
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_fuzzer_regressions(text: str) -> None:
    check_text(text)
