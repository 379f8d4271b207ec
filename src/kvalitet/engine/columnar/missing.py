"""Which missing facts leave an undetermined outcome open, per row, as the assembler names them.

:class:`kvalitet.engine.missing.MissingFacts` walks each unknown criterion and exclusion,
skipping every part whose truth is known, into derived facts' unknown rules and from national
facts to the profile facts that settle them. The walk's shape is fixed by the rules; only
which parts are unknown changes from row to row. So the walk is unrolled once into
*positions* — a fact name, yielded when every part on its path is unknown — and a row's list
is the names of its active positions, in order, each name once.

Per row the active positions form a small bit pattern; patterns repeat across a population,
so each distinct pattern is turned into names once.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.engine.columnar import bits
from kvalitet.engine.compiler import ServiceProgram
from kvalitet.language.conditions import AllOf, AnyOf, Condition, FactTest, Not
from kvalitet.language.national import NATIONAL_FACTS
from kvalitet.language.standard import Criterion, Exclusion

if TYPE_CHECKING:
    from kvalitet.engine.columnar.builder import Builder
    from kvalitet.engine.columnar.conditions import ProgramCompiler

NAMES = pa.list_(pa.string())
MAX_PATTERNS = 100_000  # patterns of one service remembered between batches


@dataclass(frozen=True)
class Names:
    """The names of every pattern met so far: all in one text column, by start and length."""

    values: Any  # pyarrow string array
    starts: npt.NDArray[np.int64]
    lengths: npt.NDArray[np.int64]


class Patterns:
    """Every pattern of active gates met so far, numbered, with its names (shared by batches)."""

    def __init__(self) -> None:
        """Start with no pattern."""
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._ids: dict[int, int] = {}
        self._names = Names(pa.array([], pa.string()), np.zeros(0, np.int64), np.zeros(0, np.int64))

    def lookup(self, plan: MissingPlan, patterns: npt.NDArray[np.uint64]) -> tuple[Any, Names]:
        """The number of each pattern, and the names of all patterns."""
        with self._lock:
            ids = self._ids
            listed = patterns.tolist()
            new = [pattern for pattern in dict.fromkeys(listed) if pattern not in ids]
            if len(ids) + len(new) > MAX_PATTERNS:  # memory stays bounded: start again
                self._clear()
                ids = self._ids
                new = list(dict.fromkeys(listed))
            if new:
                lists = [plan.names(pattern) for pattern in new]
                for pattern in new:
                    ids[pattern] = len(ids)
                known = self._names
                lengths = np.array([len(names) for names in lists], np.int64)
                starts = len(known.values) + np.concatenate(([0], np.cumsum(lengths)[:-1]))
                added = pa.array([name for names in lists for name in names], pa.string())
                self._names = Names(
                    pa.concat_arrays([known.values, added]),
                    np.concatenate((known.starts, starts)),
                    np.concatenate((known.lengths, lengths)),
                )
            return np.array([ids[pattern] for pattern in listed], np.int64), self._names


@dataclass(frozen=True)
class MissingPlan:
    """The gates (mask slots, one bit each) and the positions ``(bit, fact name)`` in order."""

    gates: tuple[int, ...]
    positions: tuple[tuple[int, str], ...]
    known: Patterns = field(default_factory=Patterns, compare=False, repr=False)

    def names(self, pattern: int) -> list[str]:
        """The missing facts of a row whose active gates are the bits of ``pattern``."""
        found: dict[str, None] = {}
        for bit, name in self.positions:
            if pattern >> bit & 1:
                found.setdefault(name)
        return list(found)


def plan_missing(
    builder: Builder, conditions: ProgramCompiler, program: ServiceProgram
) -> MissingPlan:
    """Unroll the walk over the program's criteria and exclusions, in the assembler's order."""
    walk = _Walk(builder, conditions)
    for compiled in (*program.criteria, *program.exclusions):
        rule = compiled.rule
        when = rule.when
        if when is not None:
            assert isinstance(rule, Criterion | Exclusion)  # noqa: S101 - narrowing for mypy
            # A dormant exception (its result known as taking no effect) names no facts.
            walk.condition(when, frozenset({builder.is_unknown(conditions.effective(rule))}))
    gates: dict[frozenset[int], int] = {}
    positions: list[tuple[int, str]] = []
    for name, path in walk.positions:
        bit = gates.setdefault(path, len(gates))
        if (bit, name) not in positions:
            positions.append((bit, name))
    slots = tuple(builder.both(tuple(sorted(path))) for path in gates)
    return MissingPlan(slots, tuple(positions))


class _Walk:
    def __init__(self, builder: Builder, conditions: ProgramCompiler) -> None:
        self.builder = builder
        self.conditions = conditions
        self.positions: list[tuple[str, frozenset[int]]] = []

    def condition(self, condition: Condition, path: frozenset[int]) -> None:
        unknown = self.builder.is_unknown(self.conditions.condition(condition))
        path |= {unknown}
        if isinstance(condition, str | FactTest):
            self._fact(condition if isinstance(condition, str) else condition.fact, path)
        elif isinstance(condition, Not):
            self.condition(condition.not_, path)
        else:
            assert isinstance(condition, AllOf | AnyOf)  # noqa: S101 - narrowing for mypy
            for child in condition.all if isinstance(condition, AllOf) else condition.any:
                self.condition(child, path)

    def _fact(self, name: str, path: frozenset[int]) -> None:
        rules = self.conditions.program.derived_rules(name)
        if rules:
            for compiled in rules:
                when = compiled.rule.when
                if when is not None:
                    truth = self.conditions.rules[compiled.rule.id]
                    self.condition(when, path | {self.builder.is_unknown(truth)})
        elif name in NATIONAL_FACTS:
            self.positions.extend((settled, path) for settled in NATIONAL_FACTS[name].settled_by)
        else:
            self.positions.append((name, path))


def missing_lists(plan: MissingPlan, slots: Sequence[Any], undetermined: Any) -> Any:  # noqa: ANN401
    """The ``missing_facts`` column: names where the outcome is undetermined, else empty lists."""
    size = len(undetermined)
    if not undetermined.true_count or not plan.gates:
        return _no_lists(size)
    rows = np.flatnonzero(bits.to_mask(undetermined))
    patterns = np.zeros(len(rows), np.uint64)
    for bit, gate in enumerate(plan.gates):
        patterns |= bits.to_mask(slots[gate])[rows].astype(np.uint64) << np.uint64(bit)
    encoded = pc.dictionary_encode(pa.array(patterns))
    ids, names = plan.known.lookup(plan, np.asarray(encoded.dictionary.to_numpy(), np.uint64))
    chosen = ids[np.asarray(encoded.indices.to_numpy(), np.intp)]
    lengths = names.lengths[chosen]
    offsets = np.zeros(size + 1, np.int64)
    offsets[rows + 1] = lengths
    np.cumsum(offsets, out=offsets)
    # Each undetermined row's names are a run of the shared names column.
    first = np.repeat(names.starts[chosen] - offsets[rows], lengths)
    values = pc.take(names.values, pa.array(first + np.arange(offsets[-1])))
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), values)


@functools.lru_cache(maxsize=64)
def _no_lists(size: int) -> Any:  # noqa: ANN401 - a pyarrow list array (immutable, shared)
    offsets = pa.array(np.zeros(size + 1, np.int32))
    return pa.ListArray.from_arrays(offsets, pa.array([], pa.string()))
