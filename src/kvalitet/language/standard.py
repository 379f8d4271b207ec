"""Pydantic models of a standard file: one service of one municipality, every rule cited.

The models are frozen and reject unknown keys; behaviour (checking, compiling, evaluating)
lives in other modules. The JSON Schema generated from :class:`StandardFile` is what an editor
uses to complete and check a policy author's YAML.
"""

from __future__ import annotations

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
from kvalitet.language.conditions import Condition, FactName

# '<municipality>/<slug>': the slug names the service, e.g. 'sel-85', 'sel-104-klub' or, for a
# standard covering several sections, 'sel-82ab-85' (the sections are in 'legal_basis').
SERVICE_ID_PATTERN = r"^[a-z][a-z0-9]*/[a-z0-9]+(-[a-z0-9]+)*$"
ServiceId = Annotated[str, StringConstraints(pattern=SERVICE_ID_PATTERN)]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]
InventoryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[A-Za-z0-9_]+)+$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Basis = Literal["law", "standard"]
Access = Literal["visitation", "direct", "referral"]
ScopeFieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Citation(_Model):
    """Where a rule comes from: the section of the source document and the law.

    By default the source is the standard's own document (``source``), cited by line numbers
    in its text file. A rule may instead cite another document (``document``) or a web page
    (``url``), with the ``heading`` of the part cited.
    """

    section: Text = Field(description="The heading of the source document's section.")
    law: str | None = Field(None, description="The legal provision, e.g. 'SEL § 97, stk. 1'.")
    lines: tuple[Annotated[int, Field(ge=1)], ...] = Field(
        (), description="Line numbers in the source text file that the rule encodes."
    )
    document: Text | None = Field(
        None, description="Another document than the standard's source, by its title."
    )
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)] | None = (
        Field(None, description="A web page the rule is taken from.")
    )
    heading: Text | None = Field(
        None, description="The heading of the part of that document or page that is cited."
    )


class _Cited(_Model):
    id: RuleId = Field(description="Unique within the file, e.g. 'target.motivated'.")
    text: Text = Field(description="The standard's own words (Danish).")
    cite: Citation
    encodes: tuple[InventoryId, ...] = Field(
        (), description="Ids of the rule inventory's entries this rule encodes (coverage)."
    )
    reading: str | None = Field(
        None,
        description="Where the source is ambiguous: the reading chosen here and why.",
    )
    default: bool = Field(
        default=False,
        description="True when the source states it as a starting point ('som udgangspunkt').",
    )


class Term(_Cited):
    """A term of the service (payment, deadline, follow-up …), shown in the outcome."""

    when: Condition | None = Field(
        None,
        description=(
            "The term applies only when this holds (e.g. to one form of treatment); the outcome "
            "leaves it out when the condition is false. Absent: always."
        ),
    )


class Criterion(_Cited):
    """A condition the citizen must meet to be within the standard's starting point."""

    kind: Literal["target_group", "vum_level", "condition"] = Field(
        "target_group",
        description="Target group, the starting-point VUM level, or another condition.",
    )
    basis: Basis = Field(description="'law' (the act itself) or 'standard' (the municipality's).")
    when: Condition | None = Field(
        None, description="The condition that must hold; absent when it holds for everyone."
    )


class Exclusion(_Cited):
    """A case the standard excludes: when it holds, the outcome is outside the standard."""

    basis: Basis
    when: Condition = Field(description="When this holds, the citizen is outside the standard.")


class DerivedFact(_Cited):
    """A boolean fact derived from others: true when any of its rules' conditions holds."""

    fact: FactName = Field(description="The name of the derived fact.")
    when: Condition


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


class ScopeRule(_Cited):
    """When ``when`` holds (or always, without ``when``), the scope fields in ``set`` apply."""

    basis: Basis
    when: Condition | None = None
    set: ScopeSetting
    overrides: tuple[RuleId, ...] = Field(
        (), description="Scope rules this one replaces when it applies (an explicit exception)."
    )


class Rate(_Model):
    """An amount regulated yearly, with the year the source states it for."""

    amount: Annotated[float, Field(ge=0)]
    unit: Literal["kr_per_started_day", "kr_per_day", "kr_per_month", "kr_per_year", "kr"]
    year: Annotated[int, Field(ge=1990, le=2100)]


