"""Load standard files: YAML → validated models, every problem located at ``file:line:column``.

The loader never lets a Python traceback reach a policy author: files that are not UTF-8 or
pass the reader's limits, YAML syntax errors (with plain hints for the common slips), what is
not plain data, duplicate keys, schema violations, unknown facts, type mismatches, duplicate
rule ids, dangling references, cycles and conflicts are all collected and raised together as
one :class:`~kvalitet.language.problems.StandardLoadError`, sorted by file and position.
Messages quote at most a short excerpt of any value.
"""

from __future__ import annotations

import types
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from kvalitet.language.arithmetic import AMOUNT_TAGS
from kvalitet.language.bundled import bundled_standards_dir, default_standard_paths
from kvalitet.language.checks import check_standard
from kvalitet.language.conditions import CONDITION_TAGS
from kvalitet.language.facts import base_catalogue
from kvalitet.language.national import NationalData, NationalLaw
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.source_text import read_source
from kvalitet.language.standard import StandardFile
from kvalitet.language.suggest import suggest
from kvalitet.language.yaml_hints import decimal_comma_hint, nbsp_hint, split_number_hint
from kvalitet.language.yaml_limits import excerpt, shorten_quoted
from kvalitet.language.yaml_reader import Positions, YamlSyntaxError, read_yaml

M = TypeVar("M", bound=BaseModel)
NOT_STANDARDS = frozenset({"cases", "inventory"})  # folders of YAML that is not a standard file
UNION_TAGS = frozenset(CONDITION_TAGS) | frozenset(AMOUNT_TAGS)
WRONG_TYPE_ERRORS = frozenset(
    {
        "bool_type",
        "bool_parsing",
        "int_type",
        "int_parsing",
        "int_from_float",
        "float_type",
        "float_parsing",
        "string_type",
        "date_type",
        "date_parsing",
        "date_from_datetime_inexact",
        "tuple_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
    }
)


@dataclass(frozen=True)
class LoadedFile:
    """A validated standard file and where it came from."""

    path: str
    standard: StandardFile


@dataclass(frozen=True)
class LoadedStandards:
    """Every validated standard file of a load, with the national law they share."""

    files: tuple[LoadedFile, ...]
    national: NationalLaw


def load(paths: Iterable[str | Path] | None = None) -> LoadedStandards:
    """Load and check standard files and folders (default: the bundled standards).

    Folders are searched for ``*.yaml``; files in a folder named ``national`` are national data.

    Raises:
        StandardLoadError: with every problem found, located.
    """
    targets = [Path(p) for p in paths] if paths is not None else default_standard_paths()
    problems: list[Problem] = []
    standard_paths, national_paths = _discover(targets, problems)
    if not national_paths:
        national_paths = sorted((bundled_standards_dir() / "national").glob("*.yaml"))
    national = _load_national(national_paths, problems)
    files = []
    base = base_catalogue()
    for path in standard_paths:
        label = display_path(path)
        loaded = _load_file(path, label, problems, base)
        if loaded is not None:
            files.append(LoadedFile(label, loaded))
    problems.extend(_cross_file(files))
    if problems:
        raise StandardLoadError(_quoting_excerpts(problems))
    if national is None:  # pragma: no cover - a missing national file is a problem above
        raise StandardLoadError([Problem("standards/national", 1, 1, "missing-file", "no data")])
    return LoadedStandards(tuple(files), national)


def load_text(text: str, label: str = "<text>") -> StandardFile:
    """Validate the text of one standard file.

    Raises:
        StandardLoadError: with every problem found, located in ``label``.

    Example:
        >>> load_text("id: 1").id  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        kvalitet.language.problems.StandardLoadError: <text>:1:5: invalid-value: ...
    """
    problems: list[Problem] = []
    standard = _validate_text(text, label, problems, base_catalogue())
    if problems or standard is None:
        raise StandardLoadError(_quoting_excerpts(problems))
    return standard


