"""The closed condition language of a standard file.

A condition is YAML data, never code. It is one of:

* a fact name (``motivated``): the boolean fact is true;
* ``{all: [...]}``, ``{any: [...]}``, ``{not: ...}``: Kleene conjunction, disjunction, negation;
* a test of one fact: ``{fact: age, ge: 18, lt: 67}`` — every operator given must hold.
  Operators: ``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge``, ``in`` (one of a list),
  ``contains`` (a list fact holds the value), ``contains_any`` (it holds one of the values).

A test of a missing fact is *unknown*; ``all``/``any``/``not`` follow Kleene's rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)

FactName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Scalar = StrictBool | StrictInt | StrictFloat | date | str


class AmountRef(BaseModel):
    """A dated amount of the standard, e.g. ``{amount: extra_expenses_threshold}``.

    Its value is the one the standard file's ``amounts`` state for the evaluation's year.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


def _number_or_date(value: Any) -> int | float | date | AmountRef:  # noqa: ANN401 - raw YAML
    if isinstance(value, AmountRef):
        return value
    if isinstance(value, dict) and set(value) == {"amount"}:
        return AmountRef.model_validate(value)
    if isinstance(value, bool) or not isinstance(value, int | float | date):
        msg = f"expected a number, a date or {{amount: <name>}}, got {value!r}"
        raise ValueError(msg)  # noqa: TRY004 - pydantic wants ValueError to report it
    return value


def _plain_number(value: float | date | AmountRef) -> Any:  # noqa: ANN401 - JSON data
    """A bound as written in YAML: the number, the date, or ``{amount: <name>}``."""
    return value.model_dump() if isinstance(value, AmountRef) else value


