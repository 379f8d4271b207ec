"""Which missing profile facts leave a condition unknown (the ``missing_facts`` of a reason).

The walk follows the condition's unknown branches into the derived facts it reads and the
national facts (settled by the birth date); the result follows from the truth of the
condition's leaves, so a program remembers it per pattern of leaf truths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.results import RuleResults
from kvalitet.engine.truth import Truth
from kvalitet.language.conditions import AllOf, AnyOf, Condition, FactTest, Not, walk
from kvalitet.language.national import NATIONAL_FACTS

MEMO_LIMIT = 50_000  # entries a program remembers (missing facts by pattern, reasons)


def unique(names: Iterable[str]) -> tuple[str, ...]:
    """The names once each, in the order first named."""
    return tuple(dict.fromkeys(names))


class MissingFacts:
    """Which missing profile facts leave a condition unknown."""

    def __init__(
        self, program: ServiceProgram, known: Mapping[str, Any], results: RuleResults
    ) -> None:
        """Walk ``program``'s conditions over ``known`` facts and the rules' ``results``."""
        self._program = program
        self.known = known
        self._results = results
        # Conditions share nodes (a derived fact read by several rules): each is settled once.
        self._truths: dict[int, Truth] = {}
        self._found: dict[int, tuple[str, ...]] = {}

    def of(self, condition: Condition) -> tuple[str, ...]:
        """The missing facts that leave ``condition`` unknown, in the order the rules read them.

        They follow from the truth of the condition's leaves (with those of the derived facts
        it reads), so they are remembered per program by that pattern.
        """
        found = self._found.get(id(condition))
        if found is not None:
            return found
        pattern = tuple(self._truth(leaf) for leaf in self._leaves(condition))
        key = ("missing", id(condition), pattern)
        remembered = self._program.cache.get(key)
        if isinstance(remembered, tuple):
            found = remembered
        else:
            found = unique(self._walk(condition))
            if len(self._program.cache) < MEMO_LIMIT:
                self._program.cache[key] = found
        self._found[id(condition)] = found
        return found

    def _leaves(self, condition: Condition) -> tuple[Condition, ...]:
        """The fact tests of a condition and of the derived facts it reads (once per program)."""
        key = ("leaves", id(condition))
        leaves = self._program.cache.get(key)
        if not isinstance(leaves, tuple):
            found: dict[int, Condition] = {}
            self._collect(condition, found, set())
            leaves = tuple(found.values())
            self._program.cache[key] = leaves
        return leaves

    def _collect(self, condition: Condition, found: dict[int, Condition], seen: set[str]) -> None:
        for node, _ in walk(condition):
            if isinstance(node, str | FactTest):
                found[id(node)] = node
                name = node if isinstance(node, str) else node.fact
                if name not in seen:
                    seen.add(name)
                    for rule in self._program.derived_rules(name):
                        if rule.rule.when is not None:
                            self._collect(rule.rule.when, found, seen)

    def _truth(self, condition: Condition) -> Truth:
        truth = self._truths.get(id(condition))
        if truth is None:
            truth = self._program.compile_condition(condition)(self.known)
            self._truths[id(condition)] = truth
        return truth

    def _walk(self, condition: Condition) -> Iterable[str]:
        if self._truth(condition) is not Truth.UNKNOWN:
            return
        if isinstance(condition, str | FactTest):
            name = condition if isinstance(condition, str) else condition.fact
            yield from self._missing(name)
        elif isinstance(condition, Not):
            yield from self._walk(condition.not_)
        else:
            children = condition.all if isinstance(condition, AllOf) else condition.any
            assert isinstance(condition, AllOf | AnyOf)  # noqa: S101 - narrowing for mypy
            for child in children:
                yield from self._walk(child)

    def _missing(self, name: str) -> Iterable[str]:
        rules = self._program.derived_rules(name)
        if rules:
            for rule in rules:
                when = rule.rule.when
                if when is not None and self._results.rules.get(rule.rule.id) is Truth.UNKNOWN:
                    yield from self._walk(when)
        elif name in NATIONAL_FACTS:
            yield from NATIONAL_FACTS[name].settled_by
        else:
            yield name
