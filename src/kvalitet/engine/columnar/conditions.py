"""Compile a program's conditions into steps: Kleene logic over Arrow columns.

Derived facts are compiled in the program's topological order, so a rule that reads a derived
fact (also its absence) reads it after every rule deriving it, as in the ``compiled`` backend.
A test of a missing fact is null (unknown); ``all``/``any``/``not`` are Arrow's Kleene kernels.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar.builder import Builder, Step
from kvalitet.engine.columnar.frame import Frame
from kvalitet.engine.columnar.vocabulary import Columns
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.language.conditions import AllOf, AnyOf, Condition, FactTest, Not
from kvalitet.language.standard import Criterion, Exclusion, ScopeRule

COMPARE = {
    "eq": pc.equal,
    "ne": pc.not_equal,
    "lt": pc.less,
    "le": pc.less_equal,
    "gt": pc.greater,
    "ge": pc.greater_equal,
}


class ProgramCompiler:
    """Compiles the conditions of one program (its derived facts are its own)."""

    def __init__(self, builder: Builder, program: ServiceProgram, columns: Columns) -> None:
        """Compile the program's derived facts, in topological order."""
        self.builder = builder
        self.program = program
        self.columns = columns
        self.derived: dict[str, int] = {}
        self.rules: dict[str, int] = {}  # truth slot of every compiled rule, by id
        for name, rules in program.derived:
            truths = []
            for compiled in rules:
                when = compiled.rule.when
                assert when is not None  # noqa: S101 - a derived fact always has a condition
                truth = self.condition(when)
                self.rules[compiled.rule.id] = truth
                truths.append(truth)
            self.derived[name] = builder.any_of(tuple(truths))

    def condition(self, condition: Condition) -> int:
        """The truth slot of a condition."""
        if isinstance(condition, str):
            return self._fact(condition)
        if isinstance(condition, FactTest):
            return self.builder.all_of(
                tuple(
                    self._literal(condition.fact, op, value) for op, value in condition.operators()
                )
            )
        if isinstance(condition, Not):
            return self.builder.negate(self.condition(condition.not_))
        if isinstance(condition, AllOf):
            return self.builder.all_of(tuple(self.condition(c) for c in condition.all))
        assert isinstance(condition, AnyOf)  # noqa: S101 - narrowing for mypy
        return self.builder.any_of(tuple(self.condition(c) for c in condition.any))

    def rule(self, rule_id: str, when: Condition | None) -> int:
        """The truth slot of a rule (true without a condition)."""
        truth = self.condition(when) if when is not None else self.builder.constant(value=True)
        self.rules[rule_id] = truth
        return truth

    def effective(self, rule: Criterion | Exclusion | ScopeRule) -> int:
        """The truth slot of a rule as the outcome reads it: an exception may be dormant.

        Where the rule's result is unknown and none of the facts that raise it is stated, a
        criterion counts as met and an exclusion or scope rule as not holding (as
        :func:`kvalitet.engine.assemble.assemble` does).
        """
        truth = self.rule(rule.id, rule.when)
        if not rule.raised_by:
            return truth
        names = rule.raised_by
        value = isinstance(rule, Criterion)
        return self.builder.slot(
            ("dormant", truth, names, value),
            lambda f, s: _unless_raised(f, s[truth], names, value=value),
        )

    def _fact(self, name: str) -> int:
        """The truth of a yes/no fact: its value, or unknown."""
        if name in self.derived:
            return self.derived[name]
        return self.builder.slot(("fact", name), lambda f, _: f.column(name))

    def _literal(self, fact: str, op: str, value: Any) -> int:  # noqa: ANN401 - a YAML scalar
        kind = "bool" if fact in self.derived else self.columns.kind(fact)
        builder = self.builder
        if kind == "bool":
            truth = self._fact(fact)
            return truth if (op == "eq") == bool(value) else builder.negate(truth)
        if kind == "services":
            codes = (value,) if op == "contains" else tuple(value)
            return builder.any_of(
                tuple(builder.slot(("has", fact, code), _has(fact, code)) for code in codes)
            )
        column = builder.slot(("fact", fact), lambda f, _: f.column(fact))
        if op == "in":  # one of the values: Kleene "any" of equalities (all unknown together)
            return builder.any_of(tuple(self._compare(kind, fact, column, "eq", v) for v in value))
        return self._compare(kind, fact, column, op, value)

    def _compare(self, kind: str, fact: str, column: int, op: str, value: Any) -> int:  # noqa: ANN401
        """``column op value`` (null where the column is)."""
        if kind == "enum":
            right = pa.scalar(self.columns.inputs[fact].code_of(value), pa.int8())
        elif kind == "date":
            right = pa.scalar(value, pa.date32())
        else:
            right = pa.scalar(float(value), pa.float64())
        compare = COMPARE[op]
        return self.builder.slot(
            ("compare", column, op, right.as_py()), lambda _, s: compare(s[column], right)
        )


def _unless_raised(
    frame: Frame,
    truth: Any,  # noqa: ANN401 - a pyarrow boolean array
    names: tuple[str, ...],
    *,
    value: bool,
) -> Any:  # noqa: ANN401 - a pyarrow boolean array
    """``truth``, with ``value`` where it is unknown and no fact of ``names`` is stated."""
    stated = pc.is_valid(frame.column(names[0]))
    for name in names[1:]:
        stated = pc.or_(stated, pc.is_valid(frame.column(name)))
    dormant = pc.and_(pc.is_null(truth), pc.invert(stated))
    return pc.if_else(dormant, pa.scalar(value), truth)


def _has(fact: str, code: str) -> Step:
    return lambda f, _: f.has_service(fact, code)
