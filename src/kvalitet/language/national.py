"""National law shared by all municipalities: the state pension age and the facts derived from it.

The table is data (``standards/national/age-limits.yaml``) because Parliament revises it. From the
birth date and the evaluation date the engine derives ``age``, ``below_pension_age`` and
``below_sel97_age_limit``. With only ``age`` known, a pension-age test is settled only when every
birth date consistent with that age gives the same answer; otherwise it is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PensionAgeBand(_Model):
    """The pension age for citizens born within ``born_from``..``born_to`` (inclusive)."""

    born_from: date | None = None
    born_to: date | None = None
    years: Annotated[int, Field(ge=0, le=130)]
    months: Annotated[int, Field(ge=0, le=11)] = 0


class PensionAgeTable(_Model):
    """State pension age by birth date, with its legal source."""

    law: str
    text: str
    bands: tuple[PensionAgeBand, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_are_contiguous(self) -> PensionAgeTable:
        first, last = self.bands[0], self.bands[-1]
        if first.born_from is not None or last.born_to is not None:
            msg = (
                "the first band has no born_from and the last no born_to, so every date is covered"
            )
            raise ValueError(msg)
        for before, after in zip(self.bands, self.bands[1:], strict=False):
            if before.born_to is None or after.born_from is None:
                msg = "only the first band may omit born_from and only the last born_to"
                raise ValueError(msg)
            if after.born_from != before.born_to + timedelta(days=1):
                msg = f"bands must be contiguous: {before.born_to} is followed by {after.born_from}"
                raise ValueError(msg)
        return self


class AgeFloor(_Model):
    """A lower bound on an age limit (SEL § 97: the pension age, but never below 67)."""

    law: str
    text: str
    years: Annotated[int, Field(ge=0, le=130)]


class NationalData(_Model):
    """The national data file."""

    id: str
    pension_age: PensionAgeTable
    sel_97_age_floor: AgeFloor


@dataclass(frozen=True)
class NationalFact:
    """A fact national law derives, with its type and the profile facts that settle it."""

    name: str
    kind: str
    description: str
    settled_by: tuple[str, ...]


NATIONAL_FACTS: dict[str, NationalFact] = {
    fact.name: fact
    for fact in (
        NationalFact(
            "age",
            "int",
            "Alder i hele år på datoen, udledt af fødselsdatoen (ellers den oplyste alder).",
            ("birth_date",),
        ),
        NationalFact(
            "below_pension_age",
            "bool",
            "Under folkepensionsalderen på datoen (lov om social pension § 1 a).",
            ("birth_date",),
        ),
        NationalFact(
            "below_sel97_age_limit",
            "bool",
            "Under aldersgrænsen i SEL § 97: folkepensionsalderen, dog ikke under 67 år.",
            ("birth_date",),
        ),
    )
}


def add_years(day: date, years: int, months: int = 0) -> date:
    """The date ``years`` and ``months`` after ``day``; 29 February falls back to 28 February."""
    month_index = day.month - 1 + months
    year = day.year + years + month_index // 12
    month = month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate_day))
        except ValueError:
            continue
    msg = f"no valid date for {day} + {years}y{months}m"  # pragma: no cover - unreachable
    raise AssertionError(msg)


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on a date."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


@dataclass(frozen=True)
class NationalLaw:
    """The loaded national data, with the derivations built on it."""

    data: NationalData

    def pension_band(self, birth_date: date) -> PensionAgeBand:
        """The pension-age band for a birth date."""
        for band in self.data.pension_age.bands:
            if band.born_to is None or birth_date <= band.born_to:
                return band
        msg = "the table covers every date"  # pragma: no cover - guaranteed by validation
        raise AssertionError(msg)

    def pension_date(self, birth_date: date) -> date:
        """The day a citizen born on ``birth_date`` reaches the state pension age."""
        band = self.pension_band(birth_date)
        return add_years(birth_date, band.years, band.months)

    def sel97_limit_date(self, birth_date: date) -> date:
        """The day the SEL § 97 age limit is reached: pension age, but not before the floor."""
        floor = add_years(birth_date, self.data.sel_97_age_floor.years)
        return max(self.pension_date(birth_date), floor)

    def derive(self, known: dict[str, Any], on: date) -> dict[str, Any]:
        """The national facts for a profile's known facts on a date (``None`` where unknown)."""
        birth_date = known.get("birth_date")
        if isinstance(birth_date, str):
            birth_date = date.fromisoformat(birth_date)
        if birth_date is not None:
            return {
                "age": age_on(birth_date, on),
                "below_pension_age": on < self.pension_date(birth_date),
                "below_sel97_age_limit": on < self.sel97_limit_date(birth_date),
            }
        age = known.get("age")
        if age is None:
            return dict.fromkeys(NATIONAL_FACTS)
        # Every birth date consistent with the age on this date: (on - age-1 years, on - age years].
        earliest = add_years(on, -(age + 1)) + timedelta(days=1)
        latest = add_years(on, -age)
        return {
            "age": age,
            "below_pension_age": _settled(
                on, self.pension_date(earliest), self.pension_date(latest)
            ),
            "below_sel97_age_limit": _settled(
                on, self.sel97_limit_date(earliest), self.sel97_limit_date(latest)
            ),
        }


def _settled(on: date, earliest_limit: date, latest_limit: date) -> bool | None:
    """Below the limit for every consistent birth date (True), for none (False), or unknown."""
    if on < earliest_limit:
        return True
    if on >= latest_limit:
        return False
    return None
