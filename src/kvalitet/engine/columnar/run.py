"""Evaluate a batch of rows with a plan: the output columns of every service.

Outcome, access and scope follow :func:`kvalitet.engine.assemble.assemble`; the columns are
those of :func:`kvalitet.engine.table.output_schema`. A row that is not a valid profile gets
nulls in every service column.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar import bits
from kvalitet.engine.columnar.frame import Frame
from kvalitet.engine.columnar.missing import missing_lists
from kvalitet.engine.columnar.plan import Plan, ServicePlan
from kvalitet.engine.columnar.problems import RowProblem, RowProblems
from kvalitet.engine.columnar.scope import scope_column
from kvalitet.engine.columnar.validate import read_facts
from kvalitet.engine.table import output_schema

OUTCOMES = pa.array(["within_standard", "outside_standard", "undetermined"])  # Truth codes


def evaluate_batch(
    plan: Plan,
    batch: Any,  # noqa: ANN401 - a pyarrow.RecordBatch
    on: date,
    found: Mapping[int, list[RowProblem]] | None = None,
    *,
    compact: bool = False,
) -> tuple[Any, RowProblems]:
    """The output record batch for one input batch, and the rows that are not valid profiles.

    ``found`` are problems already known by row (e.g. a line that is not JSON). ``compact``
    gives dictionary-encoded text columns (see :func:`compact_schema`).
    """
    facts = read_facts(batch, plan.columns.inputs, on=on)
    for row, problems in (found or {}).items():
        for problem in problems:
            facts.problems.add_row(row, problem)
    slots = plan.run(Frame(facts, plan.national))
    columns: list[Any] = [facts.ids] if facts.ids is not None else []
    for service in plan.services:
        columns.extend(_service_columns(service, slots, compact=compact))
    schema = _schema(plan, facts.ids.type if facts.ids is not None else None, compact=compact)
    if facts.problems:
        wrong = pa.array(facts.problems.mask())
        start = 1 if facts.ids is not None else 0
        columns[start:] = [pc.if_else(wrong, None, column) for column in columns[start:]]
    return pa.RecordBatch.from_arrays(columns, schema=schema), facts.problems


@functools.lru_cache(maxsize=32)
def _schema(plan: Plan, id_type: Any, *, compact: bool) -> Any:  # noqa: ANN401 - pyarrow types
    schema = output_schema([s.program for s in plan.services], with_id=id_type)
    return compact_schema(schema) if compact else schema


def compact_schema(schema: Any) -> Any:  # noqa: ANN401 - a pyarrow schema
    """The output schema with the service columns' texts dictionary-encoded."""
    return pa.schema(
        [
            field.with_type(pa.dictionary(pa.int8(), pa.string()))
            if ":" in field.name and field.type == pa.string()
            else field
            for field in schema
        ]
    )


def _service_columns(service: ServicePlan, slots: list[Any], *, compact: bool) -> list[Any]:
    eligible = slots[service.eligible]
    outcome = bits.truth_codes(eligible).astype(np.int8)  # 0 within, 1 outside, 2 undetermined
    columns = [
        bits.texts(outcome, OUTCOMES, compact=compact),
        _access(service, slots, len(eligible), compact=compact),
    ]
    columns.extend(scope_column(choice, slots, compact=compact) for _, choice in service.scope)
    columns.append(missing_lists(service.missing, slots, pc.is_null(eligible)))
    return columns


@functools.lru_cache(maxsize=64)
def constant_text(value: str, size: int, *, compact: bool) -> Any:  # noqa: ANN401
    """A column of one text (built once per size: arrays are immutable)."""
    return bits.texts(np.zeros(size, np.int8), pa.array([value]), compact=compact)


def _access(service: ServicePlan, slots: list[Any], size: int, *, compact: bool) -> Any:  # noqa: ANN401
    """The first variant that holds, else the standard's access."""
    default = service.program.standard.access
    if not service.access:
        return constant_text(default, size, compact=compact)
    choices = pa.array([default, *(access for _, access in service.access)])
    choice = np.zeros(size, np.int8)
    for number in range(len(service.access), 0, -1):
        choice[bits.to_mask(slots[service.access[number - 1][0]])] = number
    return bits.texts(choice, choices, compact=compact)
