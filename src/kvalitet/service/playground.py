"""The policy author's playground: edit a standard file in the page and see what it does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from kvalitet.authoring.render import render_html
from kvalitet.language.calendar import today_in_denmark
from kvalitet.language.problems import KvalitetError
from kvalitet.service.api import get_state
from kvalitet.service.labels import Language, language
from kvalitet.service.limits import TimeLimitError, off_the_loop
from kvalitet.service.outcome_view import ServiceView, service_view
from kvalitet.service.pages import page
from kvalitet.service.problems import LocatedProblem, problem_document
from kvalitet.service.state import ServiceState, source_key
from kvalitet.service.workbench import Checked, check, parse_profile_text, problem_lines

router = APIRouter(prefix="/playground", include_in_schema=False)
_ID = re.compile(r"^id:\s*['\"]?[a-z]+/([a-z0-9-]+)['\"]?\s*$", re.MULTILINE)


@dataclass
class Workspace:
    """The texts in the page's boxes."""

    text: str = ""
    cases: str = ""
    profile: str = ""
    on: str = ""


@dataclass
class Result:
    """What the page shows of the checks."""

    checked: Checked
    lines: list[dict[str, Any]]
    rendered: str | None
    outcome: ServiceView | None
    profile_problems: list[LocatedProblem]


@router.get("", response_class=HTMLResponse)
async def start(
    request: Request, lang: str | None = None, service: str | None = None
) -> HTMLResponse:
    """The playground, with a loaded standard's file (and its cases) when one is chosen."""
    chosen = language(lang)
    state = get_state(request)
    source = state.sources.get(service or "")
    workspace = Workspace(text=source.text if source else "", on=today_in_denmark().isoformat())
    return await _respond(request, state, chosen, workspace, selected=service or "")


@router.post("", response_class=HTMLResponse)
async def submit(request: Request) -> Response:
    """Check the texts (or download the standard's, or switch the language)."""
    async with request.form() as form:
        lang = language(_text(form.get("lang")))
        action = _text(form.get("action")) or "check"
        if action == "language":
            lang = "en" if lang == "da" else "da"
        workspace = Workspace(
            text=await _box(form, "text", "upload"),
            cases=await _box(form, "cases", "upload_cases"),
            profile=_text(form.get("profile")),
            on=_text(form.get("on")),
        )
    if action == "download":
        return Response(
            workspace.text,
            media_type="application/yaml; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{file_name(workspace.text)}"'},
        )
    return await _respond(request, get_state(request), lang, workspace, selected="")


def file_name(text: str) -> str:
    """``sel-85.yaml`` for a file whose id is ``hillerod/sel-85``; else ``standard.yaml``."""
    match = _ID.search(text)
    return f"{match[1]}.yaml" if match else "standard.yaml"


def _text(value: object) -> str:
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


async def _box(form: FormData, name: str, upload: str) -> str:
    """A text box's content, or the uploaded file's when one was chosen."""
    item = form.get(upload)
    if isinstance(item, UploadFile) and item.filename:
        data = await item.read()
        try:
            return data.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            return ""
    return _text(form.get(name))


async def _respond(
    request: Request, state: ServiceState, lang: Language, workspace: Workspace, *, selected: str
) -> HTMLResponse:
    result: Result | None = None
    status = 200
    if workspace.text.strip():
        try:
            result = await off_the_loop(state.settings.time_limit, _run, state, workspace, lang)
        except TimeLimitError as error:
            status = 503
            problem = LocatedProblem(message=str(error), code="time-limit")
            result = Result(Checked(problems=[problem]), [], None, None, [])
    loaded = result.checked.standard if result else None
    if loaded is not None and not selected:
        selected = source_key(loaded.id, loaded.version)
    options = [
        (key, f"{source.service} ({source.version})")
        for key, source in sorted(state.sources.items())
    ]
    return page(
        request, "playground.html.j2", lang, status=status,
        workspace=workspace, result=result, options=options, selected=selected,
    )  # fmt: skip


def _run(state: ServiceState, workspace: Workspace, lang: Language) -> Result:
    profile: dict[str, Any] | None = None
    profile_problems: list[LocatedProblem] = []
    if workspace.profile.strip():
        try:
            profile = parse_profile_text(workspace.profile, state.standards)
        except KvalitetError as error:
            profile_problems = problem_document(error).problems
    try:
        day = date.fromisoformat(workspace.on) if workspace.on else None
    except ValueError:
        day = None
        message = f"'{workspace.on}' is not a date; write it as YYYY-MM-DD"
        profile_problems.append(LocatedProblem(message=message, code="invalid-value", field="on"))
    checked = check(
        workspace.text, state.standards, state.sources, cases_text=workspace.cases or None,
        profile=profile, on=day,
    )  # fmt: skip
    source_lines = workspace.text.split("\n")
    by_line = problem_lines(checked)
    lines = [
        {
            "number": number,
            "text": source_lines[number - 1] if 0 < number <= len(source_lines) else "",
            "messages": messages,
        }
        for number, messages in sorted(by_line.items())
    ]
    return Result(
        checked=checked,
        lines=lines,
        rendered=(
            render_html(checked.standard, state.standards.vocabulary) if checked.standard else None
        ),
        outcome=(
            service_view(checked.outcome, lang, [], state.standards.vocabulary)
            if checked.outcome
            else None
        ),
        profile_problems=profile_problems + checked.profile_problems,
    )
