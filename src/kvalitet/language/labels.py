"""The one catalogue of the words kvalitet shows people, in Danish and English.

Outcomes, access, basis, rule results, kinds of rules and terms, deadlines, units: every text
output (the CLI's summary, explain, render, compare, what-if, the service's pages) takes its
words from here, so a wording is changed once. The words of facts and scope fields are in the
vocabulary files; the standards' own sentences are quoted as written (Danish).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["da", "en"]


@dataclass(frozen=True)
class Label:
    """One word or phrase in Danish and English."""

    da: str
    en: str

    def text(self, lang: Language = "da") -> str:
        """The text in ``lang``."""
        return self.en if lang == "en" else self.da


def _table(**entries: tuple[str, str]) -> dict[str, Label]:
    return {key: Label(*texts) for key, texts in entries.items()}


# Every outcome carries this sentence (its Danish words are in the Decision).
STARTING_POINT = Label(
    "Resultatet er et udgangspunkt efter kommunens serviceniveau og ikke en afgørelse. "
    "Kommunen træffer altid afgørelse ud fra en konkret og individuel vurdering.",
    "The result is a starting point under the municipality's service level, not a decision. "
    "The municipality always decides on a concrete and individual assessment.",
)


def starting_point_note(note: str, lang: Language) -> str:
    """An outcome's starting-point sentence in ``lang`` (a note of its own stays as written)."""
    return STARTING_POINT.text(lang) if note == STARTING_POINT.da else note


OUTCOME = _table(
    within_standard=("Inden for serviceniveauet", "Within the service level"),
    outside_standard=("Uden for serviceniveauet", "Outside the service level"),
    undetermined=(
        "Kan ikke vurderes – der mangler oplysninger",
        "Cannot be assessed – information is missing",
    ),
)
ACCESS = _table(
    visitation=(
        "visitation (kommunens sagsbehandler træffer afgørelse)",
        "referral by the municipality (a caseworker decides)",
    ),
    direct=(
        "direkte henvendelse (tilbuddets leder træffer afgørelse)",
        "direct access (the provider's leader decides)",
    ),
    referral=("henvisning", "referral"),
)
BASIS = _table(
    law=("loven", "the act"),
    standard=("kommunens serviceniveau", "the municipality's service level"),
)
RESULT = _table(
    true=("opfyldt", "met"),
    false=("ikke opfyldt", "not met"),
    unknown=("ukendt", "unknown"),
)
EXCLUSION_RESULT = _table(
    true=("gælder", "applies"),
    false=("gælder ikke", "does not apply"),
    unknown=("ukendt", "unknown"),
)
RESULT_MARK = {"true": "✓", "false": "✗", "unknown": "?"}
EXCLUSION_MARK = {"true": "✗", "false": "✓", "unknown": "?"}
# What each kind of rule is (a criterion's kind, or the key of the list it stands in).
RULE_KIND = _table(
    target_group=("Målgruppe", "Target group"),
    vum_level=("Udgangspunkt efter VUM", "Starting point (VUM)"),
    condition=("Betingelse", "Condition"),
    criteria=("Målgruppe og betingelser", "Target group and conditions"),
    exclusions=("Ikke omfattet", "Not covered"),
    exclusion=("Ikke omfattet", "Not covered"),
    scope=("Omfang", "Scope"),
    amounts=("Beløb", "Amounts"),
    derive=("Målgruppe", "Target group"),
    payment=("Betaling", "Payment"),
    deadlines=("Frister", "Deadlines"),
    provider_choice=("Leverandør", "Provider"),
    follow_up=("Opfølgning", "Follow-up"),
    termination=("Ophør", "Termination"),
    not_included=("Indgår ikke", "Not included"),
    procedure=("Sagsbehandling", "Procedure"),
    access_variants=("Adgang", "Access"),
)
DEADLINE_KIND = _table(
    processing=("Sagsbehandlingsfrist", "Processing time"),
    complaint=("Klagefrist", "Time limit for a complaint"),
    complaint_answer=("Svar på klage", "Answer to a complaint"),
    first_contact=("Første kontakt", "First contact"),
    reply=("Svar", "Reply"),
    start=("Opstart", "Start"),
    treatment_start=("Behandlingsstart", "Start of treatment"),
    notice_to_municipality=("Underretning af kommunen", "Notice to the municipality"),
)
# Duration units, singular and plural.
DURATION_UNIT: dict[str, tuple[Label, Label]] = {
    "days": (Label("dag", "day"), Label("dage", "days")),
    "working_days": (Label("hverdag", "working day"), Label("hverdage", "working days")),
    "weeks": (Label("uge", "week"), Label("uger", "weeks")),
    "months": (Label("måned", "month"), Label("måneder", "months")),
    "years": (Label("år", "year"), Label("år", "years")),
}
AMOUNT_UNIT = _table(
    kr=("kr.", "DKK"),
    kr_per_started_day=("kr. pr. påbegyndt døgn", "DKK per started day"),
    kr_per_day=("kr. pr. døgn", "DKK per day"),
    kr_per_month=("kr. om måneden", "DKK a month"),
    kr_per_year=("kr. om året", "DKK a year"),
    hours=("timer", "hours"),
    percent=("procent", "per cent"),
)
PROVIDER_CHOICE = _table(
    free=("frit valg af leverandør", "free choice of provider"),
    not_free=("ikke frit valg af leverandør", "no free choice of provider"),
)
# How a test of a fact reads in a sentence ("support_need_level er C eller D").
OPERATOR = _table(
    eq=("er {v}", "is {v}"),
    ne=("ikke er {v}", "is not {v}"),
    lt=("er under {v}", "is under {v}"),
    le=("er højst {v}", "is at most {v}"),
    gt=("er over {v}", "is over {v}"),
    ge=("er mindst {v}", "is at least {v}"),
    **{"in": ("er {v}", "is {v}")},
    not_in=("ikke er {v}", "is not {v}"),
    contains=("omfatter {v}", "includes {v}"),
    not_contains=("ikke omfatter {v}", "does not include {v}"),
)
PHRASES = _table(
    and_=("og", "and"),
    or_=("eller", "or"),
    true=("sand", "true"),
    false=("falsk", "false"),
    at_most=("højst", "at most"),
    default=("som udgangspunkt", "as a starting point"),
    lines=("linje", "lines"),
    if_=("hvis", "if"),
    no_user_payment=("Ingen egenbetaling", "No user payment"),
    grant=("Tilskud til borgeren", "Grant to the citizen"),
    no_follow_up=("Ingen fast planlagt opfølgning", "No follow-up planned as a rule"),
    counted_from=("regnet fra", "counted from"),
    not_raised=(
        "undtagelse, ikke oplyst – indgår ikke i vurderingen",
        "exception, not stated – takes no part in the assessment",
    ),
    level=("{year}-niveau", "{year} level"),
    no_newer_level=(
        "standarden angiver ikke et niveau for {year}",
        "the standard states no level for {year}",
    ),
)
YES_NO = {True: Label("ja", "yes"), False: Label("nej", "no")}
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def duration_unit(unit: str, count: float, lang: Language = "da") -> str:
    """A duration unit in the singular or plural: ``uge`` for 1, ``uger`` otherwise."""
    singular, plural = DURATION_UNIT[unit]
    return (singular if count == 1 else plural).text(lang)


def provider_choice(free: bool, lang: Language = "da") -> str:  # noqa: FBT001 - a fact
    """Whether the citizen may choose the provider freely."""
    return PROVIDER_CHOICE["free" if free else "not_free"].text(lang)
