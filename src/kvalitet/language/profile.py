"""The citizen profile, built from the vocabulary: every fact is an optional, strict field.

A field left out (or ``None``) is unknown, never false. Values are not coerced: a yes/no fact
takes ``true``/``false`` (or the Danish ``ja``/``nej``, as the interview does), a number is a
finite number within the fact's bounds, a choice is one of its values, a list of services holds
act-paragraph codes (``sel-85``), and a date lies between 1900 and 2100.

:func:`profile_model` builds the pydantic model of a vocabulary (cached by the vocabulary's
fingerprint); :mod:`kvalitet.language.bundled_profile` gives the bundled standards' model with
static types for editors and mypy.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    create_model,
)
from pydantic_core import ErrorDetails

from kvalitet.language.problems import Problem, ProfileError, profile_problem
from kvalitet.language.suggest import suggest
from kvalitet.language.vocabulary import DEFAULT_MAX_ITEMS, FactSpec, Vocabulary
from kvalitet.language.yaml_reader import Positions

SERVICE_CODE_PATTERN = r"^[a-z]+-[0-9]+[a-z]?(-[a-z]+)?$"
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
NUMBER_LIMIT = 1e9  # the bound of a number fact whose vocabulary states none
EXCERPT_LENGTH = 60
YES_WORDS = {"ja": True, "nej": False}

ServiceCode = Annotated[str, StringConstraints(pattern=SERVICE_CODE_PATTERN, max_length=40)]


def ja_nej(value: object) -> object:
    """``ja``/``nej`` (the interview's words) as booleans; anything else is left to validation."""
    if isinstance(value, str) and value in YES_WORDS:
        return YES_WORDS[value]
    return value


YesNo = Annotated[
    bool,
    BeforeValidator(ja_nej),
    Field(strict=True),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": list(YES_WORDS)}]}),
]


class ProfileBase(BaseModel):
    """What is known about a citizen; the fields come from the vocabulary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def known_facts(self) -> dict[str, Any]:
        """The fields that are known (not ``None``), as plain JSON-able Python values."""
        return self.model_dump(mode="json", exclude_none=True)

    def facts(self) -> dict[str, Any]:
        """The fields that are known, as Python values (dates as dates, lists as tuples)."""
        return self.model_dump(exclude_none=True)


def field_annotation(spec: FactSpec) -> Any:  # noqa: ANN401 - a typing construct
    """The annotated type of a fact's field (without ``| None``)."""
    if spec.type == "bool":
        return YesNo
    if spec.type in ("int", "number"):
        low = spec.min if spec.min is not None else -NUMBER_LIMIT
        high = spec.max if spec.max is not None else NUMBER_LIMIT
        base: Any = int if spec.type == "int" else float
        return Annotated[base, Field(strict=True, ge=low, le=high, allow_inf_nan=False)]
    if spec.type == "date":
        return Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
    if spec.type == "enum":
        return Literal[spec.values]
    return Annotated[tuple[ServiceCode, ...], Field(max_length=spec.max_items or DEFAULT_MAX_ITEMS)]


def field_description(spec: FactSpec) -> str:
    """The description shown in the JSON Schema: the label and the description."""
    return spec.description or spec.label.da


_models: dict[str, type[ProfileBase]] = {}
_models_lock = threading.Lock()


def profile_model(vocabulary: Vocabulary) -> type[ProfileBase]:
    """The profile model of a vocabulary (one class per distinct set of facts)."""
    key = vocabulary.fingerprint
    with _models_lock:
        model = _models.get(key)
        if model is None:
            fields: dict[str, Any] = {
                name: (
                    field_annotation(spec) | None,
                    Field(None, description=field_description(spec)),
                )
                for name, spec in vocabulary.facts.items()
            }
            model = create_model(
                "Profile",
                __base__=ProfileBase,
                __doc__="What is known about a citizen. A field left out is unknown.",
                __module__=__name__,
                **fields,
            )
            _models[key] = model
        return model


def parse_profile(
    data: object,
    model: type[ProfileBase],
    *,
    source: str | Path | None = None,
    positions: Positions | None = None,
) -> ProfileBase:
    """Validate a profile given as a model or a plain mapping.

    Args:
        data: A profile model of any vocabulary, or a mapping of field names to values.
        model: The profile model of the standards it is evaluated against.
        source: Where the profile came from (a file, a batch line), for the problems.
        positions: The positions of the file's keys, to locate each problem at its line.

    Raises:
        ProfileError: naming every wrong field and what it expects, with did-you-mean for
            unknown field names.
    """
    if isinstance(data, model):
        return data
    if isinstance(data, ProfileBase):
        data = data.facts()
    label = str(source) if source is not None else None
    if not isinstance(data, Mapping):
        message = f"a profile is a mapping of field names to values, not {type(data).__name__}"
        raise ProfileError([profile_problem("not-a-mapping", message, source=label)], source)
    try:
        return model.model_validate(dict(data))
    except ValidationError as error:
        fields = tuple(model.model_fields)
        problems = [
            _problem(item, fields, label, positions) for item in error.errors(include_url=False)
        ]
        raise ProfileError(problems, source) from None


def excerpt(value: object) -> str:
    """A short representation of a value for a message (long values are cut with an ellipsis).

    A date reads as the profile writes it (``1899-12-31``), not as Python's ``datetime.date(…)``.

    Example:
        >>> excerpt(date(1899, 12, 31)), excerpt("ja")
        ('1899-12-31', "'ja'")
    """
    text = value.isoformat() if isinstance(value, date) else repr(value)
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def shown_name(name: str) -> str:
    r"""A name as a message shows it: control characters escaped, a long name cut short.

    Example:
        >>> shown_name("a\nb"), len(shown_name("x" * 500))
        ('a\\nb', 60)
    """
    text = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name
    )
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _problem(
    item: ErrorDetails,
    fields: tuple[str, ...],
    source: str | None,
    positions: Positions | None,
) -> Problem:
    loc = tuple(item["loc"])
    field = str(loc[0]) if loc else ""
    where = ".".join(str(part) for part in loc) or "the profile"
    if item["type"] == "extra_forbidden":
        code = "unknown-field"
        hint = suggest(field, fields) if len(field) <= EXCERPT_LENGTH else ""
        message = f"'{shown_name(field)}' is not a profile field{hint}"
    else:
        code = "invalid-value"
        message = f"{where}: {_message(item)} (got {excerpt(item['input'])})"
    line, column = positions.of_key(loc[:1]) if positions is not None and loc else (1, 1)
    return Problem(source or "<profile>", line, column, code, message, path=loc)


def _message(item: ErrorDetails) -> str:
    kind = item["type"]
    if kind in ("bool_type", "bool_parsing"):
        return "expected true or false (or ja/nej)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "expected a whole number"
    if kind in ("float_type", "float_parsing"):
        return "expected a number (write 12.5, not '12,5')"
    if kind == "finite_number":
        return "expected a finite number"
    return str(item["msg"]).removeprefix("Value error, ")
