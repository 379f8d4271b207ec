"""Benchmark, in one run: every figure of the population-scale work, printed, none asserted.

    python benchmarks/bench_all.py            # the full run (10M rows streamed; ~3 min on 2 cores)
    python benchmarks/bench_all.py --quick    # small sizes, to see that every part runs

Prints, in order:

1. loading the bundled standards in a new process: cold (no cache), first start (cache
   written) and warm (cache read);
2. per profile, all services of each municipality: ``compiled`` rule results only, the full
   Decision, durable-rules, and Haderslev § 102 written by hand (the floor)
   (``bench_engine.py``);
3. the columnar backend in memory (outcome, access, scope, missing facts of all 21 Hillerød
   services), the file path (Parquet in, Parquet out) in process and as ``kvalitet population
   evaluate``, and the peak memory of a streamed run (``bench_columnar.py``);
4. a synthetic population, a reform's impact and Spark in local mode (``bench_population.py``).

Each part runs in its own process, so one part's memory and caches do not colour the next.
Needs the ``columnar``, ``report`` and ``spark`` extras (and Java for Spark; ``--no-spark``
leaves it out).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent

# The time of loading the bundled standards, measured inside a fresh interpreter.
_LOAD = """
import time
started = time.perf_counter()
from kvalitet import load_standards
imported = time.perf_counter()
standards = load_standards()
done = time.perf_counter()
print(f"{imported - started:.3f} {done - imported:.3f} {len(standards.programs)}")
"""


def load_times() -> None:
    """Loading in a new process: without the cache, writing it, and reading it."""
    print("== 1. loading the bundled standards (a new process each)")
    with tempfile.TemporaryDirectory() as cache:
        runs = (
            ("cold, no cache (KVALITET_CACHE=off)", {"KVALITET_CACHE": "off"}),
            ("first start (the cache is written)", {"KVALITET_CACHE_DIR": cache}),
            ("warm start (the cache is read)", {"KVALITET_CACHE_DIR": cache}),
        )
        for label, extra in runs:
            env = {**os.environ, **extra}
            child = subprocess.run(  # noqa: S603 - our own interpreter and code
                [sys.executable, "-c", _LOAD], check=True, capture_output=True, text=True, env=env
            )
            imported, loaded, count = child.stdout.split()
            print(
                f"  {label:<40} load {float(loaded) * 1000:7.0f} ms "
                f"(import {float(imported) * 1000:.0f} ms; {count} standards)"
            )


def part(title: str, script: str, *arguments: str) -> None:
    """Run one benchmark script in its own process, its output shown as it comes."""
    print(f"\n== {title}", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / script), *arguments], check=True)  # noqa: S603
    print(f"  ({script}: {time.perf_counter() - started:.0f} s)", flush=True)


def main() -> None:
    """Run every part with the sizes chosen."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small sizes (a smoke run).")
    parser.add_argument("--no-spark", action="store_true", help="Leave Spark out.")
    options = parser.parse_args()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load}, Python {sys.version.split()[0]}")
    started = time.perf_counter()
    load_times()
    if options.quick:
        engine = ["--profiles", "500", "--durable-profiles", "100"]
        columnar = ["--rows", "50000", "--file-rows", "50000", "--stream-rows", "200000"]
        population = ["--synth-rows", "50000", "--impact-rows", "5000", "--spark-rows", "2000"]
    else:
        engine = ["--profiles", "5000", "--durable-profiles", "1000"]
        columnar = ["--rows", "1000000", "--file-rows", "1000000", "--stream-rows", "10000000"]
        population = ["--spark-rows", "200000"]
    if options.no_spark:
        population.append("--no-spark")
    part("2. per profile (compiled rule results, full Decision, durable, floor)", "bench_engine.py",
         *engine)  # fmt: skip
    part("3. columnar backend, file path and streamed memory", "bench_columnar.py", *columnar)
    part("4. synthetic population, reform impact, Spark local mode", "bench_population.py",
         *population)  # fmt: skip
    print(f"\nall parts in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
