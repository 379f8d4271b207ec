"""Turn a backend's rule results into a ServiceOutcome (shared by every backend)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from kvalitet.engine.compiler import CompiledRule, ServiceProgram
from kvalitet.engine.decision import Outcome, Reason, ReasonCitation, ReasonKind, ServiceOutcome
from kvalitet.engine.results import RuleResults
from kvalitet.engine.truth import Truth, all_of, any_of
from kvalitet.language.arithmetic import amount_facts, compute
from kvalitet.language.conditions import AllOf, AnyOf, Condition, FactTest, Not, render
from kvalitet.language.national import NATIONAL_FACTS
from kvalitet.language.standard import (
    Access,
    AccessVariant,
    Criterion,
    Exclusion,
    Scope,
    ScopeRule,
    Term,
)

OUTCOME_OF: dict[Truth, Outcome] = {
    Truth.TRUE: "within_standard",
    Truth.FALSE: "outside_standard",
    Truth.UNKNOWN: "undetermined",
}


def assemble(
    program: ServiceProgram, facts: Mapping[str, Any], results: RuleResults
) -> ServiceOutcome:
    """The outcome of one service from the facts and the truth of each rule."""
    standard = program.standard
    explain = _MissingFacts(program, _known(facts, results), results)
    dormant = _dormant_rules(program, facts, results)
    criteria = [
        Truth.TRUE if rule.rule.id in dormant else results.rules[rule.rule.id]
        for rule in program.criteria
    ]
    exclusions = [
        Truth.FALSE if rule.rule.id in dormant else results.rules[rule.rule.id]
        for rule in program.exclusions
    ]
    eligible = all_of([all_of(criteria), any_of(exclusions).negate()])
    reasons = [
        _reason(program, rule, results.rules[rule.rule.id], explain, dormant=dormant)
        for rule in (*program.criteria, *program.exclusions)
    ]
    missing: list[str] = []
    if eligible is Truth.UNKNOWN:
        for reason in reasons:
            missing.extend(reason.missing_facts)
    scope: Scope | None = None
    scope_reasons: list[Reason] = []
    scope_missing: list[str] = []
    if eligible is Truth.TRUE:
        scope, scope_reasons, scope_missing = _scope(program, results, explain, dormant)
    return ServiceOutcome(
        service=standard.id,
        title=standard.title,
        standard_version=standard.version,
        outcome=OUTCOME_OF[eligible],
        access=_access(program, results),
        access_text=standard.access_text,
        access_variants=standard.access_variants,
        reasons=(*reasons, *scope_reasons),
        scope=scope,
        scope_missing_facts=_unique(scope_missing),
        amounts=program.amounts_used,
        payment=_applying(standard.payment, results),
        deadlines=_applying(standard.deadlines, results),
        provider_choice=_applying(standard.provider_choice, results),
        follow_up=_applying(standard.follow_up, results),
        termination=_applying(standard.termination, results),
        not_included=_applying(standard.not_included, results),
        missing_facts=_unique(missing),
        individual_assessment=standard.individual_assessment.text,
    )


T = TypeVar("T", bound=Term)


def _dormant_rules(
    program: ServiceProgram, facts: Mapping[str, Any], results: RuleResults
) -> frozenset[str]:
    """The exceptions no stated fact raises whose result is unknown: they take no effect."""
    rules = (*program.criteria, *program.exclusions, *program.scope)
    return frozenset(
        compiled.rule.id
        for compiled in rules
        if isinstance(compiled.rule, Criterion | Exclusion | ScopeRule)
        and results.rules[compiled.rule.id] is Truth.UNKNOWN
        and compiled.rule.dormant(lambda name: facts.get(name) is not None)
    )


def _applying(terms: tuple[T, ...], results: RuleResults) -> tuple[T, ...]:
    """The terms that may apply: those whose condition is not known to be false."""
    return tuple(term for term in terms if results.rules.get(term.id) is not Truth.FALSE)


def _access(program: ServiceProgram, results: RuleResults) -> Access:
    """The first access variant whose condition holds, else the standard's access."""
    for compiled in program.access:
        if results.rules[compiled.rule.id] is Truth.TRUE and isinstance(
            compiled.rule, AccessVariant
        ):
            return compiled.rule.access
    return program.standard.access


def scope_of(
    program: ServiceProgram, facts: Mapping[str, Any], results: RuleResults
) -> tuple[Scope, tuple[str, ...]]:
    """The scope the standard's scope rules give for the facts, whatever the eligibility.

    Returns the scope and the facts whose absence left part of it unknown.
    """
    explain = _MissingFacts(program, _known(facts, results), results)
    scope, _, missing = _scope(program, results, explain, _dormant_rules(program, facts, results))
    return scope, _unique(missing)


