"""The amounts a standard states (rates), priced for the citizens within it, before and after."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kvalitet.language.standard import Payment


@dataclass(frozen=True)
class AmountLine:
    """An amount the standard states (a rate), priced for the citizens within the standard."""

    term: str
    unit: str
    year: int
    before: float | None
    after: float | None
    within_before: int
    within_after: int

    @property
    def total_before(self) -> float:
        """The rate before times the citizens within before (0 without a rate)."""
        return (self.before or 0.0) * self.within_before

    @property
    def total_after(self) -> float:
        """The rate after times the citizens within after (0 without a rate)."""
        return (self.after or 0.0) * self.within_after


def amount_lines(
    before: Iterable[Payment], after: Iterable[Payment], *, within: tuple[int, int], on: date
) -> tuple[AmountLine, ...]:
    """Each rate of a standard's payment terms before and after, priced for the citizens within.

    ``within`` is how many citizens are within the standard before and after.
    """
    rates_before = _rates(before, on)
    rates_after = _rates(after, on)
    lines = []
    for key in dict.fromkeys([*rates_before, *rates_after]):
        term, unit = key
        old, new = rates_before.get(key), rates_after.get(key)
        year = (new or old or (0.0, 0))[1]
        lines.append(
            AmountLine(
                term,
                unit,
                year,
                old[0] if old else None,
                new[0] if new else None,
                *within,
            )
        )
    return tuple(lines)


def _rates(payments: Iterable[Payment], on: date) -> dict[tuple[str, str], tuple[float, int]]:
    """Per (term, unit), the rate for ``on``'s year: the latest year up to it, else the first."""
    chosen: dict[tuple[str, str], tuple[float, int]] = {}
    for payment in payments:
        for rate in sorted(payment.rates, key=lambda r: r.year):
            key = (payment.id, rate.unit)
            if key not in chosen or rate.year <= on.year:
                chosen[key] = (rate.amount, rate.year)
    return chosen
