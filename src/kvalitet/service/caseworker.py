"""The caseworker's page: choose municipality and services, answer one question at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from kvalitet.casework.interview import next_question
from kvalitet.casework.questions import Question
from kvalitet.casework.whatif import WhatIf, what_if
from kvalitet.engine.decision import Decision
from kvalitet.language.calendar import today_in_denmark
from kvalitet.language.labels import OUTCOME
from kvalitet.language.problems import KvalitetError
from kvalitet.service import vocabulary
from kvalitet.service.api import get_state, restrict
from kvalitet.service.interview_state import SKIPPED, Interview
from kvalitet.service.labels import LABELS, Language, language
from kvalitet.service.limits import TimeLimitError, off_the_loop
from kvalitet.service.outcome_view import ServiceView, service_view
from kvalitet.service.pages import error_page, page
from kvalitet.service.problems import LocatedProblem, problem_document
from kvalitet.service.state import ServiceState

router = APIRouter(prefix="/caseworker", include_in_schema=False)
WHATIF_LIMIT = 3


@dataclass
class Step:
    """What the interview page shows after a request."""

    interview: Interview
    decision: Decision
    question: Question | None = None
    finished: bool = False
    views: list[ServiceView] = field(default_factory=list)
    error: str | None = None
    prefill: str = ""
    early: bool = False  # the result shown before every question was asked


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@router.get("", response_class=HTMLResponse)
def start(
    request: Request,
    lang: str | None = None,
    municipality: str | None = None,
    on: str | None = None,
) -> HTMLResponse:
    """Step one: the municipality and date; then its services in force on that date."""
    chosen = language(lang)
    state = get_state(request)
    day = on or today_in_denmark().isoformat()
    services: list[tuple[str, str]] = []
    if municipality:
        try:
            day_date = date.fromisoformat(day)
        except ValueError:
            message = f"'{day}' is not a date; write it as YYYY-MM-DD"
            problem = LocatedProblem(message=message, code="invalid-value", field="on")
            return error_page(request, chosen, [problem])
        try:
            programs = state.standards.in_force(municipality, day_date)
        except KvalitetError as error:
            return error_page(request, chosen, problem_document(error).problems)
        services = [(p.service, " ".join(p.standard.title.split())) for p in programs]
    return page(
        request, "caseworker_start.html.j2", chosen,
        municipalities=state.standards.municipalities, municipality=municipality or "",
        names={m: state.standards.vocabulary.municipality_name(m)
               for m in state.standards.municipalities},
        on=day, services=services,
    )  # fmt: skip


@router.post("/interview", response_class=HTMLResponse)
async def interview(request: Request) -> HTMLResponse:
    """Every later step: apply the button pressed, then the next question or the result."""
    async with request.form() as form:
        lang = language(_text(form.get("lang")))
        action = _text(form.get("action")) or "start"
        if action == "language":
            lang = "en" if lang == "da" else "da"
        state = get_state(request)
        try:
            step = await off_the_loop(
                state.settings.time_limit, _advance, state, form, action, lang
            )
        except KvalitetError as error:
            return error_page(request, lang, problem_document(error).problems)
        except TimeLimitError as error:
            problem = LocatedProblem(message=str(error), code="time-limit")
            return error_page(request, lang, [problem], status=503)
    return _show(request, lang, step)


def _advance(state: ServiceState, form: FormData, action: str, lang: Language) -> Step:
    current = Interview.from_fields(
        state.standards,
        municipality=_text(form.get("municipality")),
        on=_text(form.get("on")),
        services=[_text(s) for s in form.getlist("service")],
        steps=[_text(s) for s in form.getlist("step")],
    )
    asked = _text(form.get("field"))
    answer = _text(form.get("answer")).strip()
    early = _text(form.get("shown")) == "early"  # the result was asked for before the end
    error, prefill = None, ""
    if action == "answer" and asked:
        if not answer:
            error = LABELS[lang]["empty_answer"]
        else:
            try:
                current = current.answered(asked, answer)
            except KvalitetError as problem:
                error, prefill = _message(problem), answer
    elif action == "skip" and asked:
        current = current.skip(asked)
    elif action == "back" and not early:
        current, last = current.back()
        prefill = last[1] if last else ""
    step = _evaluate(state, current, lang)
    step.error, step.prefill = error, prefill
    if error is not None:  # ask the same question again, with what was wrong
        step.question = vocabulary.question(state.standards.vocabulary, asked, lang)
        return step
    step.early = action == "finish" or (action == "language" and early)
    if step.early or step.question is None:
        _finish(state, step, lang, log=action != "language")
    return step


def _message(error: KvalitetError) -> str:
    return "; ".join(p.message for p in problem_document(error).problems)


def _evaluate(state: ServiceState, current: Interview, lang: Language) -> Step:
    known = current.known()
    decision = state.standards.evaluate(known, municipality=current.municipality, on=current.on)
    if current.services:
        decision = restrict(decision, list(current.services))
    found = next_question(
        state.standards, known, municipality=current.municipality, on=current.on,
        services=list(decision.services), skip=current.skipped(), lang=lang,
    )  # fmt: skip
    return Step(current, decision, found.question if found else None)


def _finish(state: ServiceState, step: Step, lang: Language, *, log: bool) -> None:
    known = step.interview.known()
    step.finished = True
    for service, outcome in step.decision.services.items():
        answers: list[WhatIf] = what_if(
            state.standards, known, service=service, on=step.interview.on, limit=WHATIF_LIMIT
        )
        step.views.append(service_view(outcome, lang, answers, state.standards.vocabulary))
    if log and state.log is not None:
        state.log.append(step.decision, profile=known, backend="compiled", via="caseworker")


def _show(request: Request, lang: Language, step: Step) -> HTMLResponse:
    labels = LABELS[lang]
    settled = [
        {
            "service": service,
            "title": " ".join(outcome.title.split()),
            "outcome": outcome.outcome,
            "label": OUTCOME[outcome.outcome].text(lang),
            "settled": outcome.outcome != "undetermined",
        }
        for service, outcome in step.decision.services.items()
    ]
    answers = [
        {
            "field": name,
            "question": vocabulary.question(step.interview.standards.vocabulary, name, lang).text,
            "answer": answer if answer != SKIPPED else labels["skipped"],
            "skipped": answer == SKIPPED,
        }
        for name, answer in step.interview.steps
    ]
    question = step.question
    return page(
        request, "caseworker_interview.html.j2", lang,
        step=step, settled=settled, answers=answers, hidden=step.interview.fields(),
        municipality_name=step.interview.standards.vocabulary.municipality_name(
            step.interview.municipality
        ),
        question=question,
        choices=vocabulary.choices(question, lang) if question else (),
        number=len(step.interview.steps) + 1,
        all_settled=all(item["settled"] for item in settled),
    )  # fmt: skip
