"""Authoring commands: validate, lint, render, test, compare, coverage and schema."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

import click

from kvalitet.authoring.cases import find_case_files, run_case_files
from kvalitet.authoring.compare import compare
from kvalitet.authoring.compare_text import render_comparison
from kvalitet.authoring.coverage import coverage, render_report, report_json
from kvalitet.authoring.json_schemas import write_schemas
from kvalitet.authoring.lint import lint
from kvalitet.authoring.render import write_rendered
from kvalitet.authoring.reports import problems_json, problems_sarif
from kvalitet.authoring.typed_profile import typed_profile_source
from kvalitet.cli.options import (
    EXIT_INPUT_ERROR,
    STANDARDS,
    InputError,
    evaluation_day,
    load,
    load_paths,
    read_profile,
    text_or_json,
)
from kvalitet.language.bundled import default_standard_paths
from kvalitet.language.problems import KvalitetError, Problem, StandardLoadError, problem_text
from kvalitet.language.vocabulary_loader import bundled_vocabulary
from kvalitet.language.yaml_reader import YamlSyntaxError, read_yaml

PROBLEM_FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text: FILE:LINE:COL: CODE: MESSAGE; json: a list of problems; sarif: SARIF 2.1.0 "
    "for code scanning in CI.",
)


def _report(problems: list[Problem], output_format: str) -> None:
    """Print problems as JSON or SARIF on standard output."""
    data = problems_sarif(problems) if output_format == "sarif" else problems_json(problems)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@PROBLEM_FORMAT
def validate(paths: tuple[Path, ...], output_format: str) -> None:
    """Check standard files or folders (default: the bundled standards).

    Every problem is printed as FILE:LINE:COLUMN: CODE: MESSAGE, all at once, sorted.
    Exit code 1 if any problem is found.
    """
    if output_format == "text":
        standards = load(paths)
        files = standards.loaded.files
        click.echo(f"{len(files)} standard file{'s' if len(files) != 1 else ''} OK")
        return
    try:
        load_paths(paths)
    except StandardLoadError as error:
        _report(error.problems, output_format)
        raise SystemExit(EXIT_INPUT_ERROR) from None
    _report([], output_format)


@click.command(name="lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Also report standards not in force on this date (YYYY-MM-DD).",
)  # fmt: skip
@PROBLEM_FORMAT
def lint_command(paths: tuple[Path, ...], on: object, output_format: str) -> None:
    """Static checks of standard files (default: the bundled standards).

    Errors: a criterion no profile can meet, an exclusion that always applies, criteria and
    exclusions that contradict each other, and every load problem (overlapping bands are one:
    'conflict'). Warnings: gaps between numeric bands (the § 85 packages), derived facts no
    rule reads, a standard not in force on --on, a rule citing no source line, a standard
    without cases, and a number a rule encodes that its quoted text does not state. Exit code 1
    on errors, 0 on warnings only.
    """
    day = on.date() if isinstance(on, datetime) else None
    findings = lint(list(paths) or None, on=day)
    errors = sum(f.severity == "error" for f in findings)
    if output_format != "text":
        _report(findings, output_format)
        if errors:
            raise SystemExit(EXIT_INPUT_ERROR)
        return
    if findings:
        click.echo(problem_text(findings))
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    error_word = "error" if errors == 1 else "errors"
    warning_word = "warning" if warnings == 1 else "warnings"
    click.echo(f"{errors} {error_word}, {warnings} {warning_word}")
    if errors:
        raise SystemExit(EXIT_INPUT_ERROR)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["markdown", "html"]), default="html",
    show_default=True,
)  # fmt: skip
@click.option(
    "-o", "--out", type=click.Path(path_type=Path, file_okay=False), required=True,
    help="Folder to write the documents into.",
)  # fmt: skip
def render(paths: tuple[Path, ...], output_format: str, out: Path) -> None:
    """Write standards back as readable Danish documents for citizens (default: the bundled ones).

    One document per standard, its rules in the order of the source document, each with the
    standard's own words and its citation; HTML also gets an index.html.
    """
    standards = load(paths)
    fmt: Literal["markdown", "html"] = "markdown" if output_format == "markdown" else "html"
    try:
        written = write_rendered(standards.standards(), out, fmt, standards.vocabulary)
    except (OSError, ValueError) as error:
        raise InputError(f"cannot write the documents: {error}") from None
    for path in written:
        click.echo(f"wrote {path}")


@click.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@STANDARDS
@click.option("-v", "--verbose", is_flag=True, help="List every case, not only failures.")
def test_cases(paths: tuple[Path, ...], standard_paths: tuple[Path, ...], verbose: bool) -> None:  # noqa: FBT001 - click flag
    """Run the YAML test cases under PATHS (default: the bundled standards' cases/ folders).

    A case gives a profile and the outcome, reasons, missing facts and scope the standard's own
    words lead to. The cases are evaluated against the standards found where they are (the
    folder holding each cases/ folder, with its vocabulary and national data), or against
    --standards. Exit code 1 if any case fails, or if there is no case to run.
    """
    targets = list(paths) or default_standard_paths()
    missing = [str(path) for path in targets if not path.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    if not find_case_files(targets):
        where = ", ".join(str(path) for path in targets)
        raise InputError(f"no case files (cases/*.yaml) under {where}; nothing was tested")
    for path in targets:
        _refuse_other_kinds(path)
    chosen = standard_paths or tuple(dict.fromkeys(standards_beside(path) for path in targets))
    standards = load(chosen)
    count = len(standards.loaded.files)
    click.echo(
        f"standards: {', '.join(str(path) for path in chosen)} "
        f"({count} standard file{'s' if count != 1 else ''})"
    )
    try:
        results = run_case_files(standards, targets)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    failed = [result for result in results if not result.passed]
    for result in results:
        if not result.passed:
            click.echo(result.report())
        elif verbose:
            click.echo(f"ok   {result.service}: {result.case.name}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise SystemExit(EXIT_INPUT_ERROR)


def _refuse_other_kinds(path: Path) -> None:
    """A file given to ``test`` that is clearly not a case file is refused, saying what it is."""
    if not path.is_file():
        return
    try:
        data, _ = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return  # the run reports it, located
    if isinstance(data, dict) and "cases" not in data:
        kind = "a standard file" if {"id", "criteria"} & set(data) else "not a case file"
        raise InputError(
            f"{path}:1:1: wrong-kind-of-file: this is {kind}; a case file has 'service', 'on' "
            "and a list of 'cases' (run `kvalitet validate` on a standard file)"
        )


def standards_beside(path: Path) -> Path:
    """The folder of standards that a case file or a ``cases`` folder belongs to."""
    folder = path.parent if path.is_file() else path
    return folder.parent if folder.name == "cases" else folder


@click.command(name="compare")
@click.argument("left")
@click.argument("right")
@click.argument("profile", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-s", "--service", required=True, help="e.g. sel-102 (the id after the '/').")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date whose standards are compared, YYYY-MM-DD (default: today).",
)
@click.option("--width", type=int, help="Width of the output (default: the terminal's).")
@STANDARDS
def compare_command(
    left: str,
    right: str,
    profile: Path | None,
    service: str,
    on: object,
    width: int | None,
    standard_paths: tuple[Path, ...],
) -> None:
    """Compare two municipalities' standards for one service, side by side.

    Rules are paired by what they test (the facts a condition reads, the fields a scope rule
    sets, a deadline's kind, the kind of term): '=' where both state the same, '≠' where they
    differ, '•' for a rule one standard has alone, with under the other whether it does not
    have it or deliberately does not encode it. With a PROFILE, both outcomes are shown with
    the rules that make the difference.

    \b
    Example:
      kvalitet compare haderslev hillerod --service sel-102 examples/haderslev-within.yaml
    """
    day = evaluation_day(on)
    standards = load(standard_paths)
    try:
        citizen = read_profile(standards, profile) if profile is not None else None
        comparison = compare(standards, left, right, service, on=day, profile=citizen)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    click.echo(render_comparison(comparison, width), nl=False)


@click.command(name="coverage")
@STANDARDS
@click.option(
    "--inventory",
    "inventories",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Inventory files (default: the inventory.yaml of each municipality loaded).",
)
@click.option("--all", "show_all", is_flag=True, help="List encoded rules too, with where.")
@text_or_json("text: per inventory entry; json: every rule with its status.")
def coverage_command(
    standard_paths: tuple[Path, ...],
    inventories: tuple[Path, ...],
    show_all: bool,  # noqa: FBT001 - click flag
    output_format: str,
) -> None:
    """Account for every rule of the source documents' inventories.

    A municipality may keep the rule inventory of its source document as inventory.yaml next
    to its standards. Per inventory entry (a service of a source document): how many of the
    rules a program can evaluate are encoded (named in a rule's `encodes`), how many are
    deliberately not encoded (listed in `not_encoded` with the reason), and which are
    unaccounted. Exit code 1 if an encodable rule is unaccounted or a standard names an id the
    inventory does not have.
    """
    standards = load(standard_paths)
    chosen = list(inventories) or list(standards.loaded.inventories)
    if not chosen:
        click.echo("no inventory.yaml next to the standards loaded: nothing to cover")
        return
    try:
        report = coverage(standards.standards(), chosen)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(report, show_all=show_all), nl=False)
    if not report.complete:
        raise SystemExit(EXIT_INPUT_ERROR)


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
@click.option(
    "--python", "python_file", type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the typed profile module (src/kvalitet/language/bundled_profile.py).",
)  # fmt: skip
@STANDARDS
def schema(out: Path, python_file: Path | None, standard_paths: tuple[Path, ...]) -> None:
    """Write the JSON Schemas of the standard file, the profile and the decision.

    Editors use standard.schema.json to complete and check standard files (each file's first
    line points at it). With --standards, the schemas know those standards' vocabulary (a
    municipality's own facts and scope fields).
    """
    vocabulary = load(standard_paths).vocabulary if standard_paths else bundled_vocabulary()
    for path in write_schemas(out, vocabulary):
        click.echo(f"wrote {path}")
    if python_file is not None:
        python_file.write_text(typed_profile_source(vocabulary), encoding="utf-8")
        click.echo(f"wrote {python_file}")
