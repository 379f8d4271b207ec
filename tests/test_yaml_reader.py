"""The YAML reader reads plain data only, within bounds: golden messages for every refusal."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml.resolver import implicit_resolvers

from kvalitet.language.loader import load_text
from kvalitet.language.problems import StandardLoadError
from kvalitet.language.yaml_limits import (
    DEFAULT_LIMITS,
    INVENTORY_LIMITS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_NUMBER,
    MAX_STRING,
    MAX_VALUES,
    READER_CODES,
    Limits,
)
from kvalitet.language.yaml_reader import YamlSyntaxError, read_yaml
from kvalitet.language.yaml_scalars import ScalarError, plain_scalar

ROOT = Path(__file__).resolve().parents[1]
BASE = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
THRESHOLD = "{fact: support_hours_per_month, ge: 1, le: 5}"
SCOPE_VALUE = "set: {package: pakke-1}"


def problems(text: str) -> list[str]:
    with pytest.raises(StandardLoadError) as caught:
        load_text(text, "sel-85.yaml")
    return [str(problem) for problem in caught.value.problems]


def alias_bomb(depth: int) -> str:
    """The classic "billion laughs": each level repeats the one below nine times."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


NOT_PLAIN = "a standard file is plain data (write the value without a tag)"
GOLDEN = [
    (
        "an alias bomb is refused at its first anchor",
        alias_bomb(9),
        [
            "sel-85.yaml:1:5: yaml-alias: the anchor '&a0' is not allowed: a standard file "
            "writes every value out where it applies (to reuse a condition, derive a fact and "
            "name it)"
        ],
    ),
    (
        "an alias without an anchor",
        BASE.replace("access: visitation", "access: *visitation"),
        [
            "sel-85.yaml:8:9: yaml-alias: the alias '*visitation' is not allowed: a standard "
            "file writes every value out where it applies (to reuse a condition, derive a fact "
            "and name it)"
        ],
    ),
    (
        "a merge key",
        BASE.replace("    basis: law\n", "    <<: {basis: law}\n"),
        [
            "sel-85.yaml:20:5: yaml-merge-key: a merge key '<<' is not allowed: a standard "
            "file writes every key out where it applies"
        ],
    ),
    (
        "!!binary",
        BASE.replace("title: Socialpædagogisk støtte", "title: !!binary aGVsbG8="),
        [f"sel-85.yaml:3:8: yaml-tag: the YAML tag '!!binary' is not allowed: {NOT_PLAIN}"],
    ),
    (
        "!!set",
        BASE.replace("legal_basis: [SEL § 85]", "legal_basis: !!set {SEL § 85}"),
        [f"sel-85.yaml:7:14: yaml-tag: the YAML tag '!!set' is not allowed: {NOT_PLAIN}"],
    ),
    (
        "!!omap",
        BASE.replace("legal_basis: [SEL § 85]", "legal_basis: !!omap [a: 1]"),
        [f"sel-85.yaml:7:14: yaml-tag: the YAML tag '!!omap' is not allowed: {NOT_PLAIN}"],
    ),
    (
        "a local tag",
        BASE.replace("access: visitation", "access: !municipal visitation"),
        [f"sel-85.yaml:8:9: yaml-tag: the YAML tag '!municipal' is not allowed: {NOT_PLAIN}"],
    ),
    (
        "the non-specific tag",
        BASE.replace("access: visitation", "access: ! visitation"),
        [f"sel-85.yaml:8:9: yaml-tag: the YAML tag '!' is not allowed: {NOT_PLAIN}"],
    ),
    (
        "a %YAML directive (YAML 1.1 would read 'no' as false)",
        "%YAML 1.1\n---\n" + BASE,
        [
            "sel-85.yaml:1:1: yaml-directive: a %YAML or %TAG directive is not allowed: delete "
            "the line starting with '%'"
        ],
    ),
    (
        "NaN as a threshold",
        BASE.replace(THRESHOLD, "{fact: support_hours_per_month, ge: .nan, le: 5}"),
        [
            "sel-85.yaml:42:47: invalid-number: .nan is not a finite number; a standard file "
            "takes ordinary numbers such as 12.5"
        ],
    ),
    (
        "minus infinity as a threshold",
        BASE.replace(THRESHOLD, "{fact: support_hours_per_month, ge: -.Inf, le: 5}"),
        [
            "sel-85.yaml:42:47: invalid-number: -.Inf is not a finite number; a standard file "
            "takes ordinary numbers such as 12.5"
        ],
    ),
    (
        "infinity as a scope value",
        BASE.replace(SCOPE_VALUE, "set: {hours_per_month: .inf}"),
        [
            "sel-85.yaml:43:28: invalid-number: .inf is not a finite number; a standard file "
            "takes ordinary numbers such as 12.5"
        ],
    ),
    (
        "10**400 as a threshold",
        BASE.replace(THRESHOLD, "{fact: support_hours_per_month, ge: 1" + "0" * 400 + "}"),
        [
            "sel-85.yaml:42:47: invalid-number: the number 10000000000000000000… (401 "
            "characters) is too large; a standard file takes numbers between "
            "-1,000,000,000,000,000 and 1,000,000,000,000,000"
        ],
    ),
    (
        "a float that overflows",
        BASE.replace(SCOPE_VALUE, "set: {hours_per_month: 1.5e400}"),
        [
            "sel-85.yaml:43:28: invalid-number: the number 1.5e400 is too large; a standard "
            "file takes numbers between -1,000,000,000,000,000 and 1,000,000,000,000,000"
        ],
    ),
    (
        "an impossible date",
        BASE.replace("valid_from: 2026-01-01", "valid_from: 2024-02-30"),
        [
            "sel-85.yaml:5:13: invalid-date: '2024-02-30' is not a date in the calendar: "
            "February 2024 has 29 days; write a date as YYYY-MM-DD"
        ],
    ),
    (
        "month 13",
        BASE.replace("valid_from: 2026-01-01", "valid_from: 2026-13-01"),
        [
            "sel-85.yaml:5:13: invalid-date: '2026-13-01' is not a date in the calendar: "
            "there is no month 13; write a date as YYYY-MM-DD"
        ],
    ),
    (
        "an impossible time",
        BASE.replace("valid_from: 2026-01-01", "valid_from: 2026-01-01 24:00:00"),
        [
            "sel-85.yaml:5:13: invalid-date: '2026-01-01 24:00:00' is not a date and time: "
            "hour must be in 0..23; write it as YYYY-MM-DD HH:MM:SS"
        ],
    ),
    (
        "deep nesting, at the list that goes too deep",
        BASE.replace("access: visitation", "access: visitation\nx: " + "[" * 5000 + "]" * 5000),
        [
            f"sel-85.yaml:9:{3 + MAX_DEPTH}: too-deep: lists and mappings are nested more than "
            f"{MAX_DEPTH} levels deep here, deeper than a standard file may go: flatten the "
            "structure"
        ],
    ),
    (
        "too many items in one list",
        BASE.replace("lines: [3]}", "lines: [" + "3, " * (MAX_ITEMS + 1) + "]}"),
        [
            f"sel-85.yaml:11:{38 + 3 * MAX_ITEMS}: too-many: this list or mapping holds more "
            "than 10,000 items, the most a standard file may hold in one place"
        ],
    ),
    (
        "a text that is too long, quoted only in part",
        BASE.replace("title: Socialpædagogisk støtte", "title: " + "x" * (MAX_STRING + 1)),
        [
            "sel-85.yaml:3:8: too-long: this text is 10,001 characters long; a standard file "
            "holds texts of at most 10,000 characters (it begins "
            "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…')"
        ],
    ),
    (
        "too many values in one file",
        # 3 values on lines 1-2 (the file, 'x', the list), then 10 a line: the 20,001st is the 7
        "x:\n" + "  - [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" * (MAX_VALUES // 10 + 1),
        [
            "sel-85.yaml:2001:24: too-large: the file holds more than "
            "20,000 values, the most a standard file may hold: split it into one file per "
            "service"
        ],
    ),
    (
        "a file that is too large",
        "# " + "x" * MAX_FILE_BYTES + "\n",
        [
            "sel-85.yaml:1:1: too-large: the file is 1,048,579 bytes; a standard file holds at "
            "most 1,048,576 bytes: split it into one file per service"
        ],
    ),
    (
        "a list as a key",
        BASE.replace("access: visitation", "access: visitation\n? [a, b]\n: c"),
        [
            "sel-85.yaml:9:3: yaml-key: a key must be a name, not a list or a mapping: write "
            "'name: value'"
        ],
    ),
    (
        "a second document",
        BASE + "---\nid: testby/sel-85\n",
        [
            "sel-85.yaml:50:1: yaml-syntax: a second YAML document (after '---'); a file holds "
            "one standard: remove the '---' line, or move what follows into a file of its own"
        ],
    ),
    (
        "an invisible control character",
        BASE.replace("access: visitation", "access: visi\x07tation"),
        [
            "sel-85.yaml:8:13: yaml-syntax: the control character U+0007 is not allowed in a "
            "YAML file; delete it (it is invisible in most editors)"
        ],
    ),
    (
        "a long wrong value is quoted only in part",
        BASE.replace("access: visitation", "access: " + "visitation " * 30),
        [
            "sel-85.yaml:8:9: invalid-value: access: Input should be 'visitation', 'direct' or "
            "'referral' (got 'visitation visitation visitation visitation visitation vi…')"
        ],
    ),
]


@pytest.mark.parametrize(("kind", "text", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_message(kind: str, text: str, expected: list[str]) -> None:
    del kind
    assert problems(text) == expected


def test_every_code_is_in_the_catalogue() -> None:
    codes = {expected[0].split(": ")[1] for _, _, expected in GOLDEN}
    assert codes - set(READER_CODES) == {"invalid-value"}  # the one the models report


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    [problem] = problems(BASE.replace("    basis: law\n", "    basis: law\n    '<<': x\n"))
    assert problem.startswith("sel-85.yaml:21:5: unknown-key: '<<' is not a key here")


def test_numbers_at_the_limit_are_read() -> None:
    text = f"a: {MAX_NUMBER}\nb: -{MAX_NUMBER}.0\nc: 0x1F\nd: 0o17\ne: 1_000\nf: 0.00003\n"
    data, _ = read_yaml(text)
    assert data.pop("f") == pytest.approx(3e-5)
    assert data == {"a": MAX_NUMBER, "b": -float(MAX_NUMBER), "c": 31, "d": 15, "e": 1000}


def test_scalars_read_as_yaml_1_2_core() -> None:
    text = (
        "a: yes\nb: true\nc: ~\nd: '12'\ne: 2026-01-01\nf: 2026-01-01 10:30:00\n"
        "g: 12:30\nh: =\ni: <<\n"
    )
    data, _ = read_yaml(text)
    assert data == {
        "a": "yes",
        "b": True,
        "c": None,
        "d": "12",
        "e": dt.date(2026, 1, 1),
        "f": dt.datetime(2026, 1, 1, 10, 30),
        "g": "12:30",
        "h": "=",
        "i": "<<",
    }


def test_keys_are_the_text_written() -> None:
    data, positions = read_yaml("1: a\n1.50: b\nnull: c\n'x y': d\n")
    assert list(data) == ["1", "1.50", "null", "x y"]
    assert positions.of_key(("x y",)) == (4, 1)


@pytest.mark.parametrize(
    ("limits", "text", "code", "where"),
    [
        (Limits(max_bytes=10), "a: 12345678901\n", "too-large", (1, 1)),
        (Limits(max_values=4), "a: 1\nb: [2]\n", "too-large", (2, 4)),
        (Limits(max_depth=2), "a:\n  b:\n    c: 1\n", "too-deep", (3, 5)),
        (Limits(max_items=2), "a: 1\nb: 2\nc: 3\n", "too-many", (3, 1)),
        (Limits(max_items=2), "- 1\n- 2\n- 3\n", "too-many", (3, 3)),
        (Limits(max_string=3), "abcd: 1\n", "too-long", (1, 1)),
        (Limits(max_number=99), "a: [99, -100]\n", "invalid-number", (1, 9)),
    ],
)
def test_each_limit_is_its_own_located_error(
    limits: Limits, text: str, code: str, where: tuple[int, int]
) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        read_yaml(text, limits)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, *where)


def bundled_yaml() -> list[Path]:
    return sorted((ROOT / "src" / "kvalitet" / "standards").rglob("*.yaml"))


@pytest.mark.parametrize("path", bundled_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_file_is_far_inside_the_limits(path: Path) -> None:
    inventory = path.name == "inventory.yaml"  # generated data, with its own limits
    base = INVENTORY_LIMITS if inventory else DEFAULT_LIMITS
    tight = Limits(
        max_bytes=base.max_bytes // 10,
        max_values=base.max_values // 10,
        max_depth=MAX_DEPTH // 3,  # conditions nest: the deepest bundled file has 11 levels
        max_items=MAX_ITEMS // 10,
        max_string=MAX_STRING // 5,  # the longest bundled text (a reading) is about 1,050
        max_number=MAX_NUMBER // 10**6,
    )
    data, positions = read_yaml(path.read_text(encoding="utf-8"), tight)
    assert data is not None
    assert positions.values


# Plain scalars the YAML 1.2 resolver calls a number, a date or a boolean.
TYPED_SCALARS = st.one_of(
    *(
        st.from_regex(re.compile(pattern.pattern, pattern.flags), fullmatch=True)
        for versions, _, pattern, _ in implicit_resolvers
        if (1, 2) in versions
    )
)


def check_scalar(text: str) -> None:
    """The scalar reads as plain data, or is refused with a code of the catalogue."""
    try:
        value = plain_scalar(text, (True, False), Limits())
    except ScalarError as error:
        value = error
    if isinstance(value, ScalarError):
        assert value.code in READER_CODES
    else:
        assert value is None or isinstance(value, bool | int | float | str | dt.date)


@given(TYPED_SCALARS)
def test_every_typed_scalar_is_read_or_refused_with_a_reason(text: str) -> None:
    check_scalar(text)


def test_every_short_number_like_scalar_is_read_or_refused_with_a_reason() -> None:
    # All of them: ruamel's patterns are looser than YAML's at the edges ('-_', '._', '0x_').
    for size in range(1, 4):
        for letters in itertools.product("01_.-+exo", repeat=size):
            check_scalar("".join(letters))
