"""A population spec: per fact, how often it is missing and how its values are spread.

A spec is YAML, validated against models built from the fact catalogue, so an unknown fact, a
value outside an enumeration or a wrong distribution is a located error with did-you-mean::

    missing: 0.1                 # share missing of every fact not listed (default 0.1)
    facts:
      motivated: {missing: 0.05, probability: 0.7}
      support_need_level: {weights: {A: 1, B: 2, C: 4, D: 2, E: 1}}
      support_hours_per_month:
        {distribution: lognormal, median: 10, sigma: 0.6, min: 0, max: 60, decimals: 1}
      birth_date: {age: {min: 18, max: 90}}
      current_services: {codes: {sel-85: 0.2, sel-96: 0.05}}

A fact left out is drawn from its kind's default: a bool true half of the time, an enum's
values equally often, a number uniform between its bounds (``min`` or 0, and ``max`` or 10
more for a count, 40 more for a number), a birth date giving an age of 18 to 80, each known
service code with probability 0.05.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from kvalitet.language.loader import parse_model
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary
from kvalitet.population.facts import FactColumn, population_facts

Share = Annotated[float, Field(ge=0, le=1)]
Weight = Annotated[float, Field(ge=0)]
DEFAULT_MISSING = 0.1
DEFAULT_AGE = (18, 80)
DEFAULT_CODE_PROBABILITY = 0.05
DEFAULT_SPAN = {"int": 10.0, "number": 40.0}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class BoolSpec(_Model):
    """A yes/no fact: the share missing and the probability of true."""

    missing: Share | None = None
    probability: Share = 0.5


class EnumSpec(_Model):
    """A fact with named values: the share missing and a weight per value (unlisted: 0)."""

    missing: Share | None = None
    weights: Any = None  # a model with one optional weight per value, built per fact

    @model_validator(mode="after")
    def _some_weight(self) -> EnumSpec:
        if isinstance(self.weights, BaseModel):
            given = self.weights.model_dump(exclude_none=True)
            if given and not any(given.values()):
                msg = "at least one value needs a weight above 0"
                raise ValueError(msg)
        return self


class NumberSpec(_Model):
    """A number or a count drawn from a distribution, clipped to ``min``..``max``.

    ``uniform`` needs ``min`` and ``max`` (defaults: the fact's bounds); ``normal`` needs
    ``mean`` and ``sd``; ``lognormal`` needs ``median`` and ``sigma`` (of the logarithm).
    """

    missing: Share | None = None
    distribution: Literal["uniform", "normal", "lognormal"] = "uniform"
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    sd: Annotated[float, Field(gt=0)] | None = None
    median: Annotated[float, Field(gt=0)] | None = None
    sigma: Annotated[float, Field(gt=0)] | None = None
    decimals: Annotated[int, Field(ge=0, le=6)] | None = None

    @model_validator(mode="after")
    def _parameters_fit_the_distribution(self) -> NumberSpec:
        needs = {"normal": ("mean", "sd"), "lognormal": ("median", "sigma"), "uniform": ()}
        allowed = {"normal": {"mean", "sd"}, "lognormal": {"median", "sigma"}, "uniform": set()}
        lacking = [name for name in needs[self.distribution] if getattr(self, name) is None]
        if lacking:
            msg = f"a {self.distribution} distribution needs {' and '.join(lacking)}"
            raise ValueError(msg)
        extra = sorted({"mean", "sd", "median", "sigma"} & self.model_fields_set)
        stray = [name for name in extra if name not in allowed[self.distribution]]
        if stray:
            msg = f"{', '.join(stray)} does not belong to a {self.distribution} distribution"
            raise ValueError(msg)
        if self.min is not None and self.max is not None and self.min > self.max:
            msg = f"min {self.min} is above max {self.max}"
            raise ValueError(msg)
        return self


class AgeRange(_Model):
    """Ages in whole years on the reference date, both ends included."""

    min: Annotated[int, Field(ge=0, le=130)]
    max: Annotated[int, Field(ge=0, le=130)]

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min > self.max:
            msg = f"min {self.min} is above max {self.max}"
            raise ValueError(msg)
        return self


class DateSpec(_Model):
    """A date drawn uniformly: from an age range on the reference date, or between two dates."""

    missing: Share | None = None
    age: AgeRange | None = None
    earliest: date | None = None
    latest: date | None = None

    @model_validator(mode="after")
    def _one_range(self) -> DateSpec:
        between = (self.earliest, self.latest)
        if self.age is not None and any(value is not None for value in between):
            msg = "give either age or earliest and latest, not both"
            raise ValueError(msg)
        if (self.earliest is None) != (self.latest is None):
            msg = "earliest and latest go together"
            raise ValueError(msg)
        if self.earliest is not None and self.latest is not None and self.earliest > self.latest:
            msg = f"earliest {self.earliest} is after latest {self.latest}"
            raise ValueError(msg)
        return self


class ServicesSpec(_Model):
    """A list of service codes: the share missing and, per code, the probability it is listed."""

    missing: Share | None = None
    codes: Any = None  # a model with one optional probability per known code, built per fact


KIND_MODELS: dict[str, type[_Model]] = {
    "bool": BoolSpec,
    "enum": EnumSpec,
    "int": NumberSpec,
    "number": NumberSpec,
    "date": DateSpec,
    "services": ServicesSpec,
}


def _choices_model(name: str, values: tuple[str, ...], value: Any) -> type[BaseModel]:  # noqa: ANN401
    """A model with one optional field per value (aliased where the value is no identifier)."""
    fields: dict[str, Any] = {
        f"v{index}": (value | None, Field(None, alias=choice))
        for index, choice in enumerate(values)
    }
    return create_model(name, __base__=_Model, **fields)


def _fact_model(column: FactColumn) -> type[BaseModel]:
    base = KIND_MODELS[column.kind]
    if column.kind == "enum":
        weights: Any = _choices_model(f"{column.name}.weights", column.values, Weight) | None
        return create_model(column.name, __base__=base, weights=(weights, None))
    if column.kind == "services":
        codes: Any = _choices_model(f"{column.name}.codes", column.values, Share) | None
        return create_model(column.name, __base__=base, codes=(codes, None))
    if column.kind in ("int", "number"):
        # A spec's bounds stay within the fact's own, so every drawn value is a valid profile.
        bound: Any = int if column.kind == "int" else float
        limits = Field(None, ge=column.minimum, le=column.maximum)
        return create_model(
            column.name, __base__=base, min=(bound | None, limits), max=(bound | None, limits)
        )
    return base


def spec_model(vocabulary: Vocabulary | None = None) -> type[BaseModel]:
    """The model of a spec file, with one optional entry per fact of ``vocabulary``.

    Built once per distinct vocabulary (default: the bundled one).
    """
    chosen = vocabulary or bundled_vocabulary()
    model = _SPEC_MODELS.get(chosen.fingerprint)
    if model is None:
        model = _SPEC_MODELS[chosen.fingerprint] = _build_spec_model(chosen)
    return model


_SPEC_MODELS: dict[str, type[BaseModel]] = {}  # by vocabulary fingerprint


def _build_spec_model(vocabulary: Vocabulary) -> type[BaseModel]:
    facts = population_facts(vocabulary)
    fields: dict[str, Any] = {
        name: (_fact_model(column) | None, None) for name, column in facts.items()
    }
    facts_model = create_model("facts", __base__=_Model, **fields)
    return create_model(
        "PopulationSpec",
        __base__=_Model,
        missing=(Share, DEFAULT_MISSING),
        facts=(facts_model, facts_model()),
    )


def parse_spec(text: str, label: str = "<spec>", vocabulary: Vocabulary | None = None) -> BaseModel:
    """Validate the text of a spec file (its facts are those of ``vocabulary``).

    Raises:
        StandardLoadError: every problem, located at ``label:line:column``.

    Example:
        >>> parse_spec("facts: {motivatd: {probability: 0.7}}")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        kvalitet.language.problems.StandardLoadError: <spec>:1:9: unknown-key: 'motivatd' ...
    """
    return parse_model(text, label, spec_model(vocabulary))


def read_spec(path: str | Path, vocabulary: Vocabulary | None = None) -> BaseModel:
    """Read and validate a spec file (its facts are those of ``vocabulary``).

    Raises:
        StandardLoadError: when the file cannot be read or is wrong, located.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StandardLoadError([Problem(str(path), 1, 1, "unreadable-file", str(error))]) from None
    return parse_spec(text, str(path), vocabulary)


def fact_specs(spec: BaseModel | None) -> tuple[float, dict[str, dict[str, Any]]]:
    """The default share missing and each fact's settings as written (by the spec's names)."""
    if spec is None:
        return DEFAULT_MISSING, {}
    missing = float(spec.missing)  # type: ignore[attr-defined]
    written = spec.facts.model_dump(by_alias=True, exclude_none=True)  # type: ignore[attr-defined]
    return missing, written
