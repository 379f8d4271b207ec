"""Hypothesis strategies for citizen profiles, evaluation dates and standard files.

Example:
    >>> from hypothesis import given
    >>> from kvalitet.testing.strategies import profiles
    >>> @given(profiles())
    ... def test_never_crashes(profile): ...
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from kvalitet.engine.boundaries import boundaries
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.language.facts import FactInfo, national_catalogue, profile_facts
from kvalitet.language.national import add_years
from kvalitet.language.profile import ProfileBase, profile_model
from kvalitet.language.standard import StandardFile
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary


def _near(values: set[Any], kind: str) -> list[Any]:
    """The values and their neighbours (a boundary is tested on both sides)."""
    near: set[Any] = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        step = 1 if kind == "int" else 0.5
        near.update({value - step, value, value + step})
    if kind == "int":
        return sorted(int(v) for v in near if v >= 0)
    return sorted(float(v) for v in near if v >= 0)


def service_codes(info: FactInfo) -> tuple[str, ...]:
    """The service codes a services fact knows (its vocabulary's values), or a few examples."""
    known = info.spec.values if info.spec is not None else ()
    return known or ("sel-85", "sel-96", "sel-103")


def fact_values(info: FactInfo, near: set[Any] | None = None) -> st.SearchStrategy[Any]:
    """Valid values of one profile fact, biased towards the given boundary constants."""
    if info.kind == "bool":
        return st.booleans()
    if info.kind == "enum":
        return st.sampled_from(info.values)
    if info.kind == "services":
        codes = service_codes(info)
        return st.lists(st.sampled_from(codes), max_size=4, unique=True).map(tuple)
    if info.kind == "date":
        return st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31))
    upper = int(min(info.spec.max, 500)) if info.spec and info.spec.max is not None else 500
    plain: st.SearchStrategy[Any] = (
        st.integers(min_value=0, max_value=upper)
        if info.kind == "int"
        else st.floats(min_value=0, max_value=upper, allow_nan=False).map(lambda x: round(x, 1))
    )
    edges = [v for v in _near(near or set(), info.kind) if v <= upper]
    return st.one_of(st.sampled_from(edges), plain) if edges else plain


@st.composite
def _profiles(
    draw: st.DrawFn,
    *,
    fixed: Mapping[str, Any],
    missing_probability: float,
    near: Mapping[str, set[Any]],
    only: frozenset[str] | None,
    on: date | None,
    vocabulary: Vocabulary,
) -> ProfileBase:
    data: dict[str, Any] = {}
    for name, info in profile_facts(vocabulary).items():
        if name in fixed:
            if fixed[name] is not None:
                data[name] = fixed[name]
            continue
        if only is not None and name not in only:
            continue
        if missing_probability and draw(st.integers(0, 99)) < missing_probability * 100:
            continue
        if name == "birth_date" and on is not None and draw(st.booleans()):
            data[name] = draw(birth_dates_near_pension_age(on))
        else:
            data[name] = draw(fact_values(info, near.get(name)))
    return profile_model(vocabulary).model_validate(data)


def profiles(
    *,
    fixed: Mapping[str, Any] | None = None,
    missing: float = 0.3,
    programs: Iterable[ServiceProgram] = (),
    only: Iterable[str] | None = None,
    on: date | None = None,
    vocabulary: Vocabulary | None = None,
) -> st.SearchStrategy[ProfileBase]:
    """Valid profiles of a vocabulary's facts (default: the bundled vocabulary).

    Args:
        fixed: Fields given these values in every profile (``None`` = always missing).
        missing: The probability that a field is left missing (unknown).
        programs: Compiled standards whose boundaries (ages, hours, amounts) values are drawn
            around, on both sides.
        only: Draw only these fields (others stay missing), e.g. the facts a service reads.
        on: The evaluation date; half the birth dates drawn then fall within about a year of
            18, the pension ages (65-70) or the § 97 floor (67) on that date.
        vocabulary: Whose facts (e.g. ``standards.vocabulary``); default: the bundled one.
    """
    near = boundaries(programs)
    chosen = frozenset(only) if only is not None else None
    return _profiles(
        fixed=dict(fixed or {}),
        missing_probability=missing,
        near=near,
        only=chosen,
        on=on,
        vocabulary=vocabulary or bundled_vocabulary(),
    )


def birth_dates_near_pension_age(on: date) -> st.SearchStrategy[date]:
    """Birth dates that put a citizen within about a year of 18 or of the pension ages."""
    offsets = st.integers(min_value=-400, max_value=400).map(lambda days: timedelta(days=days))
    ages = st.sampled_from([18, 65, 66, 67, 68, 69, 70])
    return st.builds(
        lambda years, offset: date(on.year - years, on.month, min(on.day, 28)) + offset,
        ages,
        offsets,
    )


