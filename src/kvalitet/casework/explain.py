"""Explanations a caseworker can hand to a citizen (forvaltningsloven §§ 22–24).

Why an outcome came out as it did, in the standard's own words, each reason cited to the
standard and the law.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from kvalitet.casework.questions import question_for
from kvalitet.engine.decision import Outcome, Reason, ReasonCitation, ServiceOutcome
from kvalitet.engine.truth import Truth
from kvalitet.language.citations import citation_text
from kvalitet.language.labels import (
    BASIS,
    EXCLUSION_RESULT,
    OUTCOME,
    RESULT,
    RULE_KIND,
    Label,
    Language,
    starting_point_note,
)
from kvalitet.language.labels import PHRASES as COMMON
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary
from kvalitet.language.wording import amount_used, scope_value

PHRASES = {
    "because": Label("Det skyldes:", "Because:"),
    "missing": Label(
        "For at vurdere sagen mangler vi svar på:", "To assess the case we need answers to:"
    ),
    "within": Label(
        "Alle betingelser i kvalitetsstandarden er opfyldt.",
        "Every condition of the quality standard is met.",
    ),
    "reasons": Label("Begrundelse", "Reasons (the standard's own words, in Danish)"),
    "basis": Label("Grundlag", "Basis"),
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
    not_raised: bool = False


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
    scope_text: tuple[str, ...] = ()
    amounts_text: tuple[str, ...] = ()
    individual_assessment: str
    note: str


def _result_label(reason: Reason, lang: Language) -> str:
    if reason.not_raised:
        return COMMON["not_raised"].text(lang)
    table = EXCLUSION_RESULT if reason.kind == "exclusion" else RESULT
    return table[reason.result.value].text(lang)


def _decisive(reason: Reason, outcome: Outcome) -> bool:
    if reason.kind == "scope" or reason.not_raised:
        return False
    if outcome == "outside_standard":
        failing = Truth.TRUE if reason.kind == "exclusion" else Truth.FALSE
        return reason.result is failing
    return outcome == "undetermined" and reason.result is Truth.UNKNOWN


def explain(
    outcome: ServiceOutcome, lang: Language = "da", vocabulary: Vocabulary | None = None
) -> Explanation:
    """The explanation of one service's outcome in Danish (or English with ``en``).

    The standard's own sentences stay as written (Danish); the labels, the questions for
    missing facts and the scope are in ``lang`` (from ``vocabulary``, default the bundled one).

    Example:
        >>> from datetime import date
        >>> from kvalitet import evaluate
        >>> outcome = evaluate({"motivated": False}, municipality="haderslev",
        ...                    on=date(2026, 6, 1)).services["haderslev/sel-102"]
        >>> explain(outcome).decisive
        ('target.motivated',)
    """
    chosen = vocabulary or bundled_vocabulary()
    scope_fields = chosen.scope_fields_of(outcome.service.split("/", 1)[0])
    rules = tuple(
        ExplainedRule(
            rule=reason.rule,
            kind=RULE_KIND[reason.kind].text(lang),
            result=reason.result,
            result_label=_result_label(reason, lang),
            text=reason.text,
            basis=reason.basis,
            basis_label=BASIS[reason.basis].text(lang),
            default=reason.default,
            citation=reason.citation,
            missing_facts=reason.missing_facts,
            not_raised=reason.not_raised,
        )
        for reason in outcome.reasons
    )
    return Explanation(
        service=outcome.service,
        title=outcome.title,
        lang=lang,
        outcome=outcome.outcome,
        outcome_label=OUTCOME[outcome.outcome].text(lang),
        decisive=tuple(r.rule for r in outcome.reasons if _decisive(r, outcome.outcome)),
        rules=rules,
        missing=tuple(
            MissingFact(field=fact, question=question_for(fact, chosen, lang).text)
            for fact in outcome.missing_facts
        ),
        scope=outcome.scope.fields() if outcome.scope else {},
        scope_text=tuple(
            scope_value(scope_fields.get(name), name, value, lang)
            for name, value in (outcome.scope.fields() if outcome.scope else {}).items()
        ),
        amounts_text=tuple(amount_used(used, lang) for used in outcome.amounts),
        individual_assessment=outcome.individual_assessment,
        note=starting_point_note(outcome.starting_point_note, lang),
    )


def _citation(citation: ReasonCitation, lang: Language) -> str:
    return citation_text(
        citation, standard=citation.standard, lines_word=COMMON["lines"].text(lang)
    )


def render_explanation(explanation: Explanation) -> str:
    """The explanation as text a caseworker can hand to a citizen."""
    lang = explanation.lang
    words = {key: label.text(lang) for key, label in PHRASES.items()}
    lines = [f"{explanation.title} ({explanation.service})", explanation.outcome_label, ""]
    decisive = [r for r in explanation.rules if r.rule in explanation.decisive]
    if explanation.outcome == "within_standard":
        lines.append(words["within"])
    elif explanation.outcome == "outside_standard":
        lines.append(words["because"])
        lines.extend(f"  – {rule.text} [{_citation(rule.citation, lang)}]" for rule in decisive)
    if explanation.missing:
        lines.append(words["missing"])
        lines.extend(f"  – {missing.question}" for missing in explanation.missing)
    if explanation.scope_text:
        lines.extend(["", f"{RULE_KIND['scope'].text(lang)}: " + ", ".join(explanation.scope_text)])
    if explanation.amounts_text:
        lines.append(f"{RULE_KIND['amounts'].text(lang)}: " + ", ".join(explanation.amounts_text))
    lines.extend(["", f"{words['reasons']}:"])
    for rule in explanation.rules:
        default = f", {COMMON['default'].text(lang)}" if rule.default else ""
        lines.append(f"  {rule.kind} – {rule.result_label}: {rule.text}")
        lines.append(
            f"    [{words['basis']}: {rule.basis_label}{default}; {_citation(rule.citation, lang)}]"
        )
    lines.extend(["", explanation.individual_assessment, explanation.note])
    return "\n".join(lines) + "\n"
