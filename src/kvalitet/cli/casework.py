"""Casework commands: ``explain``, ``ask`` (the missing-fact interview) and ``whatif``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kvalitet.casework.explain import explain as explain_outcome
from kvalitet.casework.explain import render_explanation
from kvalitet.casework.interview import NextQuestion, next_question
from kvalitet.casework.questions import Question
from kvalitet.casework.whatif import what_if
from kvalitet.cli.options import (
    MUNICIPALITY,
    ON,
    SERVICE,
    STANDARDS,
    InputError,
    evaluation_day,
    load,
    read_profile,
    service_id,
    text_or_json,
)
from kvalitet.engine.decision import Outcome
from kvalitet.language.problems import KvalitetError


@click.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@MUNICIPALITY
@SERVICE
@ON
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True)
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
    day = evaluation_day(on)
    try:
        citizen = read_profile(standards, profile)
        decision = standards.evaluate(citizen, municipality=municipality, on=day)
        outcome = decision.services.get(service_id(municipality, service))
        if outcome is None:
            known = ", ".join(s.split("/", 1)[1] for s in decision.services)
            raise InputError(f"no service '{service}' of {municipality} (have: {known})")
        explanation = explain_outcome(outcome, "en" if lang == "en" else "da", standards.vocabulary)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        click.echo(explanation.model_dump_json(indent=2))
    else:
        click.echo(render_explanation(explanation), nl=False)


@click.command()
@click.argument("profile", required=False, type=click.Path(path_type=Path, dir_okay=False))
@MUNICIPALITY
@click.option(
    "-s", "--service", "services", multiple=True,
    help="Services of interest (repeatable; default: all of the municipality's).",
)  # fmt: skip
@ON
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
    only_next: bool,  # noqa: FBT001 - click flag
    standard_paths: tuple[Path, ...],
) -> None:
    """Ask for the missing facts, most useful first, until every chosen service is settled.

    Starts from PROFILE (or nothing). Each question is the fact whose answer settles the most
    undetermined outcomes; a fact that cannot change an outcome is never asked. Answer 'ja' or
    'nej', a choice, a number, a date (YYYY-MM-DD) or a comma-separated list (empty: none); an
    empty answer to any other question stops. A wrong answer is asked again.
    """
    standards = load(standard_paths)
    day = evaluation_day(on)
    chosen = [service_id(municipality, s) for s in services] or None
    try:
        known = read_profile(standards, profile).known_facts() if profile is not None else {}
        while True:
            step = next_question(
                standards, known, municipality=municipality, on=day, services=chosen
            )
            if only_next:
                click.echo(json.dumps(_question_json(step), ensure_ascii=False, indent=2))
                return
            if step is None:
                break
            answer = click.prompt(_prompt(step.question), default="", show_default=False)
            if not answer.strip() and step.question.kind != "services":
                break  # (an empty answer to a list question is "none", as it says)
            try:
                value = step.question.parse(answer)
                # The answer must fit the profile too (bounds, codes); else it is asked again.
                standards.parse_profile({**known, step.question.field: value})
            except KvalitetError as error:
                click.echo(str(error), err=True)
                continue
            known[step.question.field] = value
        decision = standards.evaluate(known, municipality=municipality, on=day)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    for service, outcome in decision.services.items():
        if chosen is None or service in chosen:
            click.echo(f"{service}: {outcome.outcome}")


def _prompt(question: Question) -> str:
    if question.kind == "bool":
        return f"{question.text} (ja/nej)"
    if question.choices:
        return f"{question.text} [{'/'.join(question.choices)}]"
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
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@MUNICIPALITY
@SERVICE
@ON
@click.option(
    "--target", type=click.Choice(["within_standard", "outside_standard"]),
    help="The outcome wanted (default: within, or outside for an outcome already within).",
)  # fmt: skip
@click.option("--limit", type=int, default=5, show_default=True)
@STANDARDS
def whatif(
    profile: Path,
    municipality: str,
    service: str,
    on: object,
    target: str | None,
    limit: int,
    standard_paths: tuple[Path, ...],
) -> None:
    """The smallest sets of fact changes that would change a service's outcome.

    Derived from the rules (never by trying random profiles), and each answer is checked by
    evaluating the changed profile, e.g. "inden for serviceniveauet, hvis support_need_level
    er C eller D".
    """
    standards = load(standard_paths)
    try:
        citizen = read_profile(standards, profile)
        wanted: Outcome | None = None
        if target == "within_standard":
            wanted = "within_standard"
        elif target == "outside_standard":
            wanted = "outside_standard"
        answers = what_if(
            standards, citizen, service=service_id(municipality, service), on=evaluation_day(on),
            target=wanted, limit=limit,
        )  # fmt: skip
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if not answers:
        click.echo("Ingen ændring af de oplyste fakta ændrer udfaldet efter reglerne.")
    for answer in answers:
        click.echo(answer.describe())
