"""The application factory: one app, the loaded standards shared by every request."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from kvalitet.engine.standards import Standards
from kvalitet.language.problems import KvalitetError
from kvalitet.service import api, caseworker, pages, playground
from kvalitet.service.limits import BodySizeLimit, TimeLimitError
from kvalitet.service.openapi import add_docs, openapi_document
from kvalitet.service.problems import (
    LocatedProblem,
    ProblemDocument,
    http_problem,
    problem_document,
    problem_response,
)
from kvalitet.service.records import DecisionLog, library_version
from kvalitet.service.state import ServiceSettings, ServiceState, read_sources

STATIC = Path(__file__).parent / "static"


def create_app(standards: Standards, settings: ServiceSettings | None = None) -> FastAPI:
    """The kvalitet web app: the ``/v1`` API, the caseworker page and the playground.

    Args:
        standards: The loaded standards, shared (read-only) by every request.
        settings: Limits and the decision log (default: 1 MB, 10 s, no log).
    """
    chosen = settings or ServiceSettings()
    log = DecisionLog(chosen.decision_log) if chosen.decision_log is not None else None
    app = FastAPI(
        title="kvalitet",
        version=library_version(),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.kvalitet = ServiceState(standards, chosen, read_sources(standards), log)
    app.add_middleware(BodySizeLimit, max_bytes=chosen.max_body_bytes)
    if chosen.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(chosen.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            expose_headers=["X-Decision-Record"],
        )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_docs(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(caseworker.router)
    app.include_router(playground.router)
    _add_health(app)
    _add_handlers(app)

    def openapi() -> dict[str, object]:
        return openapi_document(app)

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _add_health(app: FastAPI) -> None:
    @app.get("/healthz", tags=["health"], summary="Health check")
    def healthz(request: Request) -> dict[str, str | int]:
        """``ok`` with the number of standards loaded and the library's version."""
        state: ServiceState = request.app.state.kvalitet
        return {
            "status": "ok",
            "standards": len(state.standards.standards()),
            "version": library_version(),
        }


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(KvalitetError)
    async def library_error(request: Request, error: KvalitetError) -> Response:
        status = HTTPStatus.NOT_FOUND if isinstance(error, api.NotFoundError) else None
        return problem_response(problem_document(error, instance=request.url.path, status=status))

    @app.exception_handler(TimeLimitError)
    async def too_slow(request: Request, error: TimeLimitError) -> Response:
        document = http_problem(
            HTTPStatus.SERVICE_UNAVAILABLE, str(error), instance=request.url.path,
            type_name="time-limit",
        )  # fmt: skip
        return problem_response(document, {"Retry-After": "1"})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = [
            LocatedProblem(
                message=str(item.get("msg", "")),
                code="invalid-request",
                field=".".join(str(part) for part in item.get("loc", ())) or None,
            )
            for item in error.errors()
        ]
        document = ProblemDocument(
            type="urn:kvalitet:problem:invalid-request",
            title="The request is not valid",
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
            detail="; ".join(f"{p.field}: {p.message}" for p in problems),
            instance=request.url.path,
            problems=problems,
        )
        return problem_response(document)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        document = http_problem(error.status_code, str(error.detail), instance=request.url.path)
        response: JSONResponse = problem_response(document, dict(error.headers or {}))
        return response
