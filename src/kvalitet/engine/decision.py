"""The output of an evaluation: per service a starting-point outcome with cited reasons.

The library never decides a case: every outcome is a starting point (*udgangspunkt*) for the
caseworker's concrete and individual assessment, whose sentence each outcome carries.
A :class:`Decision` serialises to JSON and back losslessly, and says what made it: its own id,
the library's version, the day and the zone whose calendar day it is, and per service the hash
of the standard file that decided it (:mod:`kvalitet.language.fingerprints`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from kvalitet._version import __version__
from kvalitet.engine.truth import Truth
from kvalitet.language.calendar import EvaluationDay
from kvalitet.language.labels import STARTING_POINT
from kvalitet.language.problems import EvaluationError
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
from kvalitet.language.suggest import suggest

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


STARTING_POINT_NOTE = STARTING_POINT.da


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
    standard_hash: str | None = Field(
        None,
        description=(
            "sha256 of the standard file's text (UTF-8, line ends \\n) that decided the outcome; "
            "absent only for a standard compiled in memory, not read from a file."
        ),
    )
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
    """What a profile gives under a municipality's standards on a date.

    Two evaluations of one profile on one day differ only in their :attr:`id`; compare them
    with :meth:`same_as`.
    """

    id: UUID = Field(description="This evaluation's id (a random UUID, version 4).")
    kvalitet_version: str = Field(description="The version of kvalitet that evaluated.")
    municipality: str
    evaluated_on: date
    day_given: bool = Field(
        description="True when the caller gave the day; false when it was today in the zone."
    )
    zone: str = Field(description="The time zone whose calendar day evaluated_on is.")
    facts: dict[str, Any] = Field(description="The facts used: the profile's and national ones.")
    standards: dict[str, str] = Field(description="Service id → standard version used.")
    shared_data_hash: str | None = Field(
        None,
        description="sha256 over the national law data and vocabulary files the standards share.",
    )
    services: dict[str, ServiceOutcome]

    def same_as(self, other: Decision) -> bool:
        """Equal in everything but the id: the same outcome of the same evaluation.

        Example:
            >>> from datetime import date
            >>> from kvalitet import evaluate
            >>> first = evaluate({}, municipality="haderslev", on=date(2026, 1, 1))
            >>> second = evaluate({}, municipality="haderslev", on=date(2026, 1, 1))
            >>> first == second, first.same_as(second)
            (False, True)
        """
        return self.model_copy(update={"id": other.id}) == other

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialise to JSON; fields that are not stated (``None``) are left out.

        Conditions keep their YAML keys (``in``, ``not``), as the JSON Schema has them.
        """
        return self.model_dump_json(indent=indent, exclude_none=True, by_alias=True)

    @classmethod
    def from_json(cls, text: str) -> Decision:
        """Read a Decision back from :meth:`to_json` output."""
        return cls.model_validate_json(text)


def only_services(decision: Decision, services: Iterable[str]) -> Decision:
    """The decision for some of its services only (ids such as ``hillerod/sel-85``).

    Raises:
        EvaluationError: for a service the decision does not have, with the nearest one.

    Example:
        >>> from datetime import date
        >>> from kvalitet import evaluate
        >>> decision = evaluate({}, municipality="hillerod", on=date(2026, 6, 1))
        >>> list(only_services(decision, ["hillerod/sel-85"]).services)
        ['hillerod/sel-85']
    """
    chosen = list(dict.fromkeys(services))
    for service in chosen:
        if service not in decision.services:
            have = list(decision.services)
            message = (
                f"no service '{service}' of {decision.municipality} in force on "
                f"{decision.evaluated_on.isoformat()}{suggest(service, have)}"
            )
            raise EvaluationError(message)
    return decision.model_copy(
        update={
            "services": {s: o for s, o in decision.services.items() if s in chosen},
            "standards": {s: v for s, v in decision.standards.items() if s in chosen},
        }
    )


def new_decision(
    *,
    municipality: str,
    when: EvaluationDay,
    facts: dict[str, Any],
    standards: dict[str, str],
    services: dict[str, ServiceOutcome],
    shared_data_hash: str | None,
) -> Decision:
    """A Decision of validated parts, with a new id, this library's version, the day and zone.

    The parts are not validated again (``model_construct``), and the fields keep their order.
    """
    return Decision.model_construct(
        id=uuid.uuid4(),
        kvalitet_version=__version__,
        municipality=municipality,
        evaluated_on=when.day,
        day_given=when.given,
        zone=when.zone,
        facts=facts,
        standards=standards,
        shared_data_hash=shared_data_hash,
        services=services,
    )
