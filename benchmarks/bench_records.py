"""Benchmark: decision records (writing a log, reading it back, replaying it).

Prints numbers; asserts nothing about speed. Every replayed record must come out the same.

    python benchmarks/bench_records.py                  # 300 Hillerød profiles
    python benchmarks/bench_records.py --profiles 2000 --municipality haderslev
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_engine import random_profiles

from kvalitet import load_standards
from kvalitet.casework.replay import replay
from kvalitet.engine.records import DecisionLog, read_records

ON = date(2026, 6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=300)
    parser.add_argument("--municipality", default="hillerod")
    arguments = parser.parse_args()
    count = arguments.profiles
    standards = load_standards()
    profiles = random_profiles(count, seed=1)
    started = time.perf_counter()
    decisions = [
        standards.evaluate(p, municipality=arguments.municipality, on=ON) for p in profiles
    ]
    evaluated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        log = DecisionLog(Path(folder) / "decisions.jsonl")
        started = time.perf_counter()
        for profile, decision in zip(profiles, decisions, strict=True):
            log.append(decision, profile=profile, backend="compiled", via="cli-batch")
        written = time.perf_counter() - started
        size = log.path.stat().st_size
        started = time.perf_counter()
        records = list(read_records(log.path))
        read = time.perf_counter() - started
        started = time.perf_counter()
        report = replay(standards, log.path)
        replayed = time.perf_counter() - started
    assert len(records) == count
    assert report.clean, report.differing[:1]

    def per(seconds: float) -> str:
        return f"{seconds / count * 1000:7.2f} ms a record"

    print(f"{count} profiles of {arguments.municipality}, {len(decisions[0].services)} services")
    print(f"evaluate        {per(evaluated)}")
    print(f"write the log   {per(written)}   ({size / count / 1024:.0f} KiB a record)")
    print(f"read it back    {per(read)}")
    print(f"replay          {per(replayed)}   (read, evaluate again, compare)")


if __name__ == "__main__":
    main()