def parse_model(text: str, label: str, model: type[M]) -> M:
    """Parse YAML text into any model, with every problem located (used for case files).

    Raises:
        StandardLoadError: with every problem found, located in ``label``.
    """
    problems: list[Problem] = []
    parsed = _parse(text, label, problems)
    if parsed is None:
        raise StandardLoadError(problems)
    data, positions = parsed
    try:
        return model.model_validate(data)
    except ValidationError as error:
        found = _problems_from_validation(error, label, positions, model, text)
        raise StandardLoadError(_quoting_excerpts(found)) from None


def _discover(targets: list[Path], problems: list[Problem]) -> tuple[list[Path], list[Path]]:
    standards: list[Path] = []
    national: list[Path] = []
    for target in targets:
        if target.is_dir():
            found = sorted(target.rglob("*.yaml"))
        elif target.is_file():
            found = [target]
        else:
            problems.append(Problem(str(target), 1, 1, "missing-file", "no such file or folder"))
            continue
        for path in found:
            if path.parent.name in NOT_STANDARDS:
                continue
            (national if path.parent.name == "national" else standards).append(path)
    return sorted(set(standards)), sorted(set(national))


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read(path: Path, label: str, problems: list[Problem]) -> str | None:
    try:
        return read_source(path)
    except YamlSyntaxError as error:
        problems.append(Problem(label, error.line, error.column, error.code, error.message))
        return None


def _load_national(paths: list[Path], problems: list[Problem]) -> NationalLaw | None:
    if not paths:
        problems.append(
            Problem("standards/national", 1, 1, "missing-file", "no national data file found")
        )
        return None
    path = paths[0]
    label = display_path(path)
    text = _read(path, label, problems)
    if text is None:
        return None
    parsed = _parse(text, label, problems)
    if parsed is None:
        return None
    data, positions = parsed
    try:
        return NationalLaw(NationalData.model_validate(data))
    except ValidationError as error:
        problems.extend(_problems_from_validation(error, label, positions, NationalData, text))
        return None


def _load_file(
    path: Path, label: str, problems: list[Problem], base: dict[str, Any]
) -> StandardFile | None:
    text = _read(path, label, problems)
    if text is None:
        return None
    standard = _validate_text(text, label, problems, base)
    if standard is not None and standard.service != path.stem:
        message = (
            f"the file is named '{path.name}' but holds '{standard.id}'; "
            f"name it '{standard.service}.yaml'"
        )
        problems.append(Problem(label, 1, 1, "id-mismatch", message))
    return standard


def _parse(text: str, label: str, problems: list[Problem]) -> tuple[Any, Positions] | None:
    try:
        data, positions = read_yaml(text)
    except YamlSyntaxError as error:
        problems.append(Problem(label, error.line, error.column, error.code, error.message))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(label, 1, 1, "not-a-mapping", "the file must be a mapping of keys"))
        return None
    return data, positions


def _validate_text(
    text: str, label: str, problems: list[Problem], base: dict[str, Any]
) -> StandardFile | None:
    parsed = _parse(text, label, problems)
    if parsed is None:
        return None
    data, positions = parsed
    try:
        standard = StandardFile.model_validate(data)
    except ValidationError as error:
        problems.extend(_problems_from_validation(error, label, positions, StandardFile, text))
        return None
    found = []
    for path, code, message in check_standard(standard, base):
        line, column = positions.of_value(path)
        found.append(Problem(label, line, column, code, message))
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


# --- mapping pydantic errors to positions --------------------------------------------------


