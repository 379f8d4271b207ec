"""Golden messages: every kind of load problem is located and worded exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet.language.loader import load, load_text
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.testing.strategies import standard_texts

from .conftest import TESTBY_VOCABULARY, make_testby_folder

DATA = Path(__file__).parent / "data"
BASE = (DATA / "minimal.yaml").read_text(encoding="utf-8")
CYCLE = BASE.replace(
    "    when: {fact: age, ge: 18}",
    "    when: {all: [{fact: age, ge: 18}, grown]}\n"
    "  - id: derive.grown\n    fact: grown\n    text: x\n    cite: {section: y}\n    when: adult",
)


def problems(text: str) -> list[str]:
    with pytest.raises(StandardLoadError) as caught:
        load_text(text, "sel-85.yaml", TESTBY_VOCABULARY)
    return [str(problem) for problem in caught.value.problems]


def test_the_minimal_file_loads() -> None:
    standard = load_text(BASE, "sel-85.yaml", TESTBY_VOCABULARY)
    assert standard.id == "testby/sel-85"
    assert [rule.id for rule in standard.scope] == ["scope.package_1", "scope.package_2"]


GOLDEN = [
    (
        "yaml-syntax",
        BASE.replace("title: Socialpædagogisk støtte", "title: [Socialpædagogisk"),
        ["sel-85.yaml:4:8: yaml-syntax: expected ',' or ']', but got ':'"],
    ),
    (
        "duplicate-key",
        BASE.replace('version: "2026"', 'version: "2026"\nversion: "2027"'),
        [
            'sel-85.yaml:5:1: duplicate-key: the key "version" appears twice in this mapping; '
            "keep one"
        ],
    ),
    (
        "unknown-key with did-you-mean",
        BASE.replace("    when: {fact: support_need_level", "    whn: {fact: support_need_level"),
        ["sel-85.yaml:30:5: unknown-key: 'whn' is not a key here — did you mean 'when'?"],
    ),
    (
        "missing-key",
        BASE.replace("    basis: law\n", ""),
        ["sel-85.yaml:19:5: missing-key: criteria[0] needs the key 'basis'"],
    ),
    (
        "wrong type of a date",
        BASE.replace("valid_from: 2026-01-01", "valid_from: tomorrow"),
        [
            "sel-85.yaml:5:13: invalid-value: valid_from: Input should be a valid date or "
            "datetime, input is too short (got 'tomorrow')"
        ],
    ),
    (
        "invalid enumeration value with did-you-mean",
        BASE.replace("access: visitation", "access: visitaton"),
        [
            "sel-85.yaml:8:9: invalid-value: access: Input should be 'visitation', 'direct' or "
            "'referral' (got 'visitaton') — did you mean 'visitation'?"
        ],
    ),
    (
        "invalid-condition",
        BASE.replace("    when: {fact: current_services, contains: sel-96}", "    when: [sel-96]"),
        [
            "sel-85.yaml:36:11: invalid-condition: a condition is a fact name, or a mapping with "
            "one of the keys 'fact', 'all', 'any' or 'not'"
        ],
    ),
    (
        "unknown-fact with did-you-mean",
        BASE.replace("all: [adult, below_pension_age]", "all: [adult, below_pension_ag]"),
        [
            "sel-85.yaml:24:20: unknown-fact: 'below_pension_ag' is not a known fact — did you "
            "mean 'below_pension_age'?"
        ],
    ),
    (
        "a number fact used as a yes/no fact",
        BASE.replace("all: [adult, below_pension_age]", "all: [adult, age]"),
        [
            "sel-85.yaml:24:20: type-mismatch: 'age' is a whole-number fact, not a yes/no fact; "
            "test it with {fact: age, <operator>: <value>}"
        ],
    ),
    (
        "an operator that cannot test the fact",
        BASE.replace("{fact: support_need_level, in: [C, D]}", "{fact: support_need_level, eq: 3}"),
        [
            "sel-85.yaml:30:42: type-mismatch: 3 does not fit 'support_need_level', which is a "
            "choice fact"
        ],
    ),
    (
        "a comparison on a choice fact",
        BASE.replace("{fact: support_need_level, in: [C, D]}", "{fact: support_need_level, ge: 3}"),
        [
            "sel-85.yaml:30:42: type-mismatch: 'ge' cannot test a choice fact like "
            "'support_need_level'; use one of: eq, in, ne"
        ],
    ),
    (
        "a comparison with text",
        BASE.replace("{fact: age, ge: 18}", "{fact: age, ge: '18'}"),
        [
            "sel-85.yaml:17:27: invalid-value: derive[0].when.ge: expected a number, a date or "
            "{amount: <name>}, got '18'"
        ],
    ),
    (
        "unknown-value with did-you-mean",
        BASE.replace("in: [C, D]", "in: [C, DD]"),
        [
            "sel-85.yaml:30:46: unknown-value: 'DD' is not a value of 'support_need_level' "
            "(one of: A, B, C, D, E) — did you mean 'D'?"
        ],
    ),
    (
        "duplicate-rule-id",
        BASE.replace("  - id: vum.level", "  - id: target.adult"),
        [
            "sel-85.yaml:25:9: duplicate-rule-id: rule id 'target.adult' is already used in "
            "criteria; ids are unique"
        ],
    ),
    (
        "dangling-reference",
        BASE.replace(
            "    set: {package: pakke-2}",
            "    set: {package: pakke-2}\n    overrides: [scope.package_3]",
        ),
        [
            "sel-85.yaml:50:17: dangling-reference: 'scope.package_2' overrides "
            "'scope.package_3', which is not a scope rule — did you mean 'scope.package_1'?"
        ],
    ),
    (
        "conflict",
        BASE.replace("gt: 5, le: 13", "ge: 5, le: 13"),
        [
            "sel-85.yaml:44:9: conflict: 'scope.package_1' and 'scope.package_2' may both apply "
            "and both set package; make their conditions exclusive or say which wins with "
            "'overrides: [scope.package_1]'"
        ],
    ),
    (
        "cycle",
        CYCLE,
        [
            "sel-85.yaml:17:11: cycle: derived facts depend on themselves in a cycle: "
            "adult → grown → adult; break the cycle"
        ],
    ),
    (
        "negation-cycle",
        CYCLE.replace("    when: adult", "    when: {not: adult}"),
        [
            "sel-85.yaml:17:11: negation-cycle: derived facts depend on themselves in a cycle "
            "through a negation: adult → grown → adult; break the cycle"
        ],
    ),
    (
        "shadowed-fact",
        BASE.replace("    fact: adult", "    fact: motivated").replace(
            "all: [adult,", "all: [motivated,"
        ),
        [
            "sel-85.yaml:14:11: shadowed-fact: 'motivated' is already a profile fact; give the "
            "derived fact another name"
        ],
    ),
    (
        "an amount reading a yes/no fact",
        BASE.replace(
            "    set: {package: pakke-1}",
            "    set: {hours_per_month: {sub: [15, {fact: motivated}]}}",
        ),
        [
            "sel-85.yaml:43:46: type-mismatch: 'motivated' is a yes/no fact; an amount reads "
            "only number facts"
        ],
    ),
    (
        "municipality differs from the id",
        BASE.replace("municipality: testby", "municipality: andenby"),
        [
            "sel-85.yaml:2:15: id-mismatch: municipality 'andenby' differs from the id "
            "'testby/sel-85'",
            # andenby has no vocabulary of its own, so testby's packages are not its scope fields
            "sel-85.yaml:43:20: unknown-scope-field: 'package' is not a declared scope field; "
            "declare it under 'scope_fields' in andenby/vocabulary.yaml",
            "sel-85.yaml:49:20: unknown-scope-field: 'package' is not a declared scope field; "
            "declare it under 'scope_fields' in andenby/vocabulary.yaml",
        ],
    ),
    (
        "not-a-mapping",
        "- a\n- b\n",
        ["sel-85.yaml:1:1: not-a-mapping: the file must be a mapping of keys"],
    ),
    (
        "a YAML tag (no object is ever constructed from a standard file)",
        BASE.replace(
            "title: Socialpædagogisk støtte", 'title: !!python/object/apply:os.system ["echo"]'
        ),
        [
            "sel-85.yaml:3:8: yaml-tag: the YAML tag '!!python/object/apply:os.system' is not "
            "allowed: a standard file is plain data (write the value without a tag)"
        ],
    ),
]


@pytest.mark.parametrize(("kind", "text", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_message(kind: str, text: str, expected: list[str]) -> None:
    del kind
    assert problems(text) == expected


def test_an_explicit_override_settles_a_conflict() -> None:
    text = BASE.replace("gt: 5, le: 13", "ge: 5, le: 13").replace(
        "    set: {package: pakke-2}",
        "    set: {package: pakke-2}\n    overrides: [scope.package_1]",
    )
    assert load_text(text, "sel-85.yaml", TESTBY_VOCABULARY).scope[1].overrides == (
        "scope.package_1",
    )


def test_every_problem_of_every_file_is_reported_sorted(tmp_path: Path) -> None:
    folder = make_testby_folder(tmp_path) / "2026"
    folder.mkdir(parents=True)
    (folder / "sel-85.yaml").write_text(BASE.replace("in: [C, D]", "in: [C, DD]"), encoding="utf-8")
    (folder / "sel-97.yaml").write_text(
        BASE.replace("id: testby/sel-85", "id: testby/sel-97").replace(
            "all: [adult, below_pension_age]", "all: [adult, below_pension_ag]"
        ),
        encoding="utf-8",
    )
    (folder / "sel-12.yaml").write_text(BASE, encoding="utf-8")
    with pytest.raises(StandardLoadError) as caught:
        load([tmp_path])
    found = [(Path(p.file).name, p.line, p.code) for p in caught.value.problems]
    assert found == [
        ("sel-12.yaml", 1, "id-mismatch"),
        ("sel-85.yaml", 30, "unknown-value"),
        ("sel-97.yaml", 24, "unknown-fact"),
    ]
    assert caught.value.problems == sorted(caught.value.problems)


def test_two_versions_in_force_at_once_are_a_problem(tmp_path: Path) -> None:
    for year in ("2026", "2027"):
        folder = make_testby_folder(tmp_path) / year
        folder.mkdir()
        (folder / "sel-85.yaml").write_text(BASE, encoding="utf-8")
    with pytest.raises(StandardLoadError) as caught:
        load([tmp_path])
    [problem] = caught.value.problems
    assert problem.code == "duplicate-standard"
    assert "overlapping period" in problem.message


def test_versions_with_disjoint_periods_load(tmp_path: Path) -> None:
    for year, period in (
        ("2025", "valid_from: 2025-01-01\nvalid_to: 2025-12-31"),
        ("2026", "valid_from: 2026-01-01"),
    ):
        folder = make_testby_folder(tmp_path) / year
        folder.mkdir()
        text = BASE.replace("valid_from: 2026-01-01", period)
        (folder / "sel-85.yaml").write_text(text, encoding="utf-8")
    assert len(load([tmp_path]).files) == 2


def test_a_missing_path_is_reported() -> None:
    with pytest.raises(StandardLoadError) as caught:
        load([Path("no/such/folder")])
    assert [p.code for p in caught.value.problems] == ["missing-file"]


# --- fuzzing: nothing but StandardLoadError escapes the loader --------------------------------


def problems_or_none(text: str) -> list[Problem] | None:
    """The problems found, or None when the text loads; any other exception escapes."""
    try:
        load_text(text, "fuzz.yaml")
    except StandardLoadError as error:
        return error.problems
    return None


@given(standard_texts(valid=False))
def test_fuzzed_files_raise_only_our_error(text: str) -> None:
    found = problems_or_none(text)
    if found is not None:
        assert found
        assert all(p.line >= 1 and p.column >= 1 for p in found)


@given(st.text(max_size=200))
def test_arbitrary_text_raises_only_our_error(text: str) -> None:
    found = problems_or_none(text)
    assert found is None or found


@given(standard_texts())
def test_generated_standard_files_load(text: str) -> None:
    assert problems_or_none(text) is None
