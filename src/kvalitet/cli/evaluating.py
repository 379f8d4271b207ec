"""Evaluating commands: one profile (``evaluate``) and many (``batch``)."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import Literal, TextIO

import click

from kvalitet.casework.summary import render_decision
from kvalitet.cli.batch_output import COLUMNAR_FIELDS, Tally, batch_fields, pruned
from kvalitet.cli.files import (
    JsonLines,
    NumberedLine,
    close_output,
    open_json_lines_output,
    open_log,
    progress_of,
    read_json_lines,
    refuse_overwriting,
)
from kvalitet.cli.options import (
    BACKEND,
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
@click.option(
    "--fields",
    help=(
        "Keep only these fields of each service's outcome, comma-separated, e.g. "
        "outcome,scope,missing_facts. With outcome, access, scope and missing_facts only "
        "(and no --log), the profiles are evaluated together by the columnar backend (fast)."
    ),
)
@BACKEND
@STANDARDS
@LOG
def batch(
    profiles: str,
    municipality: str,
    on: object,
    out: str,
    fields: str | None,
    backend: str,
    standard_paths: tuple[Path, ...],
    log_path: Path | None,
) -> None:
    """Evaluate many profiles: PROFILES is JSON Lines, one profile object a line ('-' = stdin).

    Writes one line per profile, {"line": N, "decision": {...}} or {"line": N, "error": "..."},
    shows progress on stderr, and ends with a summary of the outcomes per service. A wrong
    profile does not stop the run; exit code 1 if any line was wrong. With --log, a decision
    record is appended to the log for every decision (see `kvalitet replay`).

    With --fields the decision keeps its municipality and date and, per service, only the
    fields named: {"municipality": ..., "evaluated_on": ..., "services": {"<service>":
    {"outcome": ..., "scope": {...}, "missing_facts": [...]}}}.
    """
    refuse_overwriting({"PROFILES": profiles}, {"-o": out, "--log": _text(log_path)})
    standards = load(standard_paths)
    day = resolved_day(on)
    engine: Literal["compiled", "durable"] = "durable" if backend == "durable" else "compiled"
    chosen = batch_fields(fields)
    _check_municipality(standards, municipality, day)
    source = read_json_lines(profiles)
    log = open_log(log_path)
    columnar = (
        chosen is not None
        and set(chosen) <= set(COLUMNAR_FIELDS)
        and engine == "compiled"
        and log is None  # a record keeps the whole Decision
    )
    tally = Tally()
    started = time.perf_counter()
    stream = open_json_lines_output(out)
    try:
        if columnar and chosen is not None:
            _run_columnar(standards, source, stream, municipality, day, chosen, tally)
        else:
            run = _Run(standards, municipality, day, engine, source.label, chosen)
            _run_batch(run, source, stream, log, tally)
    finally:
        close_output(stream)
    tally.summary(time.perf_counter() - started)


def _check_municipality(standards: Standards, municipality: str, day: EvaluationDay) -> None:
    """An unknown municipality, or none of its standards in force, stops the batch at once."""
    try:
        standards.in_force(municipality, day.day)
    except KvalitetError as error:
        raise InputError(str(error)) from None


def _run_columnar(
    standards: Standards,
    source: JsonLines,
    out: TextIO,
    municipality: str,
    day: EvaluationDay,
    fields: tuple[str, ...],
    tally: Tally,
) -> None:
    """The lines through the columnar backend (needs the [columnar] extra)."""
    try:
        from kvalitet.cli.batch_columnar import evaluate_lines  # noqa: PLC0415
    except ImportError as error:
        raise InputError(str(error)) from None
    try:
        evaluate_lines(standards, source, out, municipality, day.day, fields, tally)
    except KvalitetError as error:
        raise InputError(str(error)) from None


@dataclasses.dataclass(frozen=True)
class _Run:
    """What every line of a batch is evaluated with."""

    standards: Standards
    municipality: str
    day: EvaluationDay
    engine: Literal["compiled", "durable"]
    label: str
    fields: tuple[str, ...] | None


def _run_batch(
    run: _Run, source: JsonLines, out: TextIO, log: DecisionLog | None, tally: Tally
) -> None:
    """Evaluate every line one by one and write its decision (or error) and its record."""
    with progress_of(source) as advance:
        for item in source.lines:
            advance(item.size)
            try:
                decision = _line_decision(
                    item, run.label, run.standards, run.municipality, run.day, run.engine
                )
            except ProfileError as error:
                tally.wrong(out, item.number, str(error))
                continue
            if log is not None:
                _log_line(log, decision, item, f"{run.label}:{item.number}", run.engine)
            record = json.loads(decision.to_json(indent=None))
            tally.right(out, item.number, pruned(record, run.fields))


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
        raise item.unreadable(label)
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
