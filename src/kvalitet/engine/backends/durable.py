"""The durable-rules (Rete) backend, with every guardrail its sharp edges need.

The same compiled program is turned into durable-rules JSON rulesets, one per service (so no
fact meets the engine's limit of 64 matching conditions). Each known fact is one durable fact
``{t: "f", n: <name>, v: <value>}``. Every condition is compiled twice, in disjunctive normal
form: once for when it is true and once for when it is false (``_normal_form``); a rule whose
neither form fires is unknown — Kleene logic on an engine that has no *unknown*.

Guardrails (see ``notes/durable-rules.md`` G1–G22), each pinned by a regression test:

* G16: deleting a session in which no action fired crashes the process — a start rule fires
  in every session.
* G2/G4: a fact no rule consumes raises — a never-completing sink rule consumes every fact.
* G2/G3: an exception inside an action is swallowed into the state — actions only record into
  a Python collector, and a state holding ``exception`` raises :class:`EngineError`.
* G7: ``$iall`` over an empty list is false — list facts carry a sentinel ``""`` item.
* G6: types are coerced — only values validated by the Profile model reach the engine, and
  dates become ordinals.
* G8: identical facts are de-duplicated with an error — a derived fact is asserted once.
* G15/G14: sessions are capped and sids shared — a fresh sid per evaluation, deleted in
  ``finally``.
* G19: timer threads may run actions on another thread — the host's timers are never started.
* G20/G21: rulesets cannot be redefined — one ruleset per program, named by its content hash,
  registered once; the definition is deep-copied before registration.
* The C code holds the GIL: one lock per host serialises evaluations.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Self

from durable.engine import Host

from kvalitet.engine.compiler import CompiledRule, ServiceProgram
from kvalitet.engine.results import RuleResults
from kvalitet.engine.truth import Truth
from kvalitet.language.conditions import AnyOf, Condition
from kvalitet.language.normal_form import Conjunction, Literal, TooLargeError, dnf
from kvalitet.language.problems import EngineError

FACT = "f"
START = "start"
NEVER = "__never__"
SENTINEL = ""
MAX_MATCHING_CONDITIONS = 64  # durable-rules error 303 beyond this (G17)

_COMPARISON = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def to_engine_value(value: Any) -> Any:  # noqa: ANN401 - any validated fact value
    """A fact value as durable-rules can compare it (dates as ordinals, lists with a sentinel)."""
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, list | tuple | set | frozenset):
        return [SENTINEL, *(to_engine_value(item) for item in value)]
    return value


def _literal_test(literal: Literal) -> dict[str, Any]:
    value = literal.value
    if literal.op in ("in", "not_in"):
        items = [to_engine_value(item) for item in value]
        if literal.op == "in":
            return {"$or": [{"v": item} for item in items]}
        return {"$and": [{"$neq": {"v": item}} for item in items]}
    engine_value = to_engine_value(value)
    if literal.op == "eq":
        return {"v": engine_value}
    if literal.op == "ne":
        return {"$neq": {"v": engine_value}}
    if literal.op == "contains":
        return {"$iany": {"v": {"$i": engine_value}}}
    if literal.op == "not_contains":
        return {"$iall": {"v": {"$neq": {"$i": engine_value}}}}
    return {_COMPARISON[literal.op]: {"v": engine_value}}


def _patterns(conjunction: Conjunction) -> list[dict[str, Any]]:
    """One aliased pattern per fact in the conjunction (G1: a join of separate facts)."""
    by_fact: dict[str, list[Literal]] = {}
    for literal in conjunction:
        by_fact.setdefault(literal.fact, []).append(literal)
    patterns = []
    for index, (name, literals) in enumerate(sorted(by_fact.items())):
        tests = [{"t": FACT}, {"n": name}, *(_literal_test(lit) for lit in literals)]
        patterns.append({f"p{index}": {"$and": tests}})
    return patterns


@dataclass(frozen=True)
class Action:
    """What a fired rule means: record a rule's truth, and maybe assert a derived fact."""

    rule_id: str | None
    truth: Truth
    derives: str | None = None


@dataclass
class CompiledRuleset:
    """A program as a durable-rules ruleset, with the meaning of each action name."""

    name: str
    definition: dict[str, Any]
    actions: dict[str, Action]
    facts_read: frozenset[str]
    max_conditions_per_fact: int


