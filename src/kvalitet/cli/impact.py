"""``impact``: what a reform of the standards does to a population, as a report folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kvalitet.cli.options import (
    EXIT_INPUT_ERROR,
    MUNICIPALITY,
    ON,
    InputError,
    evaluation_day,
)
from kvalitet.language.problems import KvalitetError, StandardLoadError


@click.command("impact")
@click.argument("population", type=click.Path(path_type=Path, exists=True))
@MUNICIPALITY
@ON
@click.option(
    "--baseline", "baseline_paths", multiple=True, type=click.Path(path_type=Path),
    help="Standard files or folders before the reform (default: the bundled ones; repeatable).",
)  # fmt: skip
@click.option(
    "--reform", "reform_paths", multiple=True, required=True, type=click.Path(path_type=Path),
    help="Changed standard files, or a folder of them; each replaces the baseline's same id.",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, file_okay=False), required=True,
    help=(
        "The report folder (created): impact.md, impact.html, charts/, changed_rows.parquet, "
        "errors.jsonl."
    ),
)  # fmt: skip
def impact(
    population: Path,
    municipality: str,
    on: object,
    baseline_paths: tuple[Path, ...],
    reform_paths: tuple[Path, ...],
    output: Path,
) -> None:
    """Measure what a REFORM of the standards does to a POPULATION of profiles.

    POPULATION is Parquet (a file or a folder), CSV or JSON Lines, one profile a row; a row
    that is not a valid profile is left out, written with its problems to errors.jsonl in the
    report folder, and makes the exit code 1 (the others are measured). Both the
    baseline and the reform are evaluated for the services the reform changes; the report
    gives per service the transitions between outcomes, the scope totals (hours a month, days
    a year), package migrations, amounts, and the rules responsible for the changes.

    \b
    Example:
      kvalitet copy-standards mine -m hillerod      # the bundled files, to edit
      mkdir reform && cp mine/hillerod/2026/sel-85.yaml reform/   # then edit it
      kvalitet impact -m hillerod --reform reform population.parquet -o report
    """
    from kvalitet.population.assess import assess  # noqa: PLC0415 - needs the columnar extra
    from kvalitet.population.reform import load_reform  # noqa: PLC0415

    day = evaluation_day(on)
    try:
        reform = load_reform(reform_paths, baseline_paths or None)
    except StandardLoadError as error:
        count = len(error.problems)
        raise InputError(f"{error}\n{count} problem{'s' if count != 1 else ''} found") from None
    label = ", ".join(reform.changed)
    done = [0]

    def progress(rows: int) -> None:
        done[0] += rows
        click.echo(f"\r  {done[0]:,} profiles", nl=False, err=True)

    try:
        result = assess(
            reform, population, output, municipality=municipality, on=day,
            reform_label=label, progress=progress if sys.stderr.isatty() else None,
        )  # fmt: skip
    except (KvalitetError, ImportError) as error:  # ImportError: an extra is not installed
        raise InputError(str(error)) from None
    except OSError as error:
        raise InputError(f"{output}: cannot write the report: {error.strerror}") from None
    measured = result.impact
    click.echo(
        f"\r{measured.rows:,} profiles, {measured.changed_rows:,} changed, "
        f"in {measured.seconds:.2f} s",
        err=True,
    )
    for service in measured.services.values():
        before, after = service.within(after=False), service.within(after=True)
        click.echo(
            f"  {service.service}: {service.changed:,} changed; within {before:,} → {after:,}",
            err=True,
        )
    click.echo(f"report: {output / 'impact.html'}", err=True)
    if measured.wrong_rows:
        click.echo(
            f"{measured.wrong_rows:,} rows are not valid profiles and were left out "
            f"(each with its problems in {output / 'errors.jsonl'}):",
            err=True,
        )
        for number, problems in result.first_wrong:
            click.echo(f"  row {number}: {'; '.join(problems)}", err=True)
        if measured.wrong_rows > len(result.first_wrong):
            click.echo(f"  … and {measured.wrong_rows - len(result.first_wrong)} more", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)
