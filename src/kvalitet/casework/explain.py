"""Explanations a caseworker can hand to a citizen (forvaltningsloven §§ 22–24).

Why an outcome came out as it did, in the standard's own words, each reason cited to the
standard and the law.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kvalitet.casework.questions import question_for
from kvalitet.engine.decision import Outcome, Reason, ReasonCitation, ServiceOutcome
from kvalitet.engine.truth import Truth
from kvalitet.language.citations import citation_text

Language = Literal["da", "en"]

LABELS: dict[str, dict[str, str]] = {
    "da": {
        "within_standard": "Inden for serviceniveauet",
        "outside_standard": "Uden for serviceniveauet",
        "undetermined": "Kan ikke vurderes – der mangler oplysninger",
        "target_group": "Målgruppe",
        "vum_level": "Udgangspunkt efter VUM",
        "condition": "Betingelse",
        "exclusion": "Ikke omfattet",
        "scope": "Omfang",
        "law": "loven",
        "standard": "kommunens serviceniveau",
        "true": "opfyldt",
        "false": "ikke opfyldt",
        "unknown": "ukendt",
        "exclusion_true": "gælder",
        "exclusion_false": "gælder ikke",
        "because": "Det skyldes:",
        "missing": "For at vurdere sagen mangler vi svar på:",
        "within": "Alle betingelser i kvalitetsstandarden er opfyldt.",
        "reasons": "Begrundelse",
        "basis": "Grundlag",
        "default": "som udgangspunkt",
        "lines": "linje",
        "scope_heading": "Omfang",
    },
    "en": {
        "within_standard": "Within the service level",
        "outside_standard": "Outside the service level",
        "undetermined": "Cannot be assessed – information is missing",
        "target_group": "Target group",
        "vum_level": "Starting point (VUM)",
        "condition": "Condition",
        "exclusion": "Exclusion",
        "scope": "Scope",
        "law": "the act",
        "standard": "the municipality's service level",
        "true": "met",
        "false": "not met",
        "unknown": "unknown",
        "exclusion_true": "applies",
        "exclusion_false": "does not apply",
        "because": "Because:",
        "missing": "To assess the case we need answers to:",
        "within": "Every condition of the quality standard is met.",
        "reasons": "Reasons (the standard's own words, in Danish)",
        "basis": "Basis",
        "default": "as a starting point",
        "lines": "lines",
        "scope_heading": "Scope",
    },
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExplainedRule(_Model):
    """One rule as tested, with labels in the chosen language."""

    rule: str
    kind: str
    result: Truth
    result_label: str
    text: str
    basis: str
    basis_label: str
    default: bool
    citation: ReasonCitation
    missing_facts: tuple[str, ...] = ()


class MissingFact(_Model):
    """A fact that would settle the outcome, with the question to ask."""

    field: str
    question: str


class Explanation(_Model):
    """Why a service's outcome came out as it did."""

    service: str
    title: str
    lang: Language
    outcome: Outcome
    outcome_label: str
    decisive: tuple[str, ...]  # the rules that decide an outside or undetermined outcome
    rules: tuple[ExplainedRule, ...]
    missing: tuple[MissingFact, ...]
    scope: dict[str, object]
    individual_assessment: str
    note: str


def _result_label(reason: Reason, labels: dict[str, str]) -> str:
    if reason.kind == "exclusion" and reason.result is not Truth.UNKNOWN:
        return labels[f"exclusion_{reason.result.value}"]
    return labels[reason.result.value]


def _decisive(reason: Reason, outcome: Outcome) -> bool:
    if reason.kind == "scope":
        return False
    if outcome == "outside_standard":
        failing = Truth.TRUE if reason.kind == "exclusion" else Truth.FALSE
        return reason.result is failing
    return outcome == "undetermined" and reason.result is Truth.UNKNOWN


def explain(outcome: ServiceOutcome, lang: Language = "da") -> Explanation:
    """The explanation of one service's outcome in Danish (or English labels with ``en``).

    Example:
        >>> from datetime import date
        >>> from kvalitet import evaluate
        >>> outcome = evaluate({"motivated": False}, municipality="haderslev",
        ...                    on=date(2026, 6, 1)).services["haderslev/sel-102"]
        >>> explain(outcome).decisive
        ('target.motivated',)
    """
    labels = LABELS[lang]
    rules = tuple(
        ExplainedRule(
            rule=reason.rule,
            kind=labels[reason.kind],
            result=reason.result,
            result_label=_result_label(reason, labels),
            text=reason.text,
            basis=reason.basis,
            basis_label=labels[reason.basis],
            default=reason.default,
            citation=reason.citation,
            missing_facts=reason.missing_facts,
        )
        for reason in outcome.reasons
    )
    return Explanation(
        service=outcome.service,
        title=outcome.title,
        lang=lang,
        outcome=outcome.outcome,
        outcome_label=labels[outcome.outcome],
        decisive=tuple(r.rule for r in outcome.reasons if _decisive(r, outcome.outcome)),
        rules=rules,
        missing=tuple(
            MissingFact(field=fact, question=question_for(fact).text)
            for fact in outcome.missing_facts
        ),
        scope=outcome.scope.model_dump(exclude_none=True) if outcome.scope else {},
        individual_assessment=outcome.individual_assessment,
        note=outcome.starting_point_note,
    )


def _citation(citation: ReasonCitation, labels: dict[str, str]) -> str:
    return citation_text(citation, standard=citation.standard, lines_word=labels["lines"])


def render_explanation(explanation: Explanation) -> str:
    """The explanation as text a caseworker can hand to a citizen."""
    labels = LABELS[explanation.lang]
    lines = [f"{explanation.title} ({explanation.service})", explanation.outcome_label, ""]
    decisive = [r for r in explanation.rules if r.rule in explanation.decisive]
    if explanation.outcome == "within_standard":
        lines.append(labels["within"])
    elif explanation.outcome == "outside_standard":
        lines.append(labels["because"])
        lines.extend(f"  – {rule.text} [{_citation(rule.citation, labels)}]" for rule in decisive)
    if explanation.missing:
        lines.append(labels["missing"])
        lines.extend(f"  – {missing.question}" for missing in explanation.missing)
    if explanation.scope:
        lines.append("")
        lines.append(f"{labels['scope_heading']}: " + ", ".join(
            f"{name} = {value}" for name, value in explanation.scope.items()
        ))  # fmt: skip
    lines.extend(["", f"{labels['reasons']}:"])
    for rule in explanation.rules:
        default = f", {labels['default']}" if rule.default else ""
        lines.append(f"  {rule.kind} – {rule.result_label}: {rule.text}")
        lines.append(
            f"    [{labels['basis']}: {rule.basis_label}{default}; "
            f"{_citation(rule.citation, labels)}]"
        )
    lines.extend(["", explanation.individual_assessment, explanation.note])
    return "\n".join(lines) + "\n"
