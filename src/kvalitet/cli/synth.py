"""``synth``: a synthetic population of profiles, for the ``population`` command group."""

from __future__ import annotations

from pathlib import Path

import click

from kvalitet.cli.options import ON, STANDARDS, InputError, evaluation_day, load
from kvalitet.language.problems import StandardLoadError


@click.command("synth")
@click.option(
    "-n", "--size", type=click.IntRange(min=0), required=True, help="The number of profiles."
)
@click.option(
    "--seed", type=click.IntRange(min=0), default=0, show_default=True,
    help="The random seed; the same seed and spec give the same population.",
)  # fmt: skip
@click.option(
    "--spec", "spec_path", type=click.Path(path_type=Path, dir_okay=False),
    help="A YAML spec: per fact the share missing and how values are spread (default: even).",
)  # fmt: skip
@ON
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
    help="The Parquet file to write.",
)  # fmt: skip
@STANDARDS
def synth(
    size: int,
    seed: int,
    spec_path: Path | None,
    on: object,
    output: Path,
    standard_paths: tuple[Path, ...],
) -> None:
    """Write a synthetic population of SIZE profiles to a Parquet file.

    Each fact is drawn on its own from the spec's distribution (numpy; fast and reproducible):
    for when no real data may leave the municipality. Ages are counted on --on (default today).
    The columns are the facts of the standards' vocabularies: with --standards, a
    municipality's own facts too.

    \b
    Example spec (every key is optional):
      missing: 0.1
      facts:
        motivated: {missing: 0.05, probability: 0.7}
        support_need_level: {weights: {A: 1, B: 2, C: 4, D: 2, E: 1}}
        support_hours_per_month: {distribution: lognormal, median: 10, sigma: 0.6, max: 60}
        birth_date: {age: {min: 18, max: 90}}
        current_services: {codes: {sel-85: 0.2, sel-96: 0.05}}
    """
    from kvalitet.population.spec import read_spec  # noqa: PLC0415 - needs the columnar extra
    from kvalitet.population.synth import write_population  # noqa: PLC0415

    vocabulary = load(standard_paths).vocabulary if standard_paths else None
    try:
        spec = read_spec(spec_path, vocabulary) if spec_path is not None else None
    except StandardLoadError as error:
        count = len(error.problems)
        raise InputError(f"{error}\n{count} problem{'s' if count != 1 else ''} found") from None
    try:
        summary = write_population(
            output, size, seed=seed, on=evaluation_day(on), spec=spec, vocabulary=vocabulary
        )
    except OSError as error:
        raise InputError(f"{output}: cannot write the population: {error.strerror}") from None
    except ImportError as error:  # the columnar extra is not installed
        raise InputError(str(error)) from None
    rate = summary.rows / summary.seconds if summary.seconds > 0 else float("inf")
    click.echo(
        f"{summary.rows:,} profiles × {summary.columns} columns to {summary.path} "
        f"in {summary.seconds:.2f} s ({rate:,.0f} profiles/s)",
        err=True,
    )
