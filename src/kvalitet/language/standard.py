"""Pydantic models of a standard file: one service of one municipality, every rule cited.

The models are frozen and reject unknown keys; behaviour (checking, compiling, evaluating)
lives in other modules. The JSON Schema generated from :class:`StandardFile` is what an editor
uses to complete and check a policy author's YAML.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from kvalitet.language.arithmetic import Amount
from kvalitet.language.cited import (
    Based,
    Basis,
    Citation,
    Cited,
    InventoryId,
    Model,
    RuleId,
    Text,
    Url,
)
from kvalitet.language.conditions import Condition, FactName
from kvalitet.language.terms import (
    Deadline,
    Duration,
    FollowUp,
    Payment,
    ProviderChoice,
    Quantity,
    Rate,
    Statement,
    Term,
    Termination,
)

__all__ = [
    "Access",
    "AccessVariant",
    "AmountUsed",
    "AmountValue",
    "Basis",
    "Citation",
    "Cited",
    "Criterion",
    "DatedAmount",
    "Deadline",
    "DerivedFact",
    "Duration",
    "Exceptional",
    "Exclusion",
    "FollowUp",
    "IndividualAssessment",
    "NotEncoded",
    "Payment",
    "ProviderChoice",
    "Quantity",
    "Rate",
    "Scope",
    "ScopeRule",
    "ServiceId",
    "Source",
    "StandardFile",
    "Statement",
    "Term",
    "Termination",
]

# '<municipality>/<slug>': the slug names the service, e.g. 'sel-85', 'sel-104-klub' or, for a
# standard covering several sections, 'sel-82ab-85' (the sections are in 'legal_basis').
SERVICE_ID_PATTERN = r"^[a-z][a-z0-9]*/[a-z0-9]+(-[a-z0-9]+)*$"
ServiceId = Annotated[str, StringConstraints(pattern=SERVICE_ID_PATTERN)]
Access = Literal["visitation", "direct", "referral"]
ScopeFieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]


class Exceptional(Model):
    """A rule that may be an exception to the ordinary path, raised only by stating a fact."""

    raised_by: tuple[FactName, ...] = Field(
        (),
        description=(
            "An exception to the ordinary path (a circumstance few applicants have, a special "
            "package, a rare grant): the rule takes effect once one of these facts, which its "
            "condition reads, is stated. While none is stated and its result is unknown, it "
            "neither holds back the outcome nor names missing facts, so an ordinary applicant is "
            "not asked about it; its reason says it was not raised."
        ),
    )

    def dormant(self, stated: Callable[[str], bool]) -> bool:
        """Whether none of the facts that raise this exception is stated."""
        return bool(self.raised_by) and not any(stated(name) for name in self.raised_by)


class Criterion(Cited, Based, Exceptional):
    """A condition the citizen must meet to be within the standard's starting point."""

    kind: Literal["target_group", "vum_level", "condition"] = Field(
        "target_group",
        description="Target group, the starting-point VUM level, or another condition.",
    )
    when: Condition | None = Field(
        None, description="The condition that must hold; absent when it holds for everyone."
    )

    @property
    def condition(self) -> Condition | None:
        """The rule's condition."""
        return self.when


class Exclusion(Cited, Based, Exceptional):
    """A case the standard excludes: when it holds, the outcome is outside the standard."""

    when: Condition = Field(description="When this holds, the citizen is outside the standard.")

    @property
    def condition(self) -> Condition | None:
        """The rule's condition."""
        return self.when


class DerivedFact(Cited):
    """A boolean fact derived from others: true when any of its rules' conditions holds."""

    fact: FactName = Field(description="The name of the derived fact.")
    when: Condition

    @property
    def condition(self) -> Condition | None:
        """The rule's condition."""
        return self.when


ScopeValue = float | str | bool


class Scope(BaseModel):
    """The scope a standard gives a profile: only the fields the standard states are present.

    The fields are the vocabulary's scope fields (``hours_per_month``, ``package`` …); read one
    with ``scope.hours_per_month`` (present fields) or ``scope.get("hours_per_month")``.

    Example:
        >>> Scope(max_hours=5.0).get("max_hours"), Scope().get("package")
        (5.0, None)
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    def get(self, name: str, default: ScopeValue | None = None) -> ScopeValue | None:
        """The value of a scope field, or ``default`` when the scope does not state it."""
        return (self.model_extra or {}).get(name, default)

    def fields(self) -> dict[str, ScopeValue]:
        """Every field stated, with its value."""
        return dict(self.model_extra or {})

    def number(self, name: str) -> float | None:
        """A number field's value (``None`` when not stated or not a number)."""
        value = self.get(name)
        return (
            float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )

    def text(self, name: str) -> str | None:
        """A choice or text field's value (``None`` when not stated or not a text)."""
        value = self.get(name)
        return value if isinstance(value, str) else None

    if TYPE_CHECKING:  # attribute access to a stated field (pydantic keeps extras as attributes)

        def __getattr__(self, name: str) -> ScopeValue:
            """A stated field's value."""


ScopeSetting = Annotated[
    dict[ScopeFieldName, StrictBool | Annotated[str, StringConstraints(min_length=1)] | Amount],
    Field(
        min_length=1,
        description=(
            "The scope fields this rule sets (declared in a vocabulary), each a number, an "
            "amount computed from facts, a choice or a text."
        ),
    ),
]


