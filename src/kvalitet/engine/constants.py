"""The constants a program compares each fact with, and the numbers every backend refuses.

Both backends call :func:`check_numbers` before they evaluate, so NaN and ±infinity — in a fact
or in a threshold — are refused the same way by both: an :class:`EngineError` naming the
service and the fact. (Python says ``nan < 5`` is false; durable-rules reads ``NaN`` as null and
cannot parse ``Infinity`` at all, so without the check the backends would disagree or crash.)
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kvalitet.engine.compiler import CompiledRule, ServiceProgram
from kvalitet.language.conditions import FactTest, walk
from kvalitet.language.problems import EngineError

_CACHE_KEY = "kvalitet.engine.constants"
_SHOWN = 60  # characters of a refused value quoted in a message


@dataclass(frozen=True)
class FactConstants:
    """What a program compares its facts with.

    Attributes:
        by_fact: For each fact tested with an operator, every value it is compared with
            (``in`` and ``contains_any`` lists flattened).
        numeric: The facts compared with a number.
        problem: Why the program cannot be evaluated (a threshold that is not finite), if so.
    """

    by_fact: Mapping[str, tuple[Any, ...]]
    numeric: tuple[str, ...]
    problem: str | None


def program_rules(program: ServiceProgram) -> Iterator[CompiledRule]:
    """Every rule of a program that can have a condition."""
    for _, rules in program.derived:
        yield from rules
    yield from program.criteria
    yield from program.exclusions
    yield from program.scope
    yield from program.access
    yield from program.terms


def is_number(value: object) -> bool:
    """Whether a value is an int or a float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def fact_constants(program: ServiceProgram) -> FactConstants:
    """The constants of a program's conditions, computed once per program."""
    cached = program.cache.get(_CACHE_KEY)
    if isinstance(cached, FactConstants):
        return cached
    found: dict[str, list[Any]] = {}
    for rule in program_rules(program):
        if rule.rule.when is None:
            continue
        for node, _ in walk(rule.rule.when):
            if not isinstance(node, FactTest):
                continue
            values = found.setdefault(node.fact, [])
            for _, value in node.operators():
                values.extend(value if isinstance(value, tuple) else (value,))
    problem = None
    for fact, values in sorted(found.items()):
        bad = [v for v in values if isinstance(v, float) and not math.isfinite(v)]
        if bad:
            problem = (
                f"{program.service}: a condition compares {fact} with {bad[0]!r}; "
                "a threshold must be a finite number"
            )
            break
    numeric = tuple(sorted(f for f, values in found.items() if any(map(is_number, values))))
    constants = FactConstants({f: tuple(v) for f, v in found.items()}, numeric, problem)
    program.cache[_CACHE_KEY] = constants
    return constants


def check_numbers(program: ServiceProgram, facts: Mapping[str, Any]) -> None:
    """Refuse what no backend may evaluate: a threshold or a number fact that is not finite.

    Raises:
        EngineError: naming the service, the fact and the value.
    """
    constants = fact_constants(program)
    if constants.problem is not None:
        raise EngineError(constants.problem)
    for name in constants.numeric:
        value = facts.get(name)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            continue  # ints are exact and finite, however large
        if isinstance(value, float) and math.isfinite(value):
            continue
        shown = repr(value)
        shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
        what = "a finite number (NaN and infinity are refused)" if is_number(value) else "a number"
        raise EngineError(f"{program.service}: {name} is {shown}; it must be {what}")
