"""The vocabulary: the facts a condition may read and the scope fields a rule may set, as data.

Facts and scope fields are declared in YAML (``national/vocabulary.yaml``, shared by every
municipality, and ``<municipality>/vocabulary.yaml``, what one municipality adds):

.. code-block:: yaml

    facts:
      can_go_out_alone:
        type: bool
        label: {da: Kan færdes alene uden for hjemmet, en: Can go out alone}
        question:
          da: Kan borgeren færdes alene uden for hjemmet?
          en: Can the citizen go out alone?
    scope_fields:
      hours_per_month:
        type: number
        min: 0
        unit: timer/måned
        phrase: {da: "{value} timer om måneden", en: "{value} hours a month"}

A fact means one thing for every municipality (a profile describes one citizen), so a fact name
is declared once for the whole set of standards; the same declaration twice is allowed, a
different one is a ``conflicting-declaration``. Scope fields belong to the municipality that
declares them (two municipalities may each have their own ``package`` names), besides the
national ones.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from kvalitet.language.labels import Language

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Value = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
FactType = Literal["bool", "int", "number", "date", "enum", "services"]
ScopeType = Literal["bool", "int", "number", "enum", "text"]
MUNICIPALITY_PATTERN = r"^[a-z][a-z0-9]*$"
DEFAULT_MAX_ITEMS = 50


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Texts(_Model):
    """A text in Danish and (optionally) English; Danish is shown where English is missing."""

    da: Text
    en: Text | None = None

    def text(self, lang: Language = "da") -> str:
        """The text in ``lang`` (Danish when there is no English)."""
        return self.en if lang == "en" and self.en else self.da


def _finite(value: float | None, name: str) -> None:
    if value is not None and not math.isfinite(value):
        msg = f"'{name}' must be a finite number"
        raise ValueError(msg)


class _Typed(_Model):
    values: tuple[Value, ...] = Field(
        (), description="The choices of an enum (and the known codes of a services fact)."
    )
    value_labels: dict[Value, Texts] = Field(
        default_factory=dict, description="A readable text for some or all values."
    )
    min: float | None = Field(None, description="Lowest allowed value (int and number).")
    max: float | None = Field(None, description="Highest allowed value (int and number).")
    unit: Text | None = Field(None, description="The unit, e.g. 'timer/måned'.")
    description: Text | None = None

    def _check_typed(self, kind: str) -> None:
        if kind == "enum" and not self.values:
            msg = "an enum needs 'values'"
            raise ValueError(msg)
        if self.values and kind not in ("enum", "services"):
            msg = f"'values' is only for enum and services, not {kind}"
            raise ValueError(msg)
        if len(set(self.values)) != len(self.values):
            msg = "'values' lists a value twice"
            raise ValueError(msg)
        unknown = sorted(set(self.value_labels) - set(self.values))
        if unknown:
            msg = f"'value_labels' names values not in 'values': {', '.join(unknown)}"
            raise ValueError(msg)
        if (self.min is not None or self.max is not None) and kind not in ("int", "number"):
            msg = f"'min' and 'max' are only for int and number, not {kind}"
            raise ValueError(msg)
        _finite(self.min, "min")
        _finite(self.max, "max")
        if self.min is not None and self.max is not None and self.min > self.max:
            msg = "'min' is above 'max'"
            raise ValueError(msg)

    def value_text(self, value: str, lang: Language = "da") -> str:
        """The readable text of an enum value (the value itself when none is given)."""
        label = self.value_labels.get(value)
        return label.text(lang) if label else value


class FactSpec(_Typed):
    """One fact: its type, bounds, unit, label and the question that asks for it."""

    type: FactType
    max_items: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        None, description=f"Most items in a services list (default {DEFAULT_MAX_ITEMS})."
    )
    label: Texts
    question: Texts

    @model_validator(mode="after")
    def _consistent(self) -> FactSpec:
        self._check_typed(self.type)
        if self.max_items is not None and self.type != "services":
            msg = "'max_items' is only for services"
            raise ValueError(msg)
        return self


class ScopeFieldSpec(_Typed):
    """One scope field: its type and the phrase that shows a value (``{value}`` is replaced)."""

    type: ScopeType
    label: Texts | None = Field(None, description="What the field is, e.g. 'Timer om måneden'.")
    phrase: Texts

    def title(self, name: str, lang: Language = "da") -> str:
        """The field's label (its name and unit when it has none)."""
        if self.label is not None:
            return self.label.text(lang)
        return f"{name} ({self.unit})" if self.unit else name

    @model_validator(mode="after")
    def _consistent(self) -> ScopeFieldSpec:
        self._check_typed(self.type)
        for text in (self.phrase.da, self.phrase.en):
            if text is not None and "{value}" not in text:
                msg = "a phrase shows the value: write {value} where it goes"
                raise ValueError(msg)
        return self


