"""Evaluating commands: one profile (``evaluate``) and many (``batch``)."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Literal, TextIO

import click

from kvalitet.casework.summary import render_decision
from kvalitet.cli.options import (
    BACKEND,
    EXIT_INPUT_ERROR,
    MUNICIPALITY,
    ON,
    STANDARDS,
    InputError,
    evaluation_day,
    load,
    read_profile,
    text_or_json,
)
from kvalitet.engine.decision import Decision
from kvalitet.engine.standards import Standards
from kvalitet.language.problems import KvalitetError, Problem, ProfileError


@click.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@MUNICIPALITY
@ON
@text_or_json("text: a readable Danish summary with citations; json: the Decision.")
@STANDARDS
@BACKEND
def evaluate(
    profile: Path,
    municipality: str,
    on: object,
    output_format: str,
    standard_paths: tuple[Path, ...],
    backend: str,
) -> None:
    """Evaluate a citizen PROFILE (YAML or JSON) against a municipality's standards.

    Every profile field is optional; a missing field is unknown, and a service that needs it
    is 'undetermined' with the missing facts named. Field names: see schemas/profile.schema.json.
    """
    day = evaluation_day(on)
    standards = load(standard_paths)
    try:
        citizen = read_profile(standards, profile)
        decision = standards.evaluate(
            citizen,
            municipality=municipality,
            on=day,
            backend="durable" if backend == "durable" else "compiled",
        )
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        click.echo(decision.to_json())
    else:
        click.echo(render_decision(decision, standards.vocabulary), nl=False)


def _evaluate_line(
    line: str,
    label: str,
    number: int,
    standards: Standards,
    municipality: str,
    day: date,
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
@click.argument("profiles", type=click.File("r", encoding="utf-8"))
@MUNICIPALITY
@ON
@click.option(
    "-o", "--out", type=click.File("w", encoding="utf-8"), default="-", show_default=True,
    help="Where to write the decisions, one JSON object a line.",
)  # fmt: skip
@BACKEND
@STANDARDS
def batch(
    profiles: TextIO,
    municipality: str,
    on: object,
    out: TextIO,
    backend: str,
    standard_paths: tuple[Path, ...],
) -> None:
    """Evaluate many profiles: PROFILES is JSON Lines, one profile object a line ('-' = stdin).

    Writes one line per profile, {"line": N, "decision": {...}} or {"line": N, "error": "..."},
    shows progress on stderr, and ends with a summary of the outcomes per service. A wrong
    profile does not stop the run; exit code 1 if any line was wrong.
    """
    standards = load(standard_paths)
    day = evaluation_day(on)
    engine: Literal["compiled", "durable"] = "durable" if backend == "durable" else "compiled"
    label = "<stdin>" if profiles.name in ("-", "<stdin>") else str(profiles.name)
    numbered = [
        (number, line)
        for number, line in enumerate(profiles.read().splitlines(), start=1)
        if line.strip()
    ]
    counts: dict[str, dict[str, int]] = {}
    errors: list[int] = []
    started = time.perf_counter()
    with click.progressbar(numbered, label="Evaluerer", file=sys.stderr) as progress:
        for number, line in progress:
            try:
                decision = _evaluate_line(line, label, number, standards, municipality, day, engine)
            except ProfileError as error:
                errors.append(number)
                out.write(
                    json.dumps({"line": number, "error": str(error)}, ensure_ascii=False) + "\n"
                )
                continue
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
    if errors:
        shown = ", ".join(str(n) for n in errors[:20])
        click.echo(f"wrong profiles on lines: {shown}{' …' if len(errors) > 20 else ''}", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)
