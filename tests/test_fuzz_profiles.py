"""Fuzzing the profile reader and batch: any text or bytes gives a profile or located problems.

The reader (``read_profile_file`` then ``Standards.parse_profile``) may only raise
``ProfileError``, every problem inside the file; ``kvalitet batch`` on any JSON Lines reports each
bad line once, at its line, evaluates every good line, and never ends in an internal error.
Budget: the ``ci`` Hypothesis profile (about 150 readings, 60 batches); ``KVALITET_HYPOTHESIS=long``
runs 2,000 of each. The crashes fuzzing found are kept as the regression cases at the end.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvalitet import Standards, load_standards
from kvalitet.cli.app import main
from kvalitet.language.problems import Problem, ProfileError
from kvalitet.language.profile_file import read_profile_file
from kvalitet.testing.strategies import profiles

from .conftest import ON, STANDARDS

SETS = ("--standards", str(STANDARDS / "haderslev"), "--standards", str(STANDARDS / "national"))
READINGS = max(settings().max_examples, 150)


@functools.cache
def haderslev_set() -> Standards:
    return load_standards([STANDARDS / "haderslev", STANDARDS / "national"])


# --- What a profile file may hold --------------------------------------------------------------

FIELDS = ["motivated", "birth_date", "housing", "current_services", "age", "agee", "x", "<<", "?"]
SCALARS = [
    "true", "false", "ja", "nej", "yes", "1", "0", "-1", "1e16", "1e400", "-1e400", ".inf",
    "-.inf", ".nan", "0.00003", "12,5", "2024-02-29", "2024-02-30", "0001-01-01", "9999-12-31",
    "1900-01-01", "~", "null", "''", '"\\ud800"', "'unterminated", "[1, [2, [3]]]", "{a: b}",
    "&a x", "*a", "*nowhere", "!!binary aGk=", "!!set {a}", "!!python/object:os.system x",
    "own_home", "[sel-85, sel-85]", "[" * 60 + "]" * 60, "x" * 300, "\t1", "|\n  block",
]  # fmt: skip


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """Mappings of likely and unlikely keys to tricky scalars, with YAML's usual slips."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(FIELDS) | st.text(min_size=1, max_size=8))
        value = draw(st.sampled_from(SCALARS) | st.text(max_size=20))
        indent = draw(st.sampled_from(["", "", "", " ", "   ", "\t", "\u00a0"]))
        separator = draw(st.sampled_from([": ", ": ", ":", " : ", "= "]))
        lines.append(f"{indent}{key}{separator}{value}")
    ending = draw(st.sampled_from(["\n", "", "\r\n", "\n\n"]))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + ending


def deep(depth: int, opener: str = "[", closer: str = "]") -> str:
    return f"motivated: {opener * depth}{closer * depth}\n"


FILE_BYTES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    yaml_documents().map(str.encode),
    yaml_documents().map(lambda text: text.encode("latin-1", "replace")),
    st.integers(1, 3000).map(lambda n: deep(n).encode()),
    st.integers(1, 3000).map(lambda n: deep(n, "{a: ", "}").encode()),
)


