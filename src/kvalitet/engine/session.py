"""A stateful evaluation on the durable-rules backend: facts arrive one at a time (an interview)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, Self

from kvalitet.engine.backends import get_backend
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.decision import Decision
from kvalitet.engine.results import RuleResults
from kvalitet.language.calendar import EvaluationDay
from kvalitet.language.problems import EngineError, EvaluationError
from kvalitet.language.profile import ProfileBase

if TYPE_CHECKING:
    from kvalitet.engine.backends.durable import DurableBackend


class Evaluator(Protocol):
    """What a session needs of the loaded standards (:class:`~kvalitet.Standards` has it)."""

    def in_force(self, municipality: str, on: date) -> tuple[ServiceProgram, ...]:
        """The programs of a municipality in force on a date."""
        ...

    @property
    def profile_model(self) -> type[ProfileBase]:
        """The profile model of the standards."""
        ...

    def parse_profile(self, data: object) -> ProfileBase:
        """Validate a profile."""
        ...

    def facts(self, profile: ProfileBase, on: date) -> dict[str, Any]:
        """The facts an evaluation reads."""
        ...

    def decision(
        self,
        profile: ProfileBase,
        municipality: str,
        day: date | EvaluationDay,
        programs: tuple[ServiceProgram, ...],
        results: Mapping[str, RuleResults],
        *,
        facts: Mapping[str, Any] | None = None,
    ) -> Decision:
        """Assemble a Decision from rule results."""
        ...


class EvaluationSession:
    """One citizen's evaluation kept open in the Rete engine while facts are added.

    Facts only accumulate: a known fact cannot change (start a new session instead). Close the
    session (or use it as a context manager) so the engine's sessions are freed at once; a
    session that is dropped is freed when it is garbage-collected. The state lives in the
    durable-rules worker process; if that worker crashes, the session is lost and its next use
    raises :class:`EngineError`.
    """

    def __init__(
        self,
        standards: Evaluator,
        municipality: str,
        on: date | EvaluationDay,
        *,
        backend: DurableBackend | None = None,
    ) -> None:
        """Open one engine session per service in force (``on``: a date counts as given).

        Raises:
            EngineError: when the backend's limit of open sessions is reached.
        """
        from kvalitet.engine.backends.durable import DurableBackend  # noqa: PLC0415 - native

        engine = backend if backend is not None else get_backend("durable")
        if not isinstance(engine, DurableBackend):  # pragma: no cover - registry guarantees it
            raise EvaluationError("the durable backend is not available")
        self._standards = standards
        self._municipality = municipality
        self._when = on if isinstance(on, EvaluationDay) else EvaluationDay(on, given=True)
        self._on = self._when.day
        self._programs = standards.in_force(municipality, self._on)
        self._known: dict[str, Any] = {}
        self._profile = standards.profile_model()
        self._session = engine.open_session(self._programs)

    def add(self, facts: dict[str, Any] | ProfileBase) -> Decision:
        """Add facts (profile fields) and return the Decision so far.

        Raises:
            ProfileError: when the facts are not valid profile fields.
            EngineError: when a known fact would change.
        """
        new = facts.facts() if isinstance(facts, ProfileBase) else dict(facts)
        merged = {**self._known, **{k: v for k, v in new.items() if v is not None}}
        profile = self._standards.parse_profile(merged)
        engine_facts = self._standards.facts(profile, self._on)
        before = self._standards.facts(self._profile, self._on)
        changed = sorted(k for k, v in before.items() if engine_facts.get(k, v) != v)
        if changed:
            given = ", ".join(sorted(new))
            what = ", ".join(f"{k} from {before[k]!r} to {engine_facts[k]!r}" for k in changed)
            message = (
                f"adding {given} changes {what}; a session only adds facts — "
                "start a new session to change one"
            )
            raise EngineError(message)
        self._session.add(engine_facts)
        self._known, self._profile = merged, profile
        return self.decision()

    def decision(self) -> Decision:
        """The Decision for the facts added so far."""
        results = {program.service: self._session.results(program) for program in self._programs}
        return self._standards.decision(
            self._profile, self._municipality, self._when, self._programs, results
        )

    def close(self) -> None:
        """Free every engine session (idempotent)."""
        self._session.close()

    def __enter__(self) -> Self:
        """Enter the context."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close every engine session."""
        self.close()
