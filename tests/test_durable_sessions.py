"""Stateful durable sessions: a limit long before the engine's, freed when closed, collected or
at exit, and lost (with a clear error) only with a worker that crashed.
"""

from __future__ import annotations

import gc
import os
import signal
from datetime import date

import pytest

from kvalitet import EngineError, Standards
from kvalitet.engine.backends._durable_host import MAX_LIVE
from kvalitet.engine.backends.durable import DEFAULT_MAX_SESSIONS, DurableBackend

from .durable_support import run_python, wait_until_dead

ON = date(2026, 6, 1)


SESSIONS = """
    import gc, sys
    from datetime import date
    import kvalitet
    from kvalitet.engine.backends.durable import DurableBackend

    backend = DurableBackend(isolation=sys.argv[1])
    standards = kvalitet.load_standards()
    on = date(2026, 6, 1)
    for index in range(1100):  # dropped, never closed: freed when collected
        session = standards.session(municipality="haderslev", on=on, backend=backend)
        session.add({"motivated": index % 2 == 0})
    held = []
    try:
        while True:
            held.append(standards.session(municipality="haderslev", on=on, backend=backend))
    except kvalitet.EngineError as error:
        limit_error = str(error)
    profile = {"motivated": True}
    after = standards.evaluate(profile, municipality="haderslev", on=on, backend=backend)
    assert after.same_as(standards.evaluate(profile, municipality="haderslev", on=on))
    del held
    gc.collect()
    with standards.session(municipality="hillerod", on=on, backend=backend) as session:
        session.add({"age": 40})
    print(backend.engine_stats()["engine_sessions"])
    print(limit_error)
"""


@pytest.mark.parametrize("isolation", ["in-process", "process"])
def test_more_sessions_than_the_engine_holds(isolation: str) -> None:
    """Former SIGSEGV at the 1,025th open session, and at any evaluation after it."""
    result = run_python(SESSIONS, isolation)
    assert result.returncode == 0, result.stderr
    engine_sessions, limit_error = result.stdout.splitlines()
    assert engine_sessions == "0"
    assert limit_error.startswith(f"{DEFAULT_MAX_SESSIONS} durable sessions are open, the limit")


AT_EXIT = """
    import sys
    from datetime import date
    import kvalitet
    from kvalitet.engine.backends import get_backend

    standards = kvalitet.load_standards()
    kept = [standards.session(municipality="hillerod", on=date(2026, 6, 1)) for _ in range(5)]
    print(get_backend("durable").worker_pid, flush=True)
"""


def test_the_worker_ends_with_the_caller() -> None:
    result = run_python(AT_EXIT)
    assert result.returncode == 0, result.stderr
    assert wait_until_dead(int(result.stdout))


IN_PROCESS_EXIT = """
    from datetime import date
    import kvalitet
    from kvalitet.engine.backends.durable import DurableBackend

    backend = DurableBackend(isolation="in-process")
    standards = kvalitet.load_standards()
    on = date(2026, 6, 1)
    kept = [standards.session(municipality="hillerod", on=on, backend=backend) for _ in range(5)]
    for session in kept:
        session.add({"age": 40})
    print(backend.engine_stats()["engine_sessions"], len(standards.in_force("hillerod", on)))
"""


def test_sessions_left_open_in_process_are_deleted_at_exit_without_a_crash() -> None:
    result = run_python(IN_PROCESS_EXIT)
    assert result.returncode == 0, result.stderr
    sessions, services = map(int, result.stdout.split())
    assert sessions == 5 * services  # one engine session per service of each kept session


FORK = """
    import os
    from datetime import date
    import kvalitet
    from kvalitet.engine.backends import get_backend

    standards = kvalitet.load_standards()
    on, profile = date(2026, 6, 1), {"support_hours_per_month": 0.00003, "age": 40}
    expected = standards.evaluate(profile, municipality="hillerod", on=on)
    first = standards.evaluate(profile, municipality="hillerod", on=on, backend="durable")
    assert first.same_as(expected)
    parent_worker = get_backend("durable").worker_pid
    child = os.fork()
    got = standards.evaluate(profile, municipality="hillerod", on=on, backend="durable")
    worker = get_backend("durable").worker_pid
    if child == 0:
        os._exit(0 if got.same_as(expected) and worker != parent_worker else 1)
    _, status = os.waitpid(child, 0)
    print(os.waitstatus_to_exitcode(status), got.same_as(expected), worker == parent_worker)
"""


