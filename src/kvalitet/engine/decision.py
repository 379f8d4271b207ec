"""The output of an evaluation: per service a starting-point outcome with cited reasons.

The library never decides a case: every outcome is a starting point (*udgangspunkt*) for the
caseworker's concrete and individual assessment, whose sentence each outcome carries.
A :class:`Decision` serialises to JSON and back losslessly.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from kvalitet.engine.truth import Truth
from kvalitet.language.standard import (
    Access,
    AccessVariant,
    AmountUsed,
    Basis,
    Deadline,
    FollowUp,
    Payment,
    ProviderChoice,
    Scope,
    Statement,
    Termination,
)

Outcome = Literal["within_standard", "outside_standard", "undetermined"]
ReasonKind = Literal["target_group", "vum_level", "condition", "exclusion", "scope"]

M = TypeVar("M", bound=BaseModel)
_DEFAULTS: dict[type[BaseModel], dict[str, Any]] = {}


def trusted(model: type[M], values: dict[str, Any]) -> M:
    """A model of values validated already, without validating them again.

    What :meth:`~pydantic.BaseModel.model_construct` does, several times faster: the engine
    assembles every outcome from parts of validated models.

    The engine assembles every outcome from validated standards and facts; a test checks that a
    Decision built so equals the one validation builds.
    """
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = {
            name: field.get_default(call_default_factory=True)
            for name, field in model.model_fields.items()
            if not field.is_required()
        }
        _DEFAULTS[model] = defaults
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", {**defaults, **values})
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


STARTING_POINT_NOTE = (
    "Resultatet er et udgangspunkt efter kommunens serviceniveau og ikke en afgørelse. "
    "Kommunen træffer altid afgørelse ud fra en konkret og individuel vurdering."
)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _as_list(value: Any) -> Any:  # noqa: ANN401 - raw JSON
    """A Decision made before provider choice became a list holds one object (or null)."""
    if value is None:
        return ()
    return [value] if isinstance(value, dict) else value


class ReasonCitation(_Model):
    """Where a reason comes from: the standard, its section and lines, and the law."""

    standard: str = Field(description="The service id, e.g. 'haderslev/sel-102'.")
    section: str
    law: str | None = None
    lines: tuple[int, ...] = ()
    document: str | None = Field(None, description="Another document than the standard's.")
    url: str | None = Field(None, description="A web page the rule is taken from.")
    heading: str | None = Field(None, description="The heading of the part cited.")


class Reason(_Model):
    """One rule as tested: what, whether it held, in the standard's words, and its source."""

    rule: str = Field(description="The rule's id within its standard.")
    kind: ReasonKind
    tested: str = Field(description="The condition tested, rendered.")
    result: Truth
    text: str = Field(description="The standard's own words (Danish).")
    basis: Basis
    default: bool = Field(description="Stated as a starting point ('som udgangspunkt').")
    citation: ReasonCitation
    missing_facts: tuple[str, ...] = Field(
        (), description="Facts whose absence left this rule unknown."
    )
    not_raised: bool = Field(
        default=False,
        description=(
            "An exception to the ordinary path that no stated fact raises: not assessed, and it "
            "does not affect the outcome (see the rule's 'raised_by')."
        ),
    )


class ServiceOutcome(_Model):
    """The starting-point outcome for one service."""

    service: str
    title: str
    standard_version: str
    outcome: Outcome
    access: Access
    access_text: str | None = None
    access_variants: tuple[AccessVariant, ...] = ()
    reasons: tuple[Reason, ...]
    scope: Scope | None = Field(
        None, description="Present exactly when within the standard; the fields it states."
    )
    scope_missing_facts: tuple[str, ...] = ()
    amounts: tuple[AmountUsed, ...] = Field(
        (), description="Amounts regulated yearly the evaluation compared with, and their year."
    )
    payment: tuple[Payment, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    provider_choice: Annotated[tuple[ProviderChoice, ...], BeforeValidator(_as_list)] = Field(
        (), description="The provider-choice rules that may apply (e.g. per form of treatment)."
    )
    follow_up: tuple[FollowUp, ...] = ()
    termination: tuple[Termination, ...] = ()
    not_included: tuple[Statement, ...] = ()
    missing_facts: tuple[str, ...] = Field(
        (), description="Profile fields that would settle an undetermined outcome."
    )
    individual_assessment: str
    starting_point_note: str = STARTING_POINT_NOTE


class Decision(_Model):
    """What a profile gives under a municipality's standards on a date."""

    municipality: str
    evaluated_on: date
    facts: dict[str, Any] = Field(description="The facts used: the profile's and national ones.")
    standards: dict[str, str] = Field(description="Service id → standard version used.")
    services: dict[str, ServiceOutcome]

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialise to JSON; fields that are not stated (``None``) are left out.

        Conditions keep their YAML keys (``in``, ``not``), as the JSON Schema has them.
        """
        return self.model_dump_json(indent=indent, exclude_none=True, by_alias=True)

    @classmethod
    def from_json(cls, text: str) -> Decision:
        """Read a Decision back from :meth:`to_json` output."""
        return cls.model_validate_json(text)
