"""Errors as problem documents (RFC 9457, ``application/problem+json``) with located problems.

:func:`problem_document` is the one place a library error becomes a problem document; it reads
each item of an error's ``problems`` whether it is a located
:class:`~kvalitet.language.problems.Problem` or a plain ``"field: code: message"`` string.
"""

from __future__ import annotations

import re
from http import HTTPStatus

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kvalitet.language.problems import (
    EngineError,
    EvaluationError,
    KvalitetError,
    Problem,
    ProfileError,
    StandardLoadError,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:kvalitet:problem:"
# A plain problem reads e.g. "birth_date: invalid-value: …" or "3:5: unknown-field: …".
_PLAIN = re.compile(
    r"^(?:(?P<line>\d+):(?P<column>\d+): )?(?:(?P<field>[a-z_][a-z0-9_.]*): )?"
    r"(?P<code>[a-z][a-z0-9]*(?:-[a-z0-9]+)+): (?P<message>.+)$",
    re.DOTALL,
)
_NAMED = re.compile(r"^'(?P<field>[a-z_][a-z0-9_]*)' is not a profile field")
_WHERE = re.compile(r"^(?P<field>[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (?P<message>.+)$", re.DOTALL)


class LocatedProblem(BaseModel):
    """One problem: where it is (a file position or a profile field), its code, and the message."""

    model_config = ConfigDict(frozen=True)

    message: str = Field(description="What is wrong and what to write instead.")
    code: str | None = Field(None, description="A stable kebab-case code, e.g. unknown-field.")
    file: str | None = None
    line: int | None = Field(None, ge=1)
    column: int | None = Field(None, ge=1)
    field: str | None = Field(None, description="The profile field, for a profile problem.")


class ProblemDocument(BaseModel):
    """An RFC 9457 problem document, with the library's located problems."""

    model_config = ConfigDict(frozen=True)

    type: str = Field(description="A URI naming the kind of problem ('about:blank' for HTTP's).")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    instance: str | None = Field(None, description="The path of the request.")
    problems: list[LocatedProblem] = Field(default_factory=list)


def located(problem: object) -> LocatedProblem:
    """One item of an error's ``problems``: a located Problem, or a plain string."""
    if isinstance(problem, Problem):
        return LocatedProblem(
            message=problem.message,
            code=problem.code,
            file=problem.file,
            line=problem.line if problem.line >= 1 else None,
            column=problem.column if problem.column >= 1 else None,
        )
    text = str(problem)
    match = _PLAIN.match(text)
    if match is None:
        return LocatedProblem(message=text)
    line, column = match["line"], match["column"]
    field, message = match["field"], match["message"]
    where = _WHERE.match(message) if field is None else None
    if where is not None:  # "invalid-value: age: Input should be …"
        field, message = where["field"], where["message"]
    named = _NAMED.match(message) if field is None else None
    if named is not None:  # "unknown-field: 'motivatd' is not a profile field …"
        field = named["field"]
    return LocatedProblem(
        message=message,
        code=match["code"],
        field=field,
        line=int(line) if line else None,
        column=int(column) if column else None,
    )


def _kind(error: KvalitetError) -> tuple[str, str, int]:
    """The problem type's name, its title and the status for an error in a request."""
    if isinstance(error, ProfileError):
        return "invalid-profile", "The profile is not valid", HTTPStatus.UNPROCESSABLE_ENTITY
    if isinstance(error, StandardLoadError):
        return "invalid-standard", "The standard file is not valid", HTTPStatus.UNPROCESSABLE_ENTITY
    if isinstance(error, EngineError):
        return "engine-error", "A rule engine failed", HTTPStatus.INTERNAL_SERVER_ERROR
    if isinstance(error, EvaluationError):
        return "cannot-evaluate", "The evaluation cannot be made", HTTPStatus.UNPROCESSABLE_ENTITY
    return "input-error", "The input is not valid", HTTPStatus.UNPROCESSABLE_ENTITY


def problem_document(
    error: KvalitetError, *, instance: str | None = None, status: int | None = None
) -> ProblemDocument:
    """The problem document of a library error.

    Args:
        error: Any :class:`~kvalitet.KvalitetError`; its ``problems`` (if any) are located.
        instance: The request's path.
        status: The HTTP status, when the caller knows better (e.g. 404 for a path).

    Example:
        >>> from kvalitet import ProfileError
        >>> doc = problem_document(ProfileError(["age: invalid-value: -1 is below 0"]))
        >>> doc.status, doc.problems[0].field, doc.problems[0].code
        (422, 'age', 'invalid-value')
    """
    name, title, default_status = _kind(error)
    items = getattr(error, "problems", None)
    problems = [located(item) for item in items] if isinstance(items, list | tuple) else []
    source = getattr(error, "source", None)
    if isinstance(source, str):
        problems = [p if p.file else p.model_copy(update={"file": source}) for p in problems]
    if not problems:
        problems = [located(str(error))]
    return ProblemDocument(
        type=TYPE_PREFIX + name,
        title=title,
        status=status or default_status,
        detail=str(error),
        instance=instance,
        problems=problems,
    )


def http_problem(
    status: int, detail: str, *, instance: str | None = None, type_name: str | None = None
) -> ProblemDocument:
    """A problem document for an HTTP-level problem (404, 405, 413 …)."""
    return ProblemDocument(
        type=TYPE_PREFIX + type_name if type_name else "about:blank",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=instance,
    )


def problem_response(
    document: ProblemDocument, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The document as an ``application/problem+json`` response with its status."""
    return JSONResponse(
        document.model_dump(mode="json", exclude_none=True),
        status_code=document.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def openapi_problem(description: str) -> dict[str, object]:
    """An OpenAPI response object whose body is a problem document."""
    return {
        "description": description,
        "content": {
            PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDocument"}}
        },
    }
