"""The catalogue of facts a condition may read: the vocabulary's facts and national facts.

The loader checks every condition against it (unknown fact, wrong operator, value of the wrong
type or outside an enumeration), so that a typo in a standard file is a load error, not a rule
that silently never fires. Derived facts of a standard are added by the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from kvalitet.language.national import NATIONAL_FACTS
from kvalitet.language.vocabulary import FactSpec, FactType, Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary

OPERATORS_BY_KIND: dict[str, frozenset[str]] = {
    "bool": frozenset({"eq", "ne"}),
    "int": frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in"}),
    "number": frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in"}),
    "date": frozenset({"eq", "ne", "lt", "le", "gt", "ge"}),
    "enum": frozenset({"eq", "ne", "in"}),
    "services": frozenset({"contains", "contains_any"}),
}


@dataclass(frozen=True)
class FactInfo:
    """What a condition may do with one fact."""

    name: str
    kind: FactType
    origin: Literal["profile", "national", "derived"]
    values: tuple[str, ...] = ()
    description: str = ""
    spec: FactSpec | None = None

    def accepts(self, value: Any) -> bool:  # noqa: ANN401 - any YAML scalar
        """Whether a value from a condition has this fact's type."""
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if self.kind == "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        if self.kind == "date":
            return isinstance(value, date)
        if self.kind == "enum":
            return isinstance(value, str) and value in self.values
        return isinstance(value, str)


def fact_info(name: str, spec: FactSpec) -> FactInfo:
    """A declared fact as the catalogue sees it."""
    values = spec.values if spec.type == "enum" else ()
    return FactInfo(name, spec.type, "profile", values, spec.description or spec.label.da, spec)


def profile_facts(vocabulary: Vocabulary | None = None) -> dict[str, FactInfo]:
    """Every declared fact of a vocabulary (default: the bundled one), in declaration order."""
    chosen = vocabulary or bundled_vocabulary()
    return {name: fact_info(name, spec) for name, spec in chosen.facts.items()}


def catalogue(vocabulary: Vocabulary, municipality: str | None) -> dict[str, FactInfo]:
    """The facts a standard of ``municipality`` may read.

    The national facts and its own, and the facts national law derives (national ``age``
    replaces the profile's ``age``).
    """
    facts = {
        name: fact_info(name, spec) for name, spec in vocabulary.facts_of(municipality).items()
    }
    for fact in NATIONAL_FACTS.values():
        kind: FactType = "int" if fact.kind == "int" else "bool"
        facts[fact.name] = FactInfo(fact.name, kind, "national", (), fact.description)
    return facts


def national_catalogue(vocabulary: Vocabulary) -> dict[str, FactInfo]:
    """The facts every municipality's standards may read: national ones and national law's."""
    return catalogue(vocabulary, None)


def base_catalogue(
    vocabulary: Vocabulary | None = None, municipality: str | None = None
) -> dict[str, FactInfo]:
    """Every fact of a vocabulary (default: the bundled one) and the national facts.

    Without a municipality, every municipality's facts are included.
    """
    chosen = vocabulary or bundled_vocabulary()
    if municipality is not None:
        return catalogue(chosen, municipality)
    facts = profile_facts(chosen)
    facts.update({k: v for k, v in catalogue(chosen, None).items() if v.origin == "national"})
    return facts