def test_a_forked_child_gets_its_own_worker() -> None:
    result = run_python(FORK)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 True True\n"


def test_sessions_end_with_their_worker(haderslev: Standards) -> None:
    backend = DurableBackend(isolation="process")
    session = haderslev.session(municipality="haderslev", on=ON, backend=backend)
    session.add({"motivated": True})
    first = backend.worker_pid
    assert first is not None
    assert backend.open_sessions == 1
    os.kill(first, signal.SIGKILL)
    assert wait_until_dead(first)
    with pytest.raises(EngineError, match="this durable session is gone: its worker was replaced"):
        session.add({"age": 40})
    assert backend.open_sessions == 0
    with haderslev.session(municipality="haderslev", on=ON, backend=backend) as again:
        decision = again.add({"motivated": False})
    assert decision.same_as(
        haderslev.evaluate({"motivated": False}, municipality="haderslev", on=ON)
    )
    assert backend.worker_pid not in (None, first)
    session.close()


# --- the session limit and freeing ----------------------------------------------------------


def test_the_session_limit_is_a_clear_error_and_frees_up(haderslev: Standards) -> None:
    backend = DurableBackend(max_sessions=3)
    held = [haderslev.session(municipality="haderslev", on=ON, backend=backend) for _ in range(3)]
    with pytest.raises(EngineError, match="3 durable sessions are open, the limit: close the"):
        haderslev.session(municipality="haderslev", on=ON, backend=backend)
    held[0].close()
    held[0] = haderslev.session(municipality="haderslev", on=ON, backend=backend)
    held.pop()  # dropped, not closed
    held.append(haderslev.session(municipality="haderslev", on=ON, backend=backend))
    cycle = held.pop()
    cycle.me = cycle  # type: ignore[attr-defined] # freed only by the garbage collector
    del cycle
    held.append(haderslev.session(municipality="haderslev", on=ON, backend=backend))
    assert backend.open_sessions == 3
    assert backend.engine_stats() == {"sessions": 3, "engine_sessions": 3}
    for session in held:
        session.close()
    gc.collect()
    assert backend.engine_stats() == {"sessions": 0, "engine_sessions": 0}


def test_the_default_limit_is_far_below_the_engines() -> None:
    assert DEFAULT_MAX_SESSIONS * 4 <= MAX_LIVE < 1024
    with pytest.raises(EngineError, match="max_sessions must be between 1 and 1000, not 1024"):
        DurableBackend(max_sessions=1024)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("KVALITET_DURABLE_MAX_SESSIONS", "many", "must be a whole number, not 'many'"),
        ("KVALITET_DURABLE_MAX_SESSIONS", "0", "max_sessions must be between 1 and 1000, not 0"),
        ("KVALITET_DURABLE_TIMEOUT", "nan", "timeout must be above 0"),
        ("KVALITET_DURABLE_ISOLATION", "thread", "must be 'process' or 'in-process', not 'thread'"),
    ],
)
def test_settings_from_the_environment_are_checked(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(EngineError, match=message):
        DurableBackend()


def test_settings_from_the_environment_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVALITET_DURABLE_MAX_SESSIONS", "7")
    monkeypatch.setenv("KVALITET_DURABLE_TIMEOUT", "2.5")
    monkeypatch.setenv("KVALITET_DURABLE_ISOLATION", "in-process")
    backend = DurableBackend()
    assert (backend.max_sessions, backend.timeout, backend.isolation) == (7, 2.5, "in-process")
    assert backend.worker_pid is None


def test_a_closed_session_refuses_more_facts(haderslev: Standards) -> None:
    session = haderslev.session(municipality="haderslev", on=ON)
    session.close()
    session.close()
    with pytest.raises(EngineError, match="this durable session is closed"):
        session.add({"motivated": True})
