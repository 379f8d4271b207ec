"""Benchmark: loading, and evaluating generated profiles through each backend.

Prints numbers; asserts nothing about speed. Checks that every evaluator gives the same outcome.

    python benchmarks/bench_engine.py               # 10,000 profiles
    python benchmarks/bench_engine.py --profiles 2000 --durable-profiles 500
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from kvalitet import Profile, load_standards
from kvalitet.engine.backends import get_backend
from kvalitet.engine.standards import Standards
from kvalitet.engine.truth import Truth
from kvalitet.language.facts import FactInfo, profile_facts

ON = date(2026, 6, 1)
CODES = ["sel-85", "sel-96", "sel-97", "sel-98", "sel-103", "sel-104", "sel-107", "sel-108"]


def random_value(rnd: random.Random, info: FactInfo) -> Any:  # noqa: ANN401
    if info.kind == "bool":
        return rnd.random() < 0.7
    if info.kind == "enum":
        return rnd.choice(info.values)
    if info.kind == "services":
        return rnd.sample(CODES, rnd.randint(0, 3))
    if info.kind == "date":
        return date(rnd.randint(1940, 2006), rnd.randint(1, 12), rnd.randint(1, 28))
    if info.kind == "int":
        return rnd.randint(0, 90) if info.name == "age" else rnd.randint(0, 5)
    return round(rnd.uniform(0, 40), 1)


def random_profiles(count: int, seed: int = 2026) -> list[Profile]:
    rnd = random.Random(seed)
    facts = profile_facts()
    profiles = []
    for _ in range(count):
        data = {
            name: random_value(rnd, info) for name, info in facts.items() if rnd.random() < 0.85
        }
        profiles.append(Profile.model_validate(data))
    return profiles


# The services that count as existing support under Haderslev's § 102 (lines 75-80, 88-89).
EXISTING_SUPPORT = {
    "sel-82a", "sel-82b", "sel-84", "sel-85", "sel-85a", "sel-95", "sel-96", "sel-97", "sel-98",
    "sel-100", "sel-101", "sel-103", "sel-104", "sel-107", "sel-108", "sel-109", "sel-110",
}  # fmt: skip


def haderslev_by_hand(facts: dict[str, Any]) -> Truth:
    """Haderslev § 102 written by hand in Kleene logic: the floor for the same rules."""

    def fact(name: str) -> Truth:
        value = facts.get(name)
        return Truth.UNKNOWN if value is None else Truth.of(value is True)

    def conj(*values: Truth) -> Truth:
        if Truth.FALSE in values:
            return Truth.FALSE
        return Truth.UNKNOWN if Truth.UNKNOWN in values else Truth.TRUE

    def disj(*values: Truth) -> Truth:
        if Truth.TRUE in values:
            return Truth.TRUE
        return Truth.UNKNOWN if Truth.UNKNOWN in values else Truth.FALSE

    housing = facts.get("housing")
    services = facts.get("current_services")
    residences = {"own_home", "temporary_residence", "long_term_residence"}
    lives = Truth.UNKNOWN if housing is None else Truth.of(housing in residences)
    support = (
        Truth.UNKNOWN if services is None else Truth.of(bool(EXISTING_SUPPORT & set(services)))
    )
    criteria = conj(
        disj(conj(fact("impairment_substantial"), fact("impairment_permanent")),
             fact("special_social_problems")),
        fact("needs_special_treatment"),
        fact("needs_treatment_to_preserve_or_improve_functions"),
        fact("ordinary_treatment_exhausted"),
        fact("motivated"),
        lives,
        support,
        fact("treatment_need_documented"),
        fact("treatment_approved_in_denmark"),
    )  # fmt: skip
    # Raised only by a stated fact: an ordinary applicant is not asked about it.
    waiting_list = facts.get("sought_due_to_waiting_list_or_user_payment")
    excluded = disj(
        fact("treatment_available_under_other_law"),
        Truth.of(waiting_list is True),
    )
    return conj(criteria, excluded.negate())


def timed(run: Callable[[Profile], Any], profiles: list[Profile]) -> tuple[list[Any], list[float]]:
    results, times = [], []
    for profile in profiles:
        start = time.perf_counter()
        results.append(run(profile))
        times.append(time.perf_counter() - start)
    return results, times


def report(label: str, times: list[float]) -> None:
    median = statistics.median(times) * 1e6
    rate = len(times) / sum(times)
    print(f"  {label:<44} median {median:9.1f} µs   {rate:11,.0f} evaluations/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--durable-profiles", type=int, default=2_000)
    args = parser.parse_args()

    start = time.perf_counter()
    standards = load_standards()
    load_seconds = time.perf_counter() - start
    print(f"load + check + compile {len(standards.programs)} standards: {load_seconds:.3f} s")

    profiles = random_profiles(args.profiles)
    durable_profiles = profiles[: args.durable_profiles]
    print(f"{len(profiles):,} generated profiles (durable: first {len(durable_profiles):,})")

    for municipality in standards.municipalities:
        programs = standards.in_force(municipality, ON)
        print(f"\n{municipality}: {len(programs)} services per evaluation")
        measure(standards, municipality, profiles, durable_profiles)


def measure(
    standards: Standards,
    municipality: str,
    profiles: list[Profile],
    durable_profiles: list[Profile],
) -> None:
    compiled = get_backend("compiled")
    programs = standards.in_force(municipality, ON)

    def rules_only(profile: Profile) -> list[Any]:
        facts = standards.facts(profile, ON)
        return [compiled.run(program, facts) for program in programs]

    def full(backend: str) -> Callable[[Profile], Any]:
        def run(profile: Profile) -> dict[str, str]:
            decision = standards.evaluate(
                profile,
                municipality=municipality,
                on=ON,
                backend="durable" if backend == "durable" else "compiled",
            )
            return {service: outcome.outcome for service, outcome in decision.services.items()}

        return run

    _, times = timed(rules_only, profiles)
    report("compiled, rule results only", times)
    compiled_outcomes, times = timed(full("compiled"), profiles)
    report("compiled, full Decision", times)
    durable_outcomes, times = timed(full("durable"), durable_profiles)
    report("durable-rules, full Decision", times)
    assert durable_outcomes == compiled_outcomes[: len(durable_outcomes)], "backends differ"
    if municipality == "haderslev":
        outcome_of = {Truth.TRUE: "within_standard", Truth.FALSE: "outside_standard",
                      Truth.UNKNOWN: "undetermined"}  # fmt: skip
        hand, times = timed(
            lambda p: outcome_of[haderslev_by_hand(standards.facts(p, ON))], profiles
        )
        report("hand-written Python, outcome only (floor)", times)
        assert hand == [o["haderslev/sel-102"] for o in compiled_outcomes], "hand-written differs"
    print("  every evaluator gave the same outcomes")


if __name__ == "__main__":
    main()
