"""A readable Danish summary of a Decision, with citations (the CLI's ``--format text``)."""

from __future__ import annotations

from kvalitet.engine.decision import Decision, Reason, ServiceOutcome
from kvalitet.engine.truth import Truth
from kvalitet.language.citations import citation_text

OUTCOME_TEXT = {
    "within_standard": "Inden for serviceniveauet",
    "outside_standard": "Uden for serviceniveauet",
    "undetermined": "Kan ikke vurderes – mangler oplysninger",
}
ACCESS_TEXT = {
    "visitation": "visitation (kommunens sagsbehandler træffer afgørelse)",
    "direct": "direkte henvendelse (tilbuddets leder træffer afgørelse)",
    "referral": "henvisning",
}
RESULT_MARK = {Truth.TRUE: "✓ opfyldt", Truth.FALSE: "✗ ikke opfyldt", Truth.UNKNOWN: "? ukendt"}
EXCLUSION_MARK = {Truth.TRUE: "✗ gælder", Truth.FALSE: "✓ gælder ikke", Truth.UNKNOWN: "? ukendt"}
BASIS_TEXT = {"law": "lov", "standard": "kommunens serviceniveau"}
SCOPE_TEXT = {
    "hours_per_month": "timer om måneden",
    "hours_per_week": "timer om ugen",
    "max_hours_per_week": "timer om ugen (højst)",
    "max_hours": "timer i alt (højst)",
    "max_days_per_year": "døgn om året (højst)",
    "max_weeks": "uger (højst)",
    "max_months": "måneder (højst)",
    "package": "pakke",
    "hours_per_holiday_day": "timer pr. feriedag",
    "savings_max_hours": "timer kan højst opspares",
    "savings_period_months": "måneder at bruge opsparede timer i",
    "training_sessions_per_new_helper": "oplæringsgange pr. ny hjælper",
    "training_hours_per_session": "timer pr. oplæringsgang",
    "staff_meeting_hours_per_quarter_per_helper": "timer personalemøde pr. kvartal pr. hjælper",
    "mus_hours_per_helper_per_year": "timer MUS pr. hjælper om året",
    "wage_step": "løntrin",
    "psychologist_max_hours": "timer psykologbistand (højst)",
    "child_psychologist_min_hours": "timer psykologbistand pr. barn (mindst)",
    "child_psychologist_max_hours": "timer psykologbistand pr. barn (højst)",
}
DEADLINE_TEXT = {
    "processing": "Sagsbehandlingsfrist",
    "complaint": "Klagefrist",
    "complaint_answer": "Svar på klage",
    "first_contact": "Første kontakt",
    "reply": "Svar",
    "start": "Opstart",
    "treatment_start": "Behandlingsstart",
    "notice_to_municipality": "Underretning af kommunen",
}
UNIT_TEXT = {
    "days": "dage",
    "working_days": "hverdage",
    "weeks": "uger",
    "months": "måneder",
    "years": "år",
}


def render_decision(decision: Decision) -> str:
    """The decision as Danish text: an overview of several services, then a block per service."""
    lines = [
        f"Kommune: {decision.municipality}   Dato: {decision.evaluated_on.isoformat()}",
        "",
    ]
    if len(decision.services) > 1:
        lines.append("Oversigt:")
        lines.extend(
            f"  {OUTCOME_TEXT[outcome.outcome]}: {outcome.title} ({outcome.service})"
            for outcome in decision.services.values()
        )
        lines.append("")
    for outcome in decision.services.values():
        lines.extend(render_service(outcome))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _citation(reason: Reason) -> str:
    citation = reason.citation
    return citation_text(citation, standard=citation.standard)


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def render_service(outcome: ServiceOutcome) -> list[str]:
    """The lines of one service's block."""
    lines = [
        f"{outcome.title} ({outcome.service}, version {outcome.standard_version})",
        f"  Resultat: {OUTCOME_TEXT[outcome.outcome]}",
        f"  Adgang: {ACCESS_TEXT[outcome.access]}",
    ]
    if outcome.missing_facts:
        lines.append(f"  Mangler oplysninger om: {', '.join(outcome.missing_facts)}")
    lines.append("  Begrundelse:")
    for reason in outcome.reasons:
        marks = EXCLUSION_MARK if reason.kind == "exclusion" else RESULT_MARK
        default = ", udgangspunkt" if reason.default else ""
        lines.append(f"    {marks[reason.result]}: {reason.text}")
        lines.append(f"        [{BASIS_TEXT[reason.basis]}{default}; {_citation(reason)}]")
        if reason.missing_facts:
            lines.append(f"        mangler: {', '.join(reason.missing_facts)}")
    if outcome.scope is not None:
        stated = outcome.scope.model_dump(exclude_none=True)
        if stated:
            lines.append("  Omfang:")
            lines.extend(
                f"    {_number(value)} {SCOPE_TEXT[name]}" for name, value in stated.items()
            )
    lines.extend(f"  Betaling: {' '.join(payment.text.split())}" for payment in outcome.payment)
    for deadline in outcome.deadlines:
        unit = UNIT_TEXT[deadline.within.unit]
        label = DEADLINE_TEXT[deadline.kind]
        lines.append(f"  {label}: højst {deadline.within.value:g} {unit}")
    if outcome.provider_choice is not None:
        choice = "frit valg" if outcome.provider_choice.free_choice else "ikke frit valg"
        lines.append(f"  Leverandør: {choice} – {' '.join(outcome.provider_choice.text.split())}")
    lines.append(f"  Individuel vurdering: {' '.join(outcome.individual_assessment.split())}")
    lines.append(f"  NB: {outcome.starting_point_note}")
    return lines
