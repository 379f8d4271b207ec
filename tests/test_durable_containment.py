"""Nothing sent to the durable backend can end the caller's process (issue 10, item 1).

Each former crash is run in a subprocess, so a regression fails one test instead of killing the
run. Tests named ``test_quirk_*`` pin what durable-rules 2.0.28 itself does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kvalitet import EngineError, Standards
from kvalitet.engine.backends import get_backend
from kvalitet.engine.backends._durable_rules import ruleset_of
from kvalitet.engine.backends._durable_session import describe_input
from kvalitet.engine.backends.durable import DurableBackend

from .durable_support import ROOT, run_python, wait_until_dead

ON = date(2026, 6, 1)

# What Python's json.dumps writes for these, and so what reaches the engine's JSON reader.
KILLING_FORMS = ["1e16", "0.00003", "-1e16", "1e22", "float('inf')", "float('-inf')"]


# --- the cause: durable-rules' JSON reader ------------------------------------------------------

RAW_ENGINE = """
    import sys
    from durable.engine import Host
    class H(Host):
        def get_action(self, name): return lambda c: fired.append(name)
        def _run(self): pass
    fired = []
    rules = {
        "start": {"all": [{"s": {"t": "start"}}], "run": "start"},
        "high": {"all": [{"m": {"$and": [{"t": "f"}, {"$gte": {"v": 10}}]}}], "run": "high"},
        "low": {"all": [{"m": {"$and": [{"t": "f"}, {"$lt": {"v": 10}}]}}], "run": "low"},
        "sink": {"all": [{"m": {"t": "f"}}, {"n": {"t": "__never__"}}], "run": "start"},
    }
    h = H(); h.set_rulesets({"r": rules})
    h.assert_facts("r", [{"sid": "a", "t": "start"}])
    h.assert_facts("r", [{"sid": "a", "t": "f", "v": eval(sys.argv[1])}])
    h.delete_state("r", "a")
    print(sorted(set(fired)))
"""


@pytest.mark.parametrize("form", KILLING_FORMS)
def test_quirk_a_number_with_an_exponent_and_no_point_kills_the_engine(form: str) -> None:
    """Why facts reach durable-rules only as booleans and small rank integers."""
    result = run_python(RAW_ENGINE, form)
    assert result.returncode == -signal.SIGSEGV
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("form", "fired"),
    [
        ("1.5e16", ["high", "start"]),
        ("1.5e-05", ["low", "start"]),
        ("10**400", ["high", "start"]),  # saturates at 2**63 - 1
        ("-(2**63)", ["low", "start"]),
        ("float('nan')", ["start"]),  # read as null: neither side of the threshold
    ],
)
def test_quirk_numbers_the_engine_reads(form: str, fired: list[str]) -> None:
    result = run_python(RAW_ENGINE, form)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{fired}\n"


# --- the former crashes, through the library -------------------------------------------------

EXTREME_NUMBERS = """
    import math, sys
    from datetime import date
    import kvalitet
    from kvalitet.engine.backends.durable import DurableBackend
    from kvalitet.language.facts import profile_facts

    backend = DurableBackend(isolation=sys.argv[1])
    standards = kvalitet.load_standards()
    on = date(2026, 6, 1)
    numbers = [name for name, info in profile_facts().items() if info.kind == "number"]

    def outcome(profile, engine):
        try:
            return standards.evaluate(profile, municipality="hillerod", on=on, backend=engine)
        except kvalitet.KvalitetError as error:
            return type(error).__name__, str(error)

    compared = refused = 0
    for name in numbers:
        values = (1e16, 0.00003, -1e16, 1e22, 5e-324, 1.7976931348623157e308,
                  math.inf, -math.inf, math.nan)
        for value in values:
            profile = {name: value, "age": 40, "support_hours_per_month": 8}
            profile[name] = value
            expected = outcome(profile, "compiled")
            got = outcome(profile, backend)
            if isinstance(expected, tuple) or isinstance(got, tuple):
                assert got == expected, (name, value, expected)
            else:
                assert got.same_as(expected), (name, value, expected)
            compared += 1
            refused += isinstance(expected, tuple)
    print(compared, refused)
