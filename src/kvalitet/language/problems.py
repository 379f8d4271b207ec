"""The library's exceptions: one root, located problems, never a bare traceback for bad input."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KvalitetError(Exception):
    """Root of every error the library raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a standard file, located at ``file:line:column`` (1-based).

    Attributes:
        file: The file the problem is in.
        line: 1-based line.
        column: 1-based column.
        code: A short, stable kebab-case code (``unknown-fact``, ``duplicate-key`` …).
        message: What is wrong and what to write instead.
    """

    file: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        """Render as ``file:line:column: code: message``."""
        return f"{self.file}:{self.line}:{self.column}: {self.code}: {self.message}"


class StandardLoadError(KvalitetError):
    """One or more standard files are wrong; every problem found is in ``problems``, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        """Collect the problems, sorted by file and position."""
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProfileError(KvalitetError):
    """A citizen profile is not valid; ``problems`` names each field and what is expected."""

    def __init__(self, problems: list[str], source: str | Path | None = None) -> None:
        """Keep the problems and where the profile came from."""
        self.problems = problems
        self.source = str(source) if source is not None else None
        prefix = f"{self.source}: " if self.source else ""
        super().__init__("\n".join(f"{prefix}{p}" for p in problems))


class EvaluationError(KvalitetError):
    """An evaluation cannot be made (no standard in force, unknown municipality, engine fault)."""


class EngineError(EvaluationError):
    """A rule engine backend failed; the message says which backend and why."""
