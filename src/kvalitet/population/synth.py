"""Synthetic populations: tables of profiles drawn from a marginal distribution per fact.

For when no real data may leave the municipality: every fact is drawn independently, as the
spec (:mod:`kvalitet.population.spec`) says, with numpy. The same seed and spec give the same
rows, and a smaller population is the first rows of a larger one: rows are drawn in whole blocks of
:data:`BLOCK_ROWS`, each fact of each block from its own random stream keyed by the seed, the
fact's name and the block's number.

Example:
    >>> from datetime import date
    >>> batch = next(synthesize(3, seed=1, on=date(2026, 6, 1)))
    >>> batch.num_rows, batch.schema.field("id").type
    (3, DataType(int64))
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from kvalitet.engine.table import ID_COLUMN, require_pyarrow
from kvalitet.language.profile import NUMBER_LIMIT
from kvalitet.population.facts import FactColumn, arrow_type, population_facts
from kvalitet.population.spec import (
    DEFAULT_AGE,
    DEFAULT_CODE_PROBABILITY,
    DEFAULT_SPAN,
    fact_specs,
)

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from kvalitet.language.vocabulary import Vocabulary

BLOCK_ROWS = 1 << 16
MAX_ROWS = 10**10


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`write_population` wrote."""

    path: Path
    rows: int
    columns: int
    seconds: float


def require_numpy() -> Any:  # noqa: ANN401 - the numpy module
    """Import numpy, or say which extra to install."""
    try:
        import numpy as np  # noqa: PLC0415 - optional dependency
    except ImportError as error:  # pragma: no cover - tested in a fresh venv without extras
        msg = "synthetic populations need numpy: pip install 'kvalitet[columnar]'"
        raise ImportError(msg, name="numpy") from error
    return np


def population_schema(vocabulary: Vocabulary | None = None) -> pa.Schema:
    """The columns of a synthetic population: ``id`` and every fact of ``vocabulary``."""
    pa = require_pyarrow()
    fields = [pa.field(ID_COLUMN, pa.int64(), nullable=False)]
    facts = population_facts(vocabulary).values()
    fields += [pa.field(c.name, arrow_type(c.kind)) for c in facts]
    return pa.schema(fields)


def synthesize(
    size: int,
    *,
    seed: int,
    on: date,
    spec: BaseModel | None = None,
    vocabulary: Vocabulary | None = None,
) -> Iterator[pa.RecordBatch]:
    """Draw ``size`` profiles as record batches of at most :data:`BLOCK_ROWS` rows.

    Args:
        size: The number of rows.
        seed: Any non-negative integer; the same seed gives the same rows.
        on: The reference date of age ranges (the evaluation date the population is for).
        spec: A validated spec (:func:`~kvalitet.population.spec.parse_spec`); default: the
            kinds' defaults.
        vocabulary: Whose facts are drawn (default: the bundled vocabulary); the spec must
            have been read with the same.

    Raises:
        ValueError: for a negative size or seed.
    """
    if not 0 <= size <= MAX_ROWS:
        msg = f"the size is a number of rows from 0 to {MAX_ROWS:,}, not {size}"
        raise ValueError(msg)
    if seed < 0:
        msg = f"the seed is a non-negative integer, not {seed}"
        raise ValueError(msg)
    pa = require_pyarrow()
    np = require_numpy()
    schema = population_schema(vocabulary)
    default_missing, written = fact_specs(spec)
    drawers = [
        _Drawer(column, written.get(name, {}), default_missing, on, seed)
        for name, column in population_facts(vocabulary).items()
    ]
    for block, start in enumerate(range(0, size, BLOCK_ROWS)):
        rows = min(BLOCK_ROWS, size - start)
        ids = pa.array(np.arange(start, start + rows, dtype=np.int64))
        columns = [ids, *(drawer.draw(block, rows) for drawer in drawers)]
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def write_population(
    path: str | Path,
    size: int,
    *,
    seed: int,
    on: date,
    spec: BaseModel | None = None,
    vocabulary: Vocabulary | None = None,
) -> SynthSummary:
    """Write a synthetic population to a Parquet file, one record batch at a time.

    Its columns are ``id`` and the facts of ``vocabulary`` (default: the bundled vocabulary).

    Raises:
        ValueError: for a negative size or seed.
        OSError: when the file cannot be written.
    """
    require_pyarrow()
    import pyarrow.parquet as pq  # noqa: PLC0415 - optional dependency

    target = Path(path)
    started = time.perf_counter()
    schema = population_schema(vocabulary)
    with pq.ParquetWriter(target, schema) as writer:
        for batch in synthesize(size, seed=seed, on=on, spec=spec, vocabulary=vocabulary):
            writer.write_batch(batch)
    seconds = time.perf_counter() - started
    return SynthSummary(target, size, len(schema), seconds)