class ScopeRule(Cited, Based, Exceptional):
    """When ``when`` holds (or always, without ``when``), the scope fields in ``set`` apply."""

    when: Condition | None = None
    set: ScopeSetting
    overrides: tuple[RuleId, ...] = Field(
        (), description="Scope rules this one replaces when it applies (an explicit exception)."
    )

    @property
    def condition(self) -> Condition | None:
        """The rule's condition."""
        return self.when


class AmountValue(Model):
    """An amount stated for a year."""

    year: Annotated[int, Field(ge=1990, le=2100)]
    amount: float


class DatedAmount(Cited, Based):
    """An amount regulated yearly that a condition compares with, e.g. the § 100 threshold.

    An evaluation uses the value of the latest year up to its own; before the first year
    stated, the first value.
    """

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="What conditions write: {amount: <name>}."
    )
    unit: Literal["kr", "kr_per_month", "kr_per_year", "kr_per_day", "hours", "percent"]
    values: tuple[AmountValue, ...] = Field(min_length=1)

    def value_on(self, on: date) -> AmountValue:
        """The value an evaluation on ``on`` uses."""
        ordered = sorted(self.values, key=lambda value: value.year)
        earlier = [value for value in ordered if value.year <= on.year]
        return earlier[-1] if earlier else ordered[0]


class AmountUsed(Model):
    """A dated amount as an evaluation used it: which value, from which year, and why.

    ``year`` is the year whose level decided; ``evaluation_year`` the year evaluated. When the
    first is earlier, the source states no newer level, and the outputs say so.
    """

    id: str
    name: str
    amount: float
    unit: str
    year: int
    evaluation_year: int | None = Field(
        None, description="The year of the evaluation date (absent in Decisions made before it)."
    )
    text: str
    cite: Citation

    @property
    def newer_level_stated(self) -> bool:
        """Whether the source states a level for the evaluation's year (not an earlier one)."""
        return self.evaluation_year is None or self.year >= self.evaluation_year


class AccessVariant(Cited):
    """Access for a part of the service (e.g. ambulant treatment is direct, residential is not).

    With ``when``, the outcome's access is this variant's when the condition holds (the first
    variant that holds wins); without it the variant is shown but never chosen.
    """

    applies_to: Text
    access: Access
    when: Condition | None = Field(
        None, description="When this holds, the outcome's access is this variant's."
    )

    @property
    def condition(self) -> Condition | None:
        """The rule's condition."""
        return self.when


class NotEncoded(Model):
    """An inventory rule this file deliberately does not evaluate, and why."""

    encodes: InventoryId = Field(description="The inventory rule id.")
    reason: Text


class Source(Model):
    """The source document and the part of it this file encodes: a text file or a web page."""

    document: Text
    file: Text | None = Field(None, description="The source text's file name.")
    url: Url | None = Field(None, description="The web page the standard is published on.")
    section: Text
    lines: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]] | None = Field(
        None, description="The first and last line of the section in the text file."
    )

    @model_validator(mode="after")
    def _file_or_page(self) -> Source:
        if self.file is None and self.url is None:
            msg = "a source is a text file ('file' and 'lines') or a web page ('url')"
            raise ValueError(msg)
        return self


class IndividualAssessment(Model):
    """The standard's sentence that every case is assessed concretely and individually."""

    text: Text
    cite: Citation


class StandardFile(Model):
    """One service's quality standard: who is in the target group, scope, payment, deadlines."""

    id: ServiceId = Field(description="'<municipality>/<act>-<paragraph>[-<variant>]'.")
    municipality: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]
    title: Text
    version: Text
    valid_from: date
    valid_to: date | None = Field(None, description="Last day in force; absent = until replaced.")
    source: Source
    legal_basis: tuple[Text, ...] = Field(min_length=1)
    access: Access
    access_text: Text | None = None
    access_variants: tuple[AccessVariant, ...] = ()
    individual_assessment: IndividualAssessment
    amounts: tuple[DatedAmount, ...] = Field(
        (), description="Amounts regulated yearly that conditions name as {amount: <name>}."
    )
    derive: tuple[DerivedFact, ...] = ()
    criteria: tuple[Criterion, ...] = Field(
        (), description="Empty when the service is open to everyone (e.g. SEL § 12)."
    )
    exclusions: tuple[Exclusion, ...] = ()
    scope: tuple[ScopeRule, ...] = ()
    payment: tuple[Payment, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    provider_choice: tuple[ProviderChoice, ...] = Field(
        (),
        description=(
            "Whether the citizen may choose the provider; one entry per case the source "
            "distinguishes (e.g. per form of treatment, each with 'when')."
        ),
    )
    follow_up: tuple[FollowUp, ...] = ()
    termination: tuple[Termination, ...] = ()
    not_included: tuple[Statement, ...] = ()
    procedure: tuple[Statement, ...] = ()
    not_encoded: tuple[NotEncoded, ...] = ()

    @model_validator(mode="after")
    def _period_is_ordered(self) -> StandardFile:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            msg = "valid_to is before valid_from"
            raise ValueError(msg)
        return self

    @property
    def service(self) -> str:
        """The part of the id after the municipality, e.g. ``sel-102``."""
        return self.id.split("/", 1)[1]

    def in_force(self, on: date) -> bool:
        """Whether the standard is in force on a date."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
