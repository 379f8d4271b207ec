"""Evaluating commands: one profile (``evaluate``) and many (``batch``)."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Literal, TextIO

import click

from kvalitet.casework.summary import render_decision
from kvalitet.cli.files import (
    NumberedLine,
    close_output,
    open_json_lines_output,
    open_log,
    read_json_lines,
    refuse_overwriting,
)
from kvalitet.cli.options import (
    BACKEND,
    EXIT_INPUT_ERROR,
    LANG,
    LOG,
    MUNICIPALITY,
    ON,
    STANDARDS,
    InputError,
    language,
    load,
    read_profile,
    resolved_day,
    service_id,
    text_or_json,
)
from kvalitet.cli.output import echo_json
from kvalitet.engine.decision import Decision, only_services
from kvalitet.engine.records import DecisionLog
from kvalitet.engine.standards import Standards
from kvalitet.language.calendar import EvaluationDay
from kvalitet.language.problems import KvalitetError, Problem, ProfileError


@click.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@MUNICIPALITY
@click.option(
    "-s", "--service", "services", multiple=True,
    help="Only this service, e.g. sel-85 (repeatable; default: every service in force).",
)  # fmt: skip
@ON
@LANG
@text_or_json("text: a readable summary with citations; json: the Decision.")
@STANDARDS
@BACKEND
@LOG
def evaluate(
    profile: Path,
    municipality: str,
    services: tuple[str, ...],
    on: object,
    lang: str,
    output_format: str,
    standard_paths: tuple[Path, ...],
    backend: str,
    log_path: Path | None,
) -> None:
    """Evaluate a citizen PROFILE (YAML or JSON; '-' = stdin) against a municipality's standards.

    Every profile field is optional; a missing field is unknown, and a service that needs it
    is 'undetermined' with the missing facts named. Field names: see schemas/profile.schema.json.
    With --log, a decision record is appended to the log (see `kvalitet replay`).
    """
    when = resolved_day(on)
    refuse_overwriting({"PROFILE": str(profile)}, {"--log": _text(log_path)})
    standards = load(standard_paths)
    log = open_log(log_path)
    engine: Literal["compiled", "durable"] = "durable" if backend == "durable" else "compiled"
    try:
        citizen = read_profile(standards, profile)
        decision = standards.evaluate(citizen, municipality=municipality, on=when, backend=engine)
        if services:
            decision = only_services(decision, [service_id(municipality, s) for s in services])
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if log is not None:
        source = "<stdin>" if str(profile) == "-" else str(profile)
        log.append(decision, profile=citizen, backend=engine, via="cli-evaluate", source=source)
    if output_format == "json":
        echo_json(decision.to_json())
    else:
        text = render_decision(decision, standards.vocabulary, language(lang))
        click.echo(text, nl=False)


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _evaluate_line(
    line: str,
    label: str,
    number: int,
    standards: Standards,
    municipality: str,
    day: EvaluationDay,
    engine: Literal["compiled", "durable"],
) -> Decision:
    """The Decision for one JSON line; every problem is located at ``label:number``.

    Raises:
        ProfileError: when the line is not JSON or not a valid profile.
    """
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as error:
        message = f"not JSON: {str(error)[:120]}"
        raise ProfileError([Problem(label, number, 1, "not-json", message)]) from None
    try:
        return standards.evaluate(data, municipality=municipality, on=day, backend=engine)
    except ProfileError as error:
        located = [dataclasses.replace(p, file=label, line=number) for p in error.problems]
        raise ProfileError(located, label) from None


@click.command()
@click.argument("profiles", type=click.Path(dir_okay=False, allow_dash=True))
@MUNICIPALITY
@ON
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, allow_dash=True), default="-",
    show_default=True, help="Where to write the decisions, one JSON object a line.",
)  # fmt: skip
@BACKEND
@STANDARDS
@LOG
def batch(
    profiles: str,
    municipality: str,
    on: object,
    out: str,
    backend: str,
    standard_paths: tuple[Path, ...],
    log_path: Path | None,
) -> None:
    """Evaluate many profiles: PROFILES is JSON Lines, one profile object a line ('-' = stdin).

    Writes one line per profile, {"line": N, "decision": {...}} or {"line": N, "error": "..."},
    shows progress on stderr, and ends with a summary of the outcomes per service. A wrong
    profile does not stop the run; exit code 1 if any line was wrong. With --log, a decision
    record is appended to the log for every decision (see `kvalitet replay`).
    """
    refuse_overwriting({"PROFILES": profiles}, {"-o": out, "--log": _text(log_path)})
    standards = load(standard_paths)
    day = resolved_day(on)
    engine: Literal["compiled", "durable"] = "durable" if backend == "durable" else "compiled"
    _check_municipality(standards, municipality, day)
    label, numbered = read_json_lines(profiles)
    log = open_log(log_path)
    stream = open_json_lines_output(out)
    try:
        errors = _run_batch(numbered, label, stream, log, standards, municipality, day, engine)
    finally:
        close_output(stream)
    if errors:
        shown = ", ".join(str(n) for n in errors[:20])
        click.echo(f"wrong profiles on lines: {shown}{' …' if len(errors) > 20 else ''}", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)


def _check_municipality(standards: Standards, municipality: str, day: EvaluationDay) -> None:
    """An unknown municipality, or none of its standards in force, stops the batch at once."""
    try:
        standards.in_force(municipality, day.day)
    except KvalitetError as error:
        raise InputError(str(error)) from None


def _run_batch(
    numbered: list[NumberedLine],
    label: str,
    out: TextIO,
    log: DecisionLog | None,
    standards: Standards,
    municipality: str,
    day: EvaluationDay,
    engine: Literal["compiled", "durable"],
) -> list[int]:
    """Evaluate every line, write its decision or error, print the summary; the wrong lines."""
    counts: dict[str, dict[str, int]] = {}
    errors: list[int] = []
    started = time.perf_counter()
    with click.progressbar(numbered, label="Evaluerer", file=sys.stderr) as progress:
        for item in progress:
            number = item.number
            try:
                decision = _line_decision(item, label, standards, municipality, day, engine)
            except ProfileError as error:
                errors.append(number)
                out.write(
                    json.dumps({"line": number, "error": str(error)}, ensure_ascii=False) + "\n"
                )
                continue
            if log is not None:
                _log_line(log, decision, item, f"{label}:{number}", engine)
            for service, outcome in decision.services.items():
                tally = counts.setdefault(service, {})
                tally[outcome.outcome] = tally.get(outcome.outcome, 0) + 1
            record = {"line": number, "decision": json.loads(decision.to_json(indent=None))}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    click.echo(f"{len(numbered)} profiles in {seconds:.2f} s, {len(errors)} wrong", err=True)
    for service, tally in sorted(counts.items()):
        summary = ", ".join(f"{outcome} {n}" for outcome, n in sorted(tally.items()))
        click.echo(f"  {service}: {summary}", err=True)
    return errors


def _line_decision(
    item: NumberedLine,
    label: str,
    standards: Standards,
    municipality: str,
    day: EvaluationDay,
    engine: Literal["compiled", "durable"],
) -> Decision:
    """The Decision of one line; a line that could not be read is its problem.

    Raises:
        ProfileError: located at the line.
    """
    if item.text is None:
        raise ProfileError([item.problem] if item.problem is not None else [], label)
    return _evaluate_line(item.text, label, item.number, standards, municipality, day, engine)


def _log_line(
    log: DecisionLog,
    decision: Decision,
    item: NumberedLine,
    source: str,
    engine: Literal["compiled", "durable"],
) -> None:
    """Append the record of one line's decision (the line was JSON: it was evaluated)."""
    profile = json.loads(item.text or "{}")
    log.append(decision, profile=profile, backend=engine, via="cli-batch", source=source)
