"""The durable-rules engine behind a small message protocol, in a worker process or in-process.

This module imports only the standard library and ``durable``: the worker process loads it by
file path (``python -P -c …``), without importing kvalitet, so a worker starts in a fraction
of a second. Messages are plain data (tuples, lists, dicts, str, int, bool):

* request ``(closes, rulesets, op, args)``: first delete the sessions named in ``closes``,
  register the ``(name, definition, actions)`` in ``rulesets``, then run ``op``:

  - ``("run", (items,))`` with ``items = [(ruleset, facts), …]``: a fresh session per item,
    deleted at once; answers one result per item;
  - ``("open", (key, [ruleset, …]))``: keep a session per ruleset under ``key``; answers the
    results so far per ruleset;
  - ``("add", (key, [facts, …]))``: add facts (one list per ruleset of the session, in order);
  - ``("close", ())``: only the ``closes``; ``("ping", ())``: answers the worker's pid;
  - ``("stats", ())``: ``{"sessions": …, "engine_sessions": …}`` open now.

* reply ``("ok", value)`` or ``("error", message)``; a result per item is
  ``("ok", derived, rules)`` (``{name: bool}``; absent = not settled) or ``("error", message)``.

Guardrails (``docs/durable-rules.md``): a start rule fires in every session (G16); a sink rule
consumes every fact (G2/G4); actions only record into a collector and an ``exception`` in the
state is an error (G2/G3); a derived fact is asserted once (G8); timers never start (G19); each
ruleset is registered once, from a deep copy (G20/G21); and at most :data:`MAX_LIVE` sessions
per ruleset are open at once, far below the engine's 1,024 (G15).
"""

from __future__ import annotations

import copy
import itertools
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable
from typing import IO, Any

from durable.engine import Host

FACT = "f"
START = "start"
MAX_LIVE = 1000  # sessions per ruleset; durable-rules fails (then crashes) at the 1,025th (G15)
HEADER = struct.Struct("!Q")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_STRING = 1024
MAX_LIST = 1024

Facts = list[tuple[str, Any]]
Item = tuple[str, Any, Any] | tuple[str, str]


class HostError(Exception):
    """A request the host refuses or an error durable-rules reported."""


class _Collector:
    """What the actions of one engine session recorded."""

    def __init__(self) -> None:
        self.derived: dict[str, bool] = {}
        self.rules: dict[str, bool] = {}
        self.errors: list[str] = []
        self.started = False  # the start rule fired: the engine took the first batch

    def record(self, rule_id: str | None, truth: bool, derives: str | None) -> None:  # noqa: FBT001
        for table, name in ((self.derived, derives), (self.rules, rule_id)):
            if name is None:
                continue
            if table.get(name, truth) is not truth:
                what = "derived fact" if table is self.derived else "rule"
                self.errors.append(f"{what} {name} is both true and false")
            table[name] = truth


