"""Golden messages for the YAML slips policy authors make most, each said plainly where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from kvalitet.language.loader import load, load_text
from kvalitet.language.problems import StandardLoadError
from kvalitet.language.yaml_hints import decimal_comma_hint

from .conftest import TESTBY_VOCABULARY

BASE = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
TAB = (
    "yaml-tab: a tab character: YAML takes only spaces to indent and to separate; replace the "
    "tab with spaces"
)
NBSP = (
    "yaml-nbsp: a non-breaking space (often pasted from Word or typed with Alt+Space): YAML "
    "does not read it as a space; replace it with an ordinary space"
)
INDENT = (
    "yaml-indent: this line is indented {n} {spaces}, out of line with the lines above; YAML "
    "reads the structure from the indentation: indent it {best} spaces, like line {like}"
)
COMMA = "a number in YAML takes a decimal point, not a comma"


def problems(text: str) -> list[str]:
    with pytest.raises(StandardLoadError) as caught:
        load_text(text, "sel-85.yaml", TESTBY_VOCABULARY)
    return [str(problem) for problem in caught.value.problems]


GOLDEN = [
    (
        "a tab that indents",
        BASE.replace("  text: Der foretages", "\ttext: Der foretages"),
        [f"sel-85.yaml:10:1: {TAB}"],
    ),
    (
        "a tab after a colon",
        BASE.replace("access: visitation", "access:\tvisitation"),
        [f"sel-85.yaml:8:8: {TAB}"],
    ),
    (
        "a three-space indent under a mapping",
        BASE.replace("  cite: {section: Vurdering, lines: [3]}", "   cite: {section: Vurdering}"),
        ["sel-85.yaml:11:4: " + INDENT.format(n=3, spaces="spaces", best=2, like=10)],
    ),
    (
        "a three-space indent in a list item",
        BASE.replace("    fact: adult", "   fact: adult"),
        ["sel-85.yaml:14:4: " + INDENT.format(n=3, spaces="spaces", best=4, like=13)],
    ),
    (
        "a one-space indent of a list, found on the line above the parser's complaint",
        BASE.replace("  - id: target.adult", " - id: target.adult"),
        ["sel-85.yaml:19:2: " + INDENT.format(n=1, spaces="space", best=2, like=13)],
    ),
    (
        "a non-breaking space after a colon, reported on its own line",
        BASE.replace("access: visitation", "access:\u00a0visitation"),
        [f"sel-85.yaml:8:8: {NBSP}"],
    ),
    (
        "a non-breaking space in the indentation",
        BASE.replace("    basis: law", "\u00a0   basis: law"),
        [f"sel-85.yaml:20:1: {NBSP}"],
    ),
    (
        "a non-breaking space after a dash",
        BASE.replace("  - id: target.adult", "  -\u00a0id: target.adult"),
        [f"sel-85.yaml:19:4: {NBSP}"],
    ),
    (
        "a non-breaking space that starts a key",
        BASE.replace("    basis: law", "    \u00a0basis: law"),
        [
            "sel-85.yaml:19:5: missing-key: criteria[0] needs the key 'basis'",
            "sel-85.yaml:20:5: unknown-key: '\u00a0basis' is not a key here — did you mean "
            "'basis'? — it has a non-breaking space at its edge (often pasted from Word); "
            "replace it with an ordinary space",
        ],
    ),
    (
        "no space after a colon",
        BASE.replace("access: visitation", "access:visitation"),
        [
            "sel-85.yaml:8:7: yaml-colon: write a space after the colon: 'access: …' (YAML "
            "reads 'access:…' as one text)"
        ],
    ),
    (
        "no space after the colon of a list item's key",
        BASE.replace("  - id: target.adult", "  - id:target.adult"),
        [
            "sel-85.yaml:19:7: yaml-colon: write a space after the colon: 'id: …' (YAML reads "
            "'id:…' as one text)"
        ],
    ),
    (
        "a decimal comma in a threshold",
        BASE.replace("{fact: age, ge: 18}", "\n      fact: age\n      ge: 17,5"),
        [
            "sel-85.yaml:19:11: invalid-value: derive[0].when.ge: expected a number, a date or "
            f"{{amount: <name>}}, got '17,5' — write 17.5: {COMMA}"
        ],
    ),
    (
        "a decimal comma in a scope value",
        BASE.replace("set: {package: pakke-1}", "set:\n      hours_per_month: 12,5"),
        [
            "sel-85.yaml:44:24: type-mismatch: 'hours_per_month' is a number; write a number or "
            f"an amount — write 12.5: {COMMA}"
        ],
    ),
    (
        "a decimal comma inside { }, which YAML reads as two entries",
        BASE.replace("ge: 1, le: 5", "ge: 1,5, le: 5"),
        [
            "sel-85.yaml:42:49: unknown-key: '5' is not a key here; allowed: fact, eq, ne, lt, "
            "le, gt, ge, in, contains, contains_any — write 1.5: a number in YAML takes a "
            "decimal point, and '1,5' inside { } reads as two entries"
        ],
    ),
]


@pytest.mark.parametrize(("kind", "text", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_message(kind: str, text: str, expected: list[str]) -> None:
    del kind
    assert problems(text) == expected


def test_a_latin_1_file_is_told_to_be_saved_as_utf_8(tmp_path: Path) -> None:
    folder = tmp_path / "testby" / "2026"
    folder.mkdir(parents=True)
    (folder / "sel-85.yaml").write_bytes(BASE.encode("cp1252"))
    with pytest.raises(StandardLoadError) as caught:
        load([tmp_path])
    [problem] = caught.value.problems
    assert str(problem).endswith(
        "sel-85.yaml:3:15: not-utf-8: the file is not saved as UTF-8: the byte 0xE6 here is not "
        "UTF-8 (in Windows-1252 or Latin-1 it reads 'æ'); save the file as UTF-8 (in most "
        "editors: Save as → Encoding: UTF-8)"
    )


@pytest.mark.parametrize(
    ("text", "written"), [("12,5", "12.5"), ("-0,25", "-0.25"), ("1.234,5", "1234.5")]
)
def test_decimal_commas_are_read_the_danish_way(text: str, written: str) -> None:
    assert decimal_comma_hint(text) == f" — write {written}: {COMMA}"


@pytest.mark.parametrize("text", ["12.5", "1,2,3", "pakke-1", "12,5 kr", ""])
def test_no_comma_hint_for_other_texts(text: str) -> None:
    assert decimal_comma_hint(text) == ""


NO_HINT = [
    (
        "an unclosed bracket next to a text continued on a deeper line",
        "title: a text that goes on\n   over two lines\nlegal_basis: [SEL § 85\naccess: x\n",
    ),
    (
        "an unclosed bracket after a block text indented by three",
        "title: |\n   a text\n     indented freely\nlegal_basis: [SEL § 85\naccess: x\n",
    ),
    ("a non-breaking space inside a text", "title: SEL §\u00a085\nlegal_basis: [a\naccess: x\n"),
    ("a time and a web address", "a: kl. 12:30\nb: https://x.dk\nc: [d\ne: f\n"),
]


@pytest.mark.parametrize(("kind", "text"), NO_HINT, ids=[n[0] for n in NO_HINT])
def test_valid_layout_near_an_error_gets_the_parsers_own_words(kind: str, text: str) -> None:
    del kind
    [problem] = problems(text)
    assert ": yaml-syntax: " in problem
