"""Rows of a table that are not valid profiles: which rows, and what is wrong with each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.language.problems import ProfileError

Mask = npt.NDArray[np.bool_]
SHOWN = 20  # problems named in an error message; the rest are counted
FALSE = pa.scalar(False)  # noqa: FBT003 - an Arrow scalar


@dataclass(frozen=True)
class ColumnProblem:
    """One column's wrong rows, and how to describe the problem of one of them."""

    column: str
    rows: Mask
    describe: Callable[[int], str]  # "age: invalid-value: ..." for a row index


@dataclass
class RowProblems:
    """Every problem found in one batch of rows (row indices are within the batch)."""

    size: int
    found: list[ColumnProblem] = field(default_factory=list)
    whole_rows: dict[int, list[str]] = field(default_factory=dict)  # e.g. a line that is not JSON

    def add(self, column: str, rows: Any, describe: Callable[[int], str]) -> None:  # noqa: ANN401
        """Record that ``rows`` (a boolean Arrow or numpy mask) of ``column`` are wrong."""
        if isinstance(rows, np.ndarray):
            if rows.any():
                self.found.append(ColumnProblem(column, rows, describe))
        elif rows.true_count:
            wrong = pc.fill_null(rows, FALSE).to_numpy(zero_copy_only=False)
            self.found.append(ColumnProblem(column, np.asarray(wrong, np.bool_), describe))

    def add_row(self, row: int, message: str) -> None:
        """Record a problem of a whole row (it is read as an empty profile)."""
        self.whole_rows.setdefault(row, []).append(message)

    def mask(self) -> Mask:
        """Which rows are wrong."""
        bad = np.zeros(self.size, dtype=np.bool_)
        for problem in self.found:
            bad |= problem.rows
        for row in self.whole_rows:
            bad[row] = True
        return bad

    def __bool__(self) -> bool:
        """Whether any row is wrong."""
        return bool(self.found or self.whole_rows)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each wrong row (ascending) with its problems, in column order."""
        for row in np.flatnonzero(self.mask()).tolist():
            messages = list(self.whole_rows.get(row, []))
            messages += [p.describe(row) for p in self.found if p.rows[row]]
            yield row, messages

    def count(self) -> int:
        """How many rows are wrong."""
        return int(self.mask().sum())


def profile_error(problems: RowProblems, *, first_row: int = 0) -> ProfileError:
    """A :class:`ProfileError` naming the first wrong rows (numbered from ``first_row``)."""
    lines: list[str] = []
    rows = 0
    for row, messages in problems.rows():
        rows += 1
        lines.extend(f"row {row + first_row}: {message}" for message in messages)
        if len(lines) >= SHOWN:
            break
    remaining = problems.count() - rows
    if remaining:
        lines.append(f"… and {remaining} more wrong row{'s' if remaining != 1 else ''}")
    return ProfileError(lines)
