"""Compile a program into a durable-rules JSON ruleset, and encode facts for it.

Every condition is compiled twice, in disjunctive normal form: once for when it is true and once
for when it is false; a rule whose neither form fires is unknown — Kleene logic on an engine
that has no *unknown*.

**Numbers never reach the engine as written.** durable-rules parses JSON with its own reader,
which takes a number with an exponent only after a decimal point: ``1e+16`` (Python's
``json.dumps(1e16)``), ``3e-05`` (0.00003), ``Infinity`` and ``-Infinity`` make it read past
the number, and the next call into the engine dies with SIGSEGV; ``NaN`` is read as null. Ints
are read into 64 bits (larger ones saturate) and compared with floats as C doubles. So each fact
tested with an operator is *rank-encoded* against the constants the program compares it with:
with the constants sorted ``c0 < c1 < … < ck-1``, a value equal to ``ci`` becomes ``2i + 1``
and a value between ``ci-1`` and ``ci`` becomes ``2i``. Every comparison the language has
(``eq ne lt le gt ge in contains``) gives the same answer on the ranks as on the values, the
ranks are small ints, and the comparison itself is Python's (exact for any int or float).
Dates and strings are ranked the same way; a list keeps only the ranks of items that equal a
constant (``contains`` asks nothing else), so its size is bounded by the program, not the input.
Booleans stay booleans.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kvalitet.engine.compiler import CompiledRule, ServiceProgram
from kvalitet.engine.constants import fact_constants
from kvalitet.engine.truth import Truth
from kvalitet.language.conditions import AnyOf, Condition
from kvalitet.language.normal_form import Conjunction, Literal, TooLargeError, dnf
from kvalitet.language.problems import EngineError

FACT = "f"
START = "start"
NEVER = "__never__"
LIST_SENTINEL = -1  # G7: ``$iall`` over an empty list is false; no rank is negative
UNCOMPARABLE = -2  # a value of another type than the constants: equal to none of them
MAX_MATCHING_CONDITIONS = 64  # durable-rules error 303 beyond this (G17)

_COMPARISON = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_CACHE_KEY = "kvalitet.durable.ruleset"

# What an action records: (rule id or None, the truth it records, the derived fact it asserts).
ActionSpec = tuple[str | None, bool, str | None]


@dataclass(frozen=True)
class Encoding:
    """How the values of one fact are given to the engine: booleans as they are, or ranks."""

    constants: tuple[Any, ...] | None  # sorted, distinct; None: a boolean fact, values kept

    def encode(self, value: Any) -> Any:  # noqa: ANN401 - any validated fact value
        """The value as the engine sees it (a bool, a rank, or a list of ranks)."""
        if self.constants is None:
            return value
        if isinstance(value, list | tuple | set | frozenset):
            ranks = {self._rank(item) for item in value}
            return [LIST_SENTINEL, *sorted(rank for rank in ranks if rank % 2 == 1)]
        return self._rank(value)

    def _rank(self, value: Any) -> int:  # noqa: ANN401 - any validated fact value
        constants = self.constants
        assert constants is not None  # noqa: S101 - encode() has checked
        try:
            index = bisect.bisect_left(constants, value)
        except TypeError:
            return UNCOMPARABLE
        if index < len(constants) and constants[index] == value:
            return 2 * index + 1
        return 2 * index


def encodings(program: ServiceProgram) -> dict[str, Encoding]:
    """The encoding of every fact the program tests with an operator.

    Raises:
        EngineError: when a fact is compared with constants that have no common order.
    """
    result = {}
    for fact, values in fact_constants(program).by_fact.items():
        if all(isinstance(value, bool) for value in values):
            result[fact] = Encoding(None)
            continue
        try:
            ordered = tuple(sorted(set(values)))
        except TypeError:
            message = f"{program.service}: {fact} is compared with values of different types"
            raise EngineError(message) from None
        result[fact] = Encoding(ordered)
    return result


@dataclass(frozen=True)
class CompiledRuleset:
    """A program as a durable-rules ruleset: plain data, so it can be sent to a worker."""

    name: str
    definition: dict[str, Any]
    actions: dict[str, ActionSpec]
    facts_read: frozenset[str]
    encodings: dict[str, Encoding]
    max_conditions_per_fact: int

    def encode(self, facts: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """The facts this ruleset reads, encoded for the engine, in a fixed order."""
        encoded = []
        for name in sorted(self.facts_read):
            value = facts.get(name)
            if value is not None:
                encoding = self.encodings.get(name)
                encoded.append((name, value if encoding is None else encoding.encode(value)))
        return encoded


def ruleset_of(program: ServiceProgram) -> CompiledRuleset:
    """The program's ruleset, compiled once per program."""
    cached = program.cache.get(_CACHE_KEY)
    if isinstance(cached, CompiledRuleset):
        return cached
    compiled = compile_ruleset(program)
    program.cache[_CACHE_KEY] = compiled
    return compiled


