"""Reform impact: what a change to the standards does to a population, service by service.

The population is evaluated batch by batch under the baseline and under the reform, for the
services the reform changes (``Standards.evaluate_table``), so memory stays flat in the number
of rows. Per service it counts the transitions between outcomes, totals every numeric scope
field (hours a month, days a year …) before and after, counts the § 85-style package
migrations, prices the amounts the standard states (a rate times the citizens within the
standard), and for each changed row finds the rules responsible
(:mod:`kvalitet.population.attribution`). The changed rows themselves, with both results side
by side, go to a callback (the CLI writes them to Parquet).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kvalitet.engine.table import ID_COLUMN, require_pyarrow
from kvalitet.language.vocabulary import ScopeFieldSpec
from kvalitet.population.amounts import AmountLine, amount_lines
from kvalitet.population.attribution import RuleComparer, RuleInfo
from kvalitet.population.reform import Reform
from kvalitet.population.synth import require_numpy

if TYPE_CHECKING:
    import pyarrow as pa

OUTCOMES = ("within_standard", "outside_standard", "undetermined")
ROW_COLUMN = "row_number"
SEPARATOR = "\x1f"  # joins two values into one key; never in a service's output


@dataclass
class ScopeTotal:
    """One numeric scope field summed over the population, before and after."""

    name: str
    before: float = 0.0
    after: float = 0.0
    rows_before: int = 0
    rows_after: int = 0


@dataclass
class ServiceImpact:
    """What the reform does to one service."""

    service: str
    title: str
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    access: Counter[tuple[str, str]] = field(default_factory=Counter)
    scope: dict[str, ScopeTotal] = field(default_factory=dict)
    packages: Counter[tuple[str | None, str | None]] | None = None
    changed: int = 0
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)
    rule_info: dict[str, RuleInfo] = field(default_factory=dict)
    amounts: tuple[AmountLine, ...] = ()
    scope_fields: dict[str, ScopeFieldSpec] = field(default_factory=dict)

    def within(self, *, after: bool) -> int:
        """The number of rows within the standard, before or after."""
        side = 1 if after else 0
        return sum(n for pair, n in self.transitions.items() if pair[side] == OUTCOMES[0])


@dataclass
class Impact:
    """What a reform does to a population."""

    municipality: str
    on: date
    rows: int = 0
    changed_rows: int = 0
    services: dict[str, ServiceImpact] = field(default_factory=dict)
    seconds: float = 0.0
    evaluation_seconds: float = 0.0  # of which in ``evaluate_table`` (both sides)
    wrong_rows: int = 0  # rows of the population that are not valid profiles (not measured)


ChangedRows = Callable[["pa.Table"], None]


@dataclass(frozen=True)
class NumberedRows:
    """Rows of a population with their numbers in it (from 1): valid rows, where some are not."""

    table: pa.Table
    row_numbers: Any  # numpy int64, one per row of the table


def measure_impact(
    reform: Reform,
    batches: Iterable[pa.RecordBatch | NumberedRows],
    *,
    municipality: str,
    on: date,
    changed_rows: ChangedRows | None = None,
) -> Impact:
    """Evaluate a population under the baseline and the reform and compare, batch by batch.

    Args:
        reform: The two sets of standards (:func:`~kvalitet.population.reform.load_reform`).
        batches: The population: record batches with profile fact columns (and an ``id``),
            or :class:`NumberedRows` when rows were left out (rows are numbered from 1).
        municipality: e.g. ``"hillerod"``.
        on: The evaluation date.
        changed_rows: Called with a table of each batch's changed rows: the input columns,
            ``row_number``, every changed service's ``baseline:``/``reform:`` columns,
            ``changed_services`` and ``responsible_rules``.

    Raises:
        EvaluationError: when the reform changes no service of the municipality in force.
        ProfileError: for a row that is not a valid profile.
    """
    started = time.perf_counter()
    services = reform.services(municipality, on)
    before = {p.service: p for p in reform.baseline.in_force(municipality, on)}
    after = {p.service: p for p in reform.reform.in_force(municipality, on)}
    comparers = {s: RuleComparer(before[s], after[s]) for s in services}
    impact = Impact(municipality, on)
    for service in services:
        impact.services[service] = ServiceImpact(
            service,
            after[service].standard.title,
            scope_fields={**before[service].scope_fields, **after[service].scope_fields},
        )
    for batch in batches:
        _measure_batch(reform, batch, impact, comparers, changed_rows)
    for service, result in impact.services.items():
        result.amounts = amount_lines(
            before[service].standard.payment,
            after[service].standard.payment,
            within=(result.within(after=False), result.within(after=True)),
            on=on,
        )
    impact.seconds = time.perf_counter() - started
    return impact


def _measure_batch(
    reform: Reform,
    batch: pa.RecordBatch | NumberedRows,
    impact: Impact,
    comparers: dict[str, RuleComparer],
    changed_rows: ChangedRows | None,
) -> None:
    pa = require_pyarrow()
    np = require_numpy()
    if isinstance(batch, NumberedRows):
        table, row_numbers = batch.table, batch.row_numbers
    else:
        table = pa.Table.from_batches([batch])
        first = impact.rows + 1
        row_numbers = np.arange(first, first + len(table), dtype=np.int64)
    if len(table) == 0:
        return
    services = list(comparers)
    options: dict[str, Any] = {"municipality": impact.municipality, "on": impact.on}
    started = time.perf_counter()
    old = reform.baseline.evaluate_table(table, services=services, **options)
    new = reform.reform.evaluate_table(table, services=services, **options)
    impact.evaluation_seconds += time.perf_counter() - started
    changed_by_service = {}
    for service in services:
        changed = _compare_service(impact.services[service], old, new)
        changed_by_service[service] = changed
    any_changed = np.logical_or.reduce(list(changed_by_service.values()))
    rows = np.nonzero(any_changed)[0]
    impact.rows += len(table)
    impact.changed_rows += len(rows)
    responsible = _attribute(
        reform,
        table,
        rows,
        changed_by_service=changed_by_service,
        impact=impact,
        comparers=comparers,
    )
    if changed_rows is not None:
        changed_rows(
            _changed_table(
                table,
                old,
                new,
                rows=rows,
                row_numbers=row_numbers,
                changed_by_service=changed_by_service,
                responsible=responsible,
            )
        )


def _service_columns(table: pa.Table, service: str) -> dict[str, Any]:
    prefix = f"{service}:"
    return {
        n.removeprefix(prefix): table.column(n) for n in table.column_names if n.startswith(prefix)
    }


def _compare_service(result: ServiceImpact, old: pa.Table, new: pa.Table) -> Any:  # noqa: ANN401
    """Add one batch to the service's counts; return the mask of its changed rows."""
    pa = require_pyarrow()
    np = require_numpy()
    before, after = _service_columns(old, result.service), _service_columns(new, result.service)
    length = len(old)
    changed = np.zeros(length, dtype=bool)
    for name in dict.fromkeys([*before, *after]):
        a = before.get(name, pa.nulls(length))
        b = after.get(name, pa.nulls(length))
        changed |= _differs(a, b)
    result.changed += int(changed.sum())
    result.transitions.update(_pairs(before["outcome"], after["outcome"]))
    access = _pairs(before["access"], after["access"])
    result.access.update({pair: n for pair, n in access.items() if pair[0] != pair[1]})
    # The service's choice field (its packages) is its first enum scope field, as the report
    # shows it; another choice (e.g. § 85's package on top of the individual one) is not summed.
    choice = next((n for n, spec in result.scope_fields.items() if spec.type == "enum"), None)
    for name in dict.fromkeys([*before, *after]):
        if not name.startswith("scope."):
            continue
        field_name = name.removeprefix("scope.")
        spec = result.scope_fields.get(field_name)
        if spec is not None and spec.type in ("enum", "text", "bool"):
            if field_name != choice:
                continue
            if result.packages is None:
                result.packages = Counter()
            result.packages.update(
                _pairs(before.get(name, pa.nulls(length)), after.get(name, pa.nulls(length)))
            )
            continue
        total = result.scope.setdefault(field_name, ScopeTotal(field_name))
        if name in before:
            total.before += _sum(before[name])
            total.rows_before += length - before[name].null_count
        if name in after:
            total.after += _sum(after[name])
            total.rows_after += length - after[name].null_count
    return changed


