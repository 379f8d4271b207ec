"""What the caseworker's result page shows of one service's outcome, in Danish or English."""

from __future__ import annotations

from dataclasses import dataclass

from kvalitet.casework.explain import explain
from kvalitet.casework.whatif import WhatIf
from kvalitet.engine.decision import ServiceOutcome
from kvalitet.language.citations import citation_text
from kvalitet.language.labels import ACCESS, PHRASES
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.service import vocabulary
from kvalitet.service.labels import Language


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


def whatif_text(answer: WhatIf, lang: Language, words: Vocabulary) -> str:
    """'inden for serviceniveauet, hvis …' or 'within the service level, if …' (labelled)."""
    return answer.describe(lang, words)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def service_view(
    outcome: ServiceOutcome, lang: Language, whatifs: list[WhatIf], words: Vocabulary
) -> ServiceView:
    """The view of one service's outcome, with the explanation's labels and citations."""
    explanation = explain(outcome, lang, words)
    lines_word = PHRASES["lines"].text(lang)
    municipality = outcome.service.split("/", 1)[0]
    scope = outcome.scope.fields() if outcome.scope is not None else {}
    return ServiceView(
        service=outcome.service,
        title=_collapse(outcome.title),
        version=outcome.standard_version,
        outcome=outcome.outcome,
        outcome_label=explanation.outcome_label,
        access=ACCESS[outcome.access].text(lang),
        access_text=_collapse(outcome.access_text) if outcome.access_text else None,
        scope=tuple(
            vocabulary.scope_phrase(words, municipality, name, value, lang)
            for name, value in scope.items()
        ),
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
                    rule.citation, standard=rule.citation.standard, lines_word=lines_word
                ),
                decisive=rule.rule in explanation.decisive,
            )
            for rule in explanation.rules
        ),
        missing=tuple((m.field, m.question) for m in explanation.missing),
        individual_assessment=_collapse(outcome.individual_assessment),
        note=outcome.starting_point_note,
        whatifs=tuple(whatif_text(answer, lang, words) for answer in whatifs),
    )
