"""Evaluating commands: one profile (``evaluate``) and many (``batch``)."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, Literal, TextIO

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
from kvalitet.engine.decision import Decision, ServiceOutcome
from kvalitet.engine.standards import Standards
from kvalitet.language.problems import KvalitetError, Problem, ProfileError
from kvalitet.language.suggest import suggest


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
@click.option(
    "--fields",
    help=(
        "Keep only these fields of each service's outcome, comma-separated, e.g. "
        "outcome,scope,missing_facts. With outcome, access, scope and missing_facts only, "
        "the profiles are evaluated together by the columnar backend (fast)."
    ),
)
@BACKEND
@STANDARDS
def batch(
    profiles: TextIO,
    municipality: str,
    on: object,
    out: TextIO,
    fields: str | None,
    backend: str,
    standard_paths: tuple[Path, ...],
) -> None:
    """Evaluate many profiles: PROFILES is JSON Lines, one profile object a line ('-' = stdin).

    Writes one line per profile, {"line": N, "decision": {...}} or {"line": N, "error": "..."},
    shows progress on stderr, and ends with a summary of the outcomes per service. A wrong
    profile does not stop the run; exit code 1 if any line was wrong.

    With --fields the decision keeps its municipality and date and, per service, only the
    fields named: {"municipality": ..., "evaluated_on": ..., "services": {"<service>":
    {"outcome": ..., "scope": {...}, "missing_facts": [...]}}}.
    """
    standards = load(standard_paths)
    day = evaluation_day(on)
    chosen = batch_fields(fields)
    label = "<stdin>" if profiles.name in ("-", "<stdin>") else str(profiles.name)
    tally = Tally()
    started = time.perf_counter()
    if chosen is not None and set(chosen) <= set(COLUMNAR_FIELDS) and backend == "compiled":
        try:
            from kvalitet.cli.batch_columnar import evaluate_lines  # noqa: PLC0415
        except ImportError as error:
            raise InputError(str(error)) from None
        try:
            evaluate_lines(standards, profiles, out, municipality, day, chosen, tally, label)
        except KvalitetError as error:
            raise InputError(str(error)) from None
    else:
        engine: Literal["compiled", "durable"] = "durable" if backend == "durable" else "compiled"
        numbered = [
            (number, line.rstrip("\r\n"))
            for number, line in enumerate(profiles, start=1)
            if line.strip()
        ]
        with click.progressbar(numbered, label="Evaluerer", file=sys.stderr) as progress:
            for number, line in progress:
                try:
                    decision = _evaluate_line(
                        line, label, number, standards, municipality, day, engine
                    )
                except ProfileError as error:
                    tally.wrong(out, number, str(error))
                    continue
                record = json.loads(decision.to_json(indent=None))
                tally.right(out, number, pruned(record, chosen))
    tally.summary(time.perf_counter() - started)


# The ServiceOutcome fields the columnar backend gives, in the order of the Decision.
COLUMNAR_FIELDS = ("outcome", "access", "scope", "missing_facts")


def batch_fields(fields: str | None) -> tuple[str, ...] | None:
    """The fields named by ``--fields``, in the order of a service's outcome, or None for all.

    Raises:
        click.BadParameter: for a name that is not a field of a service's outcome.
    """
    if fields is None:
        return None
    names = [name.strip() for name in fields.split(",") if name.strip()]
    known = list(ServiceOutcome.model_fields)
    for name in names:
        if name not in known:
            raise click.BadParameter(
                f"'{name}' is not a field of a service's outcome{suggest(name, known)} "
                f"(fields: {', '.join(known)})",
                param_hint="'--fields'",
            )
    if not names:
        raise click.BadParameter("name at least one field", param_hint="'--fields'")
    return tuple(name for name in known if name in names)


def pruned(record: dict[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    """A Decision's JSON with, per service, only ``fields`` (all without a selection)."""
    if fields is None:
        return record
    return {
        "municipality": record["municipality"],
        "evaluated_on": record["evaluated_on"],
        "services": {
            service: {name: outcome[name] for name in fields if name in outcome}
            for service, outcome in record["services"].items()
        },
    }


class Tally:
    """Writes the records of a batch and counts outcomes and wrong lines for the summary."""

    def __init__(self) -> None:
        """Start with nothing counted."""
        self.counts: dict[str, dict[str, int]] = {}
        self.errors: list[int] = []
        self.lines = 0

    def right(self, out: TextIO, number: int, decision: dict[str, Any]) -> None:
        """Write a line's decision and count its outcomes."""
        self.lines += 1
        for service, outcome in decision["services"].items():
            if "outcome" in outcome:
                tally = self.counts.setdefault(service, {})
                tally[outcome["outcome"]] = tally.get(outcome["outcome"], 0) + 1
        record = {"line": number, "decision": decision}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def wrong(self, out: TextIO, number: int, error: str) -> None:
        """Write a wrong line's error."""
        self.lines += 1
        self.errors.append(number)
        out.write(json.dumps({"line": number, "error": error}, ensure_ascii=False) + "\n")

    def summary(self, seconds: float) -> None:
        """Print the summary on stderr; exit 1 if a line was wrong."""
        click.echo(f"{self.lines} profiles in {seconds:.2f} s, {len(self.errors)} wrong", err=True)
        for service, tally in sorted(self.counts.items()):
            summary = ", ".join(f"{outcome} {n}" for outcome, n in sorted(tally.items()))
            click.echo(f"  {service}: {summary}", err=True)
        if self.errors:
            shown = ", ".join(str(n) for n in self.errors[:20])
            more = " …" if len(self.errors) > 20 else ""
            click.echo(f"wrong profiles on lines: {shown}{more}", err=True)
            raise SystemExit(EXIT_INPUT_ERROR)
