"""Both backends agree on every boundary value, and the rank encoding keeps every comparison.

The durable backend gives numbers, dates and strings to durable-rules only as ranks among the
constants a program compares them with (``_durable_rules``); these tests hold that to Python's
own comparisons and to the compiled backend on the bundled standards.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kvalitet import Decision, KvalitetError, Profile
from kvalitet.engine.backends._durable_rules import LIST_SENTINEL, Encoding
from kvalitet.engine.boundaries import boundaries
from kvalitet.language.facts import profile_facts
from kvalitet.testing.strategies import profiles

from .test_engine import STANDARDS_SET

ON = date(2026, 6, 1)
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
EXTREMES: tuple[int | float, ...] = (
    0, -0.0, 1, -1, -0.5, 0.00003, 1e-05, 5e-324, 1e-300, 1e16, 1.5e16, -1e16, 1e22,
    1.7976931348623157e308, 2**53, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**20, 10**400,
    -(2**63) - 1,
)  # fmt: skip
NOT_FINITE = (math.nan, math.inf, -math.inf)

numbers = st.one_of(
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(EXTREMES),
)


# --- the encoding itself ------------------------------------------------------------------------


@given(constants=st.lists(numbers, min_size=1, max_size=8), value=numbers)
def test_ranks_compare_as_the_numbers_do(constants: list[float], value: float) -> None:
    encoding = Encoding(tuple(sorted(set(constants))))
    for constant in constants:
        for name, compare in COMPARISONS.items():
            ranked = compare(encoding.encode(value), encoding.encode(constant))
            assert ranked == compare(value, constant), (name, value, constant)


@given(
    constants=st.lists(st.dates(), min_size=1, max_size=5)
    | st.lists(st.text(max_size=3), min_size=1, max_size=5),
    data=st.data(),
)
def test_ranks_compare_as_dates_and_strings_do(constants: list[Any], data: st.DataObject) -> None:
    value = data.draw(st.dates() if isinstance(constants[0], date) else st.text(max_size=3))
    encoding = Encoding(tuple(sorted(set(constants))))
    for constant in constants:
        for name, compare in COMPARISONS.items():
            ranked = compare(encoding.encode(value), encoding.encode(constant))
            assert ranked == compare(value, constant), (name, value, constant)


@given(
    constants=st.lists(st.text(max_size=3), min_size=1, max_size=5),
    items=st.lists(st.text(max_size=3), max_size=2000),
)
def test_a_list_keeps_what_contains_asks_and_no_more(
    constants: list[str], items: list[str]
) -> None:
    encoding = Encoding(tuple(sorted(set(constants))))
    encoded = encoding.encode(items)
    assert encoded[0] == LIST_SENTINEL
    assert len(encoded) <= len(set(constants)) + 1
    for constant in constants:
        assert (encoding.encode(constant) in encoded) == (constant in items)


def test_a_value_of_another_type_equals_no_constant() -> None:
    encoding = Encoding(("a", "b"))
    assert encoding.encode(3) not in {encoding.encode("a"), encoding.encode("b")}
    assert encoding.encode([3, "b"]) == [LIST_SENTINEL, encoding.encode("b")]


# --- both backends, every boundary value, bundled standards -------------------------------------


@cache
def number_fields() -> dict[str, str]:
    """The profile's number fields and their kind (the one place this test reads them)."""
    return {
        name: info.kind for name, info in profile_facts().items() if info.kind in {"int", "number"}
    }


@cache
def boundary_values(field: str) -> tuple[Any, ...]:
    """Extremes, NaN/inf, and each constant the standards compare the field with and its
    nearest neighbours; only those the profile model lets through (it refuses the rest)."""
    constants = boundaries(STANDARDS_SET.programs).get(field, set())
    near = {
        neighbour
        for constant in constants
        for neighbour in (
            constant,
            math.nextafter(constant, -math.inf),
            math.nextafter(constant, math.inf),
            constant - 1,
            constant + 1,
        )
    }
    accepted = []
    for value in sorted(near, key=float) + list(EXTREMES) + list(NOT_FINITE):
        try:
            Profile.model_validate({field: value})
        except ValidationError:
            continue
        accepted.append(value)
    return tuple(accepted)


@st.composite
def boundary_profiles(draw: st.DrawFn) -> dict[str, Any]:
    base = draw(profiles(programs=STANDARDS_SET.programs, on=ON)).known_facts()
    if "birth_date" in base:
        base.pop("age", None)
    chosen = draw(st.sets(st.sampled_from(sorted(number_fields())), min_size=1))
    for field in chosen:
        values = boundary_values(field)
        if values:
            base[field] = draw(st.sampled_from(values))
    return base


def outcome(profile: dict[str, Any], municipality: str, backend: str) -> Any:
    try:
        return STANDARDS_SET.evaluate(profile, municipality=municipality, on=ON, backend=backend)  # type: ignore[arg-type]
    except KvalitetError as error:
        return type(error).__name__, str(error)


@pytest.mark.parametrize("municipality", STANDARDS_SET.municipalities)
@given(profile=boundary_profiles())
def test_both_backends_agree_on_every_boundary_value(
    municipality: str, profile: dict[str, Any]
) -> None:
    durable = outcome(profile, municipality, "durable")
    compiled = outcome(profile, municipality, "compiled")
    if isinstance(durable, Decision) and isinstance(compiled, Decision):
        assert durable.same_as(compiled)
    else:
        assert durable == compiled


def test_the_boundary_values_reach_both_sides_of_every_threshold() -> None:
    """The strategy above is not vacuous: it draws each threshold, its neighbours, and extremes."""
    hours = boundary_values("support_hours_per_month")
    for threshold in (1, 5, 13, 20, 27):
        assert {threshold, math.nextafter(threshold, 0), math.nextafter(threshold, 99)} <= set(
            hours
        )
    assert 0.00003 in hours  # an exponent form (3e-05) that used to kill the engine
    assert not {1e16, 1e22, 2**63} & set(hours)  # beyond the profile's bounds: refused before
    assert not any(  # NaN and ±inf never pass the profile model
        isinstance(v, float) and not math.isfinite(v)
        for v in boundary_values("helper_seniority_years")
    )


@pytest.mark.parametrize("value", NOT_FINITE)
@pytest.mark.parametrize("field", ["helper_seniority_years", "support_hours_per_month"])
def test_nan_and_infinity_are_refused_alike(field: str, value: float) -> None:
    """Former disagreement: NaN was FALSE in the compiled backend and UNKNOWN in durable."""
    assert field in number_fields()
    profile = {field: value, "age": 40}
    compiled = outcome(profile, "hillerod", "compiled")
    assert outcome(profile, "hillerod", "durable") == compiled
    assert compiled[0] in {"EngineError", "ProfileError"}
    if compiled[0] == "EngineError":
        assert f"{field} is {value!r}; it must be a finite number" in compiled[1]
