"""The library's exceptions and its one problem model.

Every problem found in a standard file, a vocabulary, a profile, a case file or by lint is a
:class:`Problem`: where (``file:line:column``, and the path inside the data), a code from the
catalogue :data:`CODES` (which also says whether it is an error or a warning), what is wrong and
what to write instead. Every exception the library raises on purpose derives from
:class:`KvalitetError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ProblemCode:
    """One entry of the problem catalogue."""

    name: str
    severity: Severity
    meaning: str


def _catalogue(*codes: ProblemCode) -> dict[str, ProblemCode]:
    return {code.name: code for code in codes}


E: Severity = "error"
W: Severity = "warning"

CODES: dict[str, ProblemCode] = _catalogue(
    # Reading files
    ProblemCode("missing-file", E, "A file or folder given does not exist."),
    ProblemCode("unreadable-file", E, "A file cannot be read as UTF-8 text."),
    ProblemCode("no-standards", E, "A path holds no standard file."),
    ProblemCode("wrong-kind-of-file", E, "A file is not the kind the command reads."),
    ProblemCode("not-utf-8", E, "The file is not saved as UTF-8."),
    ProblemCode("too-large", E, "The file is bigger, or holds more values, than a file may."),
    ProblemCode("too-deep", E, "Lists and mappings are nested deeper than a file may."),
    ProblemCode("too-many", E, "One list or mapping holds more items than a file may."),
    ProblemCode("too-long", E, "One text is longer than a file may hold."),
    ProblemCode("invalid-number", E, "A number is not finite (.nan, .inf) or is too large."),
    ProblemCode("invalid-date", E, "A date that is not in the calendar (2024-02-30)."),
    ProblemCode("yaml-syntax", E, "The text is not valid YAML."),
    ProblemCode("duplicate-key", E, "A key appears twice in one mapping."),
    ProblemCode("yaml-tag", E, "A YAML tag (!!binary, !!set, !custom …); files are plain data."),
    ProblemCode("yaml-alias", E, "An anchor (&name) or alias (*name); write every value out."),
    ProblemCode("yaml-merge-key", E, "A merge key (<<); write every key out."),
    ProblemCode("yaml-directive", E, "A %YAML or %TAG directive."),
    ProblemCode("yaml-key", E, "A list or mapping used as a key."),
    ProblemCode("yaml-tab", E, "A tab character where YAML expects spaces."),
    ProblemCode("yaml-indent", E, "A line indented out of line with the lines around it."),
    ProblemCode("yaml-nbsp", E, "A non-breaking space where YAML expects an ordinary space."),
    ProblemCode("yaml-colon", E, "A key and its value with no space after the colon."),
    ProblemCode("yaml-unreadable", E, "A fault of the YAML reader itself (a bug)."),
    ProblemCode("not-a-mapping", E, "The file (or a profile) is not a mapping of keys."),
    ProblemCode("not-json", E, "A line or request is not JSON."),
    ProblemCode(
        "broken-entry-point", E, "An installed package's kvalitet.standards entry point fails."
    ),
    ProblemCode("time-limit", E, "An evaluation took longer than the time limit."),
    ProblemCode("bad-record", E, "A line of a decision log is not a decision record."),
    # The schema of a file
    ProblemCode("unknown-key", E, "A key that the schema does not allow here."),
    ProblemCode("missing-key", E, "A required key is missing."),
    ProblemCode("wrong-type", E, "A value of the wrong type (text for a number …)."),
    ProblemCode("invalid-value", E, "A value outside what is allowed."),
    ProblemCode("invalid-condition", E, "A condition or amount that is not of the language."),
    # Checks of a standard file
    ProblemCode("unknown-fact", E, "A condition reads a fact no vocabulary declares."),
    ProblemCode("unknown-scope-field", E, "A scope rule sets a field no vocabulary declares."),
    ProblemCode("type-mismatch", E, "An operator or value that does not fit the fact's type."),
    ProblemCode("unknown-value", E, "A value outside a choice fact's values."),
    ProblemCode("duplicate-rule-id", E, "Two rules of one file have the same id."),
    ProblemCode("duplicate-amount", E, "Two dated amounts of one file have the same name."),
    ProblemCode("dangling-reference", E, "A reference to a rule or amount that does not exist."),
    ProblemCode("cycle", E, "Derived facts depend on themselves."),
    ProblemCode("negation-cycle", E, "Derived facts depend on themselves through a negation."),
    ProblemCode("conflict", E, "Two scope rules may both apply and set the same field."),
    ProblemCode("shadowed-fact", E, "A derived fact has the name of a declared fact."),
    ProblemCode("id-mismatch", E, "A file's name or municipality differs from its id."),
    ProblemCode("duplicate-standard", E, "A service is defined twice for overlapping periods."),
    ProblemCode("unknown-standard", E, "A reform replaces a standard the baseline does not have."),
    ProblemCode("national-in-reform", E, "A reform holds national law data; it cannot change it."),
    # Vocabulary files
    ProblemCode("conflicting-declaration", E, "A name is declared twice with different meanings."),
    # Profiles
    ProblemCode("unknown-field", E, "A profile field no vocabulary declares."),
    ProblemCode("duplicate-column", E, "A table or file of profiles names a column twice."),
    # Lint
    ProblemCode("never-holds", E, "A criterion no profile can meet."),
    ProblemCode("always-applies", E, "An exclusion that applies to every profile."),
    ProblemCode("never-within", E, "No profile can be within the standard."),
    ProblemCode("never-applies", W, "An exclusion, scope rule or derived fact that never holds."),
    ProblemCode("always-holds", W, "A rule that holds for every profile."),
    ProblemCode("range-gap", W, "Numeric bands leave a gap."),
    ProblemCode("unused-fact", W, "A derived fact no rule reads."),
    ProblemCode("unused-amount", W, "A dated amount no condition names."),
    ProblemCode("not-yet-in-force", W, "The standard is not in force yet on the date."),
    ProblemCode("lapsed", W, "The standard has lapsed on the date."),
    ProblemCode("no-lines", W, "A rule cites no line of the source."),
    ProblemCode("no-cases", W, "A standard has no case file."),
    ProblemCode("number-not-in-text", W, "A rule encodes a number its quoted text does not state."),
    ProblemCode("law-without-citation", E, "A 'basis: law' rule cites no provision of an act."),
    # Inventory and coverage
    ProblemCode("unknown-inventory-id", E, "A rule names an inventory id that does not exist."),
    ProblemCode(
        "unaccounted-rule", E, "An evaluable inventory rule is neither encoded nor listed."
    ),
)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located at ``file:line:column`` (1-based), with a catalogued code.

    Attributes:
        file: The file the problem is in (``<profile>`` or ``<text>`` when there is none).
        line: 1-based line.
        column: 1-based column.
        code: A code of :data:`CODES` (``unknown-fact``, ``duplicate-key`` …).
        message: What is wrong and what to write instead.
        hint: An optional further hint (lint gives one).
        path: Where inside the data, e.g. ``("criteria", 0, "when")`` or ``("age",)``.

    Example:
        >>> print(Problem("a.yaml", 3, 7, "unknown-key", "'whn' is not a key here"))
        a.yaml:3:7: unknown-key: 'whn' is not a key here
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str = field(default="", compare=False)
    path: tuple[str | int, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        """Refuse a code that is not in the catalogue (a bug, caught by the tests)."""
        if self.code not in CODES:
            msg = f"problem code '{self.code}' is not in the catalogue (kvalitet.problems.CODES)"
            raise ValueError(msg)

    @property
    def severity(self) -> Severity:
        """``error`` or ``warning``, from the catalogue."""
        return CODES[self.code].severity

    def __str__(self) -> str:
        """``file:line:column: code: message`` (a warning says so before the message)."""
        warning = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {self.code}: {warning}{self.message}"


def problem_text(problems: Iterable[Problem]) -> str:
    """Every problem on its own line, hints indented below."""
    lines = []
    for problem in problems:
        lines.append(str(problem))
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    return "\n".join(lines)


class KvalitetError(Exception):
    """Root of every error the library raises on purpose."""


class LocatedError(KvalitetError):
    """An error made of located problems; ``problems`` holds every one, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Collect the problems, sorted by file and position."""
        self.problems = sorted(problems)
        super().__init__(problem_text(self.problems))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its problems, not its text: a process pool sends it back whole."""
        return (type(self), (self.problems,))


