"""The scope of each row: the standard's scope rules, with their overrides and arithmetic.

As in the assembler: only where the outcome is within the standard; a rule sets its fields
where it holds and no rule overriding it holds or may hold; a later rule setting the same
field wins; a computed amount that reads a missing fact leaves the field as it was; computed
amounts never go below zero.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar import bits
from kvalitet.engine.columnar.builder import Builder
from kvalitet.engine.columnar.conditions import ProgramCompiler
from kvalitet.language.arithmetic import Add, Amount, FactValue, Max, Min, Sub, compute
from kvalitet.language.standard import ScopeRule

_OPERATIONS: dict[type, Callable[[list[Any]], Any]] = {
    Add: lambda parts: _fold(pc.add, parts),
    Sub: lambda parts: pc.subtract(parts[0], parts[1]),
    Min: lambda parts: _extreme(np.minimum, parts),
    Max: lambda parts: _extreme(np.maximum, parts),
}


@dataclass(frozen=True)
class Setting:
    """One scope rule's setting of a field: where it applies, and its value.

    ``where`` is a mask slot; the value is a constant, or the slot of a computed amount (then
    ``where`` already leaves out the rows where the amount reads a missing fact).
    """

    where: int
    constant: float | str | bool | None
    computed: int | None


@dataclass(frozen=True)
class ScopeChoice:
    """How one scope field is chosen per row: the last setting that applies wins."""

    settings: tuple[Setting, ...]
    kind: str  # the scope field's declared type: number, int, bool, enum or text

    @property
    def text(self) -> bool:
        """Whether the field's values are texts (a choice or a text)."""
        return self.kind in ("enum", "text")


def plan_scope(
    builder: Builder, conditions: ProgramCompiler, eligible: int
) -> tuple[tuple[str, ScopeChoice], ...]:
    """The choice of every scope field the program's rules can set, in the output's order."""
    program = conditions.program
    rules = [_scope_rule(compiled.rule) for compiled in program.scope]
    truths = {rule.id: conditions.effective(rule) for rule in rules}
    overriders: dict[str, list[str]] = {}
    for rule in rules:
        for target in rule.overrides:
            overriders.setdefault(target, []).append(rule.id)
    within = builder.is_true(eligible)
    settings: dict[str, list[Setting]] = {}
    for rule in rules:
        applies = builder.both(
            (
                within,
                builder.is_true(truths[rule.id]),
                *(builder.is_false(truths[other]) for other in overriders.get(rule.id, [])),
            )
        )
        for name, amount in rule.set.items():
            settings.setdefault(name, []).append(_setting(builder, conditions, applies, amount))
    return tuple(
        (name, ScopeChoice(tuple(settings.get(name, ())), kind=spec.type))
        for name, spec in program.scope_fields.items()
    )


def _scope_rule(rule: object) -> ScopeRule:
    assert isinstance(rule, ScopeRule)  # noqa: S101 - narrowing for mypy
    return rule


def _setting(
    builder: Builder,
    conditions: ProgramCompiler,
    applies: int,
    amount: Amount | str | bool,  # noqa: FBT001 - a scope value, not a flag
) -> Setting:
    if isinstance(amount, bool | str):
        return Setting(applies, amount, None)
    folded = _constant(amount)
    if folded is not None:
        return Setting(applies, max(folded, 0.0), None)
    value = _amount(builder, conditions, amount)
    clamped = builder.slot(("clamped", value), lambda _, s: _extreme(np.maximum, [s[value], 0.0]))
    known = builder.slot(("is-valid", clamped), lambda _, s: pc.is_valid(s[clamped]))
    return Setting(builder.both((applies, known)), None, clamped)


def _constant(amount: Amount) -> float | None:
    """The value of an amount that reads no fact."""
    if isinstance(amount, FactValue):
        return None
    if isinstance(amount, int | float):
        return float(amount)
    parts = getattr(amount, type(amount).__name__.lower())
    if any(_constant(part) is None for part in parts):
        return None
    return compute(amount, {})


