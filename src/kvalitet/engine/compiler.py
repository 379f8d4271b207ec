"""Compile a validated standard into a program: closures over the rule AST, in dependency order.

Nothing from YAML is turned into source text: each condition node becomes a Python closure built
from the closed condition language. Derived facts are ordered topologically (the loader has
rejected cycles), so a rule that tests a derived fact — also its absence — runs after every
rule that can derive it: stratified negation, independent of the order rules are written in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from graphlib import TopologicalSorter
from typing import Any

from kvalitet.engine.truth import Truth, all_of, any_of
from kvalitet.language.conditions import AllOf, Condition, FactTest, Not, facts_read
from kvalitet.language.dated import amounts_on, resolve_amounts
from kvalitet.language.normal_form import Literal
from kvalitet.language.rules import terms as every_term
from kvalitet.language.standard import (
    AccessVariant,
    AmountUsed,
    Criterion,
    DerivedFact,
    Exclusion,
    ScopeRule,
    StandardFile,
    Term,
)
from kvalitet.language.vocabulary import ScopeFieldSpec
from kvalitet.language.vocabulary_loader import bundled_vocabulary

Facts = Mapping[str, Any]
Test = Callable[[Facts], Truth]


class ConditionCompiler:
    """Builds (and caches) one closure per condition node."""

    def __init__(self) -> None:
        """Start with an empty cache."""
        self._cache: dict[Condition, Test] = {}

    def __call__(self, condition: Condition) -> Test:
        """The closure testing ``condition`` against a fact mapping (missing = unknown)."""
        cached = self._cache.get(condition)
        if cached is None:
            cached = self._build(condition)
            self._cache[condition] = cached
        return cached

    def _build(self, condition: Condition) -> Test:
        if isinstance(condition, str):
            return _boolean_fact(condition)
        if isinstance(condition, FactTest):
            return _fact_test(condition)
        if isinstance(condition, Not):
            inner = self(condition.not_)
            return lambda facts: inner(facts).negate()
        if isinstance(condition, AllOf):
            parts = tuple(self(child) for child in condition.all)
            return lambda facts: all_of(part(facts) for part in parts)
        parts = tuple(self(child) for child in condition.any)
        return lambda facts: any_of(part(facts) for part in parts)


def _boolean_fact(name: str) -> Test:
    def test(facts: Facts) -> Truth:
        value = facts.get(name)
        if value is None:
            return Truth.UNKNOWN
        return Truth.TRUE if value is True else Truth.FALSE

    return test


def _contains_any(options: frozenset[Any]) -> Callable[[Any], bool]:
    return lambda actual: not options.isdisjoint(actual)


def _fact_test(node: FactTest) -> Test:
    name = node.fact
    checks: list[Callable[[Any], bool]] = []
    for op, value in node.operators():
        if op == "contains_any":
            checks.append(_contains_any(frozenset(value)))
        else:
            checks.append(Literal(name, op, value).holds_for)

    def test(facts: Facts) -> Truth:
        actual = facts.get(name)
        if actual is None:
            return Truth.UNKNOWN
        return Truth.TRUE if all(check(actual) for check in checks) else Truth.FALSE

    return test


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its compiled test and the facts its condition reads."""

    rule: Criterion | Exclusion | ScopeRule | DerivedFact | AccessVariant | Term
    test: Test
    reads: frozenset[str]


