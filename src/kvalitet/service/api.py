"""The ``/v1`` JSON API: municipalities and standards, evaluate, explain, ask, what-if, check."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from kvalitet.authoring.json_schemas import schema_texts
from kvalitet.authoring.render import render_html
from kvalitet.casework.explain import Explanation, explain
from kvalitet.casework.interview import next_question
from kvalitet.casework.whatif import what_if
from kvalitet.engine.decision import Decision, only_services
from kvalitet.language.calendar import today_in_denmark
from kvalitet.language.problems import EvaluationError
from kvalitet.language.standard import StandardFile
from kvalitet.language.suggest import suggest
from kvalitet.service import vocabulary
from kvalitet.service.limits import off_the_loop
from kvalitet.service.models import (
    AskRequest,
    AskResponse,
    CaseOut,
    ChangeOut,
    CheckRequest,
    CheckResponse,
    EvaluateRequest,
    ExplainRequest,
    FindingOut,
    LiteralTest,
    Municipality,
    MunicipalityList,
    QuestionOut,
    ServiceSummary,
    WhatIfAnswer,
    WhatIfRequest,
    WhatIfResponse,
)
from kvalitet.service.problems import openapi_problem
from kvalitet.service.state import ServiceState
from kvalitet.service.workbench import check

BAD_INPUT = openapi_problem("The input is wrong; the problems say where and what to write.")
ERRORS: dict[int | str, dict[str, Any]] = {
    400: openapi_problem("The body is not JSON."),
    413: openapi_problem("The request body is too large."),
    422: BAD_INPUT,
    503: openapi_problem("The evaluation took longer than the time limit."),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: openapi_problem("No such municipality, standard or schema."),
    422: BAD_INPUT,
}

router = APIRouter(prefix="/v1", tags=["v1"])


def get_state(request: Request) -> ServiceState:
    """The server's shared state."""
    state: ServiceState = request.app.state.kvalitet
    return state


State = Annotated[ServiceState, Depends(get_state)]


def full_id(municipality: str, service: str) -> str:
    """``sel-85`` of ``hillerod`` is ``hillerod/sel-85``; a full id is kept."""
    return service if "/" in service else f"{municipality}/{service}"


class NotFoundError(EvaluationError):
    """A path names something that is not loaded (answered 404)."""


def _summary(standard: StandardFile) -> ServiceSummary:
    return ServiceSummary(
        id=standard.id,
        title=" ".join(standard.title.split()),
        version=standard.version,
        valid_from=standard.valid_from,
        valid_to=standard.valid_to,
        legal_basis=list(standard.legal_basis),
        access=standard.access,
    )


@router.get("/municipalities", summary="Municipalities and their standards")
def municipalities(state: State) -> MunicipalityList:
    """Every municipality with a loaded standard, and each standard's id, title and validity."""
    by_municipality: dict[str, list[ServiceSummary]] = {}
    for standard in sorted(state.standards.standards(), key=lambda s: (s.id, s.valid_from)):
        by_municipality.setdefault(standard.municipality, []).append(_summary(standard))
    return MunicipalityList(
        municipalities=[
            Municipality(id=name, services=services)
            for name, services in sorted(by_municipality.items())
        ]
    )


def find_standard(state: ServiceState, service: str, on: date | None) -> StandardFile:
    """The standard of a service in force on ``on``; without a date, today's or the latest.

    Raises:
        NotFoundError: when there is none.
    """
    versions = [s for s in state.standards.standards() if s.id == service]
    if not versions:
        known = [s.id for s in state.standards.standards()]
        raise NotFoundError(f"no standard '{service}' is loaded{suggest(service, known)}")
    if on is not None:
        for standard in versions:
            if standard.in_force(on):
                return standard
        raise NotFoundError(f"no standard '{service}' is in force on {on.isoformat()}")
    today = [s for s in versions if s.in_force(today_in_denmark())]
    return today[0] if today else max(versions, key=lambda s: s.valid_from)


OnQuery = Annotated[date | None, Query(description="In force on this date (default: today).")]


