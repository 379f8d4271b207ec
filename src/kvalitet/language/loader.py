"""Load a set of standards: YAML → validated models, every problem located at ``file:line:column``.

The loader never lets a Python traceback reach a policy author: YAML syntax errors, duplicate
keys, schema violations, vocabulary conflicts, unknown facts and scope fields, type mismatches,
duplicate rule ids, dangling references, cycles and conflicts are all collected and raised
together as one :class:`~kvalitet.language.problems.StandardLoadError`, sorted by file and
position. Files that are not UTF-8 or pass the reader's limits, and what is not plain data,
are problems too, and messages quote at most a short excerpt of any value.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from kvalitet.language.bundled import default_standard_paths
from kvalitet.language.cache import (
    CachedFile,
    CachedSet,
    CachedVocabulary,
    read_cached,
    set_key,
    write_cached,
)
from kvalitet.language.checks import check_standard
from kvalitet.language.discovery import VOCABULARY_FILE, FoundFiles, discover
from kvalitet.language.facts import catalogue
from kvalitet.language.file_kinds import other_kind
from kvalitet.language.fingerprints import combined_hash, content_hash
from kvalitet.language.located import M, parse_yaml, read_file, validate
from kvalitet.language.national import NationalData, NationalLaw
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.source_text import read_source
from kvalitet.language.standard import StandardFile
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary, load_vocabulary
from kvalitet.language.yaml_limits import DEFAULT_LIMITS, Limits, shorten_quoted
from kvalitet.language.yaml_reader import read_plain_yaml


@dataclass(frozen=True)
class LoadedFile:
    """A validated standard file, where it came from and the hash of its text."""

    path: str
    standard: StandardFile
    content_hash: str | None = None  # see kvalitet.language.fingerprints


@dataclass(frozen=True)
class LoadedStandards:
    """Every validated standard file of a load, with the vocabulary and national law they share."""

    files: tuple[LoadedFile, ...]
    national: NationalLaw
    vocabulary: Vocabulary
    inventories: tuple[Path, ...] = ()
    data_hash: str | None = None  # of the national law data and vocabulary files together


def load(
    paths: Iterable[str | Path] | None = None, *, vocabulary: Vocabulary | None = None
) -> LoadedStandards:
    """Load and check a set of standard files and folders (default: the bundled standards).

    See :mod:`kvalitet.language.discovery` for which file is what. ``vocabulary`` is one
    already loaded that the files' own vocabularies add to (e.g. a reform's baseline).

    Raises:
        StandardLoadError: with every problem found, located.
    """
    targets = [Path(p) for p in paths] if paths is not None else default_standard_paths()
    problems: list[Problem] = []
    found = discover(targets, problems)
    key = _key(found) if vocabulary is None and not problems else None
    cached = read_cached(key) if key is not None else None
    if cached is not None:
        return _from_cache(cached)
    national_vocabularies = [p for p in found.national if p.name == VOCABULARY_FILE]
    national = _load_national([p for p in found.national if p.name != VOCABULARY_FILE], problems)
    vocabulary = load_vocabulary(
        [*national_vocabularies, *found.vocabularies],
        problems,
        labels={p: display_path(p) for p in [*national_vocabularies, *found.vocabularies]},
        base=vocabulary,
    )
    files = []
    for path in found.standards:
        label = display_path(path)
        loaded = _load_file(path, label, problems, vocabulary)
        if loaded is not None:
            files.append(LoadedFile(label, *loaded))
    problems.extend(_cross_file(files))
    if problems:
        raise StandardLoadError(_quoting_excerpts(problems))
    if national is None:  # pragma: no cover - a missing national file is a problem above
        raise StandardLoadError([Problem("national", 1, 1, "missing-file", "no national data")])
    data_hash = _data_hash([*found.national, *found.vocabularies])
    result = LoadedStandards(
        tuple(files), national, vocabulary, tuple(found.inventories), data_hash
    )
    if key is not None:
        write_cached(key, _to_cache(result))
    return result


def _key(found: FoundFiles) -> str | None:
    every = [*found.national, *found.vocabularies, *found.standards, *found.inventories]
    return set_key((display_path(path), path) for path in every)


def _to_cache(loaded: LoadedStandards) -> CachedSet:
    return CachedSet(
        files=[
            CachedFile(path=f.path, standard=f.standard, content_hash=f.content_hash)
            for f in loaded.files
        ],
        national=loaded.national.data,
        vocabulary=CachedVocabulary.of(loaded.vocabulary),
        inventories=[str(path) for path in loaded.inventories],
        data_hash=loaded.data_hash,
    )


def _from_cache(cached: CachedSet) -> LoadedStandards:
    return LoadedStandards(
        tuple(LoadedFile(f.path, f.standard, f.content_hash) for f in cached.files),
        NationalLaw(cached.national),
        cached.vocabulary.vocabulary(),
        tuple(Path(path) for path in cached.inventories),
        cached.data_hash,
    )


def load_text(
    text: str, label: str = "<text>", vocabulary: Vocabulary | None = None
) -> StandardFile:
    """Validate the text of one standard file (against the bundled vocabulary by default).

    Raises:
        StandardLoadError: with every problem found, located in ``label``.

    Example:
        >>> load_text("id: 1").id  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        kvalitet.language.problems.StandardLoadError: <text>:1:5: invalid-value: ...
    """
    problems: list[Problem] = []
    standard = _validate_text(text, label, problems, vocabulary or bundled_vocabulary())
    if problems or standard is None:
        raise StandardLoadError(_quoting_excerpts(problems))
    return standard


def parse_model(
    text: str,
    label: str,
    model: type[M],
    *,
    fast: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> M:
    """Parse YAML text into any model, with every problem located (case files, inventories).

    ``fast`` reads large generated files (an inventory) with the C parser and positions only
    when there is a problem to locate.

    Raises:
        StandardLoadError: with every problem found, located in ``label``.
    """
    if fast:
        data = read_plain_yaml(text)
        if data is not None:
            try:
                return model.model_validate(data)
            except ValidationError:
                pass  # read again with positions, to locate the problems
    problems: list[Problem] = []
    parsed = parse_yaml(text, label, problems, limits)
    result = validate(*parsed, label, model, problems, text=text) if parsed is not None else None
    if result is None:
        raise StandardLoadError(_quoting_excerpts(problems))
    return result


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else as given."""
    absolute = path.absolute()
    relative = os.path.relpath(absolute, Path.cwd())
    return str(path) if relative.startswith("..") else relative


