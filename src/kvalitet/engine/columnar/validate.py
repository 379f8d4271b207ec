"""Read a batch of rows as profile facts: check the names and values, give each fact one type.

Whatever a column's type in the input (Parquet, CSV text, JSON, pandas), each fact gets one
type for evaluation: yes/no facts ``bool``, numbers ``float64``, choices ``int8`` (the index of
the value), dates ``date32``, lists of service codes ``list<string>``. A value that does not
fit makes its row wrong; the problem names the column, says what is expected and shows the
value. Nulls are unknown facts, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar.problems import RowProblem, RowProblems
from kvalitet.engine.columnar.vocabulary import BIRTH_DATE, Column
from kvalitet.language.suggest import suggest

ID_COLUMN = "id"
CANONICAL: dict[str, Any] = {
    "bool": pa.bool_(),
    "int": pa.float64(),
    "number": pa.float64(),
    "enum": pa.int8(),
    "date": pa.date32(),
    "services": pa.list_(pa.string()),
}
# The words a yes/no fact may be written as in text (the profile model accepts the same).
TRUE_WORDS = pa.array(["true", "t", "yes", "y", "on", "1", "ja"])
FALSE_WORDS = pa.array(["false", "f", "no", "n", "off", "0", "nej"])
NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"
SERVICE_SEPARATORS = r"[\s,;\[\]\"']+"  # also brackets and quotes: ["sel-85", "sel-96"]
TRUE, FALSE = pa.scalar(True), pa.scalar(False)  # noqa: FBT003 - Arrow scalars

Reason = Callable[[int], str]
Converted = tuple[Any, list[tuple[Any, str]]]  # the canonical array, and (wrong rows, why)


@dataclass(frozen=True)
class Items:
    """The items of a list column: the distinct values, each item's index among them, its row."""

    distinct: dict[str, int]
    indices: npt.NDArray[np.int64]  # -1 for a null item
    rows: npt.NDArray[np.int64]

    @classmethod
    def of(cls, lists: Any) -> Items:  # noqa: ANN401 - a list<string> array
        """The items of a list column (also those under null lists)."""
        offsets = np.asarray(lists.offsets.to_numpy(), np.int64)
        items = lists.values.slice(offsets[0], offsets[-1] - offsets[0])
        rows = np.repeat(np.arange(len(lists), dtype=np.int64), np.diff(offsets))
        encoded = pc.dictionary_encode(items)
        distinct = {value: index for index, value in enumerate(encoded.dictionary.to_pylist())}
        indices = np.asarray(encoded.indices.fill_null(-1).to_numpy(), np.int64)
        return cls(distinct, indices, rows)


@dataclass(frozen=True)
class Facts:
    """One batch of rows as facts: canonical columns, the ``id`` column, and the wrong rows."""

    size: int
    known: dict[str, Column]  # every profile fact, by name
    columns: dict[str, Any]  # fact name → pyarrow array of its canonical type
    ids: Any  # the input ``id`` column, or None
    problems: RowProblems
    items: dict[str, Items] = field(default_factory=dict)  # of each list column read

    def column(self, name: str) -> Any:  # noqa: ANN401 - a pyarrow array
        """A fact's column; all null when the table has no such column."""
        found = self.columns.get(name)
        if found is None:
            found = pa.nulls(self.size, CANONICAL[self.known[name].kind])
            self.columns[name] = found
        return found


def unknown_columns(names: Sequence[str], known: dict[str, Column]) -> list[RowProblem]:
    """A problem for each column that is not a profile fact (``id`` is carried), or repeated."""
    problems = []
    for name in dict.fromkeys(names):
        if names.count(name) > 1:
            message = f"'{name}' appears {names.count(name)} times; name each column once"
            problems.append(RowProblem("duplicate-column", message, name))
        if name != ID_COLUMN and name not in known:
            problems.append(unknown_field(name, known))
    return problems


def unknown_field(name: str, known: dict[str, Column]) -> RowProblem:
    """The problem of a column or key that is not a profile fact."""
    hint = suggest(name, list(known))
    return RowProblem("unknown-field", f"'{name}' is not a profile field{hint}", name)


