"""The citizen profile: every fact a standard may read. Every field is optional; missing is unknown.

Field names are part of the contract (DESIGN.md). Each field's description gives the Danish term
from the standards, so that a caseworker and a programmer mean the same thing by it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kvalitet.language.problems import ProfileError
from kvalitet.language.suggest import suggest

SupportNeedLevel = Literal["A", "B", "C", "D", "E"]
Housing = Literal[
    "own_home",
    "family_home",
    "temporary_residence",
    "long_term_residence",
    "crisis_centre",
    "shelter",
    "homeless",
]
EmployerTransfer = Literal["none", "close_relative", "association", "company"]
SERVICE_CODE_PATTERN = r"^[a-z]+-[0-9]+[a-z]?(-[a-z]+)?$"
# The service codes the bundled standards know, in the order of the act (for questions and
# generated profiles; any code matching the pattern is accepted).
KNOWN_SERVICE_CODES = (
    "sel-12",
    "sel-82a",
    "sel-82b",
    "sel-84",
    "sel-85",
    "sel-85a",
    "sel-95",
    "sel-96",
    "sel-97",
    "sel-98",
    "sel-100",
    "sel-101",
    "sel-102",
    "sel-103",
    "sel-104",
    "sel-107",
    "sel-108",
    "sel-109",
    "sel-110",
)
ServiceCode = Annotated[str, StringConstraints(pattern=SERVICE_CODE_PATTERN)]
Hours = Annotated[float, Field(ge=0)]


class Profile(BaseModel):
    """What is known about a citizen. A field left out (or ``None``) is unknown, never false.

    Example:
        >>> Profile(age=34, motivated=True).motivated
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    birth_date: date | None = Field(
        None, description="Fødselsdato. Alder og folkepensionsalder udledes heraf og af datoen."
    )
    age: Annotated[int, Field(ge=0, le=130)] | None = Field(
        None, description="Alder i hele år; bruges kun hvis fødselsdatoen mangler."
    )
    support_need_level: SupportNeedLevel | None = Field(
        None,
        description=(
            "Samlet faglig vurdering efter VUM 2.0: A intet, B let, C moderat, D højt, "
            "E fuldstændigt støttebehov."
        ),
    )
    impairment_substantial: bool | None = Field(
        None, description="Betydelig nedsat fysisk eller psykisk funktionsevne."
    )
    impairment_permanent: bool | None = Field(None, description="Varigt nedsat funktionsevne.")
    special_social_problems: bool | None = Field(None, description="Særlige sociale problemer.")
    housing: Housing | None = Field(
        None,
        description=(
            "Hvor borgeren bor: egen bolig, familiens hjem, midlertidigt botilbud (§ 107), "
            "længerevarende botilbud (§ 108 / ABL § 105), krisecenter, forsorgshjem/herberg, "
            "hjemløs."
        ),
    )
    current_services: tuple[ServiceCode, ...] | None = Field(
        None,
        description=(
            "Ydelser borgeren allerede er bevilget, som lov-paragraf i små bogstaver "
            "(fx 'sel-85', 'sel-96', 'sel-103')."
        ),
    )
    can_go_out_alone: bool | None = Field(
        None, description="Kan færdes alene uden for hjemmet (§ 97)."
    )
    escort_in_residence_hours_per_month: Hours | None = Field(
        None,
        description=(
            "Individuel ledsagelse til selvvalgte aktiviteter, som botilbuddet giver (§ 97)."
        ),
    )
    weekly_care_need_hours: Hours | None = Field(
        None, description="Behov for personlig og praktisk hjælp, timer om ugen (§ 95)."
    )
    can_be_work_supervisor: bool | None = Field(
        None, description="Kan fungere som arbejdsleder (§§ 95, 96)."
    )
    can_be_employer: bool | None = Field(
        None, description="Kan fungere som arbejdsgiver (§§ 95, 96)."
    )
    employer_transfer: EmployerTransfer | None = Field(
        None,
        description="Aftale om overdragelse af arbejdsgiverrollen (§§ 95, 96).",
    )
    cared_for_at_home_by_close_relative: bool | None = Field(
        None, description="Passes i eget hjem af en nærtstående pårørende (§ 84)."
    )
    support_hours_per_month: Hours | None = Field(
        None, description="Vurderet behov for socialpædagogisk støtte, timer om måneden (§ 85)."
    )
    monthly_extra_expenses: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Sandsynliggjorte nødvendige merudgifter, kr. om måneden (§ 100)."
    )
    early_pension_before_2003: bool | None = Field(
        None, description="Førtidspension efter gammel lovgivning (tilkendt før 2003) (§ 100)."
    )
    needs_special_treatment: bool | None = Field(
        None,
        description=(
            "Behov for behandling af en ganske særlig karakter, som ikke kan opnås gennem de "
            "behandlingstilbud, der tilbydes efter anden lovgivning (§ 102)."
        ),
    )
    ordinary_treatment_exhausted: bool | None = Field(
        None,
        description="Tilbuddene i det sædvanlige behandlingssystem er udtømte (§ 102).",
    )
    violence_in_close_relations: bool | None = Field(
        None, description="Udsat for vold i nære relationer (§ 109)."
    )
    accompanying_children: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Antal børn, der kommer med (§ 109)."
    )
    alcohol_dependence: bool | None = Field(None, description="Alkoholafhængighed (SUL § 141).")
    drug_dependence: bool | None = Field(None, description="Stofmisbrug (SEL § 101).")
    can_be_alone_at_home: bool | None = Field(
        None, description="Kan være alene hjemme i længere tid (§ 84)."
    )
    can_express_escort_wish: bool | None = Field(
        None, description="Kan give udtryk for ønske om individuel ledsagelse (§ 97)."
    )
    aware_of_activity_content: bool | None = Field(
        None, description="Er bevidst om indholdet i aktiviteten (§ 97)."
    )
    can_request_escort_without_pedagogy: bool | None = Field(
        None,
        description="Kan efterspørge individuel ledsagelse uden pædagogisk indhold (§ 97).",
    )
    needs_qualified_escort: bool | None = Field(
        None,
        description="Funktionsnedsættelsen kræver en ledsager med særlige kvalifikationer (§ 97).",
    )
    complex_help_need: bool | None = Field(
        None,
        description=(
            "Komplekst og sammensat hjælpebehov, der ikke kan tilgodeses på anden vis (§ 96)."
        ),
    )
    can_use_other_employment_offers: bool | None = Field(
        None,
        description="Kan benytte tilbud efter anden lovgivning, fx løntilskud (§ 103).",
    )
    needs_social_activities: bool | None = Field(
        None,
        description="Behov for socialt samvær og aktiviteter i fællesskab med andre (§ 104).",
    )
    needs_extensive_daily_help: bool | None = Field(
        None,
        description="Behov for omfattende hjælp til almindelige daglige funktioner (§§ 107, 108).",
    )
    needs_24h_care: bool | None = Field(
        None, description="Behov for kontinuitet og døgndækning (§ 108)."
    )
    motivated: bool | None = Field(None, description="Motiveret for at modtage indsatsen (§ 102).")
    treatment_need_documented: bool | None = Field(
        None,
        description=(
            "Behovet for behandling er veldokumenteret, fx ved speciallægeerklæring eller "
            "status fra lægen (§ 102)."
        ),
    )
    treatment_available_under_other_law: bool | None = Field(
        None,
        description=(
            "Behandlingen kan gives efter anden lovgivning, fx Sundhedsloven eller Lov om "
            "Aktiv Beskæftigelsesindsats (§ 102)."
        ),
    )
    treatment_approved_in_denmark: bool | None = Field(
        None, description="Den behandling, der søges om, er godkendt i Danmark (§ 102)."
    )
    sought_due_to_waiting_list_or_user_payment: bool | None = Field(
        None,
        description=(
            "Der søges, fordi der er venteliste eller egenbetaling i det sædvanlige "
            "behandlingssystem (§ 102)."
        ),
    )

    can_obtain_ordinary_employment: bool | None = Field(
        None,
        description=(
            "Kan opnå eller fastholde beskæftigelse på normale vilkår på arbejdsmarkedet "
            "('kan opnå beskæftigelse på anden vis') (§ 103)."
        ),
    )
    able_to_work_at_workplace: bool | None = Field(
        None,
        description=(
            "Er i stand til at producere og indgå i en hverdag på en arbejdsplads (§ 103)."
        ),
    )
    can_be_supported_in_ordinary_housing: bool | None = Field(
        None,
        description=(
            "Indsatsen kan ydes ved ophold i en almindelig bolig med støtte efter "
            "servicelovens øvrige bestemmelser eller anden lovgivning (§ 107)."
        ),
    )
    support_need_expected_to_change: bool | None = Field(
        None,
        description=(
            "Behovet for hjælp og støtte forventes at kunne ændre sig, bl.a. som følge af"
            " indsatsen under opholdet i boformen (§ 107)."
        ),
    )
    needs_nursing_and_care: bool | None = Field(
        None,
        description=("Behov for pleje og omsorg (§ 108)."),
    )
    needs_can_be_met_otherwise: bool | None = Field(
        None,
        description=(
            "Behovet for kontinuitet og døgndækning, omfattende hjælp eller pleje og "
            "omsorg kan dækkes på anden vis ('som du ikke kan få dækket på anden vis') (§"
            " 108)."
        ),
    )
    violence_threat_or_comparable_crisis: bool | None = Field(
        None,
        description=(
            "Udsat for trusler om vold eller i en tilsvarende krise i relation til "
            "familie- eller samlivsforhold (§ 109)."
        ),
    )
    needs_care_support_and_aftercare: bool | None = Field(
        None,
        description=("Behov for omsorg, støtte og eventuel efterfølgende hjælp (§ 110)."),
    )
    needs_treatment_to_preserve_or_improve_functions: bool | None = Field(
        None,
        description=(
            "Behov for behandlingen for at bevare eller forbedre fysiske, psykiske eller "
            "sociale funktioner (§ 102)."
        ),
    )
    treatment_performed_in_denmark: bool | None = Field(
        None,
        description=("Behandlingen udføres i Danmark (§ 102)."),
    )
    treatment_form: Literal["ambulant", "day", "residential"] | None = Field(
        None,
        description=(
            "Behandlingsform, der søges eller er tale om: ambulant behandling, "
            "dagbehandling eller døgnbehandling (alkoholbehandling SUL § 141, "
            "stofmisbrugsbehandling SEL § 101)."
        ),
    )
    substance_free_during_treatment: bool | None = Field(
        None,
        description=(
            "Er ædru (alkohol) eller stoffri (rusmidler) under forløbet; en forudsætning "
            "for dagbehandling (SUL § 141, SEL § 101)."
        ),
    )
    ambulant_and_day_treatment_tried: bool | None = Field(
        None,
        description=(
            "Ambulant behandling og dagbehandling er afprøvet i tilstrækkelig grad, før "
            "der søges om døgnbehandling (SUL § 141, SEL § 101)."
        ),
    )
    substance_use_significantly_harmful: bool | None = Field(
        None,
        description=(
            "Brugen af alkohol eller forbruget af rusmidler har en betydelig skadelig "
            "indvirkning på livssituationen (betingelse for døgnbehandling, SUL § 141, "
            "SEL § 101)."
        ),
    )
    wants_anonymous_treatment: bool | None = Field(
        None,
        description=(
            "Ønsker anonym behandling af stofmisbrug (anonym, ambulant behandling, SEL § 101 a)."
        ),
    )
    other_social_problems: bool | None = Field(
        None,
        description=(
            "Har andre sociale problemer end rusmiddelproblemet, hvortil der ydes hjælp "
            "efter servicelovens afsnit V (SEL § 101 a)."
        ),
    )
    helper_count: Annotated[int, Field(ge=0)] | None = Field(
        None,
        description=(
            "Antal hjælpere, borgeren har ansat i hjælperordningen ('hvis du har ansat "
            "mere end én hjælper': personalemøder) (§§ 95, 96)."
        ),
    )
    employer_transfer_party_approved: bool | None = Field(
        None,
        description=(
            "Den anden part (forening eller privat virksomhed), som arbejdsgiveransvaret "
            "overdrages til, er godkendt af Socialtilsynet (§§ 95, 96)."
        ),
    )
    close_relative_transfer_wanted: bool | None = Field(
        None,
        description=(
            "Både borgeren og den nærtstående ønsker, at tilskuddet til hjælperordningen "
            "overføres til den nærtstående (§ 95)."
        ),
    )
    needs_support_beyond_advice: bool | None = Field(
        None,
        description=(
            "Vurderet behov for støtte ud over råd og vejledning, så et gruppebaseret "
            "og/eller tidsbegrænset individuelt tilbud kan tilbydes (§§ 82a, 82b)."
        ),
    )
    close_relative_can_take_employer_role: bool | None = Field(
        None,
        description=(
            "Den nærtstående kan varetage opgaven som arbejdsgiver for hjælperne, når "
            "tilskuddet overføres til den nærtstående (§ 95)."
        ),
    )
    impairment: bool | None = Field(
        None,
        description=(
            "Nedsat fysisk eller psykisk funktionsevne, uanset grad; betydelig nedsat "
            "funktionsevne er impairment_substantial (§§ 82a, 82b)."
        ),
    )
    help_paid_to_close_relative: bool | None = Field(
        None,
        description=(
            "Hjælpen udbetales efter kommunens beslutning til en nærtstående person, som "
            "helt eller delvis passer borgeren (§ 95, stk. 3)."
        ),
    )
    social_problems: bool | None = Field(
        None,
        description=(
            "Sociale problemer, ikke nødvendigvis særlige; særlige sociale problemer er "
            "special_social_problems (§§ 82a, 82b)."
        ),
    )
    at_risk_of_impairment_or_social_problems: bool | None = Field(
        None,
        description=(
            "I risiko for at udvikle funktionsnedsættelse eller sociale problemer (§§ 82a, 82b)."
        ),
    )
    at_risk_of_homelessness: bool | None = Field(
        None,
        description=("I risiko for hjemløshed (§ 85a)."),
    )
    group_or_checkpoint_course_insufficient: bool | None = Field(
        None,
        description=(
            "Det er indledningsvist eller undervejs vurderet, at gruppeforløb og/eller "
            "Tjekpunktsforløb (§§ 82a, 82b) ikke er tilstrækkelige / ikke dækker "
            "støttebehovet (§ 85)."
        ),
    )
    state_pension_deferred: bool | None = Field(
        None,
        description=(
            "Har efter § 15 a i lov om social pension opsat udbetalingen af folkepensionen (§ 100)."
        ),
    )
    impairment_intrusive_consequences: bool | None = Field(
        None,
        description=(
            "Funktionsnedsættelsen medfører indgribende konsekvenser i hverdagen, "
            "vurderet bredt i forhold til den samlede livssituation (§ 100)."
        ),
    )
    frequent_substantial_assistance_measures: bool | None = Field(
        None,
        description=(
            "Funktionsnedsættelsen medfører, at der ofte må sættes ind med ikke "
            "uvæsentlige hjælpeforanstaltninger, fx fleksjob, handicapbil og hjælpemidler"
            " i sammenhæng med andre ydelser (§ 100)."
        ),
    )
    extra_expenses_caused_by_impairment: bool | None = Field(
        None,
        description=(
            "Merudgifterne er en direkte følge af funktionsnedsættelsen, og det er "
            "udgifter, som andre uden funktionsnedsættelse ikke har (§ 100)."
        ),
    )
    extra_expenses_coverable_otherwise: bool | None = Field(
        None,
        description=(
            "Merudgifterne kan søges efter andre paragraffer i serviceloven eller anden "
            "lovgivning, eller funktionsnedsættelsen kan kompenseres gennem anden "
            "lovgivning, også hvis en tilbudt løsning (fx et kompenserende hjælpemiddel) "
            "fravælges (§ 100)."
        ),
    )
    past_compulsory_school_age: bool | None = Field(
        None,
        description=(
            "Over den undervisningspligtige alder (efter folkeskolens 9. klasse), dvs. "
            "undervisningspligten er ophørt (Lov om specialundervisning for voksne § 1)."
        ),
    )
    needs_special_teaching: bool | None = Field(
        None,
        description=(
            "Behov for særligt tilrettelagt undervisning og rådgivning, der skal afhjælpe"
            " eller begrænse virkningen af funktionsnedsættelsen (kompenserende "
            "specialundervisning, Lov om specialundervisning for voksne § 1)."
        ),
    )
    lives_in_municipality: bool | None = Field(
        None,
        description=(
            "Bor eller opholder sig i længere tid i kommunen (Lov om specialundervisning "
            "for voksne § 1)."
        ),
    )
    teaching_need_met_elsewhere: bool | None = Field(
        None,
        description=(
            "Behovet for specialundervisning kan varetages i andre tilbud med samme "
            "formål eller efter anden lovgivning (Lov om specialundervisning for voksne)."
        ),
    )
    home_relief_days_per_year: Annotated[int, Field(ge=0)] | None = Field(
        None,
        description=(
            "Afløsning i hjemmet, der er bevilget, opgjort i de aflastningsdøgn pr. år, "
            "den modregnes i; 0 = ingen afløsning ('Hvis der bevilges afløsning, vil "
            "dette blive modregnet i eventuelle aflastningsdøgn på et botilbud', § 84). "
            "Omregningen fastsættes af sagsbehandleren; standarden angiver den ikke."
        ),
    )
    helper_seniority_years: float | None = Field(
        None,
        description=(
            "Anciennitet i år hos den handicaphjælper, som tilskuddet til lønudgifter "
            "udmåles for (§§ 95, 96: løntrin 11; løntrin 12 til handicaphjælpere, der har"
            " mere end 3 års anciennitet)."
        ),
    )
    # -- new fields go above this line (see DESIGN.md: optional, documented, Danish term) --

    def known_facts(self) -> dict[str, Any]:
        """The fields that are known (not ``None``), as plain JSON-able Python values."""
        return self.model_dump(mode="json", exclude_none=True)


PROFILE_FIELDS: tuple[str, ...] = tuple(Profile.model_fields)


def parse_profile(data: Profile | dict[str, Any], source: str | Path | None = None) -> Profile:
    """Validate a profile given as a model or a plain mapping.

    Raises:
        ProfileError: naming every wrong field and what it expects, with did-you-mean for
            unknown field names.

    Example:
        >>> parse_profile({"age": 30}).age
        30
    """
    if isinstance(data, Profile):
        return data
    if not isinstance(data, dict):
        msg = f"a profile is a mapping of field names to values, not {type(data).__name__}"
        raise ProfileError([msg], source)
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        problems = validation_problems(error)
        raise ProfileError([message for _, message in problems], source) from None


def validation_problems(error: ValidationError) -> list[tuple[str, str]]:
    """Each problem of a profile as ``(top-level field, "code: message")``."""
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] == "extra_forbidden":
            hint = suggest(field, PROFILE_FIELDS)
            problems.append((field, f"unknown-field: '{field}' is not a profile field{hint}"))
        else:
            where = ".".join(str(part) for part in item["loc"])
            text = f"invalid-value: {where}: {item['msg']} (got {item['input']!r})"
            problems.append((field, text))
    return problems