class Quantity(_Model):
    """A number the standard states that no other field names (a limit, a share, a distance)."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    value: float
    unit: Literal["percent", "km", "kr", "hours", "days", "weeks", "months", "times"]
    bound: Literal["max", "min", "exact"] = "exact"
    year: Annotated[int, Field(ge=1990, le=2100)] | None = Field(
        None, description="The year an amount regulated yearly is stated for."
    )


class AmountValue(_Model):
    """An amount stated for a year."""

    year: Annotated[int, Field(ge=1990, le=2100)]
    amount: float


class DatedAmount(_Cited):
    """An amount regulated yearly that a condition compares with, e.g. the § 100 threshold.

    An evaluation uses the value of the latest year up to its own; before the first year
    stated, the first value.
    """

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="What conditions write: {amount: <name>}."
    )
    basis: Basis
    unit: Literal["kr", "kr_per_month", "kr_per_year", "kr_per_day", "hours", "percent"]
    values: tuple[AmountValue, ...] = Field(min_length=1)

    def value_on(self, on: date) -> AmountValue:
        """The value an evaluation on ``on`` uses."""
        ordered = sorted(self.values, key=lambda value: value.year)
        earlier = [value for value in ordered if value.year <= on.year]
        return earlier[-1] if earlier else ordered[0]


class AmountUsed(_Model):
    """A dated amount as an evaluation used it: which value, from which year, and why."""

    id: str
    name: str
    amount: float
    unit: str
    year: int
    text: str
    cite: Citation


class Payment(Term):
    """What the citizen pays (or that the service is free)."""

    basis: Basis
    user_payment: bool = Field(description="Whether the citizen pays anything.")
    rates: tuple[Rate, ...] = ()
    quantities: tuple[Quantity, ...] = ()


class Duration(_Model):
    """A length of time."""

    value: Annotated[float, Field(gt=0)]
    unit: Literal["days", "working_days", "weeks", "months", "years"]


class Deadline(Term):
    """A deadline the standard states (processing time, complaint time …)."""

    kind: Literal[
        "processing",
        "complaint",
        "complaint_answer",
        "first_contact",
        "reply",
        "start",
        "treatment_start",
        "notice_to_municipality",
    ]
    basis: Basis
    within: Duration = Field(description="At most this long.")


class ProviderChoice(Term):
    """Whether the citizen may choose the provider freely, and the provider's requirements."""

    basis: Basis
    free_choice: bool
    requirements: tuple[Text, ...] = Field((), description="What the provider must meet.")
    max_price_difference_percent: Annotated[float, Field(ge=0)] | None = Field(
        None, description="A freely chosen offer may cost at most this much more (percent)."
    )


class FollowUp(Term):
    """Follow-up on a grant: how often, or when."""

    basis: Basis
    planned: bool = Field(description="Whether follow-up is planned as a starting point.")
    times_per_year_min: Annotated[float, Field(gt=0)] | None = None
    times_per_year_max: Annotated[float, Field(gt=0)] | None = None
    every: Duration | None = Field(None, description="At least this often (or: every …).")
    every_max: Duration | None = Field(
        None, description="With 'every': a range, e.g. 12-24 months."
    )
    after: tuple[Duration, ...] = Field((), description="Contacts at these times after the start.")


class Statement(Term):
    """A cited statement of the standard: what is not included, a procedure."""


class Termination(Term):
    """When a grant ends."""

    after: Duration | None = Field(
        None, description="E.g. three weeks of unexplained absence end the place."
    )


class AccessVariant(_Cited):
    """Access for a part of the service (e.g. ambulant treatment is direct, residential is not).

    With ``when``, the outcome's access is this variant's when the condition holds (the first
    variant that holds wins); without it the variant is shown but never chosen.
    """

    applies_to: Text
    access: Access
    when: Condition | None = Field(
        None, description="When this holds, the outcome's access is this variant's."
    )


class NotEncoded(_Model):
    """An inventory rule this file deliberately does not evaluate, and why."""

    encodes: InventoryId = Field(description="The inventory rule id.")
    reason: Text


class Source(_Model):
    """The source document and the part of it this file encodes."""

    document: Text
    file: Text = Field(description="The source text's file name.")
    section: Text
    lines: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]


class IndividualAssessment(_Model):
    """The standard's sentence that every case is assessed concretely and individually."""

    text: Text
    cite: Citation


class StandardFile(_Model):
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
    provider_choice: ProviderChoice | None = None
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

    def terms(self) -> tuple[Term, ...]:
        """Every term: payment, deadlines, provider choice, follow-up, termination and more."""
        terms: list[Term] = [
            *self.payment,
            *self.deadlines,
            *self.follow_up,
            *self.termination,
            *self.not_included,
            *self.procedure,
        ]
        if self.provider_choice is not None:
            terms.append(self.provider_choice)
        return tuple(terms)

    def rule_lists(self) -> dict[str, tuple[_Cited, ...]]:
        """Every list of cited rules in the file, by its key."""
        lists: dict[str, tuple[_Cited, ...]] = {
            "amounts": self.amounts,
            "derive": self.derive,
            "criteria": self.criteria,
            "exclusions": self.exclusions,
            "scope": self.scope,
            "payment": self.payment,
            "deadlines": self.deadlines,
            "follow_up": self.follow_up,
            "termination": self.termination,
            "access_variants": self.access_variants,
            "not_included": self.not_included,
            "procedure": self.procedure,
        }
        if self.provider_choice is not None:
            lists["provider_choice"] = (self.provider_choice,)
        return lists
