"""Turn a backend's rule results into a ServiceOutcome (shared by every backend)."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from typing import Any, TypeVar

from kvalitet.engine.compiler import CompiledRule, ServiceProgram
from kvalitet.engine.decision import (
    Outcome,
    Reason,
    ReasonCitation,
    ReasonKind,
    ServiceOutcome,
    trusted,
)
from kvalitet.engine.missing import MEMO_LIMIT, MissingFacts, unique
from kvalitet.engine.results import RuleResults
from kvalitet.engine.truth import Truth, all_of, any_of
from kvalitet.language.arithmetic import amount_facts, compute
from kvalitet.language.conditions import render
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
    explain = MissingFacts(program, _known(facts, results), results)
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
    reasons = _reasons(program, results, explain, dormant)
    missing: list[str] = []
    if eligible is Truth.UNKNOWN:
        for reason in reasons:
            missing.extend(reason.missing_facts)
    scope: Scope | None = None
    scope_reasons: list[Reason] = []
    scope_missing: list[str] = []
    if eligible is Truth.TRUE:
        scope, scope_reasons, scope_missing = _scope(program, results, explain, dormant)
    return trusted(
        ServiceOutcome,
        {
            **_static(program),
            "outcome": OUTCOME_OF[eligible],
            "access": _access(program, results),
            "reasons": (*reasons, *scope_reasons),
            "scope": scope,
            "scope_missing_facts": unique(scope_missing),
            **_terms(program, results),
            "missing_facts": unique(missing),
        },
    )


TERM_FIELDS = (
    "payment",
    "deadlines",
    "provider_choice",
    "follow_up",
    "termination",
    "not_included",
)


def _terms(program: ServiceProgram, results: RuleResults) -> dict[str, Any]:
    """The terms that may apply (those with no condition are the same for every profile)."""
    standard = program.standard
    if not program.terms:  # no term has a condition
        fixed = program.cache.get("fixed terms")
        if not isinstance(fixed, dict):
            fixed = {name: getattr(standard, name) for name in TERM_FIELDS}
            program.cache["fixed terms"] = fixed
        return fixed
    return {name: _applying(getattr(standard, name), results) for name in TERM_FIELDS}


def _static(program: ServiceProgram) -> dict[str, Any]:
    """The parts of every outcome of a program that do not depend on the profile."""
    static = program.cache.get("static outcome")
    if not isinstance(static, dict):
        standard = program.standard
        static = {
            "service": standard.id,
            "title": standard.title,
            "standard_version": standard.version,
            "standard_hash": program.content_hash,
            "access_text": standard.access_text,
            "access_variants": standard.access_variants,
            "amounts": program.amounts_used,
            "individual_assessment": standard.individual_assessment.text,
        }
        program.cache["static outcome"] = static
    return static


def _reasons(
    program: ServiceProgram,
    results: RuleResults,
    explain: MissingFacts,
    dormant: frozenset[str],
) -> list[Reason]:
    """The reasons of the criteria and exclusions (built once per pattern of known results)."""
    rules = (*program.criteria, *program.exclusions)
    truths = tuple(results.rules[rule.rule.id] for rule in rules)
    pairs = zip(rules, truths, strict=True)
    if Truth.UNKNOWN in truths:  # the missing facts depend on the profile
        return [_reason(program, rule, truth, explain, dormant=dormant) for rule, truth in pairs]
    key = ("reasons", truths, dormant)
    cached = program.cache.get(key)
    if not isinstance(cached, list):
        cached = [_reason(program, rule, truth, explain, dormant=dormant) for rule, truth in pairs]
        program.cache[key] = cached
    return cached


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
    explain = MissingFacts(program, _known(facts, results), results)
    scope, _, missing = _scope(program, results, explain, _dormant_rules(program, facts, results))
    return scope, unique(missing)


def _known(facts: Mapping[str, Any], results: RuleResults) -> Mapping[str, Any]:
    """The facts with the derived facts' values (``None`` for unknown), without copying them."""
    if not results.derived:
        return facts
    derived = {
        fact: None if truth is Truth.UNKNOWN else truth is Truth.TRUE
        for fact, truth in results.derived.items()
    }
    return ChainMap(derived, dict(facts) if not isinstance(facts, dict) else facts)


def _reason(
    program: ServiceProgram,
    compiled: CompiledRule,
    truth: Truth,
    explain: MissingFacts,
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
        missing = explain.of(when)
        key_missing = ("reason", compiled.rule.id, truth, missing)
        named = program.cache.get(key_missing)
        if not isinstance(named, Reason):
            named = trusted(Reason, {**reason.__dict__, "missing_facts": missing})
            if len(program.cache) < MEMO_LIMIT:
                program.cache[key_missing] = named
        return named
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
    explain: MissingFacts,
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
