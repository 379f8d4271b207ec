"""Benchmark: the columnar backend and the file path (Parquet in, Parquet out), and memory.

Prints numbers; asserts nothing about speed. Checks that the columnar result equals the
per-profile engine on a sample of the rows.

    python benchmarks/bench_columnar.py                  # 1M rows; file path on 1M rows
    python benchmarks/bench_columnar.py --rows 200000 --file-rows 200000
    python benchmarks/bench_columnar.py --stream-rows 10000000   # + peak memory, 10M rows

The streamed-memory figures run ``kvalitet population evaluate`` in a child process on
generated Parquet files of a tenth of the rows and of all of them (row groups of a million
rows), and read the child's peak resident memory (``VmHWM``): flat memory means the two peaks
are alike.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from kvalitet import load_standards
from kvalitet.engine.columnar.files import evaluate_file
from kvalitet.engine.columnar.vocabulary import columns_of
from kvalitet.engine.table import evaluate_rows
from kvalitet.language.vocabulary_loader import bundled_vocabulary

ON = date(2026, 6, 1)
MISSING = 0.15  # the share of unknown facts in the generated rows
EPOCH = date(1970, 1, 1)


def generated(rows: int, seed: int) -> pa.Table:
    """A table of ``rows`` valid profiles with every fact column, 15 % of the values null."""
    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {"id": pa.array(np.arange(rows, dtype=np.int64))}
    for name, spec in columns_of(bundled_vocabulary()).inputs.items():
        missing = rng.random(rows) < MISSING
        if spec.kind == "bool":
            values: Any = pa.array(rng.random(rows) < 0.7, mask=missing)
        elif spec.kind == "enum":
            codes = rng.integers(0, len(spec.values), rows)
            values = pa.DictionaryArray.from_arrays(
                pa.array(codes.astype(np.int8), mask=missing), pa.array(spec.values)
            ).cast(pa.string())
        elif spec.kind == "int":
            high = 100 if name == "age" else 6
            values = pa.array(rng.integers(0, high, rows).astype(np.float64), mask=missing)
            values = values.cast(pa.int64())
        elif spec.kind == "number":
            values = pa.array(np.round(rng.uniform(0, 40, rows), 1), mask=missing)
        elif spec.kind == "date":
            first, last = (date(1940, 1, 1) - EPOCH).days, (date(2008, 1, 1) - EPOCH).days
            days = rng.integers(first, last, rows).astype(np.int32)
            values = pa.array(days, mask=missing).cast(pa.date32())
        else:
            values = _service_lists(rng, rows, missing, spec.values)
        columns[name] = values
    return pa.table(columns)


def _service_lists(
    rng: np.random.Generator,
    rows: int,
    missing: Any,  # noqa: ANN401 - a numpy mask
    known: tuple[str, ...],
) -> Any:  # noqa: ANN401 - a pyarrow list array
    counts = rng.integers(0, 3, rows)
    offsets = np.zeros(rows + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    codes = np.array(known)[rng.integers(0, len(known), offsets[-1])]
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(codes), mask=pa.array(missing))


def timed(label: str, rows: int, run: Any, repeat: int = 3) -> None:  # noqa: ANN401
    """Print the best of ``repeat`` runs: profiles/s, wall time, CPU time (user + system)."""
    best: tuple[float, float, float] | None = None
    for _ in range(repeat):
        before, started = os.times(), time.perf_counter()
        run()
        after, wall = os.times(), time.perf_counter() - started
        user = after.user - before.user + after.children_user - before.children_user
        system = after.system - before.system + after.children_system - before.children_system
        if best is None or wall < best[0]:
            best = (wall, user, system)
    assert best is not None
    wall, user, system = best
    print(
        f"{label:<52} {rows / wall:>11,.0f} profiles/s  "
        f"(wall {wall:.2f} s, cpu user {user:.2f} s + system {system:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file-rows", type=int, default=1_000_000)
    parser.add_argument("--stream-rows", type=int, default=0)
    parser.add_argument("--check-rows", type=int, default=2_000)
    args = parser.parse_args()
    standards = load_standards()
    services = len(standards.in_force("hillerod", ON))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} cores (load average {load}), pyarrow {pa.__version__}, "
          f"Hillerød: {services} services")  # fmt: skip

    started = time.perf_counter()
    table = generated(args.rows, seed=1)
    print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s")

    sample = table.slice(0, args.check_rows)
    columnar = standards.evaluate_table(sample, municipality="hillerod", on=ON)
    reference = evaluate_rows(standards, sample, municipality="hillerod", on=ON)
    assert columnar.equals(reference), "the columnar backend differs from the per-profile engine"
    print(f"checked: {args.check_rows:,} rows equal the per-profile engine")
    timed(
        "per-profile compiled engine, full Decision",
        args.check_rows,
        lambda: evaluate_rows(standards, sample, municipality="hillerod", on=ON),
        repeat=1,
    )
    timed(
        "columnar, in memory (outcome, access, scope, missing)",
        args.rows,
        lambda: standards.evaluate_table(table, municipality="hillerod", on=ON),
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "population.parquet"
        pq.write_table(generated(args.file_rows, seed=2), source)
        target = Path(folder) / "out.parquet"
        timed(
            "file path, Parquet in → Parquet out (in process)",
            args.file_rows,
            lambda: evaluate_file(standards, source, target, municipality="hillerod", on=ON),
            repeat=2,
        )
        command = [
            sys.executable, "-m", "kvalitet", "population", "evaluate", "-m", "hillerod",
            "--on", ON.isoformat(), str(source), "-o", str(target),
        ]  # fmt: skip
        timed(
            "file path, kvalitet population evaluate (a new process)",
            args.file_rows,
            lambda: subprocess.run(command, check=True, capture_output=True),  # noqa: S603
            repeat=1,
        )
        if args.stream_rows:
            stream(args.stream_rows, Path(folder))


def stream(rows: int, folder: Path) -> None:
    """Peak memory of the file path on a tenth of ``rows`` and on ``rows`` (written in parts)."""
    part = generated(min(rows, 1_000_000), seed=3)
    for count in (rows // 10, rows):
        source = folder / f"stream-{count}.parquet"
        with pq.ParquetWriter(source, part.schema) as writer:
            written = 0
            while written < count:
                chunk = part.slice(0, min(part.num_rows, count - written))
                writer.write_table(chunk)
                written += chunk.num_rows
        command = [sys.executable, "-c", _CHILD, str(source), str(folder / "streamed.parquet")]
        started = time.perf_counter()
        child = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
        seconds = time.perf_counter() - started
        peak = int(child.stdout.split()[-1]) / 1024
        print(
            f"file path, {count:>11,} rows streamed: {count / seconds:>10,.0f} profiles/s, "
            f"peak resident memory {peak:,.0f} MB"
        )
        source.unlink()


# VmHWM is the peak of this process's own memory (ru_maxrss would start from the parent's).
_CHILD = """
import sys
from pathlib import Path
from kvalitet.cli.app import main
try:
    main(["population", "evaluate", "-m", "hillerod", "--on", "2026-06-01",
          sys.argv[1], "-o", sys.argv[2]], standalone_mode=False)
finally:
    status = Path("/proc/self/status").read_text().splitlines()
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""

if __name__ == "__main__":
    main()
