"""The constants a standard's rules compare each fact with: where an answer can change a result.

The interview tries each side of these values; the testing kit draws profiles around them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kvalitet.engine.compiler import ServiceProgram
from kvalitet.language.normal_form import TooLargeError, dnf


def boundaries(programs: Iterable[ServiceProgram]) -> dict[str, set[Any]]:
    """Every constant the programs compare each fact with (ages, hours, amounts, enums)."""
    found: dict[str, set[Any]] = {}
    for program in programs:
        rules = [rule for _, derived in program.derived for rule in derived]
        rules += [*program.criteria, *program.exclusions, *program.scope]
        for rule in rules:
            when = rule.rule.when
            if when is None:
                continue
            try:
                conjunctions = dnf(when)
            except TooLargeError:
                continue
            for conjunction in conjunctions:
                for literal in conjunction:
                    values = literal.value if isinstance(literal.value, tuple) else (literal.value,)
                    found.setdefault(literal.fact, set()).update(values)
    return found