def read_facts(batch: Any, known: dict[str, Column], *, on: date) -> Facts:  # noqa: ANN401
    """Check every column of a record batch and give each fact its canonical type.

    A column that is not a profile fact makes every row with a value in it wrong.
    """
    problems = RowProblems(batch.num_rows)
    columns: dict[str, Any] = {}
    items_of: dict[str, Items] = {}
    ids = None
    for name, array in zip(batch.schema.names, batch.columns, strict=True):
        if name == ID_COLUMN:
            ids = array
            continue
        spec = known.get(name)
        if spec is None:
            unknown = unknown_field(name, known)
            problems.add(name, pc.is_valid(array), unknown.code, _always(unknown.message))
            continue
        if pa.types.is_dictionary(array.type) and spec.kind == "enum":
            canonical, wrong = _dictionary_to_enum(array, spec)
            decoded = array
        else:
            decoded = array.dictionary_decode() if pa.types.is_dictionary(array.type) else array
            canonical, wrong = _CONVERTERS[spec.kind](decoded, spec)
        if spec.kind == "services":
            canonical, items = canonical
            items_of[name] = items
        if spec.kind == "date":
            wrong.extend(_outside(canonical, spec))
        elif spec.kind == "services":
            wrong.append(_too_many(canonical, spec))
        if spec.name == BIRTH_DATE:
            wrong.append(_after(canonical, on))
        for rows, why in wrong:
            problems.add(name, rows, "invalid-value", _describe(name, decoded, why))
        columns[name] = canonical
    return Facts(batch.num_rows, known, columns, ids, problems, items_of)


def _always(message: str) -> Reason:
    return lambda _: message


def _describe(name: str, array: Any, why: str) -> Reason:  # noqa: ANN401
    return lambda row: f"{name}: {why} (got {_shown(array[row].as_py())})"


def _shown(value: Any) -> str:  # noqa: ANN401 - any cell
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(repr(item) for item in value) + "]"
    return repr(value)


def _known_and_not(array: Any, fits: Any) -> Any:  # noqa: ANN401 - pyarrow arrays
    """Where ``array`` has a value and ``fits`` does not hold (null ``fits`` is not holding)."""
    return pc.and_(pc.is_valid(array), pc.invert(pc.fill_null(fits, FALSE)))


def _all_wrong(array: Any, kind: str, why: str) -> Converted:  # noqa: ANN401
    return pa.nulls(len(array), CANONICAL[kind]), [(pc.is_valid(array), why)]


def _is_text(kind: Any) -> bool:  # noqa: ANN401 - a pyarrow type
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _is_number(kind: Any) -> bool:  # noqa: ANN401 - a pyarrow type
    return bool(
        pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)
    )


def _to_bool(array: Any, spec: Column) -> Converted:  # noqa: ANN401, ARG001
    kind = array.type
    why = "expected true or false"
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.bool_()), []
    if pa.types.is_boolean(kind):
        return array, []
    if _is_number(kind):
        numbers = pc.cast(array, pa.float64(), safe=False)
        fits = pc.is_in(numbers, value_set=pa.array([0.0, 1.0]))
        return pc.not_equal(numbers, 0.0), [(_known_and_not(array, fits), why)]
    if _is_text(kind):
        words = pc.utf8_lower(pc.utf8_trim_whitespace(array))
        true = pc.is_in(words, value_set=TRUE_WORDS)
        false = pc.is_in(words, value_set=FALSE_WORDS)
        values = pc.if_else(true, TRUE, pc.if_else(false, FALSE, None))
        return values, [(_known_and_not(array, pc.or_(true, false)), why)]
    return _all_wrong(array, "bool", why)


def _to_number(array: Any, spec: Column) -> Converted:  # noqa: ANN401
    kind = array.type
    whole = spec.kind == "int"
    expected = "expected a whole number" if whole else "expected a number"
    wrong: list[tuple[Any, str]] = []
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.float64()), []
    if _is_number(kind):
        values = pc.cast(array, pa.float64(), safe=False)
    elif _is_text(kind):
        text = pc.utf8_trim_whitespace(array)
        fits = pc.match_substring_regex(text, NUMBER)
        wrong.append((_known_and_not(array, fits), expected))
        values = pc.cast(pc.if_else(fits, text, None), pa.float64())
    else:
        return _all_wrong(array, spec.kind, expected)
    wrong.append((pc.invert(pc.is_finite(values)), "expected a finite number"))
    if whole:
        fraction = pc.not_equal(pc.floor(values), values)
        wrong.append((fraction, "expected a whole number, not one with a fraction"))
    if spec.minimum is not None:
        wrong.append((pc.less(values, spec.minimum), f"must be at least {_n(spec.minimum)}"))
    if spec.maximum is not None:
        wrong.append((pc.greater(values, spec.maximum), f"must be at most {_n(spec.maximum)}"))
    return values, wrong


def _n(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _to_date(array: Any, spec: Column) -> Converted:  # noqa: ANN401, ARG001
    kind = array.type
    why = "expected a date, YYYY-MM-DD"
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.date32()), []
    if pa.types.is_date(kind):
        return pc.cast(array, pa.date32()), []
    if pa.types.is_timestamp(kind):
        days = pc.cast(array, pa.date32())
        with_time = pc.not_equal(pc.cast(days, kind), array)
        return days, [(with_time, "expected a date without a time of day")]
    if _is_text(kind):
        text = pc.utf8_trim_whitespace(array)
        parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
        return pc.cast(parsed, pa.date32()), [(_known_and_not(array, pc.is_valid(parsed)), why)]
    return _all_wrong(array, "date", why)