def _amount(builder: Builder, conditions: ProgramCompiler, amount: Amount) -> int:
    """The slot of a computed amount (null where a fact it reads is missing)."""
    if isinstance(amount, FactValue):
        fact = amount.fact
        return builder.slot(("fact", fact), lambda f, _: f.column(fact))
    parts = tuple(
        float(part) if isinstance(part, int | float) else _amount(builder, conditions, part)
        for part in getattr(amount, type(amount).__name__.lower())
    )
    operation = _OPERATIONS[type(amount)]  # an amount that reads a fact is a node
    return builder.slot(
        (type(amount).__name__, parts),
        lambda _, s: operation([s[p] if isinstance(p, int) else p for p in parts]),
    )


def _extreme(operation: Any, parts: Sequence[Any]) -> Any:  # noqa: ANN401 - pyarrow columns
    """The element-wise smallest or largest of columns and numbers; null where any part is."""
    columns = [part for part in parts if isinstance(part, pa.Array)]
    valid = np.logical_and.reduce([bits.known(column) for column in columns])
    values = [bits.numbers(part) if isinstance(part, pa.Array) else part for part in parts]
    return bits.from_numbers(functools.reduce(operation, values), valid)


def _fold(operation: Any, parts: Sequence[Any]) -> Any:  # noqa: ANN401 - pyarrow columns
    result = parts[0]
    for part in parts[1:]:
        result = operation(result, part)
    return result


def scope_column(choice: ScopeChoice, slots: Sequence[Any], *, compact: bool = False) -> Any:  # noqa: ANN401
    """The column of one scope field: the chosen setting's value, null where none applies."""
    settings = choice.settings
    if not settings:  # declared for the service, set by none of its rules
        return pa.nulls(size_of(slots), pa.string() if choice.text else _ARROW[choice.kind])
    first = slots[settings[0].where]
    size = len(first)
    if choice.text:
        return _text_column(settings, slots, size, compact=compact)
    if choice.kind == "bool":
        return _bool_column(settings, slots, size)
    numbers = _number_column(settings, slots, first, size)
    # An int field holds the whole part, as the assembler's int() gives it.
    return pc.cast(numbers, pa.int64(), safe=False) if choice.kind == "int" else numbers


def size_of(slots: Sequence[Any]) -> int:
    """The number of rows of a batch, from its first slot."""
    return len(slots[0])


_ARROW: dict[str, Any] = {"number": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}


def _number_column(
    settings: tuple[Setting, ...],
    slots: Sequence[Any],
    first: Any,  # noqa: ANN401 - a pyarrow boolean array
    size: int,
) -> Any:  # noqa: ANN401
    if len(settings) == 1 and settings[0].constant is not None and first.offset == 0:
        # One constant: the mask's bits are the validity of a column of that constant.
        constant = float(settings[0].constant)
        return pa.Array.from_buffers(
            pa.float64(), size, [first.buffers()[1], _constant_buffer(constant, size)]
        )
    data = np.zeros(size, np.float64)
    known = None
    for setting in settings:
        where = slots[setting.where]
        known = where if known is None else pc.or_(known, where)
        if setting.computed is not None:
            value: Any = bits.numbers(slots[setting.computed])
        else:
            value = float(setting.constant)  # type: ignore[arg-type]
        data = np.where(bits.to_mask(where), value, data)
    return bits.from_numbers(data, bits.to_mask(known))


def _choice(settings: tuple[Setting, ...], slots: Sequence[Any], size: int) -> Any:  # noqa: ANN401
    """Per row, the number of the last setting that applies (-1 where none does)."""
    choice = np.full(size, -1, np.int8)
    for number, setting in enumerate(settings):
        choice = np.where(bits.to_mask(slots[setting.where]), np.int8(number), choice)
    return choice


def _bool_column(settings: tuple[Setting, ...], slots: Sequence[Any], size: int) -> Any:  # noqa: ANN401
    choice = _choice(settings, slots, size)
    values = np.array([bool(s.constant) for s in settings], np.bool_)[np.maximum(choice, 0)]
    return pa.array(values, pa.bool_(), mask=choice < 0)


def _text_column(
    settings: tuple[Setting, ...], slots: Sequence[Any], size: int, *, compact: bool
) -> Any:  # noqa: ANN401
    choice = _choice(settings, slots, size)
    values = pa.array([s.constant for s in settings], pa.string())
    return bits.texts(np.maximum(choice, 0), values, compact=compact, valid=choice >= 0)


@functools.lru_cache(maxsize=64)
def _constant_buffer(value: float, size: int) -> Any:  # noqa: ANN401 - a pyarrow buffer
    return pa.py_buffer(np.full(size, value, np.float64))