@router.get(
    "/standards/{municipality}/{service}",
    summary="One standard as JSON",
    response_model=StandardFile,
    responses=NOT_FOUND,
)
def standard_json(municipality: str, service: str, state: State, on: OnQuery = None) -> Response:
    """The standard file of a service as JSON (the model of ``standard.schema.json``)."""
    standard = find_standard(state, full_id(municipality, service), on)
    data = standard.model_dump(mode="json", by_alias=True, exclude_none=True)
    return JSONResponse(data)


@router.get(
    "/standards/{municipality}/{service}/html",
    summary="One standard as a Danish HTML document",
    response_class=HTMLResponse,
    responses=NOT_FOUND,
)
def standard_html(
    municipality: str, service: str, state: State, on: OnQuery = None
) -> HTMLResponse:
    """The standard rendered for citizens, as ``kvalitet render --format html`` writes it."""
    return HTMLResponse(render_html(find_standard(state, full_id(municipality, service), on)))


def _evaluate(state: ServiceState, body: EvaluateRequest) -> tuple[Decision, str | None]:
    decision = state.standards.evaluate(body.profile, municipality=body.municipality, on=body.on)
    if body.services is not None:
        decision = restrict(decision, [full_id(body.municipality, s) for s in body.services])
    record = None
    if state.log is not None:
        record = state.log.append(decision, profile=body.profile, backend="compiled", via="api")
    return decision, record


def restrict(decision: Decision, services: list[str]) -> Decision:
    """The decision for some of its services only.

    Raises:
        EvaluationError: for a service the decision does not have.
    """
    return only_services(decision, services)


@router.post(
    "/evaluate",
    summary="Evaluate a profile",
    response_model=Decision,
    responses={
        **ERRORS,
        200: {
            "description": "The library's Decision, as `Decision.to_json()` gives it.",
            "headers": {
                "X-Decision-Record": {
                    "description": "The decision record's id, when the server keeps a log.",
                    "schema": {"type": "string"},
                }
            },
        },
    },
)
async def evaluate(body: EvaluateRequest, state: State) -> Response:
    """The starting-point outcome of every service (or the chosen ones) for a profile.

    Exactly the JSON of the library's ``Decision`` (fields not stated are left out).
    """
    decision, record = await off_the_loop(state.settings.time_limit, _evaluate, state, body)
    headers = {"X-Decision-Record": record} if record else None
    return Response(decision.to_json(indent=None), media_type="application/json", headers=headers)


def _explain(state: ServiceState, body: ExplainRequest) -> Explanation:
    service = full_id(body.municipality, body.service)
    decision = state.standards.evaluate(
        body.profile, municipality=body.municipality, on=body.on or today_in_denmark()
    )
    outcome = restrict(decision, [service]).services[service]
    return explain(outcome, body.lang, state.standards.vocabulary)


@router.post("/explain", summary="Explain one service's outcome", responses=ERRORS)
async def explain_outcome(body: ExplainRequest, state: State) -> Explanation:
    """Why a service's outcome came out so: each rule with its result, text and citation."""
    return await off_the_loop(state.settings.time_limit, _explain, state, body)


def _ask(state: ServiceState, body: AskRequest) -> AskResponse:
    day = body.on or today_in_denmark()
    for fact in body.skip:
        # an unknown name is a located error, with did-you-mean
        vocabulary.question(state.standards.vocabulary, fact)
    decision = state.standards.evaluate(body.profile, municipality=body.municipality, on=day)
    if body.services is not None:
        decision = restrict(decision, [full_id(body.municipality, s) for s in body.services])
    chosen = list(decision.services)
    step = next_question(
        state.standards, body.profile, municipality=body.municipality, on=day, services=chosen,
        skip=body.skip,
    )  # fmt: skip
    outcomes = {service: outcome.outcome for service, outcome in decision.services.items()}
    undetermined = [s for s, o in outcomes.items() if o == "undetermined"]
    if step is None:
        return AskResponse(question=None, settles=[], undetermined=undetermined, outcomes=outcomes)
    item = step.question
    return AskResponse(
        question=QuestionOut(
            field=item.field,
            text=item.text,
            kind=item.kind,
            choices=list(item.choices),
        ),
        settles=[s for s in undetermined if item.field in decision.services[s].missing_facts],
        expected_settled=step.expected_settled,
        undetermined=undetermined,
        outcomes=outcomes,
    )


