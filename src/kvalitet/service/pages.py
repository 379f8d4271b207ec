"""Server-rendered pages: the template environment, the front page, the error page."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kvalitet.service.labels import LABELS, Language, language
from kvalitet.service.problems import LocatedProblem

router = APIRouter(include_in_schema=False)


@functools.cache
def environment() -> jinja2.Environment:
    """The pages' templates (every value escaped; a missing name is an error)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kvalitet.service", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page(
    request: Request,
    template: str,
    lang: Language,
    *,
    status: int = 200,
    **context: Any,  # noqa: ANN401 - any template value
) -> HTMLResponse:
    """A page in the chosen language; ``base`` is the path the app is served under."""
    labels = LABELS[lang]
    query = {key: value for key, value in request.query_params.items() if key != "lang"}
    query["lang"] = labels["switch_language_lang"]
    html = (
        environment()
        .get_template(template)
        .render(
            lang=lang,
            t=labels,
            base=request.scope.get("root_path", ""),
            switch="?" + urlencode(query),
            **context,
        )
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def error_page(
    request: Request, lang: Language, problems: list[LocatedProblem], *, status: int = 422
) -> HTMLResponse:
    """The problems of the input, with a way back."""
    return page(request, "error.html.j2", lang, status=status, problems=problems)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, lang: str | None = None) -> HTMLResponse:
    """The front page: what the server offers."""
    return page(request, "index.html.j2", language(lang))
