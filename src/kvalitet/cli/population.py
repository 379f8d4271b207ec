"""Population commands: evaluate a whole file of profiles (``population evaluate``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kvalitet.cli.options import (
    EXIT_INPUT_ERROR,
    MUNICIPALITY,
    ON,
    STANDARDS,
    InputError,
    evaluation_day,
    load,
)
from kvalitet.language.problems import KvalitetError

if TYPE_CHECKING:
    from kvalitet.engine.columnar.files import Progress, Summary

SHOWN = 20


@click.group()
def population() -> None:
    """Whole populations of profiles, as files (needs pip install 'kvalitet[columnar]')."""


def service_list(values: tuple[str, ...]) -> list[str] | None:
    """``--services sel-85,sel-97`` (repeatable) as a list, or None for all services."""
    chosen = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return chosen or None


SERVICES = click.option(
    "--services",
    "services",
    multiple=True,
    help="Only these services, e.g. sel-85,sel-97 (repeatable; default: all in force).",
)


@population.command("evaluate")
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@MUNICIPALITY
@click.option(
    "-o", "--out", "target", required=True, type=click.Path(path_type=Path, dir_okay=False),
    help="The output file: .parquet or .jsonl (one row per input row, in order).",
)  # fmt: skip
@ON
@SERVICES
@STANDARDS
@click.option(
    "--errors",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where wrong rows are written, as JSON Lines (default: OUT.errors.jsonl).",
)
@click.option(
    "--from", "source_format", type=click.Choice(["parquet", "csv", "jsonl"]),
    help="The input format (default: from the file name: .parquet, .csv, .jsonl).",
)  # fmt: skip
@click.option(
    "--to", "target_format", type=click.Choice(["parquet", "jsonl"]),
    help="The output format (default: from the file name).",
)  # fmt: skip
@click.option(
    "--batch-rows", type=click.IntRange(min=1), default=65_536, show_default=True,
    help="Rows read, evaluated and written at a time (memory grows with it, not with the file).",
)  # fmt: skip
def evaluate(
    source: Path,
    municipality: str,
    target: Path,
    on: object,
    services: tuple[str, ...],
    standard_paths: tuple[Path, ...],
    errors: Path | None,
    source_format: str | None,
    target_format: str | None,
    batch_rows: int,
) -> None:
    """Evaluate every profile in SOURCE (Parquet, CSV or JSON Lines), streamed in batches.

    SOURCE may also be a folder of Parquet files (read in the order of their names).

    Columns (or JSON keys) are profile fields, an optional 'id' is carried; empty cells are
    unknown. OUT gets one row per input row, in order, with per service the columns
    <service>:outcome, <service>:access, <service>:scope.<field> and <service>:missing_facts.
    A wrong row does not stop the run: its service columns are empty and its row number and
    problems go to the errors file. Shows progress on stderr and ends with a summary of the
    outcomes per service; exit code 1 if any row was wrong.

    \b
    Examples:
      kvalitet population evaluate -m hillerod people.parquet -o outcomes.parquet
      kvalitet population evaluate -m hillerod people.csv -o out.jsonl --services sel-85,sel-97
    """
    try:
        from kvalitet.engine.columnar.files import errors_path, evaluate_file  # noqa: PLC0415
    except ImportError as error:
        raise InputError(f"{error}") from None
    standards = load(standard_paths)
    with _progress() as progress:
        try:
            summary = evaluate_file(
                standards,
                source,
                target,
                municipality=municipality,
                on=evaluation_day(on),
                services=service_list(services),
                errors=errors,
                source_format=source_format,
                target_format=target_format,
                batch_rows=batch_rows,
                progress=progress,
            )
        except KvalitetError as error:
            raise InputError(str(error)) from None
    _print_summary(summary, errors or errors_path(target))
    if summary.wrong or summary.notes:
        raise SystemExit(EXIT_INPUT_ERROR)


@contextmanager
def _progress() -> Iterator[Progress]:
    """A progress bar on stderr, started when the size of the input is known."""
    bar: Any = None
    shown = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label="Evaluerer", file=sys.stderr)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _print_summary(summary: Summary, errors: Path) -> None:
    rate = summary.rows / summary.seconds if summary.seconds else 0.0
    click.echo(
        f"{summary.rows} profiles in {summary.seconds:.2f} s ({rate:,.0f} profiles/s), "
        f"{summary.wrong} wrong",
        err=True,
    )
    for service, tally in summary.outcomes.items():
        counts = ", ".join(f"{outcome} {n}" for outcome, n in sorted(tally.items()))
        click.echo(f"  {service}: {counts}", err=True)
    for number, problems in summary.first_wrong:
        click.echo(f"row {number}: {'; '.join(problems)}", err=True)
    if summary.wrong > len(summary.first_wrong):
        click.echo(f"… and {summary.wrong - len(summary.first_wrong)} more wrong rows", err=True)
    if summary.wrong:
        click.echo(f"wrong rows are listed in {errors}", err=True)
    for note in summary.notes:
        click.echo(note, err=True)