class _Drawer:
    """Draws one fact's column, block by block."""

    def __init__(
        self,
        column: FactColumn,
        settings: dict[str, Any],
        default_missing: float,
        on: date,
        seed: int,
    ) -> None:
        self.column = column
        self.settings = settings
        self.missing = float(settings.get("missing", default_missing))
        self.on = on
        self.key = (seed, zlib.crc32(column.name.encode()))

    def draw(self, block: int, rows: int) -> pa.Array:
        """The first ``rows`` of the block (a whole block is drawn, so a prefix stays)."""
        np = require_numpy()
        rng = np.random.default_rng([*self.key, block])
        size = BLOCK_ROWS
        mask = rng.random(size, dtype=np.float32) < self.missing
        kind = self.column.kind
        if kind == "bool":
            chance = float(self.settings.get("probability", 0.5))
            drawn = _booleans(rng.random(size, dtype=np.float32) < chance, mask)
        elif kind == "enum":
            drawn = self._enum(rng, size, mask)
        elif kind == "services":
            drawn = self._services(rng, size, mask)
        elif kind == "date":
            drawn = self._date(rng, size, mask)
        else:
            drawn = self._number(rng, size, mask)
        return drawn.slice(0, rows) if rows < size else drawn

    def _enum(self, rng: np.random.Generator, rows: int, mask: np.ndarray) -> pa.Array:
        np = require_numpy()
        pa = require_pyarrow()
        import pyarrow.compute as pc  # noqa: PLC0415 - optional dependency

        values = self.column.values
        given = self.settings.get("weights") or {}
        weights = np.array([float(given.get(v, 0.0)) for v in values]) if given else None
        chosen = rng.choice(
            len(values), size=rows, p=None if weights is None else weights / weights.sum()
        )
        indices = pa.array(chosen.astype(np.int32), mask=mask)
        return pc.take(pa.array(values, pa.string()), indices)

    def _services(self, rng: np.random.Generator, rows: int, mask: np.ndarray) -> pa.Array:
        np = require_numpy()
        pa = require_pyarrow()
        codes = self.column.values
        given = self.settings.get("codes")
        chances = np.array(
            [float(given.get(c, 0.0)) if given else DEFAULT_CODE_PROBABILITY for c in codes]
        )
        listed = rng.random((rows, len(codes)), dtype=np.float32) < chances
        counts = listed.sum(axis=1)
        offsets = np.zeros(rows + 1, dtype=np.int32)
        np.cumsum(counts, out=offsets[1:])
        _, which = np.nonzero(listed)  # row-major: each row's codes in the vocabulary's order
        flat = pa.array(np.asarray(codes, dtype=object)[which], pa.string())
        return pa.ListArray.from_arrays(pa.array(offsets), flat, mask=pa.array(mask))

    def _date(self, rng: np.random.Generator, rows: int, mask: np.ndarray) -> pa.Array:
        np = require_numpy()
        pa = require_pyarrow()
        earliest, latest = self._date_range()
        first = np.datetime64(earliest, "D").astype(np.int64)
        last = np.datetime64(latest, "D").astype(np.int64)
        days = rng.integers(first, last + 1, size=rows).astype("datetime64[D]")
        return pa.array(days, pa.date32(), mask=mask)

    def _date_range(self) -> tuple[date, date]:
        if "earliest" in self.settings:
            return self.settings["earliest"], self.settings["latest"]
        age = self.settings.get("age") or {"min": DEFAULT_AGE[0], "max": DEFAULT_AGE[1]}
        # Aged min..max on the reference date: born after on - (max + 1) years, by on - min years.
        latest = _years_before(self.on, int(age["min"]))
        earliest = date.fromordinal(_years_before(self.on, int(age["max"]) + 1).toordinal() + 1)
        return earliest, latest

    def _bounds(self) -> tuple[float, float]:
        """The spec's ``min``/``max``, else the fact's bounds, else a default span from 0."""
        span = DEFAULT_SPAN["int" if self.column.kind == "int" else "number"]
        low, high = self.settings.get("min"), self.settings.get("max")
        if low is None:
            low = _declared(self.column.minimum)
        if low is None:
            low = 0.0 if high is None or high >= 0 else high - span
        if high is None:
            declared = _declared(self.column.maximum)
            high = declared if declared is not None else low + span
        return float(low), float(max(high, low))

    def _number(self, rng: np.random.Generator, rows: int, mask: np.ndarray) -> pa.Array:
        np = require_numpy()
        pa = require_pyarrow()
        settings = self.settings
        low, high = self._bounds()
        distribution = settings.get("distribution", "uniform")
        values: Any
        if distribution == "normal":
            values = rng.normal(settings["mean"], settings["sd"], rows)
        elif distribution == "lognormal":
            values = rng.lognormal(np.log(settings["median"]), settings["sigma"], rows)
        elif self.column.kind == "int":
            values = rng.integers(int(np.ceil(low)), int(np.floor(high)) + 1, size=rows)
        else:
            values = rng.uniform(low, high, rows)
        values = np.clip(values, low, high)
        if self.column.kind == "int":
            return pa.array(np.rint(values).astype(np.int64), mask=mask)
        decimals = settings.get("decimals")
        if decimals is not None:
            values = np.round(values, int(decimals))
        return pa.array(values.astype(np.float64), mask=mask)


def _declared(bound: float | None) -> float | None:
    """A bound the vocabulary declares; the profile's outer limit (±1e9) is none."""
    return None if bound is None or abs(bound) >= NUMBER_LIMIT else bound


def _booleans(values: np.ndarray, mask: np.ndarray) -> pa.Array:
    """A boolean array straight from bit-packed buffers (``mask`` true = missing)."""
    np = require_numpy()
    pa = require_pyarrow()
    bits = np.packbits(values, bitorder="little")
    valid = np.packbits(~mask, bitorder="little")
    missing = int(mask.sum())
    buffers = [pa.py_buffer(valid) if missing else None, pa.py_buffer(bits)]
    return pa.BooleanArray.from_buffers(pa.bool_(), len(values), buffers, null_count=missing)


def _years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
