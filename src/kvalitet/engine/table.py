"""Tables of profiles in, tables of outcomes out: the contract of ``Standards.evaluate_table``.

One output row per input row, in order; an input ``id`` column is carried through; per service
the columns ``<service id>:outcome``, ``<service id>:access``, ``<service id>:scope.<field>`` (one
per scope field the service's rules can set) and ``<service id>:missing_facts`` (a list of
strings). Missing values are nulls, and a null fact is unknown.

:func:`evaluate_rows` is the reference implementation: it evaluates each row through the
per-profile ``compiled`` engine. Faster backends must give the same table.

Needs the ``columnar`` extra (``pip install 'kvalitet[columnar]'``) for pyarrow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.decision import ServiceOutcome
from kvalitet.language.problems import EvaluationError

if TYPE_CHECKING:
    import pyarrow as pa

    from kvalitet.engine.standards import Standards

ID_COLUMN = "id"
ARROW_TYPES: dict[str, Callable[[Any], Any]] = {
    "number": lambda pa: pa.float64(),
    "int": lambda pa: pa.int64(),
    "bool": lambda pa: pa.bool_(),
    "enum": lambda pa: pa.string(),
    "text": lambda pa: pa.string(),
}


def require_pyarrow() -> Any:  # noqa: ANN401 - the pyarrow module
    """Import pyarrow, or say which extra to install."""
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional dependency
    except ImportError as error:  # pragma: no cover - tested in a fresh venv without extras
        msg = "tables of profiles need pyarrow: pip install 'kvalitet[columnar]'"
        raise ImportError(msg, name="pyarrow") from error
    return pa


def to_arrow(data: object) -> pa.Table:
    """A ``pyarrow.Table`` from a table, a record batch, a pandas or polars frame or dicts.

    Raises:
        EvaluationError: when ``data`` is none of these.
    """
    pa = require_pyarrow()
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    to_arrow_method = getattr(data, "to_arrow", None)  # polars
    if callable(to_arrow_method):
        return to_arrow(to_arrow_method())
    if type(data).__module__.startswith("pandas"):
        return pa.Table.from_pandas(data, preserve_index=False)
    if isinstance(data, Sequence) and all(isinstance(row, dict) for row in data):
        # Every key of every row is a column (pyarrow would take the first row's keys only).
        names = list(dict.fromkeys(key for row in data for key in row))
        return pa.Table.from_pydict({name: [row.get(name) for row in data] for name in names})
    msg = (
        f"cannot read a table of profiles from {type(data).__name__}; give a pyarrow.Table, "
        "a pandas or polars DataFrame, or a list of dicts"
    )
    raise EvaluationError(msg)


def scope_fields(program: ServiceProgram) -> tuple[str, ...]:
    """The scope fields a service's rules can set, in the order the rules first set them."""
    return tuple(program.scope_fields)


def output_schema(programs: Iterable[ServiceProgram], *, with_id: pa.DataType | None) -> pa.Schema:
    """The columns of the output table for these programs (and an ``id`` of the given type)."""
    pa = require_pyarrow()
    fields = [pa.field(ID_COLUMN, with_id)] if with_id is not None else []
    for program in programs:
        service = program.service
        fields.append(pa.field(f"{service}:outcome", pa.string()))
        fields.append(pa.field(f"{service}:access", pa.string()))
        for name, spec in program.scope_fields.items():
            kind = ARROW_TYPES[spec.type](pa)
            fields.append(pa.field(f"{service}:scope.{name}", kind))
        fields.append(pa.field(f"{service}:missing_facts", pa.list_(pa.string())))
    return pa.schema(fields)


def choose_programs(
    standards: Standards, municipality: str, on: date, services: Iterable[str] | None
) -> tuple[ServiceProgram, ...]:
    """The programs in force, restricted to ``services`` (full ids or ``sel-85``) when given.

    Raises:
        EvaluationError: for a service the municipality does not have in force.
    """
    programs = standards.in_force(municipality, on)
    if services is None:
        return programs
    by_id = {program.service: program for program in programs}
    chosen = []
    for service in services:
        full = service if "/" in service else f"{municipality}/{service}"
        if full not in by_id:
            known = ", ".join(by_id)
            msg = f"no service '{service}' of {municipality} in force (have: {known})"
            raise EvaluationError(msg)
        chosen.append(by_id[full])
    return tuple(chosen)


def outcome_row(program: ServiceProgram, outcome: ServiceOutcome) -> dict[str, Any]:
    """The output columns of one service for one row."""
    service = program.service
    row: dict[str, Any] = {
        f"{service}:outcome": outcome.outcome,
        f"{service}:access": outcome.access,
        f"{service}:missing_facts": list(outcome.missing_facts),
    }
    for name in scope_fields(program):
        value = outcome.scope.get(name) if outcome.scope is not None else None
        row[f"{service}:scope.{name}"] = value
    return row


def evaluate_rows(
    standards: Standards,
    data: object,
    *,
    municipality: str,
    on: date,
    services: Iterable[str] | None = None,
) -> pa.Table:
    """The reference evaluation of a table: every row through the per-profile engine.

    Raises:
        ProfileError: for a row that is not a valid profile (naming the row).
        EvaluationError: for an unknown municipality or service.
    """
    pa = require_pyarrow()
    table = to_arrow(data)
    programs = choose_programs(standards, municipality, on, services)
    id_type = table.schema.field(ID_COLUMN).type if ID_COLUMN in table.column_names else None
    rows: list[dict[str, Any]] = []
    for values in table.to_pylist():
        profile = {k: v for k, v in values.items() if k != ID_COLUMN and v is not None}
        decision = standards.evaluate(profile, municipality=municipality, on=on)
        row: dict[str, Any] = {ID_COLUMN: values[ID_COLUMN]} if id_type is not None else {}
        for program in programs:
            row.update(outcome_row(program, decision.services[program.service]))
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=output_schema(programs, with_id=id_type))
