"""National facts for a whole column of birth dates (or ages) at once.

The same law as :class:`kvalitet.language.national.NationalLaw`, computed per evaluation date
once and then applied to every row:

* ``below_pension_age`` from a birth date: the pension date grows with the birth date, so
  "the date is before the pension date" holds exactly for birth dates after a cutoff — one
  cutoff per band of the pension-age table, found with the library's own date arithmetic;
* from an age alone, each of the 131 ages settles a limit or not (the library's own rule),
  looked up in a table;
* ``age`` from a birth date in whole years: :func:`~kvalitet.language.national.age_on` never
  grows with the birth date, so each age is a range of birth dates, found once per date.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar import bits
from kvalitet.engine.columnar.vocabulary import AGE
from kvalitet.language.national import NationalLaw, add_years, age_on

EPOCH = date(1970, 1, 1)
MAX_AGE = 130  # the profile's ``age`` field is 0..130
OLDEST = 200  # ages found by cutoff; older birth dates are counted one by one
UNKNOWN, FALSE, TRUE = 0, 1, 2

Days = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


def _day(value: date) -> int:
    return (value - EPOCH).days


class NationalColumns:
    """The national facts of every row, for one evaluation date."""

    def __init__(self, law: NationalLaw, on: date) -> None:
        """Prepare the cutoffs and the by-age table for ``on``."""
        self._on = on
        bands = law.data.pension_age.bands
        self._band_starts = np.array(
            [_day(band.born_from) for band in bands[1:] if band.born_from is not None], np.int64
        )
        self._pension_cutoffs = np.array(
            [_cutoff(on, band.years, band.months) for band in bands], np.int64
        )
        self._floor_cutoff = _cutoff(on, law.data.sel_97_age_floor.years, 0)
        # The last birth date of each age OLDEST, ..., 1 (ascending): age k is reached by then.
        self._age_cutoffs = np.array(
            [_age_cutoff(on, years) for years in range(OLDEST, 0, -1)], np.int64
        )
        by_age_pension = []
        by_age_sel97 = []
        for age in range(MAX_AGE + 1):
            derived = law.derive({AGE: age}, on)
            by_age_pension.append(_code(derived["below_pension_age"]))
            by_age_sel97.append(_code(derived["below_sel97_age_limit"]))
        self._by_age = {
            "below_pension_age": np.array(by_age_pension, np.int8),
            "below_sel97_age_limit": np.array(by_age_sel97, np.int8),
        }

        # Every birth date of the last OLDEST years, looked up instead of computed per row.
        self._today = _day(on)
        self._first = int(self._age_cutoffs[0]) + 1
        self._table = self._from_birth(np.arange(self._first, self._today + 1, dtype=np.int64))

    def derive(self, birth_dates: Any, ages: Any) -> dict[str, Any]:  # noqa: ANN401 - arrays
        """``age``, ``below_pension_age`` and ``below_sel97_age_limit`` for every row.

        Args:
            birth_dates: ``date32`` birth dates (nulls where unknown).
            ages: ``float64`` ages (nulls where unknown), used where the birth date is unknown.
        """
        born_known = bits.known(birth_dates)
        age_known = bits.known(ages) & ~born_known
        days = np.asarray(pc.cast(birth_dates, pa.int32()).fill_null(0).to_numpy(), np.int64)
        index = np.clip(days - self._first, 0, len(self._table[0]) - 1)
        from_birth = [column[index] for column in self._table]
        outside = born_known & ((days < self._first) | (days > self._today))
        if outside.any():  # born more than OLDEST years ago (or a wrong, future date)
            for column, exact in zip(from_birth, self._from_birth(days[outside]), strict=True):
                column[outside] = exact
        stated = bits.numbers(pc.cast(ages, pa.float64()))
        # A wrong age (outside 0..130) makes its row wrong; it must still index the table.
        stated_index = np.clip(np.nan_to_num(stated), 0, MAX_AGE).astype(np.intp)
        facts: dict[str, Any] = {
            AGE: bits.from_numbers(
                np.where(born_known, from_birth[0], stated), born_known | age_known
            )
        }
        names = ("below_pension_age", "below_sel97_age_limit")
        for name, from_birth_date in zip(names, from_birth[1:], strict=True):
            by_age = self._by_age[name][stated_index]
            value = np.where(born_known, from_birth_date, by_age == TRUE)
            known = born_known | (age_known & (by_age != UNKNOWN))
            facts[name] = bits.from_mask(value, valid=known)
        return facts

    def _from_birth(self, days: Days) -> tuple[npt.NDArray[np.float64], Mask, Mask]:
        """Age, below the pension age and below the § 97 limit, for birth dates."""
        band = np.searchsorted(self._band_starts, days, side="right")
        pension = days > self._pension_cutoffs[band]
        sel97 = pension | (days > self._floor_cutoff)
        return self._age(days), pension, sel97

    def _age(self, days: Days) -> npt.NDArray[np.float64]:
        """Whole years of age on the evaluation date, as ``age_on``."""
        cutoffs = self._age_cutoffs
        ages = len(cutoffs) - np.searchsorted(cutoffs, days, side="left")
        oldest = np.flatnonzero(days <= cutoffs[0])
        for row in oldest.tolist():  # born more than OLDEST years ago: rare
            ages[row] = age_on(EPOCH + timedelta(days=int(days[row])), self._on)
        return ages.astype(np.float64)


def _cutoff(on: date, years: int, months: int) -> int:
    """The last birth date (as days since 1970) whose ``years``/``months`` anniversary is by ``on``.

    ``add_years`` never decreases as the birth date grows, so the birth dates whose anniversary
    falls on or before ``on`` are exactly those up to this day.
    """
    guess = add_years(on, -years, -months)
    while add_years(guess, years, months) > on:
        guess -= timedelta(days=1)
    while add_years(guess + timedelta(days=1), years, months) <= on:
        guess += timedelta(days=1)
    return _day(guess)


def _age_cutoff(on: date, years: int) -> int:
    """The last birth date (as days since 1970) that is ``years`` old or more on ``on``."""
    guess = add_years(on, -years)
    while age_on(guess, on) < years:
        guess -= timedelta(days=1)
    while age_on(guess + timedelta(days=1), on) >= years:
        guess += timedelta(days=1)
    return _day(guess)


def _code(value: bool | None) -> int:  # noqa: FBT001 - a three-valued fact
    if value is None:
        return UNKNOWN
    return TRUE if value else FALSE