@router.post("/ask", summary="The next question of the interview", responses=ERRORS)
async def ask(body: AskRequest, state: State) -> AskResponse:
    """The fact whose answer settles the most undetermined services, and which it can settle."""
    return await off_the_loop(state.settings.time_limit, _ask, state, body)


def _whatif(state: ServiceState, body: WhatIfRequest) -> WhatIfResponse:
    service = full_id(body.municipality, body.service)
    day = body.on or today_in_denmark()
    decision = state.standards.evaluate(body.profile, municipality=body.municipality, on=day)
    restrict(decision, [service])
    answers = what_if(
        state.standards, body.profile, service=service, on=day, target=body.target,
        limit=body.limit,
    )  # fmt: skip
    return WhatIfResponse(
        service=service,
        answers=[
            WhatIfAnswer(
                from_outcome=answer.from_outcome,
                to_outcome=answer.to_outcome,
                description=answer.describe(vocabulary=state.standards.vocabulary),
                changes=[
                    ChangeOut(
                        fact=change.fact,
                        tests=[LiteralTest(op=lit.op, value=lit.value) for lit in change.literals],
                        checked_with=change.checked_with,
                        description=change.describe(vocabulary=state.standards.vocabulary),
                    )
                    for change in answer.changes
                ],
            )
            for answer in answers
        ],
    )


@router.post("/whatif", summary="The smallest changes that change an outcome", responses=ERRORS)
async def whatif(body: WhatIfRequest, state: State) -> WhatIfResponse:
    """Sets of fact changes, derived from the rules and each checked by evaluation."""
    return await off_the_loop(state.settings.time_limit, _whatif, state, body)


def _check(state: ServiceState, body: CheckRequest) -> CheckResponse:
    checked = check(
        body.standard, state.standards, state.sources, cases_text=body.cases,
        profile=body.profile, on=body.on,
    )  # fmt: skip
    return CheckResponse(
        valid=checked.standard is not None and not checked.problems,
        standard_id=checked.standard.id if checked.standard else None,
        problems=checked.problems,
        findings=[
            FindingOut(
                line=f.line,
                column=f.column,
                severity=f.severity,
                code=f.code,
                message=f.message,
                hint=f.hint,
            )
            for f in checked.findings
        ],
        cases=[
            CaseOut(name=r.case.name, passed=r.passed, failures=r.failures, source=r.case.source)
            for r in checked.cases
        ],
        case_problems=checked.case_problems,
        outcome=checked.outcome,
        profile_problems=checked.profile_problems,
    )


@router.post(
    "/check",
    summary="Check the text of a standard file",
    responses=ERRORS,
    response_model_exclude_none=True,
)
async def check_text(body: CheckRequest, state: State) -> CheckResponse:
    """Check a standard file's text; nothing is saved.

    The load problems located in the text, lint findings, the cases' results and, for a
    profile, its outcome under the edited standard.
    """
    return await off_the_loop(state.settings.time_limit, _check, state, body)


@router.get("/schemas", summary="The names of the JSON Schemas")
def schemas() -> list[str]:
    """``standard.schema.json``, ``profile.schema.json`` and ``decision.schema.json``."""
    return sorted(schema_texts())


@router.get("/schemas/{name}", summary="One JSON Schema", responses=NOT_FOUND)
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema, as ``kvalitet schema`` writes it."""
    texts = schema_texts()
    if name not in texts:
        raise NotFoundError(f"no schema '{name}'{suggest(name, sorted(texts))}")
    loaded: dict[str, Any] = json.loads(texts[name])
    return loaded
