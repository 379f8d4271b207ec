from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kvalitet.engine.truth import Truth, all_of, any_of

truths = st.sampled_from(list(Truth))


def test_kleene_tables() -> None:
    t, f, u = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
    assert all_of([t, u]) is u
    assert all_of([f, u]) is f
    assert any_of([t, u]) is t
    assert any_of([f, u]) is u
    assert u.negate() is u
    assert all_of([]) is t
    assert any_of([]) is f


@given(st.lists(truths))
def test_de_morgan(values: list[Truth]) -> None:
    assert all_of(values).negate() is any_of(v.negate() for v in values)


@given(st.lists(truths))
def test_settled_inputs_give_a_settled_result(values: list[Truth]) -> None:
    known = [v for v in values if v is not Truth.UNKNOWN]
    assert all_of(known) is not Truth.UNKNOWN
    assert any_of(known) is not Truth.UNKNOWN