@dataclass(frozen=True)
class ServiceProgram:
    """A standard compiled for evaluation; shared read-only by every thread."""

    standard: StandardFile
    derived: tuple[tuple[str, tuple[CompiledRule, ...]], ...]
    criteria: tuple[CompiledRule, ...]
    exclusions: tuple[CompiledRule, ...]
    scope: tuple[CompiledRule, ...]
    access: tuple[CompiledRule, ...]
    terms: tuple[CompiledRule, ...]  # payment, deadlines … that apply only when a condition holds
    compile_condition: ConditionCompiler = field(repr=False)
    base_facts_read: frozenset[str]
    source: StandardFile = field(repr=False)  # as written, before dated amounts are resolved
    amounts_used: tuple[AmountUsed, ...] = ()
    scope_fields: Mapping[str, ScopeFieldSpec] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )  # the declarations of the scope fields the standard's rules set, in the order first set
    content_hash: str | None = None  # of the standard file's text (kvalitet.language.fingerprints)
    cache: dict[object, Any] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )  # what is built once per program: a durable-rules ruleset, the reasons' fixed parts

    @property
    def service(self) -> str:
        """The service id."""
        return self.standard.id

    def derived_rules(self, fact: str) -> tuple[CompiledRule, ...]:
        """The rules deriving one fact (empty for a base fact)."""
        for name, rules in self.derived:
            if name == fact:
                return rules
        return ()


def _always(_facts: Facts) -> Truth:
    return Truth.TRUE


def compile_standard(
    source: StandardFile,
    on: date | None = None,
    *,
    scope_fields: Mapping[str, ScopeFieldSpec] | None = None,
    content_hash: str | None = None,
) -> ServiceProgram:
    """Compile a validated standard (its derived facts must form a DAG).

    Dated amounts (``{amount: name}``) take their value for ``on`` (default: the first day the
    standard is in force). ``scope_fields`` are the declarations of the municipality's scope
    fields (default: the bundled vocabulary's). ``content_hash`` is the hash of the file the
    standard was read from, which every outcome it decides carries.
    """
    day = on or source.valid_from
    standard = resolve_amounts(source, day)
    compiler = ConditionCompiler()

    def compiled(
        rule: Criterion | Exclusion | ScopeRule | DerivedFact | AccessVariant | Term,
    ) -> CompiledRule:
        when = rule.when
        if when is None:
            return CompiledRule(rule, _always, frozenset())
        return CompiledRule(rule, compiler(when), frozenset(facts_read(when)))

    by_fact: dict[str, list[CompiledRule]] = {}
    for rule in standard.derive:
        by_fact.setdefault(rule.fact, []).append(compiled(rule))
    graph = {
        name: {fact for rule in rules for fact in rule.reads if fact in by_fact}
        for name, rules in by_fact.items()
    }
    order = tuple(TopologicalSorter(graph).static_order())
    derived = tuple((name, tuple(by_fact[name])) for name in order)
    criteria = tuple(compiled(rule) for rule in standard.criteria)
    exclusions = tuple(compiled(rule) for rule in standard.exclusions)
    scope = tuple(compiled(rule) for rule in standard.scope)
    access = tuple(compiled(v) for v in standard.access_variants if v.when is not None)
    terms = tuple(compiled(term) for term in every_term(standard) if term.when is not None)
    every_rule = [rule for _, rules in derived for rule in rules]
    every_rule += [*criteria, *exclusions, *scope, *access, *terms]
    reads = frozenset(fact for rule in every_rule for fact in rule.reads) - set(by_fact)
    return ServiceProgram(
        standard,
        derived,
        criteria,
        exclusions,
        scope,
        access,
        terms,
        compiler,
        reads,
        source,
        amounts_on(source, day),
        _scope_fields_set(source, scope_fields),
        content_hash,
    )


def _scope_fields_set(
    source: StandardFile, declared: Mapping[str, ScopeFieldSpec] | None
) -> dict[str, ScopeFieldSpec]:
    """The declarations of the fields the standard's scope rules set, in the order first set."""
    if declared is None:
        declared = bundled_vocabulary().scope_fields_of(source.municipality)
    names = dict.fromkeys(name for rule in source.scope for name in rule.set)
    return {name: declared[name] for name in names if name in declared}


def amounts_key(source: StandardFile, on: date) -> tuple[tuple[str, int], ...]:
    """Which yearly values an evaluation on ``on`` uses (programs with equal keys are equal)."""
    return tuple((used.name, used.year) for used in amounts_on(source, on))
