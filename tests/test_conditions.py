"""The compiled closures and the normal form must agree on every condition and every fact set."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from kvalitet.engine.compiler import ConditionCompiler
from kvalitet.engine.truth import Truth
from kvalitet.language.conditions import AllOf, AnyOf, Condition, FactTest, Not, facts_read, render
from kvalitet.language.normal_form import disjoint, dnf

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)

flags = st.sampled_from(["a", "b", "c"])
numbers = st.sampled_from([0, 1, 5, 5.5, 13, 20, 27])
codes = st.sampled_from(["sel-85", "sel-96", "sel-98"])


def fact_tests() -> st.SearchStrategy[Condition]:
    numeric = st.builds(
        lambda op, value, op2, value2: FactTest.model_validate(
            {"fact": "h", op: value, **({op2: value2} if op2 != op else {})}
        ),
        st.sampled_from(["lt", "le", "gt", "ge", "eq", "ne"]),
        numbers,
        st.sampled_from(["lt", "le", "gt", "ge"]),
        numbers,
    )
    enum = st.builds(
        lambda values: FactTest.model_validate({"fact": "level", "in": values}),
        st.lists(st.sampled_from("ABCDE"), min_size=1, max_size=3, unique=True),
    )
    services = st.one_of(
        st.builds(lambda code: FactTest(fact="services", contains=code), codes),
        st.builds(
            lambda values: FactTest.model_validate({"fact": "services", "contains_any": values}),
            st.lists(codes, min_size=1, max_size=2, unique=True),
        ),
    )
    return st.one_of(flags, numeric, enum, services)


conditions = st.recursive(
    fact_tests(),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda c: AllOf(all=tuple(c))),
        st.lists(children, min_size=1, max_size=3).map(lambda c: AnyOf(any=tuple(c))),
        children.map(lambda c: Not.model_validate({"not": c})),
    ),
    max_leaves=6,
)

fact_sets = st.fixed_dictionaries(
    {},
    optional={
        "a": st.booleans(),
        "b": st.booleans(),
        "c": st.booleans(),
        "h": numbers,
        "level": st.sampled_from("ABCDE"),
        "services": st.lists(codes, unique=True).map(tuple),
    },
)


def holds(conjunctions: list[Any], facts: dict[str, Any]) -> bool:
    return any(
        all(lit.fact in facts and lit.holds_for(facts[lit.fact]) for lit in conjunction)
        for conjunction in conjunctions
    )


@given(conditions, fact_sets)
def test_normal_form_matches_the_compiled_closure(
    condition: Condition, facts: dict[str, Any]
) -> None:
    truth = ConditionCompiler()(condition)(facts)
    assert holds(dnf(condition), facts) is (truth is Truth.TRUE)
    assert holds(dnf(condition, negate=True), facts) is (truth is Truth.FALSE)


@given(conditions, fact_sets)
def test_a_condition_is_settled_when_every_fact_it_reads_is_known(
    condition: Condition, facts: dict[str, Any]
) -> None:
    truth = ConditionCompiler()(condition)(facts)
    if facts_read(condition) <= set(facts):
        assert truth is not Truth.UNKNOWN


@given(conditions, fact_sets, fact_sets)
def test_more_facts_never_unsettle_a_condition(
    condition: Condition, facts: dict[str, Any], more: dict[str, Any]
) -> None:
    compiled = ConditionCompiler()(condition)
    before = compiled(facts)
    after = compiled({**more, **facts})
    if before is not Truth.UNKNOWN:
        assert after is before


@given(conditions, conditions, fact_sets)
def test_disjoint_conditions_are_never_both_true(
    first: Condition, second: Condition, facts: dict[str, Any]
) -> None:
    if disjoint(first, second):
        compiler = ConditionCompiler()
        assert not (compiler(first)(facts) is Truth.TRUE and compiler(second)(facts) is Truth.TRUE)


def test_package_bands_are_disjoint_with_exclusive_lower_bounds() -> None:
    band1 = CONDITION.validate_python({"fact": "h", "ge": 1, "le": 5})
    band2 = CONDITION.validate_python({"fact": "h", "gt": 5, "le": 13})
    overlapping = CONDITION.validate_python({"fact": "h", "ge": 5, "le": 13})
    assert disjoint(band1, band2)
    assert not disjoint(band1, overlapping)


def test_parse_and_render() -> None:
    condition = CONDITION.validate_python(
        {"any": [{"all": ["a", {"fact": "h", "ge": 18, "lt": 67}]}, {"not": "b"}]}
    )
    assert render(condition) == "((a) og (h ≥ 18 og h < 67)) eller (ikke (b))"
    assert facts_read(condition) == {"a", "b", "h"}


def test_missing_fact_is_unknown_not_false() -> None:
    compiled = ConditionCompiler()(CONDITION.validate_python({"not": "a"}))
    assert compiled({}) is Truth.UNKNOWN
    assert compiled({"a": False}) is Truth.TRUE
