"""Read a file of profiles in record batches: Parquet, CSV or JSON Lines, never all at once.

Each reader yields :class:`Chunk` objects: a record batch, the number of its first row, the
problems found while reading it (a JSON line that is not JSON is a row with a problem, read
as an empty profile), and how far into the file the reader is (for a progress bar).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from kvalitet.engine.columnar.problems import RowProblem
from kvalitet.engine.columnar.validate import ID_COLUMN, unknown_columns, unknown_field
from kvalitet.engine.columnar.vocabulary import Column
from kvalitet.language.problems import EvaluationError, ProfileError

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl"}
FORMATS |= {".ndjson": "jsonl", ".json": "jsonl"}
BLOCK_BYTES = 8 << 20  # text read per block


@dataclass
class Chunk:
    """A record batch read from a file, with what reading it found."""

    batch: Any  # pyarrow.RecordBatch
    first_row: int  # 0-based number of its first row in the file
    problems: dict[int, list[RowProblem]] = field(default_factory=dict)  # row in batch → its
    done: int = 0  # progress: rows or bytes read so far


@dataclass
class Source:
    """A file being read: its chunks, its size for progress (rows or bytes), its notes."""

    chunks: Iterator[Chunk]
    total: int
    notes: list[str] = field(default_factory=list)  # lines skipped as unreadable, and why


def file_format(path: Path, given: str | None = None) -> str:
    """``parquet``, ``csv`` or ``jsonl``: as given, else from the file name's suffix.

    Raises:
        EvaluationError: when the suffix does not say.
    """
    if given is not None:
        return given
    if path.is_dir():
        return "parquet"
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(FORMATS)
        msg = f"{path}: cannot tell the format from the suffix '{path.suffix}' (known: {known})"
        raise EvaluationError(msg)
    return found


def open_source(path: Path, kind: str, batch_rows: int, known: dict[str, Column]) -> Source:
    """Start reading a file of profiles whose columns are the profile facts ``known``.

    Raises:
        ProfileError: for a column that is not a profile fact (Parquet and CSV name their
            columns once, so a wrong name is wrong for the whole file).
        EvaluationError: for a file that cannot be read.
    """
    try:
        if kind == "parquet":
            return _parquet(path, batch_rows, known)
        if kind == "csv":
            return _csv(path, batch_rows, known)
        return _jsonl(path, batch_rows, known)
    except (OSError, pa.ArrowException) as error:
        raise EvaluationError(f"{path}: cannot read it as {kind}: {error}") from None


def _check_names(path: Path, names: list[str], known: dict[str, Column]) -> None:
    """Refuse a file whose header names a column that is not a profile fact (at line 1)."""
    problems = unknown_columns(names, known)
    if problems:
        raise ProfileError([problem.located(str(path), 1) for problem in problems], path)


def _parquet(path: Path, batch_rows: int, known: dict[str, Column]) -> Source:
    """A Parquet file, or a folder of them (read in the order of their names)."""
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    if not files:
        raise EvaluationError(f"{path}: the folder has no .parquet files")
    names = pq.read_schema(files[0]).names
    _check_names(path, names, known)
    for file in files[1:]:
        if pq.read_schema(file).names != names:
            raise EvaluationError(f"{file}: its columns differ from those of {files[0]}")
    choices = [n for n in names if n in known and known[n].kind == "enum"]

    def chunks() -> Iterator[Chunk]:
        first = 0
        for file in files:
            # Without pre_buffer, the reader keeps no row group after reading it: flat memory.
            with pq.ParquetFile(file, read_dictionary=choices, pre_buffer=False) as reader:
                for batch in reader.iter_batches(batch_size=batch_rows):
                    yield Chunk(batch, first, done=first + batch.num_rows)
                    first += batch.num_rows

    return Source(chunks(), sum(pq.read_metadata(file).num_rows for file in files))


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read from it (for the progress bar)."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # noqa: ANN401 - a writable buffer
        read = self.raw.readinto(buffer)
        self.count += read or 0
        return read or 0


def _csv(path: Path, batch_rows: int, known: dict[str, Column]) -> Source:
    with path.open("rb") as probe:
        names = pa_csv.open_csv(
            probe, parse_options=pa_csv.ParseOptions(invalid_row_handler=lambda _: "skip")
        ).schema.names
    _check_names(path, names, known)
    notes: list[str] = []

    def skipped(row: Any) -> str:  # noqa: ANN401 - pyarrow's InvalidRow
        notes.append(
            f"skipped a line with {row.actual_columns} values where the header names "
            f"{row.expected_columns}: {row.text[:80]!r}"
        )
        return "skip"

    raw = path.open("rb")
    counting = _Counting(raw)
    reader = pa_csv.open_csv(
        counting,
        read_options=pa_csv.ReadOptions(block_size=max(1 << 20, batch_rows * 256)),
        parse_options=pa_csv.ParseOptions(invalid_row_handler=skipped),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
        ),
    )

    def chunks() -> Iterator[Chunk]:
        first = 0
        try:
            for batch in reader:
                yield Chunk(batch, first, done=counting.count)
                first += batch.num_rows
        finally:
            raw.close()

    return Source(chunks(), path.stat().st_size, notes)


def json_schema(known: dict[str, Column]) -> Any:  # noqa: ANN401 - a pyarrow schema
    """How JSON values are read: numbers as float64, dates and choices as text."""
    kinds = {
        "bool": pa.bool_(),
        "int": pa.float64(),
        "number": pa.float64(),
        "date": pa.string(),
        "enum": pa.string(),
        "services": pa.list_(pa.string()),
    }
    return pa.schema([(name, kinds[spec.kind]) for name, spec in known.items()])


def _jsonl(path: Path, batch_rows: int, known: dict[str, Column]) -> Source:
    options = json_options(known)
    block_bytes = max(1 << 20, batch_rows * 256)

    def chunks() -> Iterator[Chunk]:
        first = 0
        with path.open("rb") as stream:
            for block, done in _line_blocks(stream, block_bytes):
                batch, problems = read_json_block(block, options, known)
                yield Chunk(batch, first, problems, done)
                first += batch.num_rows

    return Source(chunks(), path.stat().st_size)


def _line_blocks(stream: BinaryIO, block_bytes: int) -> Iterator[tuple[bytes, int]]:
    """Blocks of whole lines of about ``block_bytes``, with the bytes read so far."""
    rest = b""
    done = 0
    while data := stream.read(block_bytes):
        done += len(data)
        data = rest + data
        cut = data.rfind(b"\n") + 1
        block, rest = data[:cut], data[cut:]
        if block.strip():
            yield block, done - len(rest)
    if rest.strip():
        yield rest, done


def read_json_block(
    block: bytes,
    options: Any,  # noqa: ANN401 - pyarrow.json.ParseOptions
    known: dict[str, Column],
) -> tuple[Any, dict[int, list[RowProblem]]]:
    """A record batch of the non-blank JSON lines of a block (see :func:`read_json_lines`)."""
    try:
        return _batch([block], options), {}
    except pa.ArrowInvalid:
        lines = [line for line in block.split(b"\n") if line.strip()]
        return read_json_lines(lines, options, known)


def json_options(known: dict[str, Column]) -> Any:  # noqa: ANN401 - pyarrow.json.ParseOptions
    """How JSON lines of profiles are parsed (see :func:`json_schema`; other keys inferred)."""
    schema = json_schema(known)
    return pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="infer")


def read_json_lines(
    lines: list[bytes],
    options: Any,  # noqa: ANN401 - pyarrow.json.ParseOptions
    known: dict[str, Column],
) -> tuple[Any, dict[int, list[RowProblem]]]:
    """A record batch of JSON lines; a wrong line is read as ``{}`` and named in the problems."""
    try:
        return _batch(lines, options), {}
    except pa.ArrowInvalid:
        pass
    problems: dict[int, list[RowProblem]] = {}
    fixed = list(lines)
    for index, line in enumerate(lines):
        found = _line_problems(line, known)
        if found:
            problems[index] = found
            fixed[index] = _id_only(line)
    try:
        return _batch(fixed, options), problems
    except pa.ArrowInvalid:  # e.g. ids of different types: read each line on its own
        for index, line in enumerate(fixed):
            try:
                _batch([line], options)
            except pa.ArrowInvalid as error:
                message = f"cannot read this line: {str(error)[:160]}"
                problems.setdefault(index, []).append(RowProblem("wrong-type", message))
                fixed[index] = b"{}"
        return _batch(fixed, options), problems


def _batch(lines: list[bytes], options: Any) -> Any:  # noqa: ANN401
    table = pa_json.read_json(io.BytesIO(b"\n".join(lines)), parse_options=options)
    return table.combine_chunks().to_batches()[0]


def _id_only(line: bytes) -> bytes:
    """A wrong line as ``{}``, keeping its ``id`` when it has one (the errors file names it)."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return b"{}"
    if isinstance(data, dict) and isinstance(data.get(ID_COLUMN), str | int):
        return json.dumps({ID_COLUMN: data[ID_COLUMN]}).encode()
    return b"{}"