Number = Annotated[
    int | float | date | AmountRef,
    PlainValidator(_number_or_date),
    PlainSerializer(_plain_number),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "format": "date"},
                {
                    "type": "object",
                    "properties": {"amount": {"type": "string"}},
                    "required": ["amount"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]

COMPARISONS: tuple[str, ...] = ("lt", "le", "gt", "ge")
OPERATORS: tuple[str, ...] = ("eq", "ne", "gt", "ge", "lt", "le", "in", "contains", "contains_any")
SYMBOLS: dict[str, str] = {
    "eq": "=",
    "ne": "≠",
    "lt": "<",
    "le": "≤",
    "gt": ">",
    "ge": "≥",
    "in": "∈",
    "contains": "∋",
    "contains_any": "∋ en af",
}


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class FactTest(_Node):
    """A test of one fact; every operator given must hold (``{fact: age, ge: 18, lt: 67}``)."""

    fact: FactName = Field(description="The fact tested: a profile field or a derived fact.")
    eq: Scalar | None = Field(None, description="The fact equals this value.")
    ne: Scalar | None = Field(None, description="The fact differs from this value.")
    lt: Number | None = Field(None, description="The fact is less than this.")
    le: Number | None = Field(None, description="The fact is at most this.")
    gt: Number | None = Field(None, description="The fact is greater than this.")
    ge: Number | None = Field(None, description="The fact is at least this.")
    in_: tuple[Scalar, ...] | None = Field(
        None, alias="in", min_length=1, description="The fact is one of these values."
    )
    contains: Scalar | None = Field(None, description="The list fact holds this value.")
    contains_any: tuple[Scalar, ...] | None = Field(
        None, min_length=1, description="The list fact holds at least one of these values."
    )

    @model_validator(mode="after")
    def _has_an_operator(self) -> FactTest:
        if not self.operators():
            msg = f"a fact test needs at least one operator: {', '.join(OPERATORS)}"
            raise ValueError(msg)
        return self

    def operators(self) -> list[tuple[str, Any]]:
        """The operators given, as ``(name, value)`` in a fixed order."""
        found = []
        for name in OPERATORS:
            value = getattr(self, "in_" if name == "in" else name)
            if value is not None:
                found.append((name, value))
        return found


class AllOf(_Node):
    """Every condition holds (Kleene: false if one is false, unknown if one is unknown)."""

    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(_Node):
    """At least one condition holds (Kleene: true if one is true, unknown if one is unknown)."""

    any: tuple[Condition, ...] = Field(min_length=1)


class Not(_Node):
    """The condition does not hold (unknown stays unknown)."""

    not_: Condition = Field(alias="not")


def mapping_tag(value: Any, tags: Mapping[str, type[BaseModel] | None]) -> str | None:  # noqa: ANN401
    """The tag of a union member given as a model or as a mapping with the tag as a key.

    A mapping may have several known keys (``{fact: x, all: …}`` is wrong either way); the
    first tag in ``tags`` order wins, so the error names that branch.
    """
    if isinstance(value, BaseModel):
        return next((tag for tag, model in tags.items() if type(value) is model), None)
    if isinstance(value, dict):
        return next((tag for tag, model in tags.items() if model and tag in value), None)
    return None


def _condition_tag(value: Any) -> str | None:  # noqa: ANN401 - inspects raw input of any shape
    if isinstance(value, str):
        return "fact_name"
    return mapping_tag(value, CONDITION_TAGS)


Condition = Annotated[
    Annotated[FactName, Tag("fact_name")]
    | Annotated[FactTest, Tag("fact")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(
        _condition_tag,
        custom_error_type="invalid-condition",
        custom_error_message=(
            "a condition is a fact name, or a mapping with one of the keys "
            "'fact', 'all', 'any' or 'not'"
        ),
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()

CONDITION_TAGS: dict[str, type[BaseModel] | None] = {
    "fact_name": None,
    "all": AllOf,
    "any": AnyOf,
    "not": Not,
    "fact": FactTest,
}


def walk(
    condition: Condition, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Condition, tuple[str | int, ...]]]:
    """Yield every node of a condition with its path inside the YAML (for locating problems)."""
    yield condition, path
    if isinstance(condition, AllOf):
        for index, child in enumerate(condition.all):
            yield from walk(child, (*path, "all", index))
    elif isinstance(condition, AnyOf):
        for index, child in enumerate(condition.any):
            yield from walk(child, (*path, "any", index))
    elif isinstance(condition, Not):
        yield from walk(condition.not_, (*path, "not"))


def facts_read(condition: Condition) -> set[str]:
    """The names of every fact a condition reads."""
    names: set[str] = set()
    for node, _ in walk(condition):
        if isinstance(node, str):
            names.add(node)
        elif isinstance(node, FactTest):
            names.add(node.fact)
    return names


def negated_facts(condition: Condition, *, negated: bool = False) -> set[str]:
    """The facts a condition reads under a negation (for stratification)."""
    if isinstance(condition, str):
        return {condition} if negated else set()
    if isinstance(condition, FactTest):
        negative = negated or any(
            op == "ne" or (op == "eq" and value is False) for op, value in condition.operators()
        )
        return {condition.fact} if negative else set()
    if isinstance(condition, Not):
        return negated_facts(condition.not_, negated=not negated)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return set().union(*(negated_facts(child, negated=negated) for child in children))


def amount_refs(condition: Condition) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every dated amount a condition names, with its path."""
    for node, path in walk(condition):
        if isinstance(node, FactTest):
            for op, value in node.operators():
                if isinstance(value, AmountRef):
                    yield value.amount, (*path, op)


def substitute_amounts(condition: Condition, values: Mapping[str, float]) -> Condition:
    """The condition with every ``{amount: name}`` replaced by its value."""
    if isinstance(condition, str):
        return condition
    if isinstance(condition, FactTest):
        changes = {
            ("in_" if op == "in" else op): values[value.amount]
            for op, value in condition.operators()
            if isinstance(value, AmountRef)
        }
        return condition.model_copy(update=changes) if changes else condition
    if isinstance(condition, Not):
        return Not.model_validate({"not": substitute_amounts(condition.not_, values)})
    if isinstance(condition, AllOf):
        return AllOf(all=tuple(substitute_amounts(c, values) for c in condition.all))
    return AnyOf(any=tuple(substitute_amounts(c, values) for c in condition.any))


def render(condition: Condition) -> str:
    """A compact rendering (``age ≥ 18 og age < 67``) for the *tested* part of a reason."""
    if isinstance(condition, str):
        return condition
    if isinstance(condition, FactTest):
        return " og ".join(
            f"{condition.fact} {SYMBOLS[op]} {_render_value(value)}"
            for op, value in condition.operators()
        )
    if isinstance(condition, Not):
        return f"ikke ({render(condition.not_)})"
    joiner, children = (
        (" og ", condition.all)
        if isinstance(condition, AllOf)
        else (
            " eller ",
            condition.any,
        )
    )
    if len(children) == 1:
        return render(children[0])
    return joiner.join(f"({render(child)})" for child in children)


def _render_value(value: Any) -> str:  # noqa: ANN401 - any scalar or tuple of scalars
    if isinstance(value, AmountRef):
        return f"beløbet '{value.amount}'"
    if isinstance(value, tuple):
        return "{" + ", ".join(_render_value(item) for item in value) + "}"
    if isinstance(value, bool):
        return "sand" if value else "falsk"
    return str(value)