"""


@pytest.mark.parametrize("isolation", ["in-process", "process"])
def test_extreme_numbers_in_every_number_field_give_the_compiled_answer(isolation: str) -> None:
    """Former SIGSEGV: 1e16, 0.00003 and ±inf in any float field (1.5e16 survived).

    In-process shows the cause is fixed, not only contained. NaN and ±inf are refused by both
    backends with the same error (or by the profile model first).
    """
    result = run_python(EXTREME_NUMBERS, isolation)
    assert result.returncode == 0, result.stderr
    compared, refused = map(int, result.stdout.split())
    assert compared >= 9 * 5
    assert 0 < refused < compared


def test_batch_with_the_durable_backend_reaches_its_summary(tmp_path: Path) -> None:
    """Former SIGSEGV half-way through ``batch --backend durable``, no summary."""
    lines = [
        {"support_hours_per_month": 8, "age": 40},
        {"support_hours_per_month": 1e16, "age": 40},
        {"support_hours_per_month": 0.00003},
        {"weekly_care_need_hours": 1e22},
        {"helper_seniority_years": "Infinity"},
        {"motivated": True},
    ]
    profiles = tmp_path / "profiles.jsonl"
    text = "\n".join(json.dumps(line) for line in lines).replace('"Infinity"', "Infinity")
    profiles.write_text(text + "\n", encoding="utf-8")
    outputs = {}
    for backend in ("compiled", "durable"):
        out = tmp_path / f"{backend}.jsonl"
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "kvalitet", "batch", str(profiles), "-m", "hillerod",
             "--on", "2026-06-01", "--backend", backend, "-o", str(out)],
            capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr  # the profile model's bounds refuse three
        assert f"{len(lines)} profiles in" in result.stderr
        assert "wrong profiles on lines: 2, 4, 5\n" in result.stderr
        assert "hillerod/sel-85:" in result.stderr
        outputs[backend] = [without_id(line) for line in out.read_text("utf-8").splitlines()]
    assert len(outputs["durable"]) == len(lines)
    assert outputs["durable"] == outputs["compiled"]
    assert "expected a finite number" in outputs["durable"][4]["error"]


def without_id(line: str) -> dict[str, Any]:
    """A batch line with its decision's id left out (every evaluation has a new one)."""
    record: dict[str, Any] = json.loads(line)
    if "decision" in record:
        assert record["decision"].pop("id")
    return record


THRESHOLDS = """
    import math
    from datetime import date
    import kvalitet
    from kvalitet.engine.backends import get_backend
    from kvalitet.engine.backends.durable import DurableBackend
    from kvalitet.engine.compiler import compile_standard
    from kvalitet.language.conditions import AllOf, AnyOf, FactTest, Not

    def with_threshold(program, fact, value):
        # every number compared with the fact set to the value, bypassing the loader

        def change(node):
            if isinstance(node, FactTest) and node.fact == fact:
                ops = [op for op in ("lt", "le", "gt", "ge", "eq") if getattr(node, op) is not None]
                return node.model_copy(update=dict.fromkeys(ops, value))
            if isinstance(node, AllOf):
                return node.model_copy(update={"all": tuple(map(change, node.all))})
            if isinstance(node, AnyOf):
                return node.model_copy(update={"any": tuple(map(change, node.any))})
            if isinstance(node, Not):
                return node.model_copy(update={"not_": change(node.not_)})
            return node

        source = program.source
        update = {
            part: tuple(
                r.model_copy(update={"when": change(r.when)}) for r in getattr(source, part)
            )
            for part in ("derive", "criteria", "exclusions", "scope")
        }
        return compile_standard(source.model_copy(update=update))

    standards = kvalitet.load_standards()
    program = standards.program("hillerod/sel-85", date(2026, 6, 1))
    engines = {"compiled": get_backend("compiled"), "durable": get_backend("durable"),
               "in-process": DurableBackend(isolation="in-process")}

    def outcome(engine, changed, facts):
        try:
            return engine.run(changed, facts)
        except kvalitet.KvalitetError as error:
            return type(error).__name__, str(error)

    for threshold in (1e16, 0.00003, 1e22, 2.0**70, math.inf, -math.inf, math.nan):
        changed = with_threshold(program, "support_hours_per_month", threshold)
        for hours in (0, 0.00003, 8, 1e16, 1e22, 2**70, 2**70 + 1, 10**400):
            facts = {"support_hours_per_month": hours}
            results = {name: outcome(engine, changed, facts) for name, engine in engines.items()}
            assert results["durable"] == results["compiled"], (threshold, hours, results)
            assert results["in-process"] == results["compiled"], (threshold, hours, results)
            if not math.isfinite(threshold):
                assert results["compiled"][0] == "EngineError", results
        # the standard as written still works in this process
        facts = {"support_hours_per_month": 8}
        assert engines["durable"].run(program, facts) == engines["compiled"].run(program, facts)
    print("survived")
"""