class _Host(Host):  # type: ignore[misc]  # durable ships no type information
    """A host whose actions are data-driven, whose timers never start (G19)."""

    def __init__(self) -> None:
        self.actions: dict[str, dict[str, tuple[str | None, bool, str | None]]] = {}
        self.collectors: dict[str, _Collector] = {}
        super().__init__()

    def _run(self) -> None:
        """Start no timer threads (G19)."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        """Resolve ``ruleset:action`` to a generic recording action."""
        ruleset_name, _, local = action_name.partition(":")
        rule_id, truth, derives = self.actions[ruleset_name][local]

        def run(context: Any) -> None:  # noqa: ANN401 - durable's closure object
            collector = self.collectors[str(context.s.sid)]
            collector.started = True
            try:
                asserted = derives is not None and derives in collector.derived
                collector.record(rule_id, truth, derives)
                if derives is not None and not asserted:
                    context.assert_fact({"t": FACT, "n": derives, "v": truth})
            except Exception as error:  # noqa: BLE001 - G2: durable would swallow it
                collector.errors.append(f"{type(error).__name__}: {error}")

        return run


class EngineHost:
    """One durable-rules host and the sessions open in it."""

    def __init__(self) -> None:
        """Start a host with no rulesets."""
        self._host = _Host()
        self._sessions: dict[str, list[tuple[str, str]]] = {}  # key -> [(ruleset, sid)]
        self._live: dict[str, int] = {}  # ruleset -> open sessions
        self._sids = itertools.count()

    def handle(self, request: tuple[Any, ...]) -> tuple[str, Any]:
        """Answer one request (see the module docstring)."""
        closes, rulesets, op, args = request
        try:
            for key in closes:
                self.close(key)
            for name, definition, actions in rulesets:
                self.register(name, definition, actions)
            value = self._dispatch(op, args)
        except HostError as error:
            return "error", str(error)
        return "ok", value

    def _dispatch(self, op: str, args: tuple[Any, ...]) -> Any:  # noqa: ANN401 - a reply value
        if op == "run":
            return [self._run_one(name, facts) for name, facts in args[0]]
        if op == "open":
            return self.open(*args)
        if op == "add":
            return self.add(*args)
        if op == "close":
            return None
        if op == "ping":
            return os.getpid()
        if op == "stats":
            return {"sessions": len(self._sessions), "engine_sessions": sum(self._live.values())}
        raise HostError(f"unknown request {op!r}")

    def register(self, name: str, definition: dict[str, Any], actions: dict[str, Any]) -> None:
        """Register a ruleset once (G20: it can never be redefined or deleted)."""
        if name in self._host.actions:
            return
        rules = copy.deepcopy(definition)  # G21: set_rulesets mutates its argument
        for rule in rules.values():
            rule["run"] = f"{name}:{rule['run']}"
        self._host.actions[name] = {local: tuple(spec) for local, spec in actions.items()}
        try:
            self._host.set_rulesets({name: rules})
        except Exception as error:  # noqa: BLE001 - durable raises bare Exception types
            del self._host.actions[name]
            message = f"durable-rules refused the ruleset: {type(error).__name__}: {error}"
            raise HostError(message) from None

    def open(self, key: str, rulesets: list[str]) -> list[Item]:
        """Open one session per ruleset under ``key``; the results with no facts yet."""
        if key in self._sessions:
            raise HostError(f"session {key} is already open")
        for name in rulesets:
            self._known(name)
            if self._live.get(name, 0) >= MAX_LIVE:
                raise HostError(f"{MAX_LIVE} sessions are open; close some first")
        opened: list[tuple[str, str]] = []
        self._sessions[key] = opened
        replies: list[Item] = []
        for name in rulesets:
            sid = self._begin(name)
            opened.append((name, sid))
            replies.append(self._step(name, sid, [{"sid": sid, "t": START}]))
        return replies

    def add(self, key: str, facts: list[Facts]) -> list[Item]:
        """Add facts to each ruleset's session under ``key``; the results so far."""
        opened = self._sessions.get(key)
        if opened is None:
            raise HostError(f"no session {key} is open")
        if len(facts) != len(opened):
            raise HostError(f"session {key} has {len(opened)} rulesets, not {len(facts)}")
        for given in facts:
            problem = _unreadable(given)
            if problem is not None:
                raise HostError(problem)
        return [
            self._step(name, sid, _messages(sid, given)) if given else self._reply(sid)
            for (name, sid), given in zip(opened, facts, strict=True)
        ]

    def close(self, key: str) -> None:
        """Delete every engine session under ``key`` (unknown keys are ignored)."""
        for name, sid in self._sessions.pop(key, []):
            self._end(name, sid)

    def close_all(self) -> None:
        """Delete every open session (at exit)."""
        for key in list(self._sessions):
            self.close(key)

    def _known(self, name: str) -> None:
        if name not in self._host.actions:
            raise HostError(f"ruleset {name} is not registered")

    def _run_one(self, name: str, facts: Facts) -> Item:
        self._known(name)
        problem = _unreadable(facts)
        if problem is not None:
            return "error", problem
        if self._live.get(name, 0) >= MAX_LIVE:
            return "error", f"{MAX_LIVE} sessions are open; close some first"
        sid = self._begin(name)
        try:
            return self._step(name, sid, [{"sid": sid, "t": START}, *_messages(sid, facts)])
        finally:
            self._end(name, sid)

    def _begin(self, name: str) -> str:
        sid = f"s{next(self._sids)}"
        self._host.collectors[sid] = _Collector()
        self._live[name] = self._live.get(name, 0) + 1
        return sid

    def _end(self, name: str, sid: str) -> None:
        try:
            self._host.delete_state(name, sid)
        finally:
            self._host.collectors.pop(sid, None)
            self._live[name] -= 1

    def _step(self, name: str, sid: str, messages: list[dict[str, Any]]) -> Item:
        try:
            state = self._host.assert_facts(name, messages)
        except Exception as error:  # noqa: BLE001 - durable raises bare Exception types
            return "error", f"durable-rules rejected the facts: {type(error).__name__}: {error}"
        if isinstance(state, dict) and "exception" in state:  # G2/G3
            return "error", f"durable-rules action failed: {state['exception']}"
        return self._reply(sid)

    def _reply(self, sid: str) -> Item:
        collector = self._host.collectors[sid]
        if collector.errors:
            return "error", "; ".join(collector.errors)
        if not collector.started:  # a batch it could not read is dropped without a word
            return "error", "durable-rules did not take the facts (the start rule never fired)"
        return "ok", dict(collector.derived), dict(collector.rules)


def _messages(sid: str, facts: Facts) -> list[dict[str, Any]]:
    return [{"sid": sid, "t": FACT, "n": name, "v": value} for name, value in facts]


def _unreadable(facts: Facts) -> str | None:
    """Why a fact would be unsafe to give the engine, if one would."""
    for name, value in facts:
        if not _readable(value):
            return f"{name}: {repr(value)[:40]} is not a value durable-rules reads safely"
    return None


def _readable(value: object) -> bool:
    """Whether the engine's JSON reader takes a value safely.

    A bool, a 64-bit int, a short str, or a list of them: a float's shortest form may have an
    exponent, which crashes it.
    """
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return INT64_MIN <= value <= INT64_MAX
    if isinstance(value, str):
        return len(value) <= MAX_STRING
    if isinstance(value, list):
        return len(value) <= MAX_LIST and all(
            not isinstance(item, list) and _readable(item) for item in value
        )
    return False


def write_frame(stream: IO[bytes], message: object) -> None:
    """Write one length-prefixed pickled message."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:  # noqa: ANN401 - a message of the protocol
    """Read one message; ``None`` at end of input."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    return pickle.loads(stream.read(size))  # noqa: S301 - from our own parent process


def serve() -> None:
    """The worker's loop: answer requests on stdin until it closes.

    Replies go to a private copy of stdout; fd 1 is pointed at stderr so that nothing printed
    by a library can corrupt the protocol. Ctrl-C is left to the parent.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    host = EngineHost()
    while (request := read_frame(requests)) is not None:
        try:
            reply = host.handle(request)
        except Exception as error:  # noqa: BLE001 - every failure is a reply, never an exit
            reply = ("error", f"{type(error).__name__}: {error}")
        write_frame(replies, reply)
    sys.exit(0)
