"""YAML text to validated models, with every problem located at ``file:line:column``.

Used for every file kvalitet reads: standard files, vocabularies, national data, case files,
inventories and profiles. A pydantic error's ``loc`` is mapped to the position of the key or
value in the YAML, and described in words that say what to write instead.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from kvalitet.language.arithmetic import AMOUNT_TAGS
from kvalitet.language.conditions import CONDITION_TAGS
from kvalitet.language.problems import Problem
from kvalitet.language.source_text import read_source
from kvalitet.language.suggest import suggest
from kvalitet.language.yaml_hints import decimal_comma_hint, nbsp_hint, split_number_hint
from kvalitet.language.yaml_limits import DEFAULT_LIMITS, Limits, excerpt
from kvalitet.language.yaml_reader import Positions, YamlSyntaxError, read_yaml

M = TypeVar("M", bound=BaseModel)
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


def read_file(path: Path, label: str, problems: list[Problem]) -> str | None:
    """The text of a UTF-8 file within the size limit, or ``None`` with the problem recorded."""
    try:
        return read_source(path)
    except YamlSyntaxError as error:
        problems.append(Problem(label, error.line, error.column, error.code, error.message))
        return None


def parse_yaml(
    text: str, label: str, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, Positions] | None:
    """The data and positions of a YAML mapping, or ``None`` with the problem recorded."""
    try:
        data, positions = read_yaml(text, limits)
    except YamlSyntaxError as error:
        problems.append(Problem(label, error.line, error.column, error.code, error.message))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(label, 1, 1, "not-a-mapping", "the file must be a mapping of keys"))
        return None
    return data, positions


def validate(
    data: Any,  # noqa: ANN401 - parsed YAML
    positions: Positions,
    label: str,
    model: type[M],
    problems: list[Problem],
    *,
    text: str = "",
) -> M | None:
    """The model of the data, or ``None`` with every problem recorded, located.

    ``text`` (the file's text) lets a problem hint at the common slips (a decimal comma).
    """
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(problems_from_validation(error, label, positions, model, text))
        return None


def problems_from_validation(
    error: ValidationError,
    label: str,
    positions: Positions,
    model: type[BaseModel],
    text: str = "",
) -> list[Problem]:
    """Each pydantic error as a located problem (one per distinct message), with hints."""
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
        problems[Problem(label, line, column, code, message, path=path)] = None
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
