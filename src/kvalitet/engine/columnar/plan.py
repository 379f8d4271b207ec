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
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.language.national import NationalLaw
from kvalitet.language.standard import AccessVariant


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

    def run(self, frame: Frame) -> list[Any]:
        """Every slot of the plan for one batch."""
        slots: list[Any] = []
        for step in self.steps:
            slots.append(step(frame, slots))
        return slots


def compile_plan(programs: Sequence[ServiceProgram], law: NationalLaw, on: date) -> Plan:
    """The plan for these programs (already chosen for the evaluation date) on ``on``."""
    builder = Builder()
    services = tuple(_service(builder, program) for program in programs)
    return Plan(tuple(builder.steps), tuple(builder.keys), services, NationalColumns(law, on))


def _service(builder: Builder, program: ServiceProgram) -> ServicePlan:
    conditions = ProgramCompiler(builder, program)
    criteria = tuple(conditions.rule(c.rule.id, c.rule.when) for c in program.criteria)
    exclusions = tuple(conditions.rule(e.rule.id, e.rule.when) for e in program.exclusions)
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