def compile_ruleset(program: ServiceProgram) -> CompiledRuleset:
    """Compile a program into a durable-rules JSON ruleset.

    Raises:
        EngineError: when a condition is too large for normal form or a fact would meet more
            than 64 conditions (durable-rules' hard limit).
    """
    rules: dict[str, Any] = {
        "start": {"all": [{"s": {"t": START}}], "run": "start"},
        "sink": {"all": [{"a": {"t": FACT}}, {"b": {"t": NEVER}}], "run": "start"},
    }
    actions: dict[str, Action] = {"start": Action(None, Truth.TRUE)}
    counter = itertools.count()
    per_fact: dict[str, int] = {}

    def add(condition: Condition | None, action: Action) -> None:
        name = f"a{len(actions)}"
        actions[name] = action
        if condition is None:
            rules[f"r{next(counter)}"] = {"all": [{"s": {"t": START}}], "run": name}
            return
        try:
            conjunctions = dnf(condition, negate=action.truth is Truth.FALSE)
        except TooLargeError:
            message = f"{program.service}: a condition is too large for the durable backend"
            raise EngineError(message) from None
        for conjunction in conjunctions:
            patterns = _patterns(conjunction)
            for literal_fact in {literal.fact for literal in conjunction}:
                per_fact[literal_fact] = per_fact.get(literal_fact, 0) + 1
            rules[f"r{next(counter)}"] = {"all": patterns, "run": name}

    for fact, derive_rules in program.derived:
        whens = tuple(rule.rule.when for rule in derive_rules if rule.rule.when is not None)
        combined: Condition = AnyOf(any=whens)
        add(combined, Action(None, Truth.TRUE, derives=fact))
        add(combined, Action(None, Truth.FALSE, derives=fact))
        for rule in derive_rules:
            _add_rule(add, rule)
    for rule in (
        *program.criteria,
        *program.exclusions,
        *program.scope,
        *program.access,
        *program.terms,
    ):
        _add_rule(add, rule)

    widest = max(per_fact.values(), default=0) + 1  # + the sink
    if widest > MAX_MATCHING_CONDITIONS:
        message = (
            f"{program.service}: a fact meets {widest} conditions, more than durable-rules' "
            f"limit of {MAX_MATCHING_CONDITIONS}; split the standard"
        )
        raise EngineError(message)
    digest = hashlib.sha256(
        json.dumps([program.service, rules], sort_keys=True, default=str).encode()
    ).hexdigest()[:16]
    return CompiledRuleset(
        name=f"kvalitet_{digest}",
        definition=rules,
        actions=actions,
        facts_read=program.base_facts_read,
        max_conditions_per_fact=widest,
    )


def _add_rule(add: Callable[[Condition | None, Action], None], compiled: CompiledRule) -> None:
    rule = compiled.rule
    add(rule.when, Action(rule.id, Truth.TRUE))
    if rule.when is not None:
        add(rule.when, Action(rule.id, Truth.FALSE))


@dataclass
class _Collector:
    """What the actions of one session recorded."""

    results: RuleResults = field(default_factory=RuleResults)
    asserted: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


class _Host(Host):  # type: ignore[misc]  # durable ships no type information
    """A host whose actions are data-driven, whose timers never start (G19)."""

    def __init__(self) -> None:
        self.rulesets: dict[str, CompiledRuleset] = {}
        self.collectors: dict[str, _Collector] = {}
        super().__init__()

    def _run(self) -> None:
        """Start no timer threads (G19)."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        """Resolve an action name of any registered ruleset to its generic action."""
        ruleset_name, _, local = action_name.partition(":")
        action = self.rulesets[ruleset_name].actions[local]

        def run(context: Any) -> None:  # noqa: ANN401 - durable's closure object
            collector = self.collectors[str(context.s.sid)]
            try:
                _record(collector, action)
                if action.derives is not None and action.derives not in collector.asserted:
                    collector.asserted.add(action.derives)
                    value = action.truth is Truth.TRUE
                    context.assert_fact({"t": FACT, "n": action.derives, "v": value})
            except Exception as error:  # noqa: BLE001 - G2: durable would swallow it
                collector.errors.append(f"{type(error).__name__}: {error}")

        return run


def _record(collector: _Collector, action: Action) -> None:
    results = collector.results
    if action.derives is not None:
        previous = results.derived.get(action.derives)
        if previous is not None and previous is not action.truth:
            collector.errors.append(f"derived fact {action.derives} is both true and false")
        results.derived[action.derives] = action.truth
    if action.rule_id is not None:
        previous = results.rules.get(action.rule_id)
        if previous is not None and previous is not action.truth:
            collector.errors.append(f"rule {action.rule_id} is both true and false")
        results.rules[action.rule_id] = action.truth


class DurableBackend:
    """Evaluates programs with durable-rules. Thread-safe by one lock; not fast (see benchmark)."""

    name = "durable"

    def __init__(self) -> None:
        """One host for the process's lifetime (G20: hosts are never freed)."""
        self._host = _Host()
        self._lock = threading.Lock()
        self._sids = itertools.count()

    def ruleset(self, program: ServiceProgram) -> CompiledRuleset:
        """The program's ruleset, compiled and registered once."""
        cached = program.cache.get(self)
        if isinstance(cached, CompiledRuleset):
            return cached
        compiled = compile_ruleset(program)
        if compiled.name not in self._host.rulesets:
            definition = copy.deepcopy(compiled.definition)  # G21: set_rulesets mutates
            for rule in definition.values():
                rule["run"] = f"{compiled.name}:{rule['run']}"
            self._host.rulesets[compiled.name] = compiled
            self._host.set_rulesets({compiled.name: definition})
        program.cache[self] = compiled
        return compiled

    def run(self, program: ServiceProgram, facts: Mapping[str, Any]) -> RuleResults:
        """The truth of every rule of ``program`` for ``facts``, through the Rete engine."""
        with self._lock:
            compiled = self.ruleset(program)
            session = _Session(self._host, compiled, f"s{next(self._sids)}")
            try:
                session.assert_facts(facts)
                return session.results().completed(program)
            finally:
                session.close()

    def open_session(self, program: ServiceProgram) -> DurableSession:
        """A stateful session for one service: assert facts one at a time, read results."""
        with self._lock:
            compiled = self.ruleset(program)
            sid = f"i{next(self._sids)}"
            return DurableSession(self, _Session(self._host, compiled, sid))

    @property
    def lock(self) -> threading.Lock:
        """The lock every use of the host holds."""
        return self._lock


