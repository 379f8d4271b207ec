"""The durable-rules (Rete) backend, contained so that nothing a caller sends can end its process.

The same compiled program is turned into durable-rules JSON rulesets, one per service (so no
fact meets the engine's limit of 64 matching conditions; ``_durable_rules``). By default the
engine runs in a worker process (``_durable_worker``, ``_durable_host``): a crash of its native
code becomes an :class:`EngineError` naming the input, and the next call starts a new worker.

Guardrails (see ``docs/durable-rules.md`` G1–G24), each pinned by a regression test:

* Numbers: the engine's JSON reader crashes the process on ``1e+16``, ``3e-05``, ``Infinity``
  (any number whose shortest form has an exponent and no decimal point) and reads ``NaN`` as
  null — so facts reach it only as booleans and small rank integers (``_durable_rules``), and
  NaN/±inf (in a fact or a threshold) are refused by both backends alike (``constants``).
* Containment: the engine runs in a worker process (``isolation="process"``, the default); a
  SIGSEGV, a kill or a hang beyond ``timeout`` seconds is an :class:`EngineError` naming the
  services and facts, and the worker is replaced. ``isolation="in-process"`` is faster but has
  no containment.
* G15: at most 1,024 sessions per ruleset, then ``MemoryError`` and a crash — the library allows
  at most ``max_sessions`` open stateful sessions (default :data:`DEFAULT_MAX_SESSIONS`), the
  host at most 1,000 per ruleset; a closed session is deleted at once, a dropped one when it is
  garbage-collected (``weakref.finalize``; deleted before the next request), and every one at
  exit (the worker stops; in-process, the host deletes them).
* G16: deleting a session in which no action fired crashes the process — a start rule fires
  in every session.
* G2/G4: a fact no rule consumes raises — a never-completing sink rule consumes every fact.
* G2/G3: an exception inside an action is swallowed into the state — actions only record into
  a collector, and a state holding ``exception`` is an error.
* G7: ``$iall`` over an empty list is false — list facts carry a sentinel item.
* G6: types are coerced — only booleans and ranks reach the engine.
* G8: identical facts are de-duplicated with an error — a derived fact is asserted once.
* G14: sids are shared — a fresh sid per evaluation and per session.
* G19: timer threads may run actions on another thread — the host's timers never start.
* G20/G21: rulesets cannot be redefined — one ruleset per program, named by its content hash,
  registered once per worker, from a deep copy.
* The C code holds the GIL: one lock per backend serialises the requests.

Settings (constructor arguments, else environment variables read when the backend is made):
``isolation`` (``KVALITET_DURABLE_ISOLATION``: ``process`` or ``in-process``), ``max_sessions``
(``KVALITET_DURABLE_MAX_SESSIONS``, 1–1000) and ``timeout`` in seconds per request
(``KVALITET_DURABLE_TIMEOUT``).
"""

from __future__ import annotations

import gc
import itertools
import os
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from kvalitet.engine.backends._durable_host import MAX_LIVE
from kvalitet.engine.backends._durable_rules import (
    CompiledRuleset,
    compile_ruleset,
    ruleset_of,
)
from kvalitet.engine.backends._durable_session import DurableSession, describe_input, results_of
from kvalitet.engine.backends._durable_worker import InProcess, Transport, WorkerProcess
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.constants import check_numbers
from kvalitet.engine.results import RuleResults
from kvalitet.language.problems import EngineError

__all__ = [
    "DEFAULT_MAX_SESSIONS",
    "DEFAULT_TIMEOUT",
    "DurableBackend",
    "DurableSession",
    "compile_ruleset",
    "describe_input",
]

Isolation = Literal["process", "in-process"]
DEFAULT_MAX_SESSIONS = 128  # a Hillerød session (21 rulesets) holds ≈ 7.3 MB in the engine
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86_400.0