class StandardLoadError(LocatedError):
    """One or more standard (or vocabulary, case, national data) files are wrong."""


class ProfileError(LocatedError):
    """A citizen profile is not valid; each problem names the field and what it expects."""

    def __init__(
        self,
        problems: Iterable[Problem],
        source: str | Path | None = None,
        *,
        more: str | None = None,
    ) -> None:
        """Keep the problems and where the profile came from (a file, a line of a batch …).

        ``more`` is a line said after the problems, e.g. how many more wrong rows a table has
        than are named; it is no problem of its own.
        """
        self.source = str(source) if source is not None else None
        self.more = more
        super().__init__(problems)
        if more:
            self.args = (f"{self.args[0]}\n{more}",)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its problems, source and ``more`` line."""
        return (_profile_error, (self.problems, self.source, self.more))


def _profile_error(problems: list[Problem], source: str | None, more: str | None) -> ProfileError:
    return ProfileError(problems, source, more=more)


def profile_problem(
    code: str, message: str, *, field_path: tuple[str | int, ...] = (), source: str | None = None
) -> Problem:
    """A problem of a profile given as data (no lines): located at its source, ``1:1``."""
    return Problem(source or "<profile>", 1, 1, code, message, path=field_path)


class EvaluationError(KvalitetError):
    """An evaluation cannot be made (no standard in force, unknown municipality, engine fault)."""


class EngineError(EvaluationError):
    """A rule engine backend failed; the message says which backend and why."""
