"""A pytest plugin that runs YAML case files as tests (installed as the ``kvalitet`` plugin).

Any ``*.yaml`` file in a folder named ``cases`` is a case file (see
:mod:`kvalitet.authoring.cases`); each case becomes a test item named after the case. The
standards a case is evaluated against are the folder holding ``cases/`` (e.g.
``standards/hillerod/2026``), or the paths given with ``--kvalitet-standards`` or the ini option
``kvalitet_standards``. A failure shows what was expected and what came out, with the reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kvalitet.authoring.cases import Case, CaseFile, CaseResult, read_case_file, run_case
from kvalitet.engine.standards import Standards, load_standards
from kvalitet.language.problems import KvalitetError

_CACHE = pytest.StashKey[dict[tuple[Path, ...], Standards]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--kvalitet-standards`` and the ini option ``kvalitet_standards``."""
    group = parser.getgroup("kvalitet", "YAML case files of kvalitet standards")
    group.addoption(
        "--kvalitet-standards",
        action="append",
        default=[],
        metavar="PATH",
        help="Standard files or folders to evaluate YAML cases against (repeatable).",
    )
    parser.addini(
        "kvalitet_standards",
        type="paths",
        default=[],
        help="Standard files or folders to evaluate YAML cases against.",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Prepare the cache of loaded standards."""
    config.stash[_CACHE] = {}


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``cases/*.yaml`` files."""
    if file_path.suffix in (".yaml", ".yml") and file_path.parent.name == "cases":
        collected: pytest.Collector = CaseFileCollector.from_parent(parent, path=file_path)
        return collected
    return None


class CaseFileCollector(pytest.File):
    """A YAML case file."""

    def collect(self) -> Iterator[pytest.Item]:
        """One item per case."""
        try:
            case_file = read_case_file(self.path)
            standards = self._standards()
        except KvalitetError as error:
            raise self.CollectError(str(error)) from None
        for case in case_file.cases:
            yield CaseItem.from_parent(
                self, name=case.name, case_file=case_file, case=case, standards=standards
            )

    def _standards(self) -> Standards:
        config = self.config
        given = [Path(p) for p in config.getoption("kvalitet_standards")]
        given += [Path(p) for p in config.getini("kvalitet_standards")]
        paths = tuple(sorted({p.resolve() for p in given})) or (self.path.parent.parent.resolve(),)
        cache = config.stash[_CACHE]
        if paths not in cache:
            cache[paths] = load_standards(list(paths))
        return cache[paths]


class CaseFailedError(Exception):
    """A case whose expectation did not hold."""

    def __init__(self, result: CaseResult) -> None:
        """Keep the result for the report."""
        super().__init__(result.report())
        self.result = result


class CaseItem(pytest.Item):
    """One YAML case."""

    def __init__(
        self,
        *,
        case_file: CaseFile,
        case: Case,
        standards: Standards,
        **kwargs: Any,  # noqa: ANN401 - pytest passes its own node arguments through
    ) -> None:
        """Keep the case and the standards it is evaluated against."""
        super().__init__(**kwargs)
        self.case_file = case_file
        self.case = case
        self.standards = standards

    def runtest(self) -> None:
        """Evaluate the case; fail with the report when an expectation does not hold."""
        result = run_case(self.standards, self.case_file, self.case, str(self.path))
        if not result.passed:
            raise CaseFailedError(result)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,  # noqa: ANN401 - pytest's signature
    ) -> str:
        """The case's report instead of a traceback."""
        if isinstance(excinfo.value, CaseFailedError):
            return excinfo.value.result.report()
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the case is, for pytest's report."""
        return self.path, None, f"{self.case_file.service}: {self.case.name}"
