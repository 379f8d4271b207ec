"""The reason an outcome gives for one rule: its text, result, citation and missing facts."""

from __future__ import annotations

from kvalitet.engine.compiler import CompiledRule, ServiceProgram
from kvalitet.engine.decision import Reason, ReasonCitation, ReasonKind, trusted
from kvalitet.engine.missing import MEMO_LIMIT, MissingFacts
from kvalitet.engine.truth import Truth
from kvalitet.language.conditions import render
from kvalitet.language.standard import Criterion, Exclusion, ScopeRule


def reason_for(
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
        reason = build_reason(program, compiled, truth)
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


def build_reason(program: ServiceProgram, compiled: CompiledRule, truth: Truth) -> Reason:
    """The reason for one rule with one result, without missing facts."""
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
