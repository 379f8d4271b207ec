"""The OpenAPI document (with the Profile and problem schemas) and its offline docs page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import swagger_ui
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request

from kvalitet.service import vocabulary
from kvalitet.service.problems import LocatedProblem, ProblemDocument

DESCRIPTION = """\
Danish municipal quality standards (kvalitetsstandarder) for adults with special needs,
executable. `POST /v1/evaluate` gives every service's **starting-point** outcome with reasons
cited to the standard and the law; it is never a decision: the municipality always makes a
concrete and individual assessment. Errors are `application/problem+json` (RFC 9457) with the
located problems. The server holds no personal data and writes nothing unless it was started
with `--log`.
"""
PROFILE_BODIES = ("EvaluateRequest", "ExplainRequest", "AskRequest", "WhatIfRequest")
SWAGGER_STATIC = Path(swagger_ui.__file__).parent / "static"


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document: the profile fields typed, the problem document defined."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=DESCRIPTION, routes=app.routes
    )
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (ProblemDocument, LocatedProblem):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    profile = vocabulary.profile_schema(app.state.kvalitet.standards)
    schemas.update(profile.pop("$defs", {}))
    schemas["Profile"] = profile
    reference = {"$ref": "#/components/schemas/Profile"}
    for name in PROFILE_BODIES:
        schemas[name]["properties"]["profile"] = reference
    schemas["CheckRequest"]["properties"]["profile"] = {"anyOf": [reference, {"type": "null"}]}
    app.openapi_schema = document
    return document


def add_docs(app: FastAPI) -> None:
    """``/docs``: Swagger UI from the files of the swagger-ui-py package (no CDN)."""
    app.mount("/docs/static", StaticFiles(directory=SWAGGER_STATIC), name="swagger-static")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}/openapi.json",
            title="kvalitet – API",
            swagger_js_url=f"{root}/docs/static/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/docs/static/swagger-ui.css",
            swagger_favicon_url=f"{root}/docs/static/favicon-32x32.png",
        )