class _Session:
    """One durable-rules session (sid) with its collector; close it exactly once."""

    def __init__(self, host: _Host, compiled: CompiledRuleset, sid: str) -> None:
        self._host = host
        self._compiled = compiled
        self.sid = sid
        self.known: dict[str, Any] = {}
        host.collectors[sid] = _Collector()
        try:
            self._call([{"sid": sid, "t": START}])  # G16: an action fires in every session
        except BaseException:
            self.close()
            raise

    def assert_facts(self, facts: Mapping[str, Any]) -> None:
        new = {
            name: value
            for name, value in facts.items()
            if name in self._compiled.facts_read and value is not None and name not in self.known
        }
        for name, value in facts.items():
            if name in self.known and self.known[name] != value:
                message = f"{name} is already {self.known[name]!r}; a session only adds facts"
                raise EngineError(message)
        if not new:
            return
        self.known.update(new)
        batch = [
            {"sid": self.sid, "t": FACT, "n": name, "v": to_engine_value(value)}
            for name, value in sorted(new.items())
        ]
        self._call(batch)

    def _call(self, batch: list[dict[str, Any]]) -> None:
        try:
            state = self._host.assert_facts(self._compiled.name, batch)
        except Exception as error:  # noqa: BLE001 - durable raises bare Exception types
            message = f"durable-rules rejected the facts: {type(error).__name__}: {error}"
            raise EngineError(message) from None
        if isinstance(state, dict) and "exception" in state:  # G2/G3
            raise EngineError(f"durable-rules action failed: {state['exception']}")
        collector = self._host.collectors[self.sid]
        if collector.errors:
            raise EngineError("; ".join(collector.errors))

    def results(self) -> RuleResults:
        collected = self._host.collectors[self.sid].results
        return RuleResults(derived=dict(collected.derived), rules=dict(collected.rules))

    def close(self) -> None:
        try:
            self._host.delete_state(self._compiled.name, self.sid)
        finally:
            self._host.collectors.pop(self.sid, None)


class DurableSession:
    """A stateful durable-rules session for one service, for an interview.

    Facts are only ever added (knowing more never retracts a result: Kleene logic is
    monotone); asserting a different value for a known fact is an error. Use it as a context
    manager so the engine session is always deleted.
    """

    def __init__(self, backend: DurableBackend, session: _Session) -> None:
        """Wrap an open engine session."""
        self._backend = backend
        self._session = session
        self._closed = False

    def assert_facts(self, facts: Mapping[str, Any]) -> None:
        """Add known facts (values already validated by the Profile model)."""
        with self._backend.lock:
            self._session.assert_facts(facts)

    def results(self, program: ServiceProgram) -> RuleResults:
        """The truth of every rule of ``program`` so far (rules not settled are unknown)."""
        with self._backend.lock:
            return self._session.results().completed(program)

    def close(self) -> None:
        """Delete the engine session (idempotent)."""
        if not self._closed:
            with self._backend.lock:
                self._session.close()
            self._closed = True

    def __enter__(self) -> Self:
        """Enter the context."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the session."""
        self.close()
