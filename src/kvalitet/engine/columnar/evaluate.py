"""Evaluate a table of profiles with the columnar backend (``Standards.evaluate_table``)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from kvalitet.engine.columnar.plan import compile_plan
from kvalitet.engine.columnar.problems import TABLE, RowProblem, RowProblems, profile_error
from kvalitet.engine.columnar.run import compact_schema, evaluate_batch
from kvalitet.engine.columnar.validate import ID_COLUMN, unknown_columns
from kvalitet.engine.columnar.vocabulary import columns_of
from kvalitet.engine.table import choose_programs, output_schema, to_arrow
from kvalitet.language.problems import ProfileError

if TYPE_CHECKING:
    from kvalitet.engine.standards import Standards

BATCH_ROWS = 65_536  # rows evaluated together: large enough to amortise, small enough to cache


class TableEvaluator:
    """The compiled plan of one municipality on one date; evaluates batches of rows.

    Example:
        >>> from datetime import date
        >>> import pyarrow as pa
        >>> from kvalitet import load_standards
        >>> evaluator = TableEvaluator(
        ...     load_standards(), municipality="haderslev", on=date(2026, 1, 1))
        >>> out, problems = evaluator.evaluate(pa.record_batch({"motivated": [False, None]}))
        >>> out.column(0).to_pylist(), bool(problems)
        (['outside_standard', 'undetermined'], False)
    """

    def __init__(
        self,
        standards: Standards,
        *,
        municipality: str,
        on: date,
        services: Iterable[str] | None = None,
        compact: bool = False,
    ) -> None:
        """Choose the programs in force and compile them.

        ``compact`` gives the service columns' texts dictionary-encoded (for writing files).

        Raises:
            EvaluationError: for an unknown municipality or service.
        """
        self.on = on
        self.compact = compact
        self.programs = choose_programs(standards, municipality, on, services)
        self.columns = columns_of(standards.vocabulary)
        self.plan = compile_plan(self.programs, standards.national, on, self.columns)

    def schema(self, id_type: Any = None) -> Any:  # noqa: ANN401 - pyarrow types
        """The output schema (with an ``id`` column of ``id_type`` when given)."""
        schema = output_schema(self.programs, with_id=id_type)
        return compact_schema(schema) if self.compact else schema

    def evaluate(
        self,
        batch: Any,  # noqa: ANN401 - a pyarrow.RecordBatch
        found: Mapping[int, list[RowProblem]] | None = None,
    ) -> tuple[Any, RowProblems]:
        """The output batch for a record batch, and its rows that are not valid profiles.

        Wrong rows have nulls in every service column; a column that is not a profile fact
        makes each row with a value in it wrong. ``found`` are problems already known by row
        (e.g. a line that was not JSON).
        """
        return evaluate_batch(self.plan, batch, self.on, found, compact=self.compact)


def evaluate_table(
    standards: Standards,
    data: object,
    *,
    municipality: str,
    on: date,
    services: Iterable[str] | None = None,
) -> Any:  # noqa: ANN401 - a pyarrow.Table
    """See :meth:`kvalitet.engine.standards.Standards.evaluate_table`.

    Raises:
        ProfileError: naming the first wrong rows and columns, each at ``<table>:ROW:1``
            (rows numbered from 1).
        EvaluationError: for an unknown municipality or service, or data that is no table.
    """
    table = to_arrow(data)
    evaluator = TableEvaluator(standards, municipality=municipality, on=on, services=services)
    wrong = unknown_columns(table.column_names, evaluator.columns.inputs)
    if wrong:
        raise ProfileError([problem.located(TABLE, 1) for problem in wrong], TABLE)
    id_type = table.schema.field(ID_COLUMN).type if ID_COLUMN in table.column_names else None
    batches = table.to_batches(max_chunksize=BATCH_ROWS)
    outputs = []
    offset = 0
    for out, problems in _in_parallel(evaluator, batches):
        if problems:
            raise profile_error(problems, first_row=offset)
        offset += out.num_rows
        outputs.append(out)
    return pa.Table.from_batches(outputs, schema=evaluator.schema(id_type))


def _in_parallel(evaluator: TableEvaluator, batches: list[Any]) -> Iterator[tuple[Any, Any]]:
    """Each batch's result, in order; batches run on every core (Arrow releases the GIL)."""
    if len(batches) < 2:
        yield from (evaluator.evaluate(batch) for batch in batches)
        return
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        yield from pool.map(evaluator.evaluate, batches)