class DurableBackend:
    """Evaluates programs with durable-rules, in a worker process unless told otherwise."""

    name = "durable"

    def __init__(
        self,
        *,
        isolation: Isolation | None = None,
        max_sessions: int | None = None,
        timeout: float | None = None,
    ) -> None:
        """Settings default to the environment (see the module docstring), then the defaults.

        Raises:
            EngineError: for a setting out of range.
        """
        self.isolation: Isolation = isolation or _isolation_from_env()
        self.max_sessions = (
            max_sessions
            if max_sessions is not None
            else _int_from_env("KVALITET_DURABLE_MAX_SESSIONS", DEFAULT_MAX_SESSIONS)
        )
        if not 1 <= self.max_sessions <= MAX_LIVE:
            message = f"max_sessions must be between 1 and {MAX_LIVE}, not {self.max_sessions}"
            raise EngineError(message)
        self.timeout = (
            timeout
            if timeout is not None
            else _float_from_env("KVALITET_DURABLE_TIMEOUT", DEFAULT_TIMEOUT)
        )
        if not 0 < self.timeout <= MAX_TIMEOUT:
            message = f"timeout must be above 0 and at most {MAX_TIMEOUT:g} s, not {self.timeout}"
            raise EngineError(message)
        self._transport: Transport = (
            WorkerProcess(self.timeout) if self.isolation == "process" else InProcess()
        )
        self._lock = threading.Lock()
        self._live: dict[str, int] = {}  # open session key -> the generation it lives in
        self._pending: deque[tuple[str, int]] = deque()  # dropped sessions to delete
        self._keys = itertools.count()

    @property
    def worker_pid(self) -> int | None:
        """The worker process's id (``None`` in-process or before the first request)."""
        return self._transport.pid if isinstance(self._transport, WorkerProcess) else None

    @property
    def open_sessions(self) -> int:
        """How many stateful sessions are open (closed or collected ones are not counted)."""
        generation = self._transport.generation
        return sum(1 for lives_in in list(self._live.values()) if lives_in == generation)

    def engine_stats(self) -> dict[str, int]:
        """What is open in the engine now, after deleting the sessions dropped so far.

        ``sessions``: stateful sessions; ``engine_sessions``: durable-rules sessions (one per
        service of each stateful session).
        """
        with self._lock:
            stats: dict[str, int] = self._send("stats", (), [], lambda: "statistics")
            return stats

    def run(self, program: ServiceProgram, facts: Mapping[str, Any]) -> RuleResults:
        """The truth of every rule of ``program`` for ``facts``, through the Rete engine.

        Raises:
            EngineError: for a number that is not finite, or when durable-rules fails.
        """
        return self.run_many((program,), facts)[program.service]

    def run_many(
        self, programs: Sequence[ServiceProgram], facts: Mapping[str, Any]
    ) -> dict[str, RuleResults]:
        """The results of several programs for the same facts, in one request to the engine."""
        for program in programs:
            check_numbers(program, facts)
        rulesets = [ruleset_of(program) for program in programs]
        items = [(ruleset.name, ruleset.encode(facts)) for ruleset in rulesets]
        with self._lock:
            replies = self._send("run", (items,), rulesets, lambda: describe_input(programs, facts))
        return {
            program.service: results_of(program, reply)
            for program, reply in zip(programs, replies, strict=True)
        }

    def open_session(self, programs: Sequence[ServiceProgram]) -> DurableSession:
        """A stateful session over several programs: add facts, read results.

        Raises:
            EngineError: when :attr:`max_sessions` sessions are open.
        """
        programs = tuple(programs)
        if self.open_sessions >= self.max_sessions:
            gc.collect()  # sessions dropped inside reference cycles
        rulesets = [ruleset_of(program) for program in programs]
        with self._lock:
            if self.open_sessions >= self.max_sessions:
                message = (
                    f"{self.max_sessions} durable sessions are open, the limit: close the ones "
                    "you no longer need (use 'with standards.session(...) as session:'), or "
                    "raise the limit (DurableBackend(max_sessions=...) or "
                    f"KVALITET_DURABLE_MAX_SESSIONS, at most {MAX_LIVE})"
                )
                raise EngineError(message)
            key = f"k{next(self._keys)}"
            names = [ruleset.name for ruleset in rulesets]
            generation = self._transport.generation
            try:
                replies = self._send(
                    "open", (key, names), rulesets, lambda: describe_input(programs, {})
                )
            except EngineError:
                self._pending.append((key, generation))  # whatever the host opened
                raise
            generation = self._transport.generation
            self._live[key] = generation
        try:
            results = {
                program.service: results_of(program, reply)
                for program, reply in zip(programs, replies, strict=True)
            }
        except EngineError:
            self.release(key, generation, now=True)
            raise
        return DurableSession(
            self,
            key=key,
            generation=generation,
            programs=programs,
            rulesets=rulesets,
            results=results,
        )

    def session_request(
        self,
        key: str,
        generation: int,
        facts: list[list[tuple[str, Any]]],
        describe: Callable[[], str],
    ) -> list[Any]:
        """Add encoded facts to an open session (for :class:`DurableSession`).

        Raises:
            EngineError: when the session was lost with a worker that crashed.
        """
        with self._lock:
            self._transport.ready()
            if self._transport.generation != generation or key not in self._live:
                message = (
                    "this durable session is gone: its worker was replaced after a crash; "
                    "open a new session"
                )
                raise EngineError(message)
            reply: list[Any] = self._send("add", (key, facts), [], describe)
            return reply

    def release(self, key: str, generation: int, *, now: bool) -> None:
        """Forget a session; delete it in the engine now, or before the next request.

        A finalizer passes ``now=False``: it may run inside any request, so it only queues.
        """
        if self._live.pop(key, None) is None:
            return
        self._pending.append((key, generation))
        if now and self._lock.acquire(blocking=False):
            try:
                self._send("close", (), [], lambda: "closing sessions")
            except EngineError:
                pass  # the worker died; its sessions died with it
            finally:
                self._lock.release()

    def _send(
        self,
        op: str,
        args: tuple[Any, ...],
        rulesets: Sequence[CompiledRuleset],
        describe: Callable[[], str],
    ) -> Any:  # noqa: ANN401 - the value of a reply
        """One request to the engine; the caller holds the lock."""
        transport = self._transport
        transport.ready()
        closes = []
        while self._pending:
            key, generation = self._pending.popleft()
            if generation == transport.generation:
                closes.append(key)
        register = {r.name: r for r in rulesets if r.name not in transport.known}
        message = (
            closes,
            [(r.name, r.definition, r.actions) for r in register.values()],
            op,
            args,
        )
        value = transport.request(message, describe)
        transport.known.update(register)
        return value


def _isolation_from_env() -> Isolation:
    value = os.environ.get("KVALITET_DURABLE_ISOLATION", "process")
    if value == "process":
        return "process"
    if value == "in-process":
        return "in-process"
    message = f"KVALITET_DURABLE_ISOLATION must be 'process' or 'in-process', not {value!r}"
    raise EngineError(message)


def _int_from_env(name: str, default: int) -> int:
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise EngineError(f"{name} must be a whole number, not {text!r}") from None


def _float_from_env(name: str, default: float) -> float:
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        return float(text)
    except ValueError:
        raise EngineError(f"{name} must be a number of seconds, not {text!r}") from None