def _differs(a: Any, b: Any) -> Any:  # noqa: ANN401 - Arrow arrays in, a numpy mask out
    """Where two columns differ, nulls included (null = null; null ≠ a value)."""
    pa = require_pyarrow()
    np = require_numpy()
    import pyarrow.compute as pc  # noqa: PLC0415 - optional dependency

    if pa.types.is_list(a.type) or pa.types.is_list(b.type):
        a, b = (_joined(x) for x in (a, b))
    if pa.types.is_null(a.type) or pa.types.is_null(b.type):
        return np.asarray(pc.xor(pc.is_null(a), pc.is_null(b)))
    unequal = pc.fill_null(pc.not_equal(a, b), pa.scalar(value=False))
    return np.asarray(pc.or_(unequal, pc.xor(pc.is_null(a), pc.is_null(b))))


def _joined(lists: Any) -> Any:  # noqa: ANN401 - an Arrow list column
    pa = require_pyarrow()
    import pyarrow.compute as pc  # noqa: PLC0415 - optional dependency

    if pa.types.is_null(lists.type):
        return pa.nulls(len(lists), pa.string())
    return pc.binary_join(lists, SEPARATOR)


def _pairs(a: Any, b: Any) -> Counter[tuple[Any, Any]]:  # noqa: ANN401 - Arrow columns
    """How often each (before, after) pair occurs; a null is ``None``."""
    pa = require_pyarrow()
    import pyarrow.compute as pc  # noqa: PLC0415 - optional dependency

    keys = pc.binary_join_element_wise(
        pc.fill_null(pc.cast(a, pa.string()), "\x00"),
        pc.fill_null(pc.cast(b, pa.string()), "\x00"),
        SEPARATOR,
    )
    counts: Counter[tuple[Any, Any]] = Counter()
    for entry in pc.value_counts(keys).to_pylist():
        first, second = entry["values"].split(SEPARATOR)
        counts[(first if first != "\x00" else None, second if second != "\x00" else None)] += entry[
            "counts"
        ]
    return counts


