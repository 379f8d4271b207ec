"""Conditions in disjunctive normal form over single-operator literals.

Used to prove two rules can never apply together (the loader's conflict check) and to compile
conditions into durable-rules patterns, whose Rete network has no notion of *unknown*: a
literal holds only when its fact is known, so ``dnf(c)`` lists when ``c`` is true and
``dnf(c, negate=True)`` when it is false; when neither matches, ``c`` is unknown (Kleene).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kvalitet.language.conditions import AllOf, Condition, FactTest, Not

MAX_CONJUNCTIONS = 512

NEGATED_OPERATOR = {
    "eq": "ne",
    "ne": "eq",
    "lt": "ge",
    "le": "gt",
    "gt": "le",
    "ge": "lt",
    "in": "not_in",
    "not_in": "in",
    "contains": "not_contains",
    "not_contains": "contains",
}


@dataclass(frozen=True)
class Literal:
    """A single test that holds only when ``fact`` is known: ``fact op value``."""

    fact: str
    op: str
    value: Any

    def holds_for(self, actual: Any) -> bool:  # noqa: ANN401 - any fact value
        """Whether a known fact value satisfies the literal."""
        if self.op == "eq":
            return bool(actual == self.value)
        if self.op == "ne":
            return bool(actual != self.value)
        if self.op == "in":
            return actual in self.value
        if self.op == "not_in":
            return actual not in self.value
        if self.op == "contains":
            return self.value in actual
        if self.op == "not_contains":
            return self.value not in actual
        return bool(_COMPARE[self.op](actual, self.value))


_COMPARE = {
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}

Conjunction = tuple[Literal, ...]


class TooLargeError(Exception):
    """The normal form has more than :data:`MAX_CONJUNCTIONS` conjunctions."""


def dnf(condition: Condition, *, negate: bool = False) -> list[Conjunction]:
    """When the condition is true (or, with ``negate``, false), as a list of conjunctions.

    Raises:
        TooLargeError: when the expansion passes :data:`MAX_CONJUNCTIONS`.
    """
    if isinstance(condition, str):
        return [(Literal(condition, "eq", not negate),)]
    if isinstance(condition, Not):
        return dnf(condition.not_, negate=not negate)
    if isinstance(condition, FactTest):
        return _fact_test(condition, negate=negate)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    conjunctive = isinstance(condition, AllOf) != negate
    parts = [dnf(child, negate=negate) for child in children]
    if not conjunctive:
        return _limit([conjunction for part in parts for conjunction in part])
    result: list[Conjunction] = [()]
    for part in parts:
        result = _limit([left + right for left, right in itertools.product(result, part)])
    return result


def _fact_test(test: FactTest, *, negate: bool) -> list[Conjunction]:
    fact = test.fact
    if negate:
        # not (a and b) = (not a) or (not b); not contains_any [x, y] = not x and not y
        return [
            tuple(Literal(fact, "not_contains", item) for item in value)
            if op == "contains_any"
            else (Literal(fact, NEGATED_OPERATOR[op], value),)
            for op, value in test.operators()
        ]
    groups = [
        [Literal(fact, "contains", item) for item in value]
        if op == "contains_any"
        else [Literal(fact, op, value)]
        for op, value in test.operators()
    ]
    return _limit([tuple(choice) for choice in itertools.product(*groups)])


def _limit(conjunctions: list[Conjunction]) -> list[Conjunction]:
    if len(conjunctions) > MAX_CONJUNCTIONS:
        raise TooLargeError
    return conjunctions


def satisfiable(conjunction: Conjunction) -> bool:
    """Whether some known values satisfy every literal (conservative: True when unsure)."""
    by_fact: dict[str, list[Literal]] = defaultdict(list)
    for literal in conjunction:
        by_fact[literal.fact].append(literal)
    return all(_consistent(literals) for literals in by_fact.values())


def _consistent(literals: list[Literal]) -> bool:
    candidates: list[Any] | None = None
    for literal in literals:
        if literal.op == "eq":
            options = [literal.value]
        elif literal.op == "in":
            options = list(literal.value)
        else:
            continue
        candidates = options if candidates is None else [c for c in candidates if c in options]
    if candidates is not None:
        return any(all(_holds(lit, c) for lit in literals) for c in candidates)
    if not _interval_non_empty(literals):
        return False
    contained = {lit.value for lit in literals if lit.op == "contains"}
    excluded = {lit.value for lit in literals if lit.op == "not_contains"}
    return not (contained & excluded)


def _holds(literal: Literal, candidate: Any) -> bool:  # noqa: ANN401 - any fact value
    if literal.op in ("contains", "not_contains"):
        return True
    try:
        return literal.holds_for(candidate)
    except TypeError:
        return True


def _interval_non_empty(literals: list[Literal]) -> bool:
    low: tuple[Any, bool] | None = None  # (bound, inclusive)
    high: tuple[Any, bool] | None = None
    for literal in literals:
        if literal.op in ("gt", "ge"):
            bound = (literal.value, literal.op == "ge")
            if low is None or bound[0] > low[0] or (bound[0] == low[0] and not bound[1]):
                low = bound
        elif literal.op in ("lt", "le"):
            bound = (literal.value, literal.op == "le")
            if high is None or bound[0] < high[0] or (bound[0] == high[0] and not bound[1]):
                high = bound
    if low is None or high is None:
        return True
    if low[0] < high[0]:
        return True
    return bool(low[0] == high[0] and low[1] and high[1])


def disjoint(first: Condition | None, second: Condition | None) -> bool:
    """Whether two conditions can never both be true (``None`` is always true)."""
    if first is None or second is None:
        return False
    try:
        left, right = dnf(first), dnf(second)
    except TooLargeError:
        return False
    return not any(satisfiable(a + b) for a in left for b in right)