def dates_in_force(standard: StandardFile, *, years_after: int = 5) -> st.SearchStrategy[date]:
    """Evaluation dates within a standard's validity (open-ended: up to ``years_after`` years)."""
    end = standard.valid_to or add_years(standard.valid_from, years_after)
    return st.dates(min_value=standard.valid_from, max_value=end)


# --- standard files, for fuzzing loaders and linters ----------------------------------------


def conditions(catalogue: Mapping[str, FactInfo] | None = None) -> st.SearchStrategy[Any]:
    """Valid conditions (as YAML data) over the facts of a catalogue.

    The default catalogue is the facts every municipality may read: the bundled national
    vocabulary's and national law's.
    """
    chosen = catalogue or national_catalogue(bundled_vocabulary())
    facts = [f for f in chosen.values() if f.kind != "date"]
    leaves = st.sampled_from(facts).flatmap(_fact_condition)
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda c: {"all": c}),
            st.lists(children, min_size=1, max_size=3).map(lambda c: {"any": c}),
            children.map(lambda c: {"not": c}),
        ),
        max_leaves=5,
    )


def _fact_condition(info: FactInfo) -> st.SearchStrategy[Any]:
    if info.kind == "bool":
        return st.sampled_from([info.name, {"fact": info.name, "eq": False}])
    if info.kind == "enum":
        values = st.lists(st.sampled_from(info.values), min_size=1, max_size=3, unique=True)
        return values.map(lambda v: {"fact": info.name, "in": v})
    if info.kind == "services":
        codes = st.lists(st.sampled_from(service_codes(info)), min_size=1, max_size=3, unique=True)
        return codes.map(lambda v: {"fact": info.name, "contains_any": v})
    op = st.sampled_from(["lt", "le", "gt", "ge", "eq", "ne"])
    value = st.integers(0, 100) if info.kind == "int" else st.integers(0, 200).map(lambda n: n / 2)
    return st.builds(lambda o, v: {"fact": info.name, o: v}, op, value)


def _rule(kind: str, index: int, when: Any) -> dict[str, Any]:  # noqa: ANN401 - YAML data
    rule: dict[str, Any] = {
        "id": f"{kind}.r{index}",
        "basis": "standard",
        "text": f"Regel {index}.",
        "cite": {"section": "Målgruppe", "lines": [index + 1]},
        "when": when,
    }
    return rule


@st.composite
def standard_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid standard file as YAML data (criteria and exclusions over random facts)."""
    criteria = draw(st.lists(conditions(), min_size=1, max_size=4))
    exclusions = draw(st.lists(conditions(), max_size=2))
    return {
        "id": "testby/sel-85",
        "municipality": "testby",
        "title": "Genereret standard",
        "version": "1",
        "valid_from": date(2026, 1, 1),
        "source": {"document": "Test", "file": "test.txt", "section": "§ 85", "lines": [1, 99]},
        "legal_basis": ["SEL § 85"],
        "access": draw(st.sampled_from(["visitation", "direct", "referral"])),
        "individual_assessment": {
            "text": "Der foretages altid en konkret og individuel vurdering.",
            "cite": {"section": "Vurdering"},
        },
        "criteria": [_rule("criterion", i, c) for i, c in enumerate(criteria)],
        "exclusions": [_rule("exclusion", i, c) for i, c in enumerate(exclusions)],
    }


def to_yaml(data: Any) -> str:  # noqa: ANN401 - YAML data
    """YAML text of plain data."""
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


@st.composite
def _mutations(draw: st.DrawFn, text: str) -> str:
    lines = text.splitlines()
    tokens = st.sampled_from(
        [
            "",
            ":",
            "- ",
            "{",
            "}",
            "[",
            "]",
            "'",
            '"',
            "&a",
            "*a",
            "\t",
            "? ",
            "!!python/name:os ",
            "!x ",
        ]
    )
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "splice"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, draw(tokens) + draw(st.text(max_size=12)))
        elif action == "truncate":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        else:
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(st.text(max_size=8)) + lines[index][at:]
    return "\n".join(lines)


def standard_texts(*, valid: bool = True) -> st.SearchStrategy[str]:
    """Standard files as YAML text: valid ones, or (``valid=False``) mutated ones for fuzzing."""
    texts = standard_documents().map(to_yaml)
    return texts if valid else texts.flatmap(_mutations)
