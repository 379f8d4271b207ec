"""Benchmark: the durable-rules backend in a worker process (the default) and in-process.

Prints numbers; asserts nothing about speed. Checks every answer against the compiled backend.

    python benchmarks/bench_durable.py                  # 500 profiles, 100 sessions
    python benchmarks/bench_durable.py --profiles 2000 --sessions 300 --repeat 3

``--repeat`` runs each measurement several times and keeps the best (a busy machine adds noise).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bench_engine import random_profiles

from kvalitet import Profile, load_standards
from kvalitet.engine.backends.durable import DurableBackend
from kvalitet.engine.standards import Standards

ON = date(2026, 6, 1)


def best_of(repeat: int, run: Callable[[], list[float]]) -> list[float]:
    """The run whose median is lowest."""
    return min((run() for _ in range(repeat)), key=statistics.median)


def report(label: str, times: list[float]) -> None:
    median = statistics.median(times) * 1e6
    rate = len(times) / sum(times)
    print(f"  {label:<40} median {median:9.1f} µs   {rate:9,.0f} per second")


def stateless(
    standards: Standards, municipality: str, backend: DurableBackend, profiles: list[Profile]
) -> list[float]:
    times = []
    for profile in profiles:
        start = time.perf_counter()
        got = standards.evaluate(profile, municipality=municipality, on=ON, backend=backend)
        times.append(time.perf_counter() - start)
        assert got == standards.evaluate(profile, municipality=municipality, on=ON)
    return times


def sessions(
    standards: Standards, municipality: str, backend: DurableBackend, profiles: list[Profile]
) -> list[float]:
    """Open a session, add the profile's facts in two halves, close it."""
    times = []
    for profile in profiles:
        known: dict[str, Any] = profile.known_facts()
        if "birth_date" in known:
            known.pop("age", None)
        names = sorted(known)
        halves = [{n: known[n] for n in names[::2]}, {n: known[n] for n in names[1::2]}]
        start = time.perf_counter()
        with standards.session(municipality=municipality, on=ON, backend=backend) as session:
            for half in halves:
                decision = session.add(half)
        times.append(time.perf_counter() - start)
        assert decision == standards.evaluate(known, municipality=municipality, on=ON)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    standards = load_standards()
    profiles = random_profiles(args.profiles)
    backends = {
        "worker process": DurableBackend(isolation="process"),
        "in-process": DurableBackend(isolation="in-process"),
    }
    for municipality in standards.municipalities:
        count = len(standards.in_force(municipality, ON))
        print(f"\n{municipality}: {count} services per evaluation")
        for label, backend in backends.items():
            standards.evaluate({}, municipality=municipality, on=ON, backend=backend)  # warm up

            chosen = profiles[: args.sessions]
            report(
                f"{label}, evaluate",
                best_of(args.repeat, lambda: stateless(standards, municipality, backend, profiles)),  # noqa: B023 - called at once
            )
            report(
                f"{label}, session (open, 2 adds, close)",
                best_of(args.repeat, lambda: sessions(standards, municipality, backend, chosen)),  # noqa: B023 - called at once
            )
    print("\nevery answer equalled the compiled backend's")


if __name__ == "__main__":
    main()