def _load_national(paths: list[Path], problems: list[Problem]) -> NationalLaw | None:
    if not paths:
        problems.append(Problem("national", 1, 1, "missing-file", "no national data file found"))
        return None
    path = paths[0]
    label = display_path(path)
    text = read_file(path, label, problems)
    parsed = parse_yaml(text, label, problems) if text is not None else None
    data = validate(*parsed, label, NationalData, problems) if parsed is not None else None
    return NationalLaw(data) if data is not None else None


def _data_hash(paths: list[Path]) -> str:
    """One hash of the shared data files (they were read and checked already)."""
    return combined_hash(content_hash(read_source(path)) for path in paths)


def _load_file(
    path: Path, label: str, problems: list[Problem], vocabulary: Vocabulary
) -> tuple[StandardFile, str] | None:
    text = read_file(path, label, problems)
    if text is None:
        return None
    standard = _validate_text(text, label, problems, vocabulary)
    if standard is not None and standard.service != path.stem:
        message = (
            f"the file is named '{path.name}' but holds '{standard.id}'; "
            f"name it '{standard.service}.yaml'"
        )
        problems.append(Problem(label, 1, 1, "id-mismatch", message))
    return (standard, content_hash(text)) if standard is not None else None


def _validate_text(
    text: str, label: str, problems: list[Problem], vocabulary: Vocabulary
) -> StandardFile | None:
    parsed = parse_yaml(text, label, problems)
    if parsed is None:
        return None
    data, positions = parsed
    kind = other_kind(data, vocabulary.facts)
    if kind is not None:
        message = f"this is {kind}"
        problems.append(Problem(label, 1, 1, "wrong-kind-of-file", message))
        return None
    standard = validate(data, positions, label, StandardFile, problems, text=text)
    if standard is None:
        return None
    found = []
    facts = catalogue(vocabulary, standard.municipality)
    scope_fields = vocabulary.scope_fields_of(standard.municipality)
    for path, code, message in check_standard(standard, facts, scope_fields):
        line, column = positions.of_value(path)
        found.append(Problem(label, line, column, code, message, path=path))
    if standard.municipality != standard.id.split("/", 1)[0]:
        line, column = positions.of_value(("municipality",))
        message = f"municipality '{standard.municipality}' differs from the id '{standard.id}'"
        found.append(Problem(label, line, column, "id-mismatch", message))
    problems.extend(found)
    return None if found else standard


def _quoting_excerpts(problems: list[Problem]) -> list[Problem]:
    """The problems with every quoted value in their messages cut to a short excerpt."""
    return [replace(p, message=shorten_quoted(p.message)) for p in problems]


def _cross_file(files: list[LoadedFile]) -> list[Problem]:
    problems = []
    by_id: dict[str, list[LoadedFile]] = {}
    for loaded in files:
        by_id.setdefault(loaded.standard.id, []).append(loaded)
    for versions in by_id.values():
        for index, later in enumerate(versions):
            for earlier in versions[:index]:
                if _overlap(earlier.standard, later.standard):
                    message = (
                        f"'{later.standard.id}' is also defined in {earlier.path} for an "
                        "overlapping period; give the versions disjoint validity periods"
                    )
                    problems.append(Problem(later.path, 1, 1, "duplicate-standard", message))
    return problems


def _overlap(first: StandardFile, second: StandardFile) -> bool:
    first_end = first.valid_to or second.valid_from.max
    second_end = second.valid_to or first.valid_from.max
    return first.valid_from <= second_end and second.valid_from <= first_end
