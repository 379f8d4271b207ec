"""A stateful durable-rules session over several programs; its state lives in the engine."""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

from kvalitet.engine.backends._durable_rules import CompiledRuleset, truth_of
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.constants import check_numbers
from kvalitet.engine.results import RuleResults
from kvalitet.language.problems import EngineError

if TYPE_CHECKING:
    from kvalitet.engine.backends.durable import DurableBackend

_SHOWN_FACTS = 8
_SHOWN_VALUE = 40


class DurableSession:
    """One engine session per program, kept open while facts are added (for an interview).

    Facts are only ever added (knowing more never retracts a result: Kleene logic is
    monotone); asserting a different value for a known fact is an error. Close it (or use it as
    a context manager); a session that is dropped is deleted when it is garbage-collected.
    """

    def __init__(
        self,
        backend: DurableBackend,
        *,
        key: str,
        generation: int,
        programs: Sequence[ServiceProgram],
        rulesets: Sequence[CompiledRuleset],
        results: dict[str, RuleResults],
    ) -> None:
        """Wrap sessions the backend has opened under ``key``."""
        self._backend = backend
        self._key = key
        self._generation = generation
        self._programs = tuple(programs)
        self._rulesets = tuple(rulesets)
        self._results = results
        self._known: dict[str, Any] = {}
        self._finalizer = weakref.finalize(self, backend.release, key, generation, now=False)

    @property
    def closed(self) -> bool:
        """Whether the session was closed (or collected)."""
        return not self._finalizer.alive

    def add(self, facts: Mapping[str, Any]) -> None:
        """Add known facts (values already validated by the Profile model).

        Raises:
            EngineError: when the session is closed or lost, a known fact would change, a
                number is not finite, or durable-rules fails.
        """
        if self.closed:
            raise EngineError("this durable session is closed; open a new one")
        for name, value in facts.items():
            if name in self._known and value is not None and not _same(self._known[name], value):
                message = f"{name} is already {self._known[name]!r}; a session only adds facts"
                raise EngineError(message)
        new = {
            name: value
            for name, value in facts.items()
            if value is not None and name not in self._known
        }
        if not new:
            return
        merged = {**self._known, **new}
        for program in self._programs:
            check_numbers(program, merged)
        encoded = [ruleset.encode(new) for ruleset in self._rulesets]
        replies = self._backend.session_request(
            self._key, self._generation, encoded, lambda: describe_input(self._programs, merged)
        )
        try:
            results = {
                program.service: results_of(program, reply)
                for program, reply in zip(self._programs, replies, strict=True)
            }
        except EngineError as error:
            self.close()  # part of the facts may be in the engine: the state is not known
            raise EngineError(f"{error}; the session was closed") from None
        self._known, self._results = merged, results

    def results(self, program: ServiceProgram) -> RuleResults:
        """The truth of every rule of ``program`` so far (rules not settled are unknown)."""
        return self._results[program.service]

    def close(self) -> None:
        """Delete the engine sessions now (idempotent)."""
        if self._finalizer.detach() is not None:
            self._backend.release(self._key, self._generation, now=True)

    def __enter__(self) -> Self:
        """Enter the context."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the session."""
        self.close()


def results_of(program: ServiceProgram, reply: Any) -> RuleResults:  # noqa: ANN401
    """The rule results in one item of a reply.

    Raises:
        EngineError: when the engine reported an error for this program.
    """
    if reply[0] != "ok":
        raise EngineError(f"{program.service}: durable-rules: {reply[1]}")
    _, derived, rules = reply
    return RuleResults(
        derived={name: truth_of(value) for name, value in derived.items()},
        rules={name: truth_of(value) for name, value in rules.items()},
    ).completed(program)


def describe_input(programs: Sequence[ServiceProgram], facts: Mapping[str, Any]) -> str:
    """The services and a short summary of the facts, for an error message."""
    services = ", ".join(program.service for program in programs[:3])
    if len(programs) > 3:
        services += f" … ({len(programs)} services)"
    known = sorted(
        ((name, value) for name, value in facts.items() if value is not None), key=lambda f: f[0]
    )
    shown = ", ".join(f"{name}={_short(value)}" for name, value in known[:_SHOWN_FACTS])
    if len(known) > _SHOWN_FACTS:
        shown += f" … ({len(known)} facts)"
    return f"{services or 'no service'} with {f'facts {shown}' if shown else 'no facts'}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"


def _same(known: object, given: object) -> bool:
    """Equal, counting NaN as equal to NaN (a value given twice is not a change)."""
    return known is given or known == given or (known != known and given != given)  # noqa: PLR0124