def check_reading(data: bytes) -> None:
    """Read the bytes as a profile file: a profile, or ProfileError with every problem inside."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.yaml"
        path.write_bytes(data)
        problems = _problems_reading(path)
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for problem in problems or ():
        assert problem.file == str(path), problem
        assert 1 <= problem.line <= len(lines), (problem, len(lines))
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, problem
        assert len(problem.message) < 1000, problem


def _problems_reading(path: Path) -> list[Problem] | None:
    """``None`` for a valid profile; the problems (never none) of ProfileError."""
    try:
        file = read_profile_file(path)
        haderslev_set().parse_profile(file.data, source=file.label, positions=file.positions)
    except ProfileError as error:
        if not error.problems:
            msg = "a ProfileError names at least one problem"
            raise AssertionError(msg) from error
        return error.problems
    return None


@settings(max_examples=READINGS, suppress_health_check=[HealthCheck.too_slow])
@given(FILE_BYTES)
def test_any_bytes_are_a_profile_or_located_problems(data: bytes) -> None:
    check_reading(data)


# --- What a JSON Lines file may hold -----------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)
HUGE = ["1" * 5000, "1" * 400, "1e999", "-1e999", "NaN", "Infinity", "1E400", "-0", "1e-400"]


def good_lines() -> st.SearchStrategy[tuple[str, bytes]]:
    strategy = profiles(on=ON, vocabulary=haderslev_set().vocabulary)
    return strategy.map(lambda p: ("good", json.dumps(p.known_facts()).encode()))


LINES = st.one_of(
    good_lines(),
    JSON_VALUES.map(lambda value: ("any", json.dumps(value).encode())),
    st.integers(1, 5000).map(lambda n: ("any", b"[" * n + b"]" * n)),
    st.integers(1, 5000).map(lambda n: ("any", b'{"motivated": ' * n + b"1" + b"}" * n)),
    st.sampled_from(HUGE).map(lambda x: ("any", f'{{"age": {x}}}'.encode())),
    st.binary(max_size=40).map(lambda b: ("any", b.replace(b"\n", b""))),
    st.text(max_size=40).map(lambda t: ("any", t.replace("\n", "").encode())),
    st.sampled_from([b"", b"  ", b"\t", b"\r"]).map(lambda b: ("blank", b)),
)


def blank(line: bytes, *, first: bool) -> bool:
    """A line batch skips: only spaces, or on the first line only a byte-order mark."""
    return not (line.removeprefix(b"\xef\xbb\xbf") if first else line).strip()


def check_batch(lines: list[tuple[str, bytes]]) -> None:
    data = b"\n".join(line for _, line in lines) + b"\n"
    args = ["batch", "-m", "haderslev", "--on", ON.isoformat(), *SETS, "-"]
    result = CliRunner().invoke(main, args, input=data)
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    written = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [n for n, (_, line) in enumerate(lines, start=1) if not blank(line, first=n == 1)]
    assert [record["line"] for record in written] == expected
    by_line: dict[int, dict[str, Any]] = {record["line"]: record for record in written}
    for number, (kind, _) in enumerate(lines, start=1):
        if kind == "good":
            assert "decision" in by_line[number], by_line[number]
    errors = [record for record in written if "error" in record]
    for record in errors:
        for text in record["error"].split("\n"):  # not splitlines: a key may hold \x1e
            if not text.startswith("    "):  # a hint
                assert text.startswith(f"<stdin>:{record['line']}:"), record
    assert result.exit_code == (1 if errors else 0)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(LINES, min_size=1, max_size=8))
def test_batch_reports_every_bad_line_once_and_evaluates_the_good_ones(
    lines: list[tuple[str, bytes]],
) -> None:
    check_batch(lines)


# --- Regression cases: what fuzzing found ------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"motivated: " + b"[" * 3000 + b"]" * 3000 + b"\n",  # nesting past the reader's depth
        b"\xff\xfe",  # not UTF-8
        b"- a\n- b\n",  # not a mapping
        b"a: &x 1\nb: *x\n",  # an alias
        b"&!\n: &!\n",  # found: a reused anchor was a ReusedAnchorWarning, not a located error
        b"a: &x 1\nb: &x 2\n",
        b"a: !!set x\n",  # found by atheris: ruamel's AttributeError, an internal error
        b"# A citiztreatment_need_d`ocumented\n!!set\n\n\n\n\nother_soced\n!!set\n\n\n\n\n"
        b"other_social_prob\n}}}}8alse\n",  # the input atheris saved
    ],
)
def test_reading_regressions(data: bytes) -> None:
    check_reading(data)


@pytest.mark.parametrize(
    "lines",
    [
        [("any", b"[" * 5000 + b"]" * 5000), ("good", b'{"motivated": true}')],
        [("any", b'{"age": ' + b"1" * 5000 + b"}"), ("good", b"{}")],
        [("any", b"\xe6\xf8\xe5"), ("blank", b""), ("good", b'{"motivated": false}')],
        [("any", b'{"\\u001e": 0}')],  # found with KVALITET_HYPOTHESIS=long: a key of \x1e
        [("any", b'{"\\n": 0}'), ("good", b"{}")],  # found so too: a key of a new line
        [("any", b"\xef\xbb\xbf"), ("good", b"{}")],  # a byte-order mark alone is a blank line
    ],
)
def test_batch_regressions(lines: list[tuple[str, bytes]]) -> None:
    check_batch(lines)


@pytest.mark.parametrize("key", ["\n<stdin>:9:9: fake", "\x1b[2J", "k" * 100_000])
def test_an_unknown_key_is_shown_escaped_and_short(key: str) -> None:
    with pytest.raises(ProfileError) as caught:
        haderslev_set().parse_profile({key: 1})
    (problem,) = caught.value.problems
    assert problem.code == "unknown-field"
    assert problem.message.isprintable()
    assert len(problem.message) < 100
