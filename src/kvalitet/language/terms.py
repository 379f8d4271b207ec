"""The terms of a service: payment, deadlines, provider choice, follow-up, termination.

A term may apply only when a condition holds (e.g. to one form of treatment).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from kvalitet.language.cited import Based, Cited, Model, Text
from kvalitet.language.conditions import Condition


class Term(Cited):
    """A term of the service (payment, deadline, follow-up …), shown in the outcome."""

    when: Condition | None = Field(
        None,
        description=(
            "The term applies only when this holds (e.g. to one form of treatment); the outcome "
            "leaves it out when the condition is false. Absent: always."
        ),
    )

    @property
    def condition(self) -> Condition | None:
        """The condition under which the term applies (``None``: always)."""
        return self.when


class Rate(Model):
    """An amount regulated yearly, with the year the source states it for."""

    amount: Annotated[float, Field(ge=0)]
    unit: Literal["kr_per_started_day", "kr_per_day", "kr_per_month", "kr_per_year", "kr"]
    year: Annotated[int, Field(ge=1990, le=2100)]


class Quantity(Model):
    """A number the standard states that no other field names (a limit, a share, a distance)."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    value: float
    unit: Literal["percent", "km", "kr", "hours", "days", "weeks", "months", "times"]
    bound: Literal["max", "min", "exact"] = "exact"
    year: Annotated[int, Field(ge=1990, le=2100)] | None = Field(
        None, description="The year an amount regulated yearly is stated for."
    )


class Duration(Model):
    """A length of time."""

    value: Annotated[float, Field(gt=0)]
    unit: Literal["days", "working_days", "weeks", "months", "years"]


class Payment(Term, Based):
    """What the citizen pays (or that the service is free)."""

    user_payment: bool = Field(description="Whether the citizen pays anything.")
    grant: bool = Field(
        default=False,
        description=(
            "A grant (tilskud) paid to the citizen towards expenses, not a payment by the "
            "citizen; its rates are what the citizen receives (user_payment is false)."
        ),
    )
    rates: tuple[Rate, ...] = ()
    quantities: tuple[Quantity, ...] = ()

    @model_validator(mode="after")
    def _a_grant_is_no_payment(self) -> Payment:
        if self.grant and self.user_payment:
            msg = "a grant is paid to the citizen: write user_payment: false"
            raise ValueError(msg)
        return self


class Deadline(Term, Based):
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
    within: Duration = Field(description="At most this long.")
    counted_from: Text | None = Field(
        None,
        description=(
            "The event the time counts from, in the standard's words (e.g. 'Tjekpunktets "
            "vurdering'); absent when the source does not say."
        ),
    )


class ProviderChoice(Term, Based):
    """Whether the citizen may choose the provider freely, and the provider's requirements."""

    free_choice: bool
    requirements: tuple[Text, ...] = Field((), description="What the provider must meet.")
    max_price_difference_percent: Annotated[float, Field(ge=0)] | None = Field(
        None, description="A freely chosen offer may cost at most this much more (percent)."
    )


class FollowUp(Term, Based):
    """Follow-up on a grant: how often, or when."""

    planned: bool = Field(description="Whether follow-up is planned as a starting point.")
    times_per_year_min: Annotated[float, Field(gt=0)] | None = None
    times_per_year_max: Annotated[float, Field(gt=0)] | None = None
    every: Duration | None = Field(None, description="At least this often (or: every …).")
    every_max: Duration | None = Field(
        None, description="With 'every': a range, e.g. 12-24 months."
    )
    after: tuple[Duration, ...] = Field(
        (),
        description=(
            "Contacts at these times after the start of the grant, or after the event named in "
            "'counted_from'."
        ),
    )
    counted_from: Text | None = Field(
        None,
        description=(
            "The event 'after' counts from, in the standard's words (e.g. 'udskrivelsen som "
            "færdigbehandlet'); absent: the start of the grant."
        ),
    )


class Statement(Term):
    """A cited statement of the standard: what is not included, a procedure."""


class Termination(Term):
    """When a grant ends."""

    after: Duration | None = Field(
        None, description="E.g. three weeks of unexplained absence end the place."
    )
