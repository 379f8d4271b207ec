"""Read vocabulary files into one :class:`~kvalitet.language.vocabulary.Vocabulary`.

Every problem is located: a file that is not a vocabulary, a declaration that is wrong, and a
name declared twice with different meanings (``conflicting-declaration``, at the second
declaration, naming the first).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kvalitet.language.bundled import bundled_standards_dir
from kvalitet.language.discovery import NATIONAL_FOLDER, VOCABULARY_FILE
from kvalitet.language.located import parse_yaml, read_file, validate
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.vocabulary import (
    MUNICIPALITY_PATTERN,
    Declared,
    FactSpec,
    ScopeFieldSpec,
    Vocabulary,
    VocabularyFile,
    spec_json,
)
from kvalitet.language.yaml_reader import Positions


@dataclass(frozen=True)
class _Read:
    label: str
    owner: str | None
    positions: Positions
    file: VocabularyFile


def load_vocabulary(
    paths: list[Path],
    problems: list[Problem],
    *,
    labels: dict[Path, str] | None = None,
    base: Vocabulary | None = None,
) -> Vocabulary:
    """Merge the vocabulary files at ``paths`` (national ones first); problems are recorded.

    ``base`` is a vocabulary already loaded (e.g. the baseline of a reform) that the files add
    to; a file may repeat its declarations but not contradict them.
    """
    read = [
        item
        for item in (_read(path, (labels or {}).get(path, str(path)), problems) for path in paths)
        if item is not None
    ]
    read.sort(key=lambda item: (item.owner is not None, item.owner or "", item.label))
    vocabulary = Vocabulary()
    fact_first: dict[str, tuple[_Read, FactSpec]] = {}
    scope_first: dict[tuple[str | None, str], tuple[_Read, ScopeFieldSpec]] = {}
    if base is not None:
        _start_from(base, vocabulary, fact_first, scope_first)
    for item in read:
        if item.file.municipality is not None and item.owner is not None:
            vocabulary.municipalities[item.owner] = item.file.municipality
        for name, spec in item.file.facts.items():
            if _conflicts(name, spec, item, fact_first.get(name), "facts", problems):
                if name in vocabulary.fact_owners and spec_json(spec) == spec_json(
                    fact_first[name][1]
                ):
                    vocabulary.fact_owners[name].add(item.owner)  # declared again, the same
                continue
            fact_first.setdefault(name, (item, spec))
            vocabulary.facts[name] = spec
            vocabulary.fact_origin[name] = Declared(item.label, item.owner)
            vocabulary.fact_owners[name] = {item.owner}
        for name, field in item.file.scope_fields.items():
            earlier = scope_first.get((item.owner, name)) or scope_first.get((None, name))
            if _conflicts(name, field, item, earlier, "scope_fields", problems):
                continue
            scope_first.setdefault((item.owner, name), (item, field))
            vocabulary.scope_fields.setdefault(item.owner, {})[name] = field
    return vocabulary


def _start_from(
    base: Vocabulary,
    vocabulary: Vocabulary,
    fact_first: dict[str, tuple[_Read, FactSpec]],
    scope_first: dict[tuple[str | None, str], tuple[_Read, ScopeFieldSpec]],
) -> None:
    """Copy a loaded vocabulary in, remembering each declaration for conflict checks."""
    vocabulary.municipalities.update(base.municipalities)
    for name, spec in base.facts.items():
        origin = base.fact_origin[name]
        vocabulary.facts[name] = spec
        vocabulary.fact_origin[name] = origin
        vocabulary.fact_owners[name] = set(base.fact_owners.get(name, {origin.owner}))
        fact_first[name] = (_Read(origin.file, origin.owner, Positions(), VocabularyFile()), spec)
    for owner, fields in base.scope_fields.items():
        for name, field in fields.items():
            vocabulary.scope_fields.setdefault(owner, {})[name] = field
            read = _Read("the vocabulary loaded before", owner, Positions(), VocabularyFile())
            scope_first[(owner, name)] = (read, field)


def _conflicts(  # noqa: PLR0917 - one call site, each argument named by position clearly
    name: str,
    spec: FactSpec | ScopeFieldSpec,
    item: _Read,
    earlier: tuple[_Read, FactSpec | ScopeFieldSpec] | None,
    key: str,
    problems: list[Problem],
) -> bool:
    """Record a conflicting declaration; the same declaration twice is fine."""
    if earlier is None:
        return False
    first, first_spec = earlier
    if spec_json(first_spec) == spec_json(spec):
        return True
    kind = "fact" if key == "facts" else "scope field"
    line, column = item.positions.of_key((key, name))
    message = (
        f"the {kind} '{name}' is already declared differently in {first.label}; "
        "use that declaration as it is, or give this one another name"
    )
    problems.append(Problem(item.label, line, column, "conflicting-declaration", message))
    return True


def _read(path: Path, label: str, problems: list[Problem]) -> _Read | None:
    text = read_file(path, label, problems)
    if text is None:
        return None
    parsed = parse_yaml(text, label, problems)
    if parsed is None:
        return None
    data, positions = parsed
    file = validate(data, positions, label, VocabularyFile, problems)
    if file is None:
        return None
    owner = _owner(path, file)
    if owner is not None and not re.match(MUNICIPALITY_PATTERN, owner):
        message = (
            f"the folder '{path.parent.name}' is not a municipality id (lower-case ASCII, "
            "e.g. 'hillerod'); add 'municipality: {id: <id>, name: <name>}' to the file"
        )
        problems.append(Problem(label, 1, 1, "invalid-value", message))
        return None
    return _Read(label, owner, positions, file)


def _owner(path: Path, file: VocabularyFile) -> str | None:
    """None for the national vocabulary, else the municipality the file belongs to."""
    if path.parent.name == NATIONAL_FOLDER:
        return None
    if file.municipality is not None:
        return file.municipality.id
    return path.parent.name


@functools.cache
def bundled_vocabulary() -> Vocabulary:
    """The vocabulary of the bundled standards (national and every bundled municipality's).

    Raises:
        StandardLoadError: when a bundled vocabulary file is wrong (a packaging bug).
    """
    root = bundled_standards_dir()
    paths = [root / NATIONAL_FOLDER / VOCABULARY_FILE, *sorted(root.glob(f"*/{VOCABULARY_FILE}"))]
    problems: list[Problem] = []
    vocabulary = load_vocabulary([p for p in dict.fromkeys(paths) if p.is_file()], problems)
    if problems:
        raise StandardLoadError(problems)
    return vocabulary
