"""The durable backend under a hammer: 10,000 generated profiles with extreme numbers and 2,000
sessions that are never closed, in a subprocess (the caller) that must survive it.

Every answer must equal the compiled backend's (the same Decision, or the same error); the
held sessions must meet the session limit as a clear error, never the engine's own cap. With
``KVALITET_HYPOTHESIS=long`` the hammer is ten times longer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONG = os.environ.get("KVALITET_HYPOTHESIS") == "long"
PROFILES = 100_000 if LONG else 10_000
SESSIONS = 20_000 if LONG else 2_000

HAMMER = """
    import gc, json, math, random, sys
    from collections import Counter
    from datetime import date, timedelta
    import kvalitet
    from kvalitet import EngineError, KvalitetError
    from kvalitet.engine.backends import get_backend
    from kvalitet.engine.boundaries import boundaries
    from kvalitet.language.facts import profile_facts

    profiles, sessions, seed = map(int, sys.argv[1:4])
    standards = kvalitet.load_standards()
    on = date(2026, 6, 1)
    rnd = random.Random(seed)
    facts = profile_facts()
    near = boundaries(standards.programs)
    large = [0, 0.00003, 1e-05, 5e-324, 1e-300, 1e16, 1.5e16, 1e22, 1.7976931348623157e308,
             2**53 + 1, 2**63, 2**64, 10**20, 10**400]
    hostile = [-0.0, -1, -0.5, -1e16, -(2**63) - 1, math.nan, math.inf, -math.inf, "1e16", "NaN",
               True, None, "", [], {}]

    def number(info, bad):
        draw = rnd.random()
        if draw < 0.01 and info.kind == "number":
            return rnd.choice([math.nan, math.inf])  # accepted by some fields; refused by engines
        if draw < (0.3 if bad else 0.03):  # most extremes are beyond the profile's bounds
            pool = large + hostile if bad else large
            value = rnd.choice(pool)
            if info.kind == "int" and isinstance(value, float) and not bad:
                value = int(value) if math.isfinite(value) else 0
            return value
        if draw < 0.7 and near.get(info.name):
            constant = rnd.choice(sorted(near[info.name], key=float))
            if info.kind == "int":
                value = constant + rnd.choice([-1, 0, 1])
            else:
                value = rnd.choice([constant, math.nextafter(constant, -math.inf),
                                    math.nextafter(constant, math.inf), constant + 1, constant - 1])
            return value if bad else max(value, 0)
        return rnd.randint(0, 90) if info.kind == "int" else rnd.uniform(0, 40)

    def value(info, bad):
        wrong = bad and rnd.random() < 0.1
        if info.kind == "bool":
            return rnd.choice(["yes", 1, 0.5]) if wrong else rnd.random() < 0.6
        if info.kind == "enum":
            return "x" * rnd.randint(0, 3000) if wrong else rnd.choice(info.values)
        if info.kind == "services":
            codes = ["sel-85", "sel-96", "sel-97", "sel-103", "sel-104", "sel-107", "sel-108"]
            if wrong:
                return ["sel-85"] * rnd.randint(0, 2000) + ["y" * rnd.randint(0, 3000)]
            return rnd.sample(codes, rnd.randint(0, 3))
        if info.kind == "date":
            return (date(1900, 1, 1) + timedelta(days=rnd.randint(0, 46_000))).isoformat()
        return number(info, bad)

    def profile():
        bad = rnd.random() < 0.1  # a hostile profile: wrong types, negatives, NaN, ±inf
        return {name: value(info, bad) for name, info in facts.items() if rnd.random() < 0.6}

    def result(evaluate):
        try:
            return evaluate()
        except KvalitetError as error:
            return type(error).__name__, str(error)

    def kind(answer):
        return answer[0] if isinstance(answer, tuple) else "decision"

    def same(expected, got, *context):
        if kind(got) != "decision" or kind(expected) != "decision":
            assert got == expected, (context, expected, got)
        elif hasattr(got, "same_as"):  # a Decision: the same but for its id
            if not got.same_as(expected):  # NaN in the echoed facts is unequal to itself
                same_but_id = got.model_copy(update={"id": expected.id}).model_dump_json()
                assert same_but_id == expected.model_dump_json(), (context, expected, got)
        else:
            assert got == expected, (context, expected, got)
        counts[kind(expected)] += 1

    counts = Counter()
    municipalities = standards.municipalities
    programs = [p for m in municipalities for p in standards.in_force(m, on)]
    durable = get_backend("durable")
    standards.evaluate({}, municipality="haderslev", on=on, backend="durable")
    worker = durable.worker_pid
    for index in range(profiles):
        data = profile()
        if index % 25 == 0:
            m = rnd.choice(municipalities)
            expected = result(lambda: standards.evaluate(data, municipality=m, on=on))
            got = result(lambda: standards.evaluate(data, municipality=m, on=on, backend="durable"))
        else:
            service = rnd.choice(programs).service
            expected = result(lambda: standards.evaluate_service(data, service=service, on=on))
            got = result(lambda: standards.evaluate_service(
                data, service=service, on=on, backend="durable"))
        same(expected, got, index, data)

    held, limit_errors = [], []
    for index in range(sessions):
        m = "haderslev" if index % 3 else "hillerod"
        try:
            session = standards.session(municipality=m, on=on)
        except EngineError as error:
            limit_errors.append(str(error))
            held.clear()
            continue
        data = profile()
        if "birth_date" in data:
            data.pop("age", None)
        expected = result(lambda: standards.evaluate(data, municipality=m, on=on))
        same(expected, result(lambda: session.add(data)), "session", index, data)
        if m == "haderslev" and index % 2:
            held.append(session)  # kept open, never closed: meets the limit
        # the others are dropped, never closed: freed when collected
    del session, held
    gc.collect()
    stats = durable.engine_stats()
    status = open(f"/proc/{durable.worker_pid}/status").read().splitlines()
    rss = next(line for line in status if line.startswith("VmRSS"))
    print(json.dumps({
        "profiles": profiles, "counts": counts, "limit_errors": sorted(set(limit_errors)),
        "limit_count": len(limit_errors),
        "same_worker": durable.worker_pid == worker, "open_after": stats,
        "worker_rss_mb": int(rss.split()[1]) // 1024,
    }))
"""


def test_the_caller_survives_a_hammer_on_the_durable_backend() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(HAMMER), str(PROFILES), str(SESSIONS), "2026"],
        capture_output=True,
        text=True,
        timeout=3600 if LONG else 600,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    report = json.loads(result.stdout)
    counts = report["counts"]
    assert sum(counts.values()) == PROFILES + SESSIONS - report["limit_count"]
    assert counts["decision"] > PROFILES // 2
    assert counts["ProfileError"] > 0
    assert counts.get("EngineError", 0) == 0  # NaN/inf and overflows never pass the profile
    assert report["limit_count"] > 0
    assert report["limit_errors"] == [
        "128 durable sessions are open, the limit: close the ones you no longer need (use "
        "'with standards.session(...) as session:'), or raise the limit "
        "(DurableBackend(max_sessions=...) or KVALITET_DURABLE_MAX_SESSIONS, at most 1000)"
    ]
    assert report["same_worker"]  # no crash was contained: none happened
    assert report["open_after"] == {"sessions": 0, "engine_sessions": 0}
    assert report["worker_rss_mb"] < 1024
