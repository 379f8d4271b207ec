"""Errors as problem documents (RFC 9457, ``application/problem+json``) with located problems.

:func:`problem_document` is the one place a library error becomes a problem document; each of
the error's located :class:`~kvalitet.language.problems.Problem` s becomes a located problem
(a profile's field is the first element of the problem's path).
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kvalitet.language.problems import (
    EngineError,
    EvaluationError,
    KvalitetError,
    LocatedError,
    Problem,
    ProfileError,
    StandardLoadError,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:kvalitet:problem:"


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


def located(problem: Problem, *, profile: bool = False) -> LocatedProblem:
    """One located problem (for a profile, with the field it is about)."""
    field = str(problem.path[0]) if profile and problem.path else None
    return LocatedProblem(
        message=problem.message,
        code=problem.code,
        file=problem.file,
        line=problem.line,
        column=problem.column,
        field=field,
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
        >>> from kvalitet import Problem, ProfileError
        >>> problem = Problem(
        ...     "<profile>", 1, 1, "invalid-value", "age: -1 is below 0", path=("age",))
        >>> doc = problem_document(ProfileError([problem]))
        >>> doc.status, doc.problems[0].field, doc.problems[0].code
        (422, 'age', 'invalid-value')
    """
    name, title, default_status = _kind(error)
    profile = isinstance(error, ProfileError)
    if isinstance(error, LocatedError) and error.problems:
        problems = [located(item, profile=profile) for item in error.problems]
    else:
        problems = [LocatedProblem(message=str(error))]
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
