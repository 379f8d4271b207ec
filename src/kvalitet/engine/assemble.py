"""Turn a backend's rule results into a ServiceOutcome (shared by every backend)."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from kvalitet.engine.compiler import CompiledRule, ServiceProgram
from kvalitet.engine.decision import (
    Outcome,
    Reason,
    ServiceOutcome,
    trusted,
)
from kvalitet.engine.missing import MEMO_LIMIT, MissingFacts, unique
from kvalitet.engine.reasons import reason_for
from kvalitet.engine.results import RuleResults
from kvalitet.engine.truth import Truth, all_of, any_of
from kvalitet.language.arithmetic import amount_facts, compute
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
    """The outcome of one service from the facts and the truth of each rule.

    An outcome settled outside has no scope and no missing facts, so it follows from the
    pattern of the rules' results and the exceptions not raised alone, and is remembered by it.
    """
    explain = MissingFacts(program, _known(facts, results), results)
    dormant = _dormant_rules(program, facts, results)
    judged, count = _judged(program)
    truths = tuple([results.rules[rule.rule.id] for rule in judged])
    criteria, exclusions = truths[:count], truths[count:]
    if dormant:  # an exception not raised holds as a criterion and excludes no one
        criteria = tuple(
            Truth.TRUE if rule.rule.id in dormant else truth
            for rule, truth in zip(judged[:count], criteria, strict=True)
        )
        exclusions = tuple(
            Truth.FALSE if rule.rule.id in dormant else truth
            for rule, truth in zip(judged[count:], exclusions, strict=True)
        )
    eligible = all_of((all_of(criteria), any_of(exclusions).negate()))
    judgement = _Judgement(explain, dormant, judged, truths)
    if eligible is Truth.TRUE or judgement.open:
        # Within has a scope of the facts' values; missing facts make patterns near unique.
        return _outcome(program, results, judgement, eligible)
    key = ("outcome", truths, dormant, _term_pattern(program, results))
    remembered = program.cache.get(key)
    if not isinstance(remembered, ServiceOutcome):
        remembered = _outcome(program, results, judgement, eligible)
        if len(program.cache) < MEMO_LIMIT:
            program.cache[key] = remembered
    return remembered


@dataclass(frozen=True)
class _Judgement:
    """What the criteria and exclusions of one evaluation came to."""

    explain: MissingFacts
    dormant: frozenset[str]
    rules: tuple[CompiledRule, ...]
    truths: tuple[Truth, ...]

    @property
    def open(self) -> bool:
        """Whether a rule was left unknown (its reason names the facts it misses)."""
        return Truth.UNKNOWN in self.truths


def _outcome(
    program: ServiceProgram, results: RuleResults, judgement: _Judgement, eligible: Truth
) -> ServiceOutcome:
    reasons = _reasons(program, judgement)
    missing: list[str] = []
    if eligible is Truth.UNKNOWN:
        for reason in reasons:
            missing.extend(reason.missing_facts)
    scope: Scope | None = None
    scope_reasons: list[Reason] = []
    scope_missing: list[str] = []
    if eligible is Truth.TRUE:
        scope, scope_reasons, scope_missing = _scope(
            program, results, judgement.explain, judgement.dormant
        )
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


def _term_pattern(program: ServiceProgram, results: RuleResults) -> tuple[Truth | None, ...]:
    """The results of the access variants' and the terms' conditions."""
    return _results_of(program.access, results) + _results_of(program.terms, results)


def _results_of(rules: tuple[CompiledRule, ...], results: RuleResults) -> tuple[Truth | None, ...]:
    return tuple([results.rules.get(compiled.rule.id) for compiled in rules])


def _judged(program: ServiceProgram) -> tuple[tuple[CompiledRule, ...], int]:
    """The criteria and exclusions of a program, in that order, and how many are criteria."""
    found = program.cache.get("judged")
    if not isinstance(found, tuple):
        found = ((*program.criteria, *program.exclusions), len(program.criteria))
        program.cache["judged"] = found
    return found


TERM_FIELDS = (
    "payment",
    "deadlines",
    "provider_choice",
    "follow_up",
    "termination",
    "not_included",
)


def _terms(program: ServiceProgram, results: RuleResults) -> dict[str, Any]:
    """The terms that may apply (remembered per pattern of the term conditions' results)."""
    standard = program.standard
    key = ("terms", _results_of(program.terms, results))
    terms = program.cache.get(key)
    if not isinstance(terms, dict):
        terms = {name: _applying(getattr(standard, name), results) for name in TERM_FIELDS}
        if len(program.cache) < MEMO_LIMIT:
            program.cache[key] = terms
    return terms


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


def _reasons(program: ServiceProgram, judgement: _Judgement) -> list[Reason]:
    """The reasons of the criteria and exclusions (built once per pattern of settled results).

    A rule left unknown names the facts it misses, which vary from profile to profile.
    """
    pairs = zip(judgement.rules, judgement.truths, strict=True)
    explain, dormant = judgement.explain, judgement.dormant
    if judgement.open:
        return [reason_for(program, rule, truth, explain, dormant=dormant) for rule, truth in pairs]
    key = ("reasons", judgement.truths, dormant)
    cached = program.cache.get(key)
    if not isinstance(cached, list):
        cached = [
            reason_for(program, rule, truth, explain, dormant=dormant) for rule, truth in pairs
        ]
        if len(program.cache) < MEMO_LIMIT:
            program.cache[key] = cached
    return cached


T = TypeVar("T", bound=Term)


def _dormant_rules(
    program: ServiceProgram, facts: Mapping[str, Any], results: RuleResults
) -> frozenset[str]:
    """The exceptions no stated fact raises whose result is unknown: they take no effect."""
    return frozenset(
        rule.id
        for rule in _exceptions(program)
        if results.rules[rule.id] is Truth.UNKNOWN
        and rule.dormant(lambda name: facts.get(name) is not None)
    )


def _exceptions(program: ServiceProgram) -> tuple[Criterion | Exclusion | ScopeRule, ...]:
    """The rules of a program that only a stated fact raises (found once per program)."""
    found = program.cache.get("exceptions")
    if not isinstance(found, tuple):
        rules = (*program.criteria, *program.exclusions, *program.scope)
        found = tuple(
            compiled.rule
            for compiled in rules
            if isinstance(compiled.rule, Criterion | Exclusion | ScopeRule)
            and compiled.rule.raised_by
        )
        program.cache["exceptions"] = found
    return found


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
            reasons.append(reason_for(program, compiled, Truth.UNKNOWN, explain, dormant=dormant))
            continue
        truth = truths[rule.id]
        overriders = [truths[other] for other in overridden_by.get(rule.id, [])]
        if truth is Truth.FALSE or Truth.TRUE in overriders:
            continue
        reason = reason_for(program, compiled, truth, explain)
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
