"""The JSON bodies of the ``/v1`` API that are not the library's own models."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kvalitet.engine.decision import Outcome, ServiceOutcome
from kvalitet.language.standard import Access
from kvalitet.service.problems import LocatedProblem

PROFILE_DESCRIPTION = (
    "The citizen's facts (every field optional; a missing field is unknown, never false). "
    "Its schema is the Profile schema."
)
MAX_TEXT = 500_000  # characters of a pasted file; the body limit is the real bound


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Response(BaseModel):
    model_config = ConfigDict(frozen=True)


class EvaluateRequest(_Request):
    """A profile to evaluate against one municipality's standards on a date."""

    profile: dict[str, Any] = Field(default_factory=dict, description=PROFILE_DESCRIPTION)
    municipality: str = Field(description="e.g. 'hillerod'.", examples=["hillerod"])
    on: date | None = Field(None, description="The evaluation date (default: today).")
    services: list[str] | None = Field(
        None,
        description="Only these services ('hillerod/sel-85' or 'sel-85'); default: all in force.",
    )


class ExplainRequest(_Request):
    """One service's outcome to explain."""

    profile: dict[str, Any] = Field(default_factory=dict, description=PROFILE_DESCRIPTION)
    municipality: str = Field(examples=["hillerod"])
    service: str = Field(description="'hillerod/sel-85' or 'sel-85'.", examples=["sel-85"])
    on: date | None = None
    lang: Literal["da", "en"] = "da"


class AskRequest(_Request):
    """What is known so far, to find the next question."""

    profile: dict[str, Any] = Field(default_factory=dict, description=PROFILE_DESCRIPTION)
    municipality: str = Field(examples=["hillerod"])
    on: date | None = None
    services: list[str] | None = Field(None, description="Services of interest (default: all).")
    skip: list[str] = Field(default_factory=list, description="Facts not to ask about.")


class WhatIfRequest(_Request):
    """A service's outcome, and the outcome wanted."""

    profile: dict[str, Any] = Field(default_factory=dict, description=PROFILE_DESCRIPTION)
    municipality: str = Field(examples=["hillerod"])
    service: str = Field(examples=["sel-85"])
    on: date | None = None
    target: Literal["within_standard", "outside_standard"] | None = Field(
        None, description="Default: within, or outside for an outcome already within."
    )
    limit: int = Field(5, ge=1, le=20)


class CheckRequest(_Request):
    """The text of a standard file (and optionally its cases and a profile) to check."""

    standard: str = Field(max_length=MAX_TEXT, description="The YAML text of a standard file.")
    cases: str | None = Field(
        None, max_length=MAX_TEXT, description="A case file's text (default: the bundled one)."
    )
    profile: dict[str, Any] | None = Field(None, description=PROFILE_DESCRIPTION)
    on: date | None = Field(None, description="For the lint and the profile (default: today).")


class ServiceSummary(_Response):
    """One loaded standard."""

    id: str = Field(examples=["hillerod/sel-85"])
    title: str
    version: str
    valid_from: date
    valid_to: date | None = None
    legal_basis: list[str]
    access: Access


class Municipality(_Response):
    """A municipality and its loaded standards."""

    id: str = Field(examples=["hillerod"])
    services: list[ServiceSummary]


class MunicipalityList(_Response):
    """Every municipality with a loaded standard."""

    municipalities: list[Municipality]


class QuestionOut(_Response):
    """A question for one profile field."""

    field: str
    text: str = Field(description="The question, in Danish.")
    kind: Literal["bool", "int", "number", "date", "enum", "services"]
    choices: list[str] = Field(description="The values of a choice; empty otherwise.")


class AskResponse(_Response):
    """The next question and why, or none when every chosen service is settled."""

    question: QuestionOut | None
    settles: list[str] = Field(description="The undetermined services that name this fact missing.")
    expected_settled: float | None = Field(
        None, description="Services the answer settles, on average over its possible values."
    )
    undetermined: list[str] = Field(description="The chosen services still undetermined.")
    outcomes: dict[str, Outcome] = Field(description="Each chosen service's outcome so far.")


class LiteralTest(_Response):
    """One test a changed fact must meet, e.g. ``{"op": "in", "value": ["C", "D"]}``."""

    op: str
    value: Any


class ChangeOut(_Response):
    """One fact to change."""

    fact: str
    tests: list[LiteralTest]
    checked_with: Any = Field(description="The value the change was checked with.")
    description: str = Field(
        description=(
            "In Danish, the fact by its label, e.g. 'Samlet faglig vurdering efter VUM 2.0 "
            "(support_need_level) er C – moderat støttebehov eller D – højt støttebehov'."
        )
    )


class WhatIfAnswer(_Response):
    """A set of changes that turns the outcome into ``to_outcome`` (checked by evaluation)."""

    from_outcome: Outcome
    to_outcome: Outcome
    changes: list[ChangeOut]
    description: str = Field(description="In Danish.")


class WhatIfResponse(_Response):
    """The smallest sets of changes found, smallest first."""

    service: str
    answers: list[WhatIfAnswer]


class FindingOut(_Response):
    """One lint finding."""

    line: int
    column: int
    severity: Literal["error", "warning"]
    code: str
    message: str
    hint: str


class CaseOut(_Response):
    """One case's result."""

    name: str
    passed: bool
    failures: list[str]
    source: str | None = None


class CheckResponse(_Response):
    """What the checks of a standard file's text found."""

    valid: bool = Field(description="The file loads (no problems).")
    standard_id: str | None = None
    problems: list[LocatedProblem] = Field(description="Load problems, located in the text.")
    findings: list[FindingOut] = Field(description="Lint findings (only when it loads).")
    cases: list[CaseOut] = Field(description="The cases' results (only when it loads).")
    case_problems: list[LocatedProblem] = Field(description="Problems of the case file itself.")
    outcome: ServiceOutcome | None = Field(None, description="The profile's outcome, if given.")
    profile_problems: list[LocatedProblem] = Field(default_factory=list)
