"""The citizen profile: every fact a standard may read. Every field is optional; missing is unknown.

Field names are part of the contract (DESIGN.md). Each field's description gives the Danish term
from the standards, so that a caseworker and a programmer mean the same thing by it.
"""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kvalitet.errors import ProfileError

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

    def known_facts(self) -> dict[str, Any]:
        """The fields that are known (not ``None``), as plain JSON-able Python values."""
        return self.model_dump(mode="json", exclude_none=True)


PROFILE_FIELDS: tuple[str, ...] = tuple(Profile.model_fields)


def suggest(name: str, candidates: tuple[str, ...] | list[str]) -> str:
    """Return `` — did you mean 'x'?`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


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
        raise ProfileError(_describe(error), source) from None


def _describe(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            name = str(item["loc"][0])
            problems.append(
                f"{name}: unknown-field: not a profile field{suggest(name, PROFILE_FIELDS)}"
            )
        else:
            problems.append(f"{field}: invalid-value: {item['msg']} (got {item['input']!r})")
    return problems
