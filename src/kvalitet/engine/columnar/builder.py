"""Column operations, each computed once per batch: the steps of a columnar plan.

Each step computes one column (a *slot*) from the batch and earlier slots. A step is keyed by
what it computes, so a test such as ``age ≥ 18`` that several services make is one step.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar import bits
from kvalitet.engine.columnar.frame import Frame

Slots = list[Any]
Step = Callable[[Frame, Slots], Any]


class Builder:
    """Collects steps, computing each distinct column once."""

    def __init__(self) -> None:
        """Start with no steps."""
        self.steps: list[Step] = []
        self.keys: list[Hashable] = []  # what each step computes (for reading a plan)
        self._memo: dict[Hashable, int] = {}

    def slot(self, key: Hashable, step: Step) -> int:
        """The slot computed by ``step``; the same key gives the same slot."""
        found = self._memo.get(key)
        if found is None:
            found = len(self.steps)
            self.steps.append(step)
            self.keys.append(key)
            self._memo[key] = found
        return found

    # -- Kleene connectives over truth slots ------------------------------------------------

    def all_of(self, parts: tuple[int, ...]) -> int:
        """Kleene conjunction (true when there are no parts)."""
        if not parts:
            return self.constant(value=True)
        if len(parts) == 1:
            return parts[0]
        return self.slot(("all", parts), lambda _, s: _chain(pc.and_kleene, [s[p] for p in parts]))

    def any_of(self, parts: tuple[int, ...]) -> int:
        """Kleene disjunction (false when there are no parts)."""
        if not parts:
            return self.constant(value=False)
        if len(parts) == 1:
            return parts[0]
        return self.slot(("any", parts), lambda _, s: _chain(pc.or_kleene, [s[p] for p in parts]))

    def negate(self, part: int) -> int:
        """Kleene negation."""
        return self.slot(("not", part), lambda _, s: pc.invert(s[part]))

    def constant(self, *, value: bool) -> int:
        """A column of one known truth value."""
        return self.slot(("constant", value), lambda f, _: pa.repeat(pa.scalar(value), f.size))

    # -- plain (two-valued) masks -----------------------------------------------------------

    def is_true(self, part: int) -> int:
        """Where a truth is known to be true."""
        return self.slot(("is-true", part), lambda _, s: bits.is_true(s[part]))

    def is_false(self, part: int) -> int:
        """Where a truth is known to be false."""
        return self.slot(("is-false", part), lambda _, s: bits.is_false(s[part]))

    def is_unknown(self, part: int) -> int:
        """Where a truth is unknown."""
        return self.slot(("is-unknown", part), lambda _, s: pc.is_null(s[part]))

    def both(self, parts: tuple[int, ...]) -> int:
        """Where every mask holds (the masks have no nulls)."""
        if len(parts) == 1:
            return parts[0]
        return self.slot(("both", parts), lambda _, s: _chain(pc.and_, [s[p] for p in parts]))


def _chain(operation: Callable[[Any, Any], Any], columns: list[Any]) -> Any:  # noqa: ANN401
    result = columns[0]
    for column in columns[1:]:
        result = operation(result, column)
    return result
