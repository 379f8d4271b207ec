"""The catalogue of facts a condition may read: profile fields, national facts, derived facts.

The loader checks every condition against it (unknown fact, wrong operator, value of the wrong
type or outside an enumeration), so that a typo in a standard file is a load error, not a rule
that silently never fires.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from kvalitet.language.national import NATIONAL_FACTS
from kvalitet.language.profile import Profile

FactKind = Literal["bool", "int", "number", "date", "enum", "services"]

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
    kind: FactKind
    origin: Literal["profile", "national", "derived"]
    values: tuple[str, ...] = ()
    description: str = ""

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


def _unwrap(annotation: Any) -> Any:  # noqa: ANN401 - typing introspection
    """Strip ``Optional`` and ``Annotated`` from a field annotation."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            arguments = [arg for arg in get_args(annotation) if arg is not type(None)]
            annotation = arguments[0]
        else:
            return annotation


def _kind_of(annotation: Any) -> tuple[FactKind, tuple[str, ...]]:  # noqa: ANN401
    base = _unwrap(annotation)
    if get_origin(base) is Literal:
        return "enum", tuple(str(arg) for arg in get_args(base))
    if get_origin(base) is tuple:
        return "services", ()
    kinds: dict[Any, FactKind] = {bool: "bool", int: "int", float: "number", date: "date"}
    return kinds[base], ()


def profile_facts() -> dict[str, FactInfo]:
    """Every profile field as a fact."""
    facts = {}
    for name, field in Profile.model_fields.items():
        kind, values = _kind_of(field.annotation)
        facts[name] = FactInfo(name, kind, "profile", values, field.description or "")
    return facts


def base_catalogue() -> dict[str, FactInfo]:
    """Profile fields and national facts (national ``age`` replaces the profile's ``age``)."""
    facts = profile_facts()
    for fact in NATIONAL_FACTS.values():
        kind: FactKind = "int" if fact.kind == "int" else "bool"
        facts[fact.name] = FactInfo(fact.name, kind, "national", (), fact.description)
    return facts