def _line_problems(line: bytes, known: dict[str, Column]) -> list[RowProblem]:
    """What is wrong with one JSON line, as the columnar reader sees it."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as error:
        return [RowProblem("not-json", f"not JSON: {str(error)[:120]}")]
    if not isinstance(data, dict):
        message = f"a profile is a JSON object, not {type(data).__name__}"
        return [RowProblem("not-a-mapping", message)]
    problems = []
    for key, value in data.items():
        if key == ID_COLUMN or value is None:
            continue
        spec = known.get(key)
        if spec is None:
            problems.append(unknown_field(key, known))
        elif not _json_fits(spec, value):
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            message = f"{key}: expected {_json_kind(spec)} (got {shown})"
            problems.append(RowProblem("invalid-value", message, key))
    return problems


def _json_fits(spec: Column, value: Any) -> bool:  # noqa: ANN401 - a JSON value
    if spec.kind == "bool":
        return isinstance(value, bool)
    if spec.kind in ("int", "number"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if spec.kind == "services":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def _json_kind(spec: Column) -> str:
    return {
        "bool": "true or false",
        "int": "a whole number",
        "number": "a number",
        "date": "a date as text, YYYY-MM-DD",
        "enum": f"one of {', '.join(spec.values)}",
        "services": "a list of service codes such as 'sel-85'",
    }[spec.kind]
