"""Casework commands: ``explain``, ``ask`` (the missing-fact interview) and ``whatif``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from kvalitet.casework.explain import explain as explain_outcome
from kvalitet.casework.explain import render_explanation
from kvalitet.casework.interview import NextQuestion, next_question
from kvalitet.casework.questions import Question
from kvalitet.casework.summary import render_outcomes
from kvalitet.casework.whatif import WhatIf, what_if
from kvalitet.cli.options import (
    LANG,
    MUNICIPALITY,
    ON,
    SERVICE,
    STANDARDS,
    InputError,
    language,
    load,
    read_profile,
    resolved_day,
    service_id,
    text_or_json,
)
from kvalitet.cli.output import echo_json, printable
from kvalitet.engine.decision import Outcome, only_services
from kvalitet.language.labels import Label, Language
from kvalitet.language.problems import KvalitetError
from kvalitet.language.vocabulary import Vocabulary

MAX_LIMIT = 100
NO_CHANGE = Label(
    "Ingen ændring af de oplyste fakta ændrer udfaldet efter reglerne.",
    "No change of the facts given changes the outcome under the rules.",
)


@click.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@MUNICIPALITY
@SERVICE
@ON
@LANG
@text_or_json("text: for the citizen; json: the Explanation, for another program.")
@STANDARDS
def explain(
    profile: Path,
    municipality: str,
    service: str,
    on: object,
    lang: str,
    output_format: str,
    standard_paths: tuple[Path, ...],
) -> None:
    """Explain one service's outcome for a PROFILE, for the citizen.

    Each criterion with its result, the standard's own words, the law and section cited, and
    whether its basis is the law or the municipality's starting point; for an outside outcome,
    what failed; for an undetermined one, the questions that would settle it.
    """
    standards = load(standard_paths)
    when = resolved_day(on)
    try:
        citizen = read_profile(standards, profile)
        decision = standards.evaluate(citizen, municipality=municipality, on=when)
        chosen = only_services(decision, [service_id(municipality, service)])
        outcome = next(iter(chosen.services.values()))
        explanation = explain_outcome(outcome, language(lang), standards.vocabulary)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        echo_json(explanation.model_dump_json(indent=2))
    else:
        click.echo(render_explanation(explanation), nl=False)


@click.command()
@click.argument(
    "profile", required=False, type=click.Path(path_type=Path, dir_okay=False, allow_dash=True)
)
@MUNICIPALITY
@click.option(
    "-s", "--service", "services", multiple=True,
    help="Services of interest (repeatable; default: all of the municipality's).",
)  # fmt: skip
@ON
@LANG
@click.option(
    "--next", "only_next", is_flag=True,
    help="Print the next question as JSON and stop (for another program).",
)  # fmt: skip
@STANDARDS
def ask(
    profile: Path | None,
    municipality: str,
    services: tuple[str, ...],
    on: object,
    lang: str,
    only_next: bool,  # noqa: FBT001 - click flag
    standard_paths: tuple[Path, ...],
) -> None:
    """Ask for the missing facts, most useful first, until every chosen service is settled.

    Starts from PROFILE (or nothing). Each question is the fact whose answer settles the most
    undetermined outcomes; a fact that cannot change an outcome is never asked. Answer 'ja' or
    'nej', a choice, a number, a date (YYYY-MM-DD) or a comma-separated list (empty: none); an
    empty answer to any other question, or the end of input (Ctrl-D), stops, and the outcome
    of what was answered is printed, each service with its scope. A wrong answer is asked again.
    """
    standards = load(standard_paths)
    when = resolved_day(on)
    words = language(lang)
    chosen = [service_id(municipality, s) for s in services] or None
    try:
        known = read_profile(standards, profile).known_facts() if profile is not None else {}
        while True:
            step = next_question(
                standards, known, municipality=municipality, on=when.day, services=chosen,
                lang=words,
            )  # fmt: skip
            if only_next:
                echo_json(json.dumps(_question_json(step), ensure_ascii=False, indent=2))
                return
            if step is None:
                break
            answer = _answer(_prompt(step.question))
            if answer is None:
                break
            if not answer.strip() and step.question.kind != "services":
                break  # (an empty answer to a list question is "none", as it says)
            try:
                value = step.question.parse(answer)
                # The answer must fit the profile too (bounds, codes); else it is asked again.
                standards.parse_profile({**known, step.question.field: value})
            except KvalitetError as error:
                click.echo(printable(str(error)), err=True)
                continue
            known[step.question.field] = value
        decision = standards.evaluate(known, municipality=municipality, on=when)
        if chosen is not None:
            decision = only_services(decision, chosen)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    click.echo(render_outcomes(decision, standards.vocabulary, words), nl=False)


def _answer(prompt: str) -> str | None:
    """The answer typed, or ``None`` at the end of input (Ctrl-D, or a pipe that ends)."""
    click.echo(f"{prompt}: ", nl=False)
    line = sys.stdin.readline()
    if not line:
        click.echo()
        return None
    return line.rstrip("\r\n")


def _prompt(question: Question) -> str:
    if question.choices:
        return f"{question.text} [{'/'.join(question.choices)}]"
    if question.hint:
        return f"{question.text} ({question.hint})"
    return question.text


def _question_json(step: NextQuestion | None) -> dict[str, object] | None:
    if step is None:
        return None
    question = step.question
    return {
        "field": question.field,
        "question": question.text,
        "kind": question.kind,
        "choices": list(question.choices),
        "undetermined": list(step.undetermined),
        "expected_settled": step.expected_settled,
    }


@click.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@MUNICIPALITY
@SERVICE
@ON
@click.option(
    "--target", type=click.Choice(["within_standard", "outside_standard"]),
    help="The outcome wanted (default: within, or outside for an outcome already within).",
)  # fmt: skip
@click.option(
    "--limit", type=click.IntRange(1, MAX_LIMIT), default=5, show_default=True,
    help=f"At most this many answers, smallest first (1-{MAX_LIMIT}).",
)  # fmt: skip
@LANG
@text_or_json("text: a sentence per answer; json: each answer's changes, for another program.")
@STANDARDS
def whatif(
    profile: Path,
    municipality: str,
    service: str,
    on: object,
    target: str | None,
    limit: int,
    lang: str,
    output_format: str,
    standard_paths: tuple[Path, ...],
) -> None:
    """The smallest sets of fact changes that would change a service's outcome.

    Derived from the rules (never by trying random profiles), and each answer is checked by
    evaluating the changed profile, e.g. "inden for serviceniveauet, hvis Samlet faglig
    vurdering efter VUM 2.0 (support_need_level) er C – moderat støttebehov eller D – højt
    støttebehov": each fact by its label and name, each choice by its label.
    """
    standards = load(standard_paths)
    when = resolved_day(on)
    words = language(lang)
    try:
        citizen = read_profile(standards, profile)
        wanted: Outcome | None = None
        if target == "within_standard":
            wanted = "within_standard"
        elif target == "outside_standard":
            wanted = "outside_standard"
        answers = what_if(
            standards, citizen, service=service_id(municipality, service), on=when.day,
            target=wanted, limit=limit,
        )  # fmt: skip
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        found = [_whatif_json(answer, words, standards.vocabulary) for answer in answers]
        echo_json(json.dumps(found, ensure_ascii=False, indent=2))
        return
    if not answers:
        click.echo(NO_CHANGE.text(words))
    for answer in answers:
        click.echo(answer.describe(words, standards.vocabulary))


def _whatif_json(answer: WhatIf, lang: Language, words: Vocabulary) -> dict[str, object]:
    return {
        "service": answer.service,
        "from": answer.from_outcome,
        "to": answer.to_outcome,
        "changes": [
            {
                "fact": change.fact,
                "tests": [
                    {"op": literal.op, "value": _json_value(literal.value)}
                    for literal in change.literals
                ],
                "checked_with": _json_value(change.checked_with),
                "text": change.describe(lang, words),
            }
            for change in answer.changes
        ],
        "text": answer.describe(lang, words),
    }


def _json_value(value: object) -> object:
    if isinstance(value, tuple | list | frozenset | set):
        return [_json_value(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
