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
from kvalitet.cli.spark import evaluate_on_spark
from kvalitet.cli.synth import synth
from kvalitet.language.problems import KvalitetError

if TYPE_CHECKING:
    from kvalitet.engine.columnar.files import Progress, Summary

SHOWN = 20
DEFAULT_BATCH_ROWS = 65_536


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
    "-o", "--out", "target", required=True, type=click.Path(path_type=Path),
    help="The output file: .parquet or .jsonl (one row per input row, in order); with "
    "--engine spark a Parquet folder.",
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
    "--batch-rows", type=click.IntRange(min=1), default=DEFAULT_BATCH_ROWS, show_default=True,
    help="Rows read, evaluated and written at a time (memory grows with it, not with the file).",
)  # fmt: skip
@click.option(
    "--engine", type=click.Choice(["columnar", "spark"]), default="columnar", show_default=True,
    help="columnar: in this process, streamed. spark: on Apache Spark, Parquet folder in and "
    "out (pip install 'kvalitet[spark]' and Java; see docs/spark.md).",
)  # fmt: skip
@click.option(
    "--master",
    help="With --engine spark: the Spark master, e.g. local[4] or spark://host:7077 "
    "(default: spark-submit's, or local[*]).",
)
@click.option(
    "--overwrite", is_flag=True, help="With --engine spark: replace the output folder if it exists."
)
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
    engine: str,
    master: str | None,
    overwrite: bool,  # noqa: FBT001 - a click flag
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
      kvalitet population evaluate -m hillerod people/ -o outcomes/ --engine spark --master local[2]
    """
    if engine == "spark":
        _refuse_columnar_only(errors, source_format, target_format, batch_rows)
        evaluate_on_spark(
            source, target, municipality=municipality, on=on, services=service_list(services),
            master=master, overwrite=overwrite, standard_paths=standard_paths,
        )  # fmt: skip
        return
    if master is not None or overwrite:
        raise InputError("--master and --overwrite are for --engine spark; leave them out.")
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give a .parquet or .jsonl file to write.")
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


def _refuse_columnar_only(
    errors: Path | None, source_format: str | None, target_format: str | None, batch_rows: int
) -> None:
    """Spark reads and writes Parquet folders in its own partitions: these options do not apply."""
    given = [
        name
        for name, value in (
            ("--errors", errors),
            ("--from", source_format),
            ("--to", target_format),
            ("--batch-rows", None if batch_rows == DEFAULT_BATCH_ROWS else batch_rows),
        )
        if value is not None
    ]
    if given:
        raise InputError(
            f"{', '.join(given)}: not used with --engine spark (Parquet in, a Parquet folder "
            "out, partitioned by Spark); leave them out."
        )


population.add_command(synth)


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