def _sum(column: Any) -> float:  # noqa: ANN401 - an Arrow column
    import pyarrow.compute as pc  # noqa: PLC0415 - optional dependency

    total = pc.sum(column).as_py()
    return float(total) if total is not None else 0.0


def _attribute(
    reform: Reform,
    table: pa.Table,
    rows: Any,  # noqa: ANN401 - numpy indices
    *,
    changed_by_service: dict[str, Any],
    impact: Impact,
    comparers: dict[str, RuleComparer],
) -> list[list[str]]:
    """Per changed row, ``service: rule`` for each responsible rule; counted per service."""
    responsible: list[list[str]] = []
    facts_of = reform.baseline.facts
    for index, values in zip(rows, table.take(rows).to_pylist(), strict=True):
        profile = {k: v for k, v in values.items() if k != ID_COLUMN and v is not None}
        facts = facts_of(reform.baseline.parse_profile(profile), impact.on)
        found: list[str] = []
        for service, comparer in comparers.items():
            if not changed_by_service[service][index]:
                continue
            result = impact.services[service]
            for rule_id, change in comparer.responsible(facts):
                result.rules[(rule_id, change)] += 1
                info = comparer.info(rule_id)
                if info is not None:
                    result.rule_info.setdefault(rule_id, info)
                found.append(f"{service}: {rule_id}")
        responsible.append(found)
    return responsible


def _changed_table(
    table: pa.Table,
    old: pa.Table,
    new: pa.Table,
    *,
    rows: Any,  # noqa: ANN401 - numpy indices
    row_numbers: Any,  # noqa: ANN401 - numpy row numbers
    changed_by_service: dict[str, Any],
    responsible: list[list[str]],
) -> pa.Table:
    pa = require_pyarrow()
    picked = table.take(rows)
    columns: dict[str, Any] = {ROW_COLUMN: pa.array(row_numbers[rows])}
    columns.update({name: picked.column(name) for name in picked.column_names})
    for prefix, evaluated in (("baseline", old), ("reform", new)):
        chosen = evaluated.take(rows)
        for name in chosen.column_names:
            if name != ID_COLUMN:
                columns[f"{prefix}:{name}"] = chosen.column(name)
    services = [[s for s, mask in changed_by_service.items() if mask[i]] for i in rows]
    columns["changed_services"] = pa.array(services, pa.list_(pa.string()))
    columns["responsible_rules"] = pa.array(responsible, pa.list_(pa.string()))
    return pa.table(columns)