def _outside(days: Any, spec: Column) -> list[tuple[Any, str]]:  # noqa: ANN401
    """A date outside the calendar a profile may use (as the profile model's bounds)."""
    early = pc.less(days, pa.scalar(spec.earliest, pa.date32()))
    late = pc.greater(days, pa.scalar(spec.latest, pa.date32()))
    return [
        (early, f"must be on or after {spec.earliest.isoformat()}"),
        (late, f"must be on or before {spec.latest.isoformat()}"),
    ]


def _too_many(lists: Any, spec: Column) -> tuple[Any, str]:  # noqa: ANN401
    """A list of more service codes than the fact allows."""
    return pc.greater(pc.list_value_length(lists), spec.max_items), (
        f"must have at most {spec.max_items} service codes"
    )


def _after(days: Any, on: date) -> tuple[Any, str]:  # noqa: ANN401
    later = pc.greater(days, pa.scalar(on, pa.date32()))
    return later, f"must not be after the evaluation date {on.isoformat()}"


def _to_enum(array: Any, spec: Column) -> Converted:  # noqa: ANN401
    why = f"expected one of {', '.join(spec.values)}"
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), pa.int8()), []
    if not _is_text(array.type):
        return _all_wrong(array, "enum", why)
    codes = pc.index_in(array, value_set=pa.array(spec.values))
    return pc.cast(codes, pa.int8()), [(_known_and_not(array, pc.is_valid(codes)), why)]


def _to_services(array: Any, spec: Column) -> Converted:  # noqa: ANN401
    """A list of service codes (or codes in one text cell); returns the lists and their items."""
    kind = array.type
    why = "expected a list of service codes such as 'sel-85'"
    if _is_text(kind):
        array = _split(array)
    elif (
        pa.types.is_null(kind)
        or not (
            pa.types.is_list(kind)
            or pa.types.is_large_list(kind)
            or pa.types.is_fixed_size_list(kind)
        )
        or not (_is_text(kind.value_type) or pa.types.is_null(kind.value_type))
    ):
        lists, wrong = _all_wrong(array, "services", why)
        return (lists, Items.of(lists)), wrong
    lists = pc.cast(array, CANONICAL["services"])
    items = Items.of(lists)
    fits = [spec.pattern is None or bool(spec.pattern.match(code)) for code in items.distinct]
    wrong_items = ~np.append(np.array(fits, np.bool_), False)[items.indices]  # -1: a null item
    if not wrong_items.any():
        return (lists, items), []
    rows = np.zeros(len(array), dtype=np.bool_)
    rows[items.rows[wrong_items]] = True
    return (lists, items), [(pc.and_(pa.array(rows), pc.is_valid(lists)), why)]


def _dictionary_to_enum(array: Any, spec: Column) -> Converted:  # noqa: ANN401
    """A dictionary-encoded choice: each distinct value is looked up once."""
    dictionary = array.dictionary
    if not _is_text(dictionary.type):
        return _to_enum(array.dictionary_decode(), spec)
    codes = pc.cast(pc.index_in(dictionary, value_set=pa.array(spec.values)), pa.int8())
    values = pc.take(codes, array.indices)
    why = f"expected one of {', '.join(spec.values)}"
    return values, [(_known_and_not(array, pc.is_valid(values)), why)]


def _split(text: Any) -> Any:  # noqa: ANN401
    """Service codes written in one text cell: ``sel-85, sel-96`` or ``[sel-85]``; ``[]``: none.

    Commas, semicolons, spaces, brackets and quotes separate the codes.
    """
    trimmed = pc.replace_substring_regex(
        text, pattern=f"^{SERVICE_SEPARATORS}|{SERVICE_SEPARATORS}$", replacement=""
    )
    lists = pc.split_pattern_regex(trimmed, pattern=SERVICE_SEPARATORS)
    offsets = np.asarray(lists.offsets.to_numpy(), np.int64)
    items = lists.values.slice(offsets[0], offsets[-1] - offsets[0])
    parents = np.repeat(np.arange(len(lists), dtype=np.int64), np.diff(offsets))
    keep = pc.fill_null(pc.not_equal(items, ""), FALSE)
    kept_rows = parents[np.asarray(keep.to_numpy(zero_copy_only=False), np.bool_)]
    counts = np.bincount(kept_rows, minlength=len(lists))
    offsets = np.zeros(len(lists) + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    kept = pc.filter(items, keep)
    mask = pc.is_null(lists)
    return pa.ListArray.from_arrays(pa.array(offsets), kept, mask=mask)


_CONVERTERS: dict[str, Callable[[Any, Column], Converted]] = {
    "bool": _to_bool,
    "int": _to_number,
    "number": _to_number,
    "date": _to_date,
    "enum": _to_enum,
    "services": _to_services,
}