def _known(facts: Mapping[str, Any], results: RuleResults) -> dict[str, Any]:
    """The facts with the derived facts' values (``None`` for unknown)."""
    known = dict(facts)
    for fact, truth in results.derived.items():
        known[fact] = None if truth is Truth.UNKNOWN else truth is Truth.TRUE
    return known


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _reason(
    program: ServiceProgram,
    compiled: CompiledRule,
    truth: Truth,
    explain: _MissingFacts,
    *,
    dormant: frozenset[str] = frozenset(),
) -> Reason:
    """The reason for one rule; all but the missing facts is built once per program.

    An exception no stated fact raises is not assessed: it names no missing facts.
    """
    key = ("reason", compiled.rule.id, truth)
    reason = program.cache.get(key)
    if not isinstance(reason, Reason):
        reason = _build_reason(program, compiled, truth)
        program.cache[key] = reason
    if compiled.rule.id in dormant:
        return reason.model_copy(update={"not_raised": True})
    when = compiled.rule.when
    if truth is Truth.UNKNOWN and when is not None:
        return reason.model_copy(update={"missing_facts": explain.of(when)})
    return reason


def _build_reason(program: ServiceProgram, compiled: CompiledRule, truth: Truth) -> Reason:
    rule = compiled.rule
    kind: ReasonKind
    if isinstance(rule, Criterion):
        kind = rule.kind
    elif isinstance(rule, Exclusion):
        kind = "exclusion"
    else:
        kind = "scope"
    assert isinstance(rule, Criterion | Exclusion | ScopeRule)  # noqa: S101 - narrowing for mypy
    when = rule.when
    return Reason(
        rule=rule.id,
        kind=kind,
        tested=render(when) if when is not None else "altid",
        result=truth,
        text=" ".join(rule.text.split()),
        basis=rule.basis,
        default=rule.default,
        citation=ReasonCitation(
            standard=program.service,
            section=rule.cite.section,
            law=rule.cite.law,
            lines=rule.cite.lines,
            document=rule.cite.document,
            url=rule.cite.url,
            heading=rule.cite.heading,
        ),
    )


def _scope(
    program: ServiceProgram,
    results: RuleResults,
    explain: _MissingFacts,
    dormant: frozenset[str] = frozenset(),
) -> tuple[Scope, list[Reason], list[str]]:
    """The scope, the scope rules' reasons and the facts that would settle an open value.

    An exception no stated fact raises sets nothing and overrides nothing; its reason is shown,
    so the output names what it would change.
    """
    truths = {
        rule.rule.id: Truth.FALSE if rule.rule.id in dormant else results.rules[rule.rule.id]
        for rule in program.scope
    }
    overridden_by: dict[str, list[str]] = {}
    for compiled in program.scope:
        assert isinstance(compiled.rule, ScopeRule)  # noqa: S101 - narrowing for mypy
        for target in compiled.rule.overrides:
            overridden_by.setdefault(target, []).append(compiled.rule.id)
    values: dict[str, Any] = {}
    reasons: list[Reason] = []
    missing: list[str] = []
    for compiled in program.scope:
        rule = compiled.rule
        assert isinstance(rule, ScopeRule)  # noqa: S101 - narrowing for mypy
        if rule.id in dormant:
            reasons.append(_reason(program, compiled, Truth.UNKNOWN, explain, dormant=dormant))
            continue
        truth = truths[rule.id]
        overriders = [truths[other] for other in overridden_by.get(rule.id, [])]
        if truth is Truth.FALSE or Truth.TRUE in overriders:
            continue
        reason = _reason(program, compiled, truth, explain)
        reasons.append(reason)
        if truth is Truth.UNKNOWN:
            missing.extend(reason.missing_facts)
        elif Truth.UNKNOWN in overriders:
            for other in overridden_by[rule.id]:
                when = _rule(program, other).when
                missing.extend(explain.of(when) if when is not None else ())
        else:
            missing.extend(_apply(program, rule, explain.known, values))
    return Scope(**values), reasons, missing


def _apply(
    program: ServiceProgram, rule: ScopeRule, known: Mapping[str, Any], values: dict[str, Any]
) -> list[str]:
    """Set the rule's scope fields; an amount that reads a missing fact stays unset."""
    missing: list[str] = []
    for field, amount in rule.set.items():
        if isinstance(amount, bool | str):
            values[field] = amount
            continue
        value = compute(amount, known)
        if value is None:
            missing.extend(fact for fact, _ in amount_facts(amount) if known.get(fact) is None)
        else:
            # A difference such as "15 hours minus what the residence gives" ends at zero:
            # a scope is never negative.
            declared = program.scope_fields.get(field)
            number = max(value, 0.0)
            values[field] = int(number) if declared and declared.type == "int" else number
    return missing


def _rule(program: ServiceProgram, rule_id: str) -> ScopeRule:
    for compiled in program.scope:
        if compiled.rule.id == rule_id and isinstance(compiled.rule, ScopeRule):
            return compiled.rule
    raise KeyError(rule_id)  # pragma: no cover - overrides are checked at load


class _MissingFacts:
    """Which missing profile facts leave a condition unknown."""

    def __init__(
        self, program: ServiceProgram, known: Mapping[str, Any], results: RuleResults
    ) -> None:
        self._program = program
        self.known = known
        self._results = results

    def of(self, condition: Condition) -> tuple[str, ...]:
        return _unique(self._walk(condition))

    def _walk(self, condition: Condition) -> Iterable[str]:
        if self._program.compile_condition(condition)(self.known) is not Truth.UNKNOWN:
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
