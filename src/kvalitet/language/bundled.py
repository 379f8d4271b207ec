"""Which folders a set of standards is loaded from.

* ``load_standards()`` (no paths): the standards bundled with kvalitet, and the standards every
  installed package publishes under the entry-point group ``kvalitet.standards``; or, when the
  environment variable ``KVALITET_STANDARDS`` is set, its folders instead (separated by the
  platform's path separator; the word ``bundled`` stands for the bundled standards).
* ``load_standards(path, …)``: those files and folders only (a municipality's own folder instead
  of the bundled ones); add :func:`bundled_standards_dir` to load them beside the bundled ones.

An entry point names a module (its package folder holds the standards) or a function returning
the folder (or a list of folders), e.g. in the publishing package's ``pyproject.toml``::

    [project.entry-points."kvalitet.standards"]
    koege = "koege_standards"
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from kvalitet.language.problems import Problem, StandardLoadError

ENVIRONMENT_VARIABLE = "KVALITET_STANDARDS"
ENTRY_POINT_GROUP = "kvalitet.standards"
BUNDLED_WORD = "bundled"


def bundled_standards_dir() -> Path:
    """The standards folder shipped inside the package."""
    return Path(str(importlib.resources.files("kvalitet") / "standards"))


def default_standard_paths() -> list[Path]:
    """The folders loaded when none are given (see the module's description).

    Raises:
        StandardLoadError: when an installed package's entry point cannot give its folder.
    """
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if configured:
        return [
            bundled_standards_dir() if part.strip() == BUNDLED_WORD else Path(part.strip())
            for part in configured.split(os.pathsep)
            if part.strip()
        ]
    return [bundled_standards_dir(), *published_standard_paths()]


def published_standard_paths() -> list[Path]:
    """The folders installed packages publish under the ``kvalitet.standards`` entry points.

    Raises:
        StandardLoadError: naming the entry point that fails.
    """
    paths: list[Path] = []
    problems: list[Problem] = []
    for entry in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)):
        try:
            target = entry.load()
            found = _folders(target)
            missing = [str(path) for path in found if not path.is_dir()]
            if missing:
                msg = f"the folder it gives does not exist: {', '.join(missing)}"
                raise FileNotFoundError(msg)  # noqa: TRY301 - reported with the others below
        except Exception as error:  # noqa: BLE001 - a third-party package may fail any way
            problems.append(_entry_point_problem(entry, error))
            continue
        paths.extend(found)
    if problems:
        raise StandardLoadError(problems)
    return paths


def _entry_point_problem(entry: importlib.metadata.EntryPoint, error: Exception) -> Problem:
    """The failing entry point, located where its package declares it, and why it fails."""
    dist = entry.dist
    package = f"{dist.name} {dist.version}" if dist is not None else "an installed package"
    where, line = _declared_at(entry)
    message = (
        f"the entry point '{entry.name} = {entry.value}' (group {ENTRY_POINT_GROUP}) of the "
        f"installed package {package} gives no standards: {type(error).__name__}: {error}"
    )
    hint = (
        "it must name a package (a folder with __init__.py) holding the standards, or a "
        "function returning their folder; fix or uninstall the package, or choose the "
        f"standards with --standards or {ENVIRONMENT_VARIABLE}"
    )
    return Problem(where, line, 1, "broken-entry-point", message, hint=hint)


def _declared_at(entry: importlib.metadata.EntryPoint) -> tuple[str, int]:
    """The package's ``entry_points.txt`` and the line naming the entry point, when found."""
    dist = entry.dist
    files = (dist.files or []) if dist is not None else []
    for declared in (f for f in files if f.name == "entry_points.txt"):
        located = Path(str(declared.locate()))
        if not located.is_file():
            continue
        rows = located.read_text(encoding="utf-8").splitlines()
        for number, row in enumerate(rows, start=1):
            if row.split("=", 1)[0].strip() == entry.name:
                return str(located), number
    return f"entry point {entry.name} = {entry.value}", 1


def _folders(target: object) -> list[Path]:
    if isinstance(target, ModuleType):
        if not hasattr(target, "__path__"):  # a module file: its folder is not the standards'
            msg = f"{target.__name__} is a module, not a package (a folder with __init__.py)"
            raise TypeError(msg)
        return [Path(str(importlib.resources.files(target)))]
    if callable(target):
        result = target()
        if isinstance(result, str | os.PathLike):
            return [Path(result)]
        if isinstance(result, Iterable):
            return [Path(item) for item in result]
    msg = "an entry point names a module or a function returning a folder"
    raise TypeError(msg)


def standard_paths(arguments: tuple[object, ...]) -> list[Path] | None:
    """The paths ``load_standards(*arguments)`` loads (``None``: the default set).

    A string or path is one file or folder; a list or tuple of them is several.

    Raises:
        TypeError: for anything else, at once, saying what to give.
    """
    if not arguments:
        return None
    paths: list[Path] = []
    for argument in arguments:
        if isinstance(argument, str | os.PathLike):
            paths.append(Path(argument))
        elif isinstance(argument, list | tuple) and all(
            isinstance(item, str | os.PathLike) for item in argument
        ):
            paths.extend(Path(item) for item in argument)
        else:
            msg = (
                "load_standards takes folders or files as strings or paths "
                f"(e.g. load_standards('my/standards')), not {type(argument).__name__}"
            )
            raise TypeError(msg)
    return paths
