"""What the caseworker's result page shows of one service's outcome, in Danish or English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kvalitet.casework.explain import LABELS as EXPLAIN_LABELS
from kvalitet.casework.explain import explain
from kvalitet.casework.summary import ACCESS_TEXT
from kvalitet.casework.whatif import WhatIf
from kvalitet.engine.decision import ServiceOutcome
from kvalitet.language.citations import citation_text
from kvalitet.service import vocabulary
from kvalitet.service.labels import Language

ACCESS_TEXT_EN = {
    "visitation": "visitation (the municipality's caseworker decides)",
    "direct": "direct (the citizen turns up; the place's leader decides)",
    "referral": "referral",
}
OP_TEXT_EN = {
    "eq": "is {v}",
    "ne": "is not {v}",
    "lt": "is under {v}",
    "le": "is at most {v}",
    "gt": "is over {v}",
    "ge": "is at least {v}",
    "in": "is {v}",
    "not_in": "is not {v}",
    "contains": "includes {v}",
    "not_contains": "does not include {v}",
}
OUTCOME_TEXT_EN = {
    "within_standard": "within the service level",
    "outside_standard": "outside the service level",
    "undetermined": "cannot be assessed",
}


@dataclass(frozen=True)
class ReasonView:
    """One rule as tested."""

    kind: str
    result: str
    result_label: str
    text: str
    basis: str
    default: bool
    citation: str
    decisive: bool


@dataclass(frozen=True)
class ServiceView:
    """One service's outcome, ready to show."""

    service: str
    title: str
    version: str
    outcome: str
    outcome_label: str
    access: str
    access_text: str | None
    scope: tuple[str, ...]
    deadlines: tuple[str, ...]
    payments: tuple[str, ...]
    reasons: tuple[ReasonView, ...]
    missing: tuple[tuple[str, str], ...]
    individual_assessment: str
    note: str
    whatifs: tuple[str, ...]


def _english_value(value: Any) -> str:  # noqa: ANN401 - a literal's value
    if isinstance(value, tuple | list):
        return " or ".join(_english_value(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def whatif_text(answer: WhatIf, lang: Language) -> str:
    """'inden for serviceniveauet, hvis …' or 'within the service level if …'."""
    if lang == "da":
        return answer.describe()
    changes = " and ".join(
        f"{change.fact} "
        + " and ".join(
            OP_TEXT_EN[lit.op].format(v=_english_value(lit.value)) for lit in change.literals
        )
        for change in answer.changes
    )
    return f"{OUTCOME_TEXT_EN[answer.to_outcome]} if {changes}"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def service_view(outcome: ServiceOutcome, lang: Language, whatifs: list[WhatIf]) -> ServiceView:
    """The view of one service's outcome, with the explanation's labels and citations."""
    explanation = explain(outcome, lang)
    lines_word = EXPLAIN_LABELS[lang]["lines"]
    access = ACCESS_TEXT if lang == "da" else ACCESS_TEXT_EN
    scope = outcome.scope.model_dump(exclude_none=True) if outcome.scope is not None else {}
    return ServiceView(
        service=outcome.service,
        title=_collapse(outcome.title),
        version=outcome.standard_version,
        outcome=outcome.outcome,
        outcome_label=explanation.outcome_label,
        access=access[outcome.access],
        access_text=_collapse(outcome.access_text) if outcome.access_text else None,
        scope=tuple(vocabulary.scope_phrase(name, value, lang) for name, value in scope.items()),
        deadlines=tuple(
            f"{vocabulary.deadline_phrase(d, lang)} – {_collapse(d.text)}"
            for d in outcome.deadlines
        ),
        payments=tuple(_collapse(payment.text) for payment in outcome.payment),
        reasons=tuple(
            ReasonView(
                kind=rule.kind,
                result=rule.result.value,
                result_label=rule.result_label,
                text=_collapse(rule.text),
                basis=rule.basis_label,
                default=rule.default,
                citation=citation_text(
                    rule.citation.section,
                    rule.citation.law,
                    rule.citation.lines,
                    standard=rule.citation.standard,
                    lines_word=lines_word,
                ),
                decisive=rule.rule in explanation.decisive,
            )
            for rule in explanation.rules
        ),
        missing=tuple((m.field, m.question) for m in explanation.missing),
        individual_assessment=_collapse(outcome.individual_assessment),
        note=outcome.starting_point_note,
        whatifs=tuple(whatif_text(answer, lang) for answer in whatifs),
    )
