"""Static checks for policy authors: what a standard says that is probably not what was meant.

Every finding is a :class:`~kvalitet.language.problems.Problem`, located at
``file:line:column``, with a code of the catalogue (which says whether it is an error or a
warning), a message and a hint. Errors (a rule that can never hold, a standard no one can be
within, a ``basis: law`` rule that cites no act) make ``kvalitet lint`` exit 1; warnings (a gap
between numeric bands, a derived fact no rule reads, a lapsed standard, a number in a rule that
its quoted text does not state) do not. Overlapping bands that set the same field are already a
load error (``conflict``) unless one rule overrides the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kvalitet.authoring.lint.checks import Finding, file_checks
from kvalitet.language.loader import LoadedFile, load, load_text
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.yaml_reader import Positions, read_yaml

LOAD_HINT = "see `kvalitet validate`"


def lint(paths: Iterable[str | Path] | None = None, *, on: date | None = None) -> list[Problem]:
    """Lint standard files or folders; a set that does not load gives its load problems.

    Args:
        paths: Files or folders (default: the bundled standards).
        on: Also report standards not in force on this date.

    Returns:
        Every finding, sorted by file and position.
    """
    try:
        loaded = load(paths)
    except StandardLoadError as error:
        return [_with_hint(problem, LOAD_HINT) for problem in error.problems]
    problems: list[Problem] = []
    for item in loaded.files:
        problems.extend(_lint_file(item, on))
    return sorted(problems)


def lint_text(
    text: str,
    label: str = "<text>",
    *,
    on: date | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[Problem]:
    """Lint the text of one standard file, e.g. one edited in a browser.

    The same checks as :func:`lint`, less the one for a case file next to the standard (the
    text has no place on disk).

    Example:
        >>> [p.code for p in lint_text("id: x") if p.column == 5]
        ['invalid-value']
    """
    try:
        standard = load_text(text, label, vocabulary)
    except StandardLoadError as error:
        return [_with_hint(problem, LOAD_HINT) for problem in error.problems]
    _, positions = read_yaml(text)
    return sorted(_located(LoadedFile(label, standard), positions, on, None))


def _with_hint(problem: Problem, hint: str) -> Problem:
    return Problem(
        problem.file,
        problem.line,
        problem.column,
        problem.code,
        problem.message,
        hint=hint,
        path=problem.path,
    )


def _lint_file(item: LoadedFile, on: date | None) -> Iterator[Problem]:
    _, positions = read_yaml(Path(item.path).read_text(encoding="utf-8"))
    return _located(item, positions, on, Path(item.path))


def _located(
    item: LoadedFile, positions: Positions, on: date | None, path: Path | None
) -> Iterator[Problem]:
    finding: Finding
    for finding in file_checks(item.standard, on, path):
        line, column = positions.of_value(finding.path)
        yield Problem(
            item.path,
            line,
            column,
            finding.code,
            finding.message,
            hint=finding.hint,
            path=finding.path,
        )
