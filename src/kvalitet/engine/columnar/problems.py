"""Rows of a table that are not valid profiles: which rows, and what is wrong with each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kvalitet.language.problems import Problem, ProfileError

Mask = npt.NDArray[np.bool_]
SHOWN = 20  # problems named in an error message; the rest are counted
TABLE = "<table>"  # where the rows of a table given as data are
FALSE = pa.scalar(False)  # noqa: FBT003 - an Arrow scalar


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row: a catalogued code, a message, the column (if one)."""

    code: str  # of kvalitet.language.problems.CODES
    message: str  # "age: must be at most 130 (got 140)"
    column: str | None = None

    def __str__(self) -> str:
        """``code: message``, as in a problem list."""
        return f"{self.code}: {self.message}"

    def located(self, file: str, line: int) -> Problem:
        """The problem located at ``file:line:1``."""
        path: tuple[str | int, ...] = (self.column,) if self.column is not None else ()
        return Problem(file, line, 1, self.code, self.message, path=path)


@dataclass(frozen=True)
class ColumnProblem:
    """One column's wrong rows, and how to describe the problem of one of them."""

    column: str
    rows: Mask
    code: str
    describe: Callable[[int], str]  # "age: must be at most 130 (got 140)" for a row index


@dataclass
class RowProblems:
    """Every problem found in one batch of rows (row indices are within the batch)."""

    size: int
    found: list[ColumnProblem] = field(default_factory=list)
    whole_rows: dict[int, list[RowProblem]] = field(default_factory=dict)  # e.g. not JSON

    def add(
        self,
        column: str,
        rows: Any,  # noqa: ANN401 - a boolean Arrow or numpy mask
        code: str,
        describe: Callable[[int], str],
    ) -> None:
        """Record that ``rows`` of ``column`` are wrong, with ``code``."""
        if isinstance(rows, np.ndarray):
            if rows.any():
                self.found.append(ColumnProblem(column, rows, code, describe))
        elif rows.true_count:
            wrong = pc.fill_null(rows, FALSE).to_numpy(zero_copy_only=False)
            self.found.append(ColumnProblem(column, np.asarray(wrong, np.bool_), code, describe))

    def add_row(self, row: int, problem: RowProblem) -> None:
        """Record a problem of a whole row (it is read as an empty profile)."""
        self.whole_rows.setdefault(row, []).append(problem)

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

    def rows(self) -> Iterator[tuple[int, list[RowProblem]]]:
        """Each wrong row (ascending) with its problems, in column order."""
        for row in np.flatnonzero(self.mask()).tolist():
            problems = list(self.whole_rows.get(row, []))
            problems += [
                RowProblem(p.code, p.describe(row), p.column) for p in self.found if p.rows[row]
            ]
            yield row, problems

    def count(self) -> int:
        """How many rows are wrong."""
        return int(self.mask().sum())


def profile_error(
    problems: RowProblems, *, first_row: int = 0, source: str = TABLE
) -> ProfileError:
    """A :class:`ProfileError` naming the first wrong rows, each at ``source:ROW:1``.

    Rows are numbered from 1, as lines are: row 1 is the first row (index 0) when
    ``first_row`` is 0. At most :data:`SHOWN` problems are named; the error's ``more`` line
    counts the rows not named.
    """
    located: list[Problem] = []
    rows = 0
    for row, found in problems.rows():
        rows += 1
        located.extend(problem.located(source, row + first_row + 1) for problem in found)
        if len(located) >= SHOWN:
            break
    remaining = problems.count() - rows
    more = f"… and {remaining} more wrong row{'s' if remaining != 1 else ''}" if remaining else None
    return ProfileError(located, source, more=more)


def error_record(
    number: int,
    problems: list[RowProblem],
    ids: Any = None,  # noqa: ANN401 - the batch's id column, if it has one
    index: int = 0,
) -> dict[str, Any]:
    """A wrong row as a line of an errors file: ``{"row", "id", "problems": [...]}``.

    ``number`` is the row's number in the file, from 1; ``index`` its place in the batch whose
    ``ids`` are given (without an id column, the record has no ``id``).
    """
    record: dict[str, Any] = {"row": number}
    if ids is not None:
        record["id"] = ids[index].as_py()
    record["problems"] = [
        {"code": problem.code, "field": problem.column, "message": problem.message}
        for problem in problems
    ]
    return record
