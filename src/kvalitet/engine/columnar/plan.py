"""Compile the programs of a municipality into one columnar plan.

Each service's eligibility, access, scope and missing facts become slots of one shared list of
steps (see :mod:`.builder`); compiled once, the plan evaluates any number of batches.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kvalitet.engine.columnar.builder import Builder, Step
from kvalitet.engine.columnar.conditions import ProgramCompiler
from kvalitet.engine.columnar.frame import Frame
from kvalitet.engine.columnar.missing import MissingPlan, plan_missing
from kvalitet.engine.columnar.national import NationalColumns
from kvalitet.engine.columnar.scope import ScopeChoice, plan_scope
from kvalitet.engine.columnar.vocabulary import Columns
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.language.national import NationalLaw
from kvalitet.language.standard import AccessVariant, Criterion, Exclusion, ScopeRule


@dataclass(frozen=True)
class ServicePlan:
    """The slots of one service."""

    program: ServiceProgram
    eligible: int  # Kleene truth of "within the standard's starting point"
    access: tuple[tuple[int, str], ...]  # (where it holds, access) of each conditional variant
    scope: tuple[tuple[str, ScopeChoice], ...]  # per scope field, in the output's order
    missing: MissingPlan


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Plan:
    """Every step of every service, and the national facts for the evaluation date."""

    steps: tuple[Step, ...]
    keys: tuple[Hashable, ...]  # what each step computes
    services: tuple[ServicePlan, ...]
    national: NationalColumns
    columns: Columns

    def run(self, frame: Frame) -> list[Any]:
        """Every slot of the plan for one batch."""
        slots: list[Any] = []
        for step in self.steps:
            slots.append(step(frame, slots))
        return slots


def compile_plan(
    programs: Sequence[ServiceProgram], law: NationalLaw, on: date, columns: Columns
) -> Plan:
    """The plan for these programs (already chosen for the evaluation date) on ``on``."""
    builder = Builder()
    services = tuple(_service(builder, program, columns) for program in programs)
    national = NationalColumns(law, on)
    return Plan(tuple(builder.steps), tuple(builder.keys), services, national, columns)


def _service(builder: Builder, program: ServiceProgram, columns: Columns) -> ServicePlan:
    conditions = ProgramCompiler(builder, program, columns)
    criteria = tuple(conditions.effective(_ruled(c.rule)) for c in program.criteria)
    exclusions = tuple(conditions.effective(_ruled(e.rule)) for e in program.exclusions)
    eligible = builder.all_of(
        (builder.all_of(criteria), builder.negate(builder.any_of(exclusions)))
    )
    access = []
    for compiled in program.access:
        variant = compiled.rule
        assert isinstance(variant, AccessVariant)  # noqa: S101 - narrowing for mypy
        truth = conditions.rule(variant.id, variant.when)
        access.append((builder.is_true(truth), variant.access))
    return ServicePlan(
        program=program,
        eligible=eligible,
        access=tuple(access),
        scope=plan_scope(builder, conditions, eligible),
        missing=plan_missing(builder, conditions, program),
    )


def _ruled(rule: object) -> Criterion | Exclusion | ScopeRule:
    """A criterion's, exclusion's or scope rule's rule (narrowed for the type checker)."""
    assert isinstance(rule, Criterion | Exclusion | ScopeRule)  # noqa: S101 - by construction
    return rule
