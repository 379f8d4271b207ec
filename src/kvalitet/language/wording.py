"""How values read in Danish and English: numbers, amounts, dates, durations and scope fields.

Danish writes ``1.041`` and ``1,5``; English ``1,041`` and ``1.5``. The words come from
:mod:`kvalitet.language.labels` and the vocabulary.
"""

from __future__ import annotations

from datetime import date

from kvalitet.language.labels import (
    AMOUNT_UNIT,
    MONTHS,
    PHRASES,
    YES_NO,
    Language,
    duration_unit,
)
from kvalitet.language.standard import AmountUsed
from kvalitet.language.terms import Duration, Rate
from kvalitet.language.vocabulary import ScopeFieldSpec


def number(value: float, lang: Language = "da") -> str:
    """A number with at most two decimals, in the language's notation.

    Example:
        >>> number(1041), number(1.5), number(12.0), number(1.5, "en")
        ('1.041', '1,5', '12', '1.5')
    """
    rounded = round(float(value), 2)  # at most two decimals, as in the standards' numbers
    digits = f"{int(rounded):,}" if rounded.is_integer() else f"{rounded:,.2f}".rstrip("0")
    return digits.translate(str.maketrans(",.", ".,")) if lang == "da" else digits


def amount(value: float, lang: Language = "da") -> str:
    """An amount of kroner: whole kroner as is, else with two decimals (øre).

    Example:
        >>> amount(101.19), amount(101.1), amount(1041)
        ('101,19', '101,10', '1.041')
    """
    if float(value).is_integer():
        return number(value, lang)
    digits = f"{value:,.2f}"
    return digits.translate(str.maketrans(",.", ".,")) if lang == "da" else digits


def long_date(day: date, lang: Language = "da") -> str:
    """A date as prose.

    Example:
        >>> long_date(date(2026, 1, 1)), long_date(date(2026, 1, 1), "en")
        ('1. januar 2026', '1 January 2026')
    """
    if lang == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def duration(value: Duration, lang: Language = "da") -> str:
    """A duration, singular or plural.

    Example:
        >>> duration(Duration(value=4, unit="weeks")), duration(Duration(value=1, unit="weeks"))
        ('4 uger', '1 uge')
    """
    return f"{number(value.value, lang)} {duration_unit(value.unit, value.value, lang)}"


def at_most(value: Duration, lang: Language = "da") -> str:
    """``højst 4 uger``."""
    return f"{PHRASES['at_most'].text(lang)} {duration(value, lang)}"


def rate(value: Rate, lang: Language = "da") -> str:
    """A yearly regulated rate with its year.

    Example:
        >>> rate(Rate(amount=101.19, unit="kr_per_started_day", year=2025))
        '101,19 kr. pr. påbegyndt døgn (2025)'
    """
    return f"{amount(value.amount, lang)} {AMOUNT_UNIT[value.unit].text(lang)} ({value.year})"


def amount_used(used: AmountUsed, lang: Language = "da") -> str:
    """A dated amount as an evaluation used it, with the year whose level decided.

    Example:
        >>> from kvalitet.language.cited import Citation
        >>> used = AmountUsed(id="a", name="a", amount=589, unit="kr_per_month", year=2023,
        ...                   evaluation_year=2026, text="t", cite=Citation(section="s"))
        >>> amount_used(used)
        '589 kr. om måneden (2023-niveau; standarden angiver ikke et niveau for 2026)'
    """
    level = PHRASES["level"].text(lang).format(year=used.year)
    if not used.newer_level_stated:
        newer = PHRASES["no_newer_level"].text(lang).format(year=used.evaluation_year)
        level = f"{level}; {newer}"
    return f"{amount(used.amount, lang)} {AMOUNT_UNIT[used.unit].text(lang)} ({level})"


def scope_value(
    spec: ScopeFieldSpec | None,
    name: str,
    value: float | str | bool,  # noqa: FBT001 - a scope field's value, which may be yes/no
    lang: Language = "da",
) -> str:
    """One scope field as its vocabulary phrases it: ``15 timer om måneden``, ``Pakke 2``.

    A field no vocabulary declares reads ``name: value``.
    """
    if spec is None:
        return f"{name}: {value}"
    if isinstance(value, bool):
        shown = YES_NO[value].text(lang)
    elif isinstance(value, str):
        shown = spec.value_text(value, lang)
    else:
        shown = number(value, lang)
    return spec.phrase.text(lang).format(value=shown)