def test_thresholds_with_exponents_or_infinity_are_exact_or_refused_alike() -> None:
    """Former raw ``durable_rules_engine.error`` that left the standard broken in the process."""
    result = run_python(THRESHOLDS)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "survived\n"


# --- containment: a crash, a kill or a hang in the worker is an EngineError here ---------------


# G16: a session where no action fired crashes durable-rules when it is deleted. Our rulesets
# always fire a start rule, so this one, without it, is sent raw to make a real SIGSEGV.
NO_START_RULE = {
    "adult": {"all": [{"m": {"$and": [{"t": "f"}, {"$gte": {"v": 18}}]}}], "run": "a"},
    "sink": {"all": [{"m": {"t": "f"}}, {"n": {"t": "__never__"}}], "run": "a"},
}


def test_a_crash_in_the_worker_is_an_engine_error_naming_the_input(bundled: Standards) -> None:
    backend = DurableBackend(isolation="process")
    programs = (bundled.program("hillerod/sel-85", ON),)
    facts = {"support_hours_per_month": 17, "age": 40}
    raw = ("no_start_rule", NO_START_RULE, {"a": (None, True, None)})
    request: tuple[Any, ...] = ([], [raw], "run", ([("no_start_rule", [("v", 17)])],))
    with pytest.raises(EngineError) as caught, backend._lock:  # the first request: G16 is sure
        backend._transport.request(request, lambda: describe_input(programs, facts))
    assert str(caught.value) == (
        "the durable-rules engine crashed (SIGSEGV) while evaluating hillerod/sel-85 with "
        "facts age=40, support_hours_per_month=17; the worker will be replaced; the caller is "
        "unharmed"
    )
    profile = {"support_hours_per_month": 0.00003, "age": 40}  # 3e-05: a form that killed it
    after = bundled.evaluate(profile, municipality="hillerod", on=ON, backend=backend)
    assert after.same_as(bundled.evaluate(profile, municipality="hillerod", on=ON))
    assert backend.worker_pid is not None


@pytest.mark.parametrize("value", [1e16, 0.00003, 1.5, 2**63, "x" * 2000, [[1]], None])
def test_the_host_refuses_what_the_engine_cannot_read(bundled: Standards, value: object) -> None:
    """Defence in depth: should an unencoded value ever reach the host, it is refused."""
    backend = DurableBackend(isolation="process")
    program = bundled.program("hillerod/sel-85", ON)
    ruleset = ruleset_of(program)
    with backend._lock:
        (reply,) = backend._send(
            "run", ([(ruleset.name, [("support_hours_per_month", value)])],), [ruleset], str
        )
    assert reply[0] == "error"
    assert reply[1].endswith("is not a value durable-rules reads safely")
    assert backend.run(program, {"support_hours_per_month": 8}) == get_backend("compiled").run(
        program, {"support_hours_per_month": 8}
    )


def test_a_worker_killed_between_requests_is_replaced(haderslev: Standards) -> None:
    backend = DurableBackend(isolation="process")
    profile = {"motivated": False}
    expected = haderslev.evaluate(profile, municipality="haderslev", on=ON)
    assert haderslev.evaluate(profile, municipality="haderslev", on=ON, backend=backend).same_as(
        expected
    )
    first = backend.worker_pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    wait_until_dead(first)
    assert haderslev.evaluate(profile, municipality="haderslev", on=ON, backend=backend).same_as(
        expected
    )
    assert backend.worker_pid not in (None, first)


def test_a_hung_worker_is_an_engine_error_after_the_timeout(haderslev: Standards) -> None:
    backend = DurableBackend(isolation="process", timeout=1)
    profile = {"motivated": True}
    expected = haderslev.evaluate(profile, municipality="haderslev", on=ON)
    assert haderslev.evaluate(profile, municipality="haderslev", on=ON, backend=backend).same_as(
        expected
    )
    first = backend.worker_pid
    assert first is not None
    os.kill(first, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(EngineError, match="did not answer within 1 s while evaluating haderslev"):
        haderslev.evaluate(profile, municipality="haderslev", on=ON, backend=backend)
    assert time.monotonic() - started < 10
    assert haderslev.evaluate(profile, municipality="haderslev", on=ON, backend=backend).same_as(
        expected
    )
    assert backend.worker_pid not in (None, first)