class MunicipalityInfo(_Model):
    """A municipality's id and its name as shown to people."""

    id: Annotated[str, StringConstraints(pattern=MUNICIPALITY_PATTERN)]
    name: Text


class VocabularyFile(_Model):
    """A vocabulary file: national, or one municipality's additions (with its name)."""

    municipality: MunicipalityInfo | None = None
    facts: dict[Name, FactSpec] = Field(default_factory=dict)
    scope_fields: dict[Name, ScopeFieldSpec] = Field(default_factory=dict)


@dataclass(frozen=True)
class Declared:
    """Where a fact or scope field was declared: the file and the owner (None: national)."""

    file: str
    owner: str | None


@dataclass(frozen=True)
class Vocabulary:
    """Every fact and scope field of a set of standards, with where each was declared."""

    facts: dict[str, FactSpec] = field(default_factory=dict)
    fact_origin: dict[str, Declared] = field(default_factory=dict)
    # Every owner that declares a fact (the same declaration may be repeated by several).
    fact_owners: dict[str, set[str | None]] = field(default_factory=dict)
    scope_fields: dict[str | None, dict[str, ScopeFieldSpec]] = field(default_factory=dict)
    municipalities: dict[str, MunicipalityInfo] = field(default_factory=dict)

    def facts_of(self, municipality: str | None) -> dict[str, FactSpec]:
        """The facts a standard of ``municipality`` may read: national ones and its own.

        Its own are those its vocabulary declares, also when another municipality's vocabulary
        declares the same fact the same way.
        """
        return {
            name: spec
            for name, spec in self.facts.items()
            if {None, municipality} & self.fact_owners.get(name, {self.fact_origin[name].owner})
        }

    def scope_fields_of(self, municipality: str | None) -> dict[str, ScopeFieldSpec]:
        """The scope fields a standard of ``municipality`` may set: national ones and its own."""
        fields = dict(self.scope_fields.get(None, {}))
        if municipality is not None:
            fields.update(self.scope_fields.get(municipality, {}))
        return fields

    def scope_field(self, name: str) -> ScopeFieldSpec | None:
        """A scope field by name, national first, then any municipality's."""
        for owner in (None, *sorted(k for k in self.scope_fields if k is not None)):
            spec = self.scope_fields.get(owner, {}).get(name)
            if spec is not None:
                return spec
        return None

    def municipality_name(self, municipality: str) -> str:
        """The display name (``Hillerød Kommune``), or the id when none is declared."""
        info = self.municipalities.get(municipality)
        return info.name if info else municipality.capitalize()

    @functools.cached_property
    def fingerprint(self) -> str:
        """A hash of the facts' declarations (equal vocabularies give equal profile models).

        Read it once the vocabulary is complete (the loader fills it before anyone asks).
        """
        canonical = json.dumps(
            {name: spec.model_dump(mode="json") for name, spec in sorted(self.facts.items())},
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def spec_json(spec: BaseModel) -> dict[str, Any]:
    """A declaration as JSON data (for comparing two declarations of one name)."""
    return spec.model_dump(mode="json", exclude_none=True)