def _problems_from_validation(
    error: ValidationError,
    label: str,
    positions: Positions,
    model: type[BaseModel],
    text: str,
) -> list[Problem]:
    problems: dict[Problem, None] = {}  # a union reports one problem once per branch
    for item in error.errors():
        loc = item["loc"]
        if item["type"] in ("extra_forbidden", "missing") and loc:
            # the last element names a key, even a key spelled like a union tag ('any: x')
            path = (*_yaml_path(loc[:-1], positions), loc[-1])
        else:
            path = _yaml_path(loc, positions)
        code, message, at_key = _describe(item, path, model)
        line, column = positions.of_key(path) if at_key else positions.of_value(path)
        if at_key:
            key = str(path[-1]) if path else ""
            message += split_number_hint(text, line, column, key) or nbsp_hint(key)
        else:
            message += decimal_comma_hint(item["input"]) or nbsp_hint(item["input"])
        problems[Problem(label, line, column, code, message)] = None
    return list(problems)


def _yaml_path(loc: tuple[str | int, ...], positions: Positions) -> tuple[str | int, ...]:
    """Drop the union tags pydantic puts in ``loc`` (they are not YAML keys)."""
    path: tuple[str | int, ...] = ()
    for index, element in enumerate(loc):
        candidate = (*path, element)
        if element in UNION_TAGS:
            following = loc[index + 1] if index + 1 < len(loc) else None
            is_last = following is None
            if is_last or (following is not None and (*path, following) in positions.values):
                continue
        path = candidate
    return path


def _describe(
    item: ErrorDetails, path: tuple[str | int, ...], model: type[BaseModel]
) -> tuple[str, str, bool]:
    kind = item["type"]
    where = _where(path)
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(model, item["loc"][:-1])
        hint = suggest(key, allowed) or (f"; allowed: {', '.join(allowed)}" if allowed else "")
        return "unknown-key", f"'{key}' is not a key here{hint}", True
    if kind == "missing":
        key = str(item["loc"][-1])
        return "missing-key", f"{_where(path[:-1])} needs the key '{key}'", False
    if kind in ("invalid-condition", "invalid-amount"):
        return "invalid-condition", item["msg"], False
    message = item["msg"].removeprefix("Value error, ")
    if kind == "value_error":  # our own validators say what they got
        return "invalid-value", f"{where}: {message}", False
    if kind in WRONG_TYPE_ERRORS:
        return "wrong-type", f"{where}: {message} (got {excerpt(item['input'])})", False
    if kind == "literal_error":
        expected = str(item.get("ctx", {}).get("expected", ""))
        options = [option.strip(" '") for option in expected.replace(" or ", ",").split(",")]
        hint = suggest(str(item["input"]), options) if isinstance(item["input"], str) else ""
        return "invalid-value", f"{where}: {message} (got {excerpt(item['input'])}){hint}", False
    got = "" if isinstance(item["input"], dict) else f" (got {excerpt(item['input'])})"
    return "invalid-value", f"{where}: {message}{got}", False


def _where(path: tuple[str | int, ...]) -> str:
    text = ""
    for element in path:
        text += f"[{element}]" if isinstance(element, int) else f".{element}" if text else element
    return text or "the file"


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed in the mapping at ``loc``, found by walking the model's annotations."""
    annotation: Any = model
    for element in loc:
        annotation = _step(_strip(annotation), element)
        if annotation is None:
            return []
    target = _strip(annotation)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [field.alias or name for name, field in target.model_fields.items()]
    return []


def _strip(annotation: Any) -> Any:  # noqa: ANN401 - typing introspection
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        arguments = [a for a in get_args(annotation) if a is not type(None)]
        if len(arguments) == 1:
            return _strip(arguments[0])
    return annotation


def _step(annotation: Any, element: str | int) -> Any:  # noqa: ANN401 - typing introspection
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if element in (name, field.alias):
                return field.annotation
        return None
    origin = get_origin(annotation)
    if origin in (tuple, list) and isinstance(element, int):
        arguments = get_args(annotation)
        return (
            arguments[min(element, len(arguments) - 1)]
            if arguments[-1] is not ...
            else (arguments[0])
        )
    if origin in (Union, types.UnionType):
        for option in get_args(annotation):
            tags = [m.tag for m in getattr(option, "__metadata__", ()) if isinstance(m, Tag)]
            if element in tags:
                return get_args(option)[0]
    return None
