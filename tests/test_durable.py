"""The durable-rules backend: equal to the compiled one, and every sharp edge contained.

Tests named ``test_quirk_*`` pin a behaviour of durable-rules 2.0.28 itself that the backend
relies on or guards against (notes/durable-rules.md); if an upgrade changes one, the guard
may be removed. Tests that can crash the interpreter run in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import date
from typing import Any

import pytest
from durable.engine import Host, MessageObservedException
from hypothesis import given, settings
from hypothesis import strategies as st

from kvalitet import EngineError, Profile, Standards
from kvalitet.engine.backends import _durable_host, get_backend
from kvalitet.engine.backends._durable_host import EngineHost
from kvalitet.engine.backends._durable_rules import MAX_MATCHING_CONDITIONS, compile_ruleset
from kvalitet.engine.backends.durable import DurableBackend
from kvalitet.testing.strategies import profiles

from .test_engine import STANDARDS_SET

ON = date(2026, 6, 1)
PROFILES = profiles(programs=STANDARDS_SET.programs, on=ON)


def durable() -> DurableBackend:
    backend = get_backend("durable")
    assert isinstance(backend, DurableBackend)
    return backend


# --- the two backends agree ------------------------------------------------------------------


@pytest.mark.parametrize("municipality", STANDARDS_SET.municipalities)
@given(profile=PROFILES)
@settings(max_examples=40)
def test_durable_equals_compiled(municipality: str, profile: Profile) -> None:
    compiled = STANDARDS_SET.evaluate(profile, municipality=municipality, on=ON)
    rete = STANDARDS_SET.evaluate(profile, municipality=municipality, on=ON, backend="durable")
    assert rete.same_as(compiled)


@pytest.mark.parametrize("program", STANDARDS_SET.programs, ids=lambda p: p.service)
def test_no_bundled_standard_reaches_the_engine_limit(program: Any) -> None:
    ruleset = compile_ruleset(program)
    assert ruleset.max_conditions_per_fact <= MAX_MATCHING_CONDITIONS


@pytest.mark.parametrize("municipality", STANDARDS_SET.municipalities)
def test_an_empty_profile_agrees_and_does_not_crash(municipality: str) -> None:
    compiled = STANDARDS_SET.evaluate({}, municipality=municipality, on=ON)
    durable = STANDARDS_SET.evaluate({}, municipality=municipality, on=ON, backend="durable")
    assert durable.same_as(compiled)


# --- the stateful session -------------------------------------------------------------------


@given(profile=PROFILES, order=st.randoms(use_true_random=False))
@settings(max_examples=20)
def test_a_session_fed_fact_by_fact_equals_one_evaluation(profile: Profile, order: Any) -> None:
    known = profile.known_facts()
    if "birth_date" in known:
        known.pop("age", None)  # a given age is used only without a birth date
    facts = list(known.items())
    order.shuffle(facts)
    for municipality in STANDARDS_SET.municipalities:
        with STANDARDS_SET.session(municipality=municipality, on=ON) as session:
            seen: dict[str, Any] = {}
            for name, value in facts:
                seen[name] = value
                decision = session.add({name: value})
                expected = STANDARDS_SET.evaluate(seen, municipality=municipality, on=ON)
                assert decision.same_as(expected)


def test_a_session_refuses_to_change_a_known_fact(haderslev: Standards) -> None:
    with haderslev.session(municipality="haderslev", on=ON) as session:
        session.add({"motivated": True})
        with pytest.raises(EngineError, match="changes motivated from True to False"):
            session.add({"motivated": False})


def test_a_session_names_a_derived_fact_that_would_change(haderslev: Standards) -> None:
    with haderslev.session(municipality="haderslev", on=ON) as session:
        session.add({"age": 30})
        with pytest.raises(EngineError, match="adding birth_date changes age from 30 to 46"):
            session.add({"birth_date": "1980-01-01"})


def test_sessions_are_freed(haderslev: Standards) -> None:
    backend = durable()
    before = backend.open_sessions
    for _ in range(5):
        haderslev.evaluate({"motivated": True}, municipality="haderslev", on=ON, backend="durable")
    assert backend.open_sessions == before
    with haderslev.session(municipality="haderslev", on=ON) as session:
        session.add({"age": 30})
        assert backend.open_sessions == before + 1
    assert backend.open_sessions == before


# --- guardrails ----------------------------------------------------------------------------


def test_more_evaluations_than_the_session_cap(haderslev: Standards) -> None:
    """G15: 1024 live sessions per ruleset; every evaluation deletes its own."""
    for index in range(1100):
        haderslev.evaluate(
            {"motivated": index % 2 == 0}, municipality="haderslev", on=ON, backend="durable"
        )


def test_an_error_inside_an_action_surfaces_as_our_error(
    haderslev: Standards, monkeypatch: pytest.MonkeyPatch
) -> None:
    """G2/G3: durable would swallow it into the returned state (in-process, to reach it)."""

    def broken(*_: object) -> None:
        message = "boom"
        raise RuntimeError(message)

    backend = DurableBackend(isolation="in-process")
    monkeypatch.setattr(_durable_host._Collector, "record", broken)
    with pytest.raises(EngineError, match="RuntimeError: boom"):
        haderslev.evaluate({"motivated": True}, municipality="haderslev", on=ON, backend=backend)
    monkeypatch.undo()
    decision = haderslev.evaluate(
        {"motivated": False}, municipality="haderslev", on=ON, backend=backend
    )
    assert decision.same_as(
        haderslev.evaluate({"motivated": False}, municipality="haderslev", on=ON)
    )


def test_the_host_starts_no_timer_threads() -> None:
    """G19: Host() starts polling timers that may run actions on another thread."""
    before = threading.active_count()
    EngineHost()
    assert threading.active_count() == before


def _raw_host(rules: dict[str, Any], fired: list[str]) -> tuple[Host, str]:
    class RawHost(Host):  # type: ignore[misc]  # durable ships no type information
        def get_action(self, name: str) -> Any:
            return lambda _context: fired.append(name)

        def _run(self) -> None:
            pass

    host = RawHost()
    name = f"quirk_{id(fired)}"
    host.set_rulesets({name: rules})
    return host, name


def test_quirk_iall_over_an_empty_list_is_false() -> None:
    """G7: why list facts carry a sentinel item."""
    fired: list[str] = []
    rules = {
        "none_is_85": {
            "all": [{"m": {"$and": [{"t": "f"}, {"$iall": {"v": {"$neq": {"$i": "sel-85"}}}}]}}],
            "run": "iall",
        },
        "start": {"all": [{"s": {"t": "start"}}], "run": "start"},
        "sink": {"all": [{"a": {"t": "f"}}, {"b": {"t": "__never__"}}], "run": "sink"},
    }
    host, name = _raw_host(rules, fired)
    host.assert_facts(name, [{"sid": "a", "t": "start"}, {"sid": "a", "t": "f", "v": []}])
    assert sorted(fired) == ["start"]
    host.assert_facts(name, [{"sid": "b", "t": "start"}, {"sid": "b", "t": "f", "v": [""]}])
    assert sorted(fired) == ["iall", "start", "start"]
    host.delete_state(name, "a")
    host.delete_state(name, "b")


def test_quirk_an_exception_in_an_action_is_swallowed_into_the_state() -> None:
    """G2/G3: nothing is raised; the state holds the text."""

    class RawHost(Host):  # type: ignore[misc]  # durable ships no type information
        def get_action(self, _name: str) -> Any:
            def action(_context: object) -> None:
                message = "inside"
                raise ValueError(message)

            return action

        def _run(self) -> None:
            pass

    host = RawHost()
    host.set_rulesets({"quirk_swallow": {"r": {"all": [{"m": {"t": "x"}}], "run": "a"}}})
    state = host.assert_fact("quirk_swallow", {"sid": "s", "t": "x"})
    assert "inside" in state["exception"]
    host.delete_state("quirk_swallow", "s")


def test_quirk_identical_facts_are_refused() -> None:
    """G8: why a derived fact is asserted once."""
    fired: list[str] = []
    host, name = _raw_host({"r": {"all": [{"m": {"t": "x"}}], "run": "a"}}, fired)
    host.assert_fact(name, {"sid": "d", "t": "x"})
    with pytest.raises(MessageObservedException):
        host.assert_fact(name, {"sid": "d", "t": "x"})
    host.delete_state(name, "d")


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_quirk_deleting_a_session_where_nothing_fired_crashes_the_interpreter() -> None:
    """G16: why every ruleset has a start rule that always fires."""
    result = _run_python(
        """
        from durable.engine import Host
        class H(Host):
            def get_action(self, name): return lambda c: None
            def _run(self): pass
        adult = {"m": {"$and": [{"t": "p"}, {"$gte": {"age": 18}}]}}
        rules = {"adult": {"all": [adult], "run": "a"},
                 "sink": {"all": [{"m": {"t": "p"}}, {"n": {"t": "__never__"}}], "run": "a"}}
        h = H(); h.set_rulesets({"r": rules})
        h.assert_fact("r", {"sid": "s1", "t": "p", "age": 17})
        h.delete_state("r", "s1")
        print("survived")
        """
    )
    assert result.returncode != 0
    assert "survived" not in result.stdout


def test_a_profile_matching_nothing_does_not_crash_our_backend() -> None:
    result = _run_python(
        """
        from datetime import date
        import kvalitet
        standards = kvalitet.load_standards()
        for municipality in standards.municipalities:
            day = date(2026, 6, 1)
            standards.evaluate({}, municipality=municipality, on=day, backend="durable")
        print("survived")
        """
    )
    assert result.returncode == 0, result.stderr
    assert "survived" in result.stdout


def test_quirk_more_than_64_matching_conditions_is_an_error() -> None:
    """G17: why the compiler counts conditions per fact and splits rulesets per service."""
    fired: list[str] = []
    rules = {
        f"r{i}": {"all": [{"m": {"$and": [{"t": "p"}, {"$gte": {"age": i}}]}}], "run": "a"}
        for i in range(MAX_MATCHING_CONDITIONS + 1)
    }
    host, name = _raw_host(rules, fired)
    with pytest.raises(Exception, match="303"):
        host.assert_fact(name, {"sid": "s", "t": "p", "age": 10**6})
