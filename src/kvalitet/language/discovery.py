"""Find the files of a set of standards: standard files, vocabularies, national data, inventories.

In a folder every ``*.yaml`` is a standard file, except:

* files in a folder named ``national``: national law data and the national vocabulary;
* ``vocabulary.yaml``: a municipality's vocabulary (the municipality is its ``municipality.id``,
  or the name of the folder it is in);
* ``inventory.yaml`` and files in a folder named ``cases`` or ``inventory``: the rule inventory
  and the test cases, read by ``coverage`` and ``test``.

A standard file given on its own still finds its vocabulary and national data: the nearest
folder above it holding a ``vocabulary.yaml`` and a ``national`` folder. Where no national data
is found (file by file: ``age-limits.yaml``, ``vocabulary.yaml``), the bundled one is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kvalitet.language.bundled import bundled_standards_dir
from kvalitet.language.problems import Problem

NATIONAL_FOLDER = "national"
VOCABULARY_FILE = "vocabulary.yaml"
INVENTORY_FILE = "inventory.yaml"
NOT_STANDARDS = frozenset({"cases", "inventory"})  # folders of YAML that is not a standard file
KINDS = {
    "standards": "standard files",
    "national": "national data files",
    "vocabularies": "vocabulary files",
    "inventories": "inventory files",
}
ANCESTOR_LEVELS = 4  # how far above a standard file its vocabulary and national data are sought


@dataclass
class FoundFiles:
    """The files of a set of standards, by kind (each list sorted, without duplicates)."""

    standards: list[Path] = field(default_factory=list)
    national: list[Path] = field(default_factory=list)
    vocabularies: list[Path] = field(default_factory=list)
    inventories: list[Path] = field(default_factory=list)


def discover(targets: list[Path], problems: list[Problem]) -> FoundFiles:
    """Classify the YAML files under ``targets`` and find the vocabularies and national data."""
    found = FoundFiles()
    only_others: list[tuple[Path, str]] = []  # targets holding data files but no standard file
    for target in targets:
        paths = _files_of(target, problems)
        if paths is None:
            continue
        before = FoundFiles(*(list(getattr(found, name)) for name in KINDS))
        for path in paths:
            _classify(path, found)
        if len(found.standards) == len(before.standards):
            only_others.append((target, _added(before, found)))
    problems.extend(_without_standards(only_others, any_standard=bool(found.standards)))
    for path in list(found.standards):
        _ancestors(path, found)
    # National data the set does not bring itself (by file name) comes from the bundled set.
    names = {path.name for path in found.national}
    for bundled in sorted((bundled_standards_dir() / NATIONAL_FOLDER).glob("*.yaml")):
        if bundled.name not in names:
            found.national.append(bundled)
    for name in ("standards", "national", "vocabularies", "inventories"):
        setattr(found, name, _unique(getattr(found, name)))
    return found


def _without_standards(targets: list[tuple[Path, str]], *, any_standard: bool) -> list[Problem]:
    """A target without a standard file is a problem, unless it holds data files beside others."""
    problems = []
    for target, others in targets:
        if not others or not any_standard:
            held = f", only {others}" if others else ""
            message = (
                f"no standard file (*.yaml) here{held}; "
                "give a folder of standards or a standard file"
            )
            problems.append(Problem(str(target), 1, 1, "no-standards", message))
    return problems


def _added(before: FoundFiles, after: FoundFiles) -> str:
    """The data files found since ``before``, e.g. ``2 national data files``."""
    return ", ".join(
        f"{len(getattr(after, name)) - len(getattr(before, name))} {KINDS[name]}"
        for name in ("vocabularies", "national", "inventories")
        if len(getattr(after, name)) > len(getattr(before, name))
    )


def _files_of(target: Path, problems: list[Problem]) -> list[Path] | None:
    """The YAML files a target names, or ``None`` with the problem recorded."""
    if target.is_dir():
        return sorted(target.rglob("*.yaml"))
    if not target.is_file():
        problems.append(Problem(str(target), 1, 1, "missing-file", "no such file or folder"))
        return None
    if target.parent.name in NOT_STANDARDS:
        instead = (
            "run `kvalitet test` on it"
            if target.parent.name == "cases"
            else "give the folder of the standards instead"
        )
        message = (
            f"this is a file of a '{target.parent.name}' folder, not a standard file; {instead}"
        )
        problems.append(Problem(str(target), 1, 1, "wrong-kind-of-file", message))
        return None
    return [target]


def _classify(path: Path, found: FoundFiles) -> None:
    if NOT_STANDARDS & set(path.parent.parts[-1:]):
        return
    if path.parent.name == NATIONAL_FOLDER:
        found.national.append(path)
    elif path.name == VOCABULARY_FILE:
        found.vocabularies.append(path)
    elif path.name == INVENTORY_FILE:
        found.inventories.append(path)
    else:
        found.standards.append(path)


def _ancestors(path: Path, found: FoundFiles) -> None:
    """The nearest vocabulary and national folder above a standard file."""
    vocabulary_found = False
    national_found = bool(found.national)
    for folder in list(path.absolute().parents)[:ANCESTOR_LEVELS]:
        if not vocabulary_found and (folder / VOCABULARY_FILE).is_file():
            found.vocabularies.append(folder / VOCABULARY_FILE)
            vocabulary_found = True
        if not national_found and (folder / NATIONAL_FOLDER).is_dir():
            found.national.extend(sorted((folder / NATIONAL_FOLDER).glob("*.yaml")))
            national_found = True


def _unique(paths: list[Path]) -> list[Path]:
    """Sorted, one entry per file (a file found twice, e.g. as a target and as an ancestor)."""
    by_file: dict[Path, Path] = {}
    for path in paths:
        by_file.setdefault(path.resolve(), path)
    return sorted(by_file.values())
