"""A readable summary of a Decision, with citations (the CLI's ``--format text``)."""

from __future__ import annotations

from kvalitet.engine.decision import Decision, Reason, ServiceOutcome
from kvalitet.language.citations import citation_text
from kvalitet.language.labels import (
    ACCESS,
    BASIS,
    DEADLINE_KIND,
    EXCLUSION_MARK,
    EXCLUSION_RESULT,
    OUTCOME,
    PHRASES,
    RESULT,
    RESULT_MARK,
    RULE_KIND,
    Label,
    Language,
    provider_choice,
    starting_point_note,
)
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary
from kvalitet.language.wording import amount_used, at_most, scope_value

HEADINGS = {
    "municipality": Label("Kommune", "Municipality"),
    "date": Label("Dato", "Date"),
    "overview": Label("Oversigt", "Overview"),
    "result": Label("Resultat", "Result"),
    "access": Label("Adgang", "Access"),
    "missing": Label("Mangler oplysninger om", "Information missing on"),
    "reasons": Label("Begrundelse", "Reasons"),
    "missing_short": Label("mangler", "missing"),
    "assessment": Label("Individuel vurdering", "Individual assessment"),
}


def render_decision(
    decision: Decision, vocabulary: Vocabulary | None = None, lang: Language = "da"
) -> str:
    """The decision as text: an overview of several services, then a block per service.

    The labels are in ``lang``; the standards' own sentences are quoted as written (Danish).
    """
    chosen = vocabulary or bundled_vocabulary()
    h = {key: label.text(lang) for key, label in HEADINGS.items()}
    name = chosen.municipality_name(decision.municipality)
    day = decision.evaluated_on.isoformat()
    lines = [f"{h['municipality']}: {name}   {h['date']}: {day}", ""]
    if len(decision.services) > 1:
        lines.append(f"{h['overview']}:")
        lines.extend(
            f"  {OUTCOME[outcome.outcome].text(lang)}: {outcome.title} ({outcome.service})"
            for outcome in decision.services.values()
        )
        lines.append("")
    for outcome in decision.services.values():
        lines.extend(render_service(outcome, chosen, lang))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _citation(reason: Reason, lang: Language) -> str:
    citation = reason.citation
    return citation_text(
        citation, standard=citation.standard, lines_word=PHRASES["lines"].text(lang)
    )


def _mark(reason: Reason, lang: Language) -> str:
    if reason.not_raised:
        return f"– {PHRASES['not_raised'].text(lang)}"
    result = reason.result.value
    if reason.kind == "exclusion":
        return f"{EXCLUSION_MARK[result]} {EXCLUSION_RESULT[result].text(lang)}"
    return f"{RESULT_MARK[result]} {RESULT[result].text(lang)}"


def render_service(
    outcome: ServiceOutcome, vocabulary: Vocabulary, lang: Language = "da"
) -> list[str]:
    """The lines of one service's block."""
    h = {key: label.text(lang) for key, label in HEADINGS.items()}
    lines = [
        f"{outcome.title} ({outcome.service}, version {outcome.standard_version})",
        f"  {h['result']}: {OUTCOME[outcome.outcome].text(lang)}",
        f"  {h['access']}: {ACCESS[outcome.access].text(lang)}",
    ]
    if outcome.missing_facts:
        lines.append(f"  {h['missing']}: {', '.join(outcome.missing_facts)}")
    lines.append(f"  {h['reasons']}:")
    for reason in outcome.reasons:
        default = f", {PHRASES['default'].text(lang)}" if reason.default else ""
        lines.append(f"    {_mark(reason, lang)}: {reason.text}")
        lines.append(
            f"        [{BASIS[reason.basis].text(lang)}{default}; {_citation(reason, lang)}]"
        )
        if reason.missing_facts:
            lines.append(f"        {h['missing_short']}: {', '.join(reason.missing_facts)}")
    lines.extend(scope_lines(outcome, vocabulary, lang))
    lines.extend(
        f"  {RULE_KIND['payment'].text(lang)}: {' '.join(payment.text.split())}"
        for payment in outcome.payment
    )
    lines.extend(
        f"  {DEADLINE_KIND[deadline.kind].text(lang)}: {at_most(deadline.within, lang)}"
        + (
            f" ({PHRASES['counted_from'].text(lang)} {deadline.counted_from})"
            if deadline.counted_from
            else ""
        )
        for deadline in outcome.deadlines
    )
    for rule in outcome.provider_choice:
        choice = provider_choice(rule.free_choice, lang)
        text = " ".join(rule.text.split())
        lines.append(f"  {RULE_KIND['provider_choice'].text(lang)}: {choice} – {text}")
    lines.extend(
        f"  {RULE_KIND['amounts'].text(lang)}: {amount_used(used, lang)}"
        for used in outcome.amounts
    )
    lines.append(f"  {h['assessment']}: {' '.join(outcome.individual_assessment.split())}")
    lines.append(f"  NB: {starting_point_note(outcome.starting_point_note, lang)}")
    return lines


def scope_lines(
    outcome: ServiceOutcome, vocabulary: Vocabulary, lang: Language = "da", indent: str = "  "
) -> list[str]:
    """The scope a service's outcome states, a heading and a line per field (none: no lines)."""
    if outcome.scope is None or not outcome.scope.fields():
        return []
    fields = vocabulary.scope_fields_of(outcome.service.split("/", 1)[0])
    return [
        f"{indent}{RULE_KIND['scope'].text(lang)}:",
        *(
            f"{indent}  {scope_value(fields.get(name), name, value, lang)}"
            for name, value in outcome.scope.fields().items()
        ),
    ]


def render_outcomes(
    decision: Decision, vocabulary: Vocabulary | None = None, lang: Language = "da"
) -> str:
    """Each service's outcome on a line, with its scope, or the facts still missing.

    The short form of :func:`render_decision`, e.g. at the end of an interview.
    """
    chosen = vocabulary or bundled_vocabulary()
    missing = HEADINGS["missing"].text(lang)
    lines = []
    for outcome in decision.services.values():
        lines.append(f"{outcome.title} ({outcome.service}): {OUTCOME[outcome.outcome].text(lang)}")
        lines.extend(scope_lines(outcome, chosen, lang))
        if outcome.missing_facts:
            lines.append(f"  {missing}: {', '.join(outcome.missing_facts)}")
        if outcome.scope_missing_facts:
            scope = RULE_KIND["scope"].text(lang).lower()
            lines.append(f"  {missing} ({scope}): {', '.join(outcome.scope_missing_facts)}")
    return "\n".join(lines) + "\n" if lines else ""