def compile_ruleset(program: ServiceProgram) -> CompiledRuleset:
    """Compile a program into a durable-rules JSON ruleset.

    Raises:
        EngineError: when a condition is too large for normal form or a fact would meet more
            than 64 conditions (durable-rules' hard limit).
    """
    encoded = encodings(program)
    rules: dict[str, Any] = {
        "start": {"all": [{"s": {"t": START}}], "run": "start"},
        "sink": {"all": [{"a": {"t": FACT}}, {"b": {"t": NEVER}}], "run": "start"},
    }
    actions: dict[str, ActionSpec] = {"start": (None, True, None)}
    counter = itertools.count()
    per_fact: dict[str, int] = {}

    def add(condition: Condition | None, action: ActionSpec) -> None:
        name = f"a{len(actions)}"
        actions[name] = action
        if condition is None:
            rules[f"r{next(counter)}"] = {"all": [{"s": {"t": START}}], "run": name}
            return
        try:
            conjunctions = dnf(condition, negate=not action[1])
        except TooLargeError:
            message = f"{program.service}: a condition is too large for the durable backend"
            raise EngineError(message) from None
        for conjunction in conjunctions:
            for literal_fact in {literal.fact for literal in conjunction}:
                per_fact[literal_fact] = per_fact.get(literal_fact, 0) + 1
            rules[f"r{next(counter)}"] = {"all": _patterns(conjunction, encoded), "run": name}

    for fact, derive_rules in program.derived:
        whens = tuple(rule.rule.when for rule in derive_rules if rule.rule.when is not None)
        combined: Condition = AnyOf(any=whens)
        add(combined, (None, True, fact))
        add(combined, (None, False, fact))
        for rule in derive_rules:
            _add_rule(add, rule)
    for rule in (
        *program.criteria,
        *program.exclusions,
        *program.scope,
        *program.access,
        *program.terms,
    ):
        _add_rule(add, rule)

    widest = max(per_fact.values(), default=0) + 1  # + the sink
    if widest > MAX_MATCHING_CONDITIONS:
        message = (
            f"{program.service}: a fact meets {widest} conditions, more than durable-rules' "
            f"limit of {MAX_MATCHING_CONDITIONS}; split the standard"
        )
        raise EngineError(message)
    digest = hashlib.sha256(
        json.dumps([program.service, rules, actions], sort_keys=True).encode()
    ).hexdigest()[:16]
    return CompiledRuleset(
        name=f"kvalitet_{digest}",
        definition=rules,
        actions=actions,
        facts_read=program.base_facts_read,
        encodings=encoded,
        max_conditions_per_fact=widest,
    )


def _add_rule(add: Callable[[Condition | None, ActionSpec], None], compiled: CompiledRule) -> None:
    rule = compiled.rule
    add(rule.when, (rule.id, True, None))
    if rule.when is not None:
        add(rule.when, (rule.id, False, None))


def _literal_test(literal: Literal, encoding: Encoding) -> dict[str, Any]:
    value = literal.value
    if literal.op in ("in", "not_in"):
        items = [encoding.encode(item) for item in value]
        if literal.op == "in":
            return {"$or": [{"v": item} for item in items]}
        return {"$and": [{"$neq": {"v": item}} for item in items]}
    engine_value = encoding.encode(value)
    if literal.op == "eq":
        return {"v": engine_value}
    if literal.op == "ne":
        return {"$neq": {"v": engine_value}}
    if literal.op == "contains":
        return {"$iany": {"v": {"$i": engine_value}}}
    if literal.op == "not_contains":
        return {"$iall": {"v": {"$neq": {"$i": engine_value}}}}
    return {_COMPARISON[literal.op]: {"v": engine_value}}


def _patterns(conjunction: Conjunction, encoded: Mapping[str, Encoding]) -> list[dict[str, Any]]:
    """One aliased pattern per fact in the conjunction (G1: a join of separate facts)."""
    by_fact: dict[str, list[Literal]] = {}
    for literal in conjunction:
        by_fact.setdefault(literal.fact, []).append(literal)
    boolean = Encoding(None)
    patterns = []
    for index, (name, literals) in enumerate(sorted(by_fact.items())):
        encoding = encoded.get(name, boolean)
        tests = [{"t": FACT}, {"n": name}, *(_literal_test(lit, encoding) for lit in literals)]
        patterns.append({f"p{index}": {"$and": tests}})
    return patterns


def truth_of(value: bool) -> Truth:  # noqa: FBT001 - a converter from bool takes a bool
    """The truth an action recorded."""
    return Truth.TRUE if value else Truth.FALSE
