"""A reform: the baseline standards with some standard files replaced by changed ones.

A reform is a folder (or files) of standard files. Each replaces every version of the
baseline's standard with the same id; the rest of the baseline, and its national law data,
stay as they are. So a policy author copies the files to change, edits them, and asks what
the change does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kvalitet.engine.compiler import compile_standard
from kvalitet.engine.standards import Standards, load_standards
from kvalitet.language.fingerprints import combined_hash
from kvalitet.language.loader import load
from kvalitet.language.problems import EvaluationError, Problem, StandardLoadError
from kvalitet.language.suggest import suggest


@dataclass(frozen=True)
class Reform:
    """The standards before and after a reform, and the services it changes.

    Attributes:
        baseline: The standards as they are.
        reform: The baseline with the reform's files in place of the same ids.
        changed: The ids of the standards the reform replaces, sorted.
    """

    baseline: Standards
    reform: Standards
    changed: tuple[str, ...]

    def services(self, municipality: str, on: date) -> tuple[str, ...]:
        """The changed services of one municipality, in force on ``on`` before and after.

        Raises:
            EvaluationError: when the reform changes none of them, or a changed standard is
                in force on one side only.
        """
        before = {p.service for p in self.baseline.in_force(municipality, on)}
        after = {p.service for p in self.reform.in_force(municipality, on)}
        mine = [service for service in self.changed if service.split("/", 1)[0] == municipality]
        if not mine:
            msg = (
                f"the reform changes no standard of {municipality} "
                f"(it changes {', '.join(self.changed)})"
            )
            raise EvaluationError(msg)
        for service in mine:
            if (service in before) != (service in after):
                side = "reform" if service in before else "baseline"
                msg = (
                    f"{service} is in force on {on.isoformat()} on one side only: the {side}'s "
                    "version is not; give the reform the same validity as the baseline"
                )
                raise EvaluationError(msg)
        return tuple(service for service in mine if service in before)


def load_reform(
    reform_paths: Iterable[str | Path],
    baseline: Standards | Iterable[str | Path] | None = None,
) -> Reform:
    """Put the reform's files in place of the baseline's (default: the bundled standards).

    ``baseline`` is loaded standards, or the standard files and folders to load.

    Raises:
        StandardLoadError: for a wrong file on either side (located), a reform with no
            standard files, national data in the reform, or a reform standard whose id the
            baseline does not have.
    """
    targets = [Path(path) for path in reform_paths]
    _refuse_national(targets)
    if not isinstance(baseline, Standards):
        baseline = load_standards(list(baseline) if baseline is not None else None)
    reformed = load(targets, vocabulary=baseline.vocabulary)
    if not reformed.files:
        shown = ", ".join(str(target) for target in targets)
        problem = Problem(shown, 1, 1, "missing-file", "the reform holds no standard files")
        raise StandardLoadError([problem])
    known = sorted({program.service for program in baseline.programs})
    problems = [
        Problem(
            loaded.path,
            1,
            1,
            "unknown-standard",
            f"the baseline has no standard '{loaded.standard.id}'"
            f"{suggest(loaded.standard.id, known) or '.'} A reform replaces existing standards, "
            "so each of its ids must be one of the baseline's",
        )
        for loaded in reformed.files
        if loaded.standard.id not in known
    ]
    if problems:
        raise StandardLoadError(problems)
    changed = tuple(sorted({loaded.standard.id for loaded in reformed.files}))
    kept = tuple(f for f in baseline.loaded.files if f.standard.id not in changed)
    loaded = dataclasses.replace(
        baseline.loaded,
        files=(*kept, *reformed.files),
        vocabulary=reformed.vocabulary,
        data_hash=combined_hash(
            h for h in (baseline.loaded.data_hash, reformed.data_hash) if h is not None
        ),
    )
    programs = tuple(p for p in baseline.programs if p.service not in changed)
    programs += tuple(
        compile_standard(
            f.standard,
            scope_fields=reformed.vocabulary.scope_fields_of(f.standard.municipality),
            content_hash=f.content_hash,
        )
        for f in reformed.files
    )
    return Reform(baseline, Standards(loaded, programs), changed)


def _refuse_national(targets: list[Path]) -> None:
    national = [
        path
        for target in targets
        for path in ([target] if target.is_file() else sorted(target.rglob("*.yaml")))
        if path.parent.name == "national"
    ]
    if national:
        message = (
            "a reform changes standard files; national law data cannot be changed here "
            "(move it out of the reform)"
        )
        raise StandardLoadError(
            [Problem(str(path), 1, 1, "national-in-reform", message) for path in national]
        )
