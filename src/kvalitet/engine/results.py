"""Rule engine backends behind one interface.

A backend takes a compiled :class:`~kvalitet.engine.compiler.ServiceProgram` and the facts of one
profile and returns the truth of every rule (:class:`RuleResults`); the shared assembler turns
that into a :class:`~kvalitet.engine.decision.ServiceOutcome`. So two backends that agree on the
results give identical decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.truth import Truth


@dataclass
class RuleResults:
    """The truth of each derived fact and each criterion, exclusion and scope rule, by id."""

    derived: dict[str, Truth] = field(default_factory=dict)
    rules: dict[str, Truth] = field(default_factory=dict)

    def completed(self, program: ServiceProgram) -> RuleResults:
        """The same results with every rule and derived fact not settled marked unknown."""
        rules = [rule for _, derive in program.derived for rule in derive]
        rules += [
            *program.criteria,
            *program.exclusions,
            *program.scope,
            *program.access,
            *program.terms,
        ]
        return RuleResults(
            derived={name: self.derived.get(name, Truth.UNKNOWN) for name, _ in program.derived},
            rules={rule.rule.id: self.rules.get(rule.rule.id, Truth.UNKNOWN) for rule in rules},
        )


class Backend(Protocol):
    """Evaluates compiled programs."""

    name: str

    def run(self, program: ServiceProgram, facts: Mapping[str, Any]) -> RuleResults:
        """The truth of every rule of ``program`` for ``facts`` (missing facts are absent)."""
        ...


def run_programs(
    backend: Backend, programs: Sequence[ServiceProgram], facts: Mapping[str, Any]
) -> dict[str, RuleResults]:
    """The results of every program for the same facts, by service.

    A backend with a ``run_many`` method (the durable one: one request to its worker for all
    programs) gets them all at once; any other is asked program by program.
    """
    run_many = getattr(backend, "run_many", None)
    if callable(run_many):
        results: dict[str, RuleResults] = run_many(programs, facts)
        return results
    return {program.service: backend.run(program, facts) for program in programs}
