"""The default backend: evaluate compiled closures in dependency order. Pure and thread-safe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.constants import check_numbers
from kvalitet.engine.results import RuleResults
from kvalitet.engine.truth import Truth, any_of


class CompiledBackend:
    """Forward chaining over the program's DAG: each derived fact once, after all it reads."""

    name = "compiled"

    def run(self, program: ServiceProgram, facts: Mapping[str, Any]) -> RuleResults:
        """The truth of every rule of ``program`` for ``facts``.

        Raises:
            EngineError: for a number that is not finite (as every backend does).
        """
        check_numbers(program, facts)
        results = RuleResults()
        known = dict(facts)
        for fact, rules in program.derived:
            truths = [rule.test(known) for rule in rules]
            for rule, truth in zip(rules, truths, strict=True):
                results.rules[rule.rule.id] = truth
            value = any_of(truths)
            results.derived[fact] = value
            known[fact] = None if value is Truth.UNKNOWN else value is Truth.TRUE
        for rule in (
            *program.criteria,
            *program.exclusions,
            *program.scope,
            *program.access,
            *program.terms,
        ):
            results.rules[rule.rule.id] = rule.test(known)
        return results
