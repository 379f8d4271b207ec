"""The ``kvalitet`` command line: validate standards, evaluate a profile, write JSON Schemas.

Exit codes: 0 success; 1 the input is wrong (a standard file, a profile, an unknown
municipality, a failing case — the message says where and what to write instead); 2 the
command was used wrongly (unknown option, missing argument); 3 an internal error (a bug).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

import click

from kvalitet.api import Standards, load_standards
from kvalitet.cases import run_case_files
from kvalitet.compare import compare, render_comparison
from kvalitet.coverage import coverage, render_report, report_json
from kvalitet.decision import Outcome
from kvalitet.errors import KvalitetError, ProfileError, StandardLoadError
from kvalitet.explain import explain as explain_outcome
from kvalitet.explain import render_explanation
from kvalitet.interview import NextQuestion, next_question
from kvalitet.lint import lint
from kvalitet.loader import bundled_standards_dir
from kvalitet.profile_file import read_profile
from kvalitet.questions import Question
from kvalitet.render import write_rendered
from kvalitet.render_text import render_decision
from kvalitet.schemas import write_schemas
from kvalitet.whatif import what_if

F = TypeVar("F", bound=Callable[..., Any])
EXIT_INPUT_ERROR = 1
EXIT_INTERNAL_ERROR = 3


class InputError(click.ClickException):
    """A problem in the user's input, printed without a traceback; exit code 1."""

    exit_code = EXIT_INPUT_ERROR

    def show(self, file: object = None) -> None:  # noqa: ARG002 - click's signature
        """Print the message as is (it is already located and complete)."""
        click.echo(self.message, err=True)


def _load(paths: tuple[Path, ...]) -> Standards:
    try:
        return load_standards(list(paths) or None)
    except StandardLoadError as error:
        count = len(error.problems)
        raise InputError(f"{error}\n{count} problem{'s' if count != 1 else ''} found") from None


MUNICIPALITY = click.option(
    "-m", "--municipality", required=True, help="The municipality, e.g. haderslev or hillerod."
)
SERVICE = click.option(
    "-s", "--service", required=True, help="The service, e.g. sel-85 (or hillerod/sel-85)."
)
ON = click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The evaluation date, YYYY-MM-DD (default: today).",
)
STANDARDS = click.option(
    "--standards",
    "standard_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Standard files or folders to use instead of the bundled ones (repeatable).",
)
BACKEND = click.option(
    "--backend",
    type=click.Choice(["compiled", "durable"]),
    default="compiled",
    show_default=True,
    help="The rule engine: compiled (fast, default) or durable (durable-rules Rete).",
)


def text_or_json(help_text: str) -> Callable[[F], F]:
    """The ``--format text|json`` option, with what each format gives."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="kvalitet")
def main() -> None:
    """Danish municipal quality standards (kvalitetsstandarder), executable and cited.

    A standard is a YAML file per service; `validate` checks them, `evaluate` gives a citizen
    profile's starting-point outcome for every service of a municipality, with reasons cited
    to the standard and the law. The result is never a decision: the municipality always makes
    a concrete and individual assessment.

    \b
    Examples:
      kvalitet validate standards
      kvalitet evaluate --municipality haderslev examples/haderslev-within.yaml
      kvalitet evaluate -m haderslev --on 2026-03-01 --format json PROFILE.yaml
      kvalitet test standards
      kvalitet coverage
      kvalitet compare haderslev hillerod --service sel-102
      kvalitet explain -m hillerod -s sel-85 PROFILE.yaml
      kvalitet ask -m hillerod -s sel-85 -s sel-97
      kvalitet whatif -m hillerod -s sel-85 PROFILE.yaml
      kvalitet lint standards --on 2026-06-01
      kvalitet render standards --format html -o site
      kvalitet batch -m hillerod profiles.jsonl -o decisions.jsonl
      kvalitet schema --out schemas
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check standard files or folders (default: the bundled standards).

    Every problem is printed as FILE:LINE:COLUMN: CODE: MESSAGE, all at once, sorted.
    Exit code 1 if any problem is found.
    """
    standards = _load(paths)
    files = standards.loaded.files
    click.echo(f"{len(files)} standard file{'s' if len(files) != 1 else ''} OK")


@main.command()
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
    day = _date(on)
    standards = _load(standard_paths)
    try:
        citizen = read_profile(profile)
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
        click.echo(render_decision(decision), nl=False)


def _date(on: object) -> date:
    return on.date() if isinstance(on, datetime) else date.today()


def _service_id(municipality: str, service: str) -> str:
    return service if "/" in service else f"{municipality}/{service}"


@main.command()
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
    standards = _load(standard_paths)
    day = _date(on)
    try:
        citizen = read_profile(profile)
        decision = standards.evaluate(citizen, municipality=municipality, on=day)
        outcome = decision.services.get(_service_id(municipality, service))
        if outcome is None:
            known = ", ".join(s.split("/", 1)[1] for s in decision.services)
            raise InputError(f"no service '{service}' of {municipality} (have: {known})")
        explanation = explain_outcome(outcome, "en" if lang == "en" else "da")
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        click.echo(explanation.model_dump_json(indent=2))
    else:
        click.echo(render_explanation(explanation), nl=False)


@main.command()
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
    'nej', a choice, a number, a date (YYYY-MM-DD) or a comma-separated list; an empty answer
    stops.
    """
    standards = _load(standard_paths)
    day = _date(on)
    chosen = [_service_id(municipality, s) for s in services] or None
    try:
        known = read_profile(profile).known_facts() if profile is not None else {}
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
            if not answer.strip():
                break
            try:
                known[step.question.field] = step.question.parse(answer)
            except KvalitetError as error:
                click.echo(str(error), err=True)
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


@main.command()
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
    standards = _load(standard_paths)
    try:
        citizen = read_profile(profile)
        wanted: Outcome | None = None
        if target == "within_standard":
            wanted = "within_standard"
        elif target == "outside_standard":
            wanted = "outside_standard"
        answers = what_if(
            standards, citizen, service=_service_id(municipality, service), on=_date(on),
            target=wanted, limit=limit,
        )  # fmt: skip
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if not answers:
        click.echo("Ingen ændring af de oplyste fakta ændrer udfaldet efter reglerne.")
    for answer in answers:
        click.echo(answer.describe())


@main.command(name="lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Also report standards not in force on this date (YYYY-MM-DD).",
)  # fmt: skip
def lint_command(paths: tuple[Path, ...], on: object) -> None:
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
    for finding in findings:
        click.echo(str(finding))
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    error_word = "error" if errors == 1 else "errors"
    warning_word = "warning" if warnings == 1 else "warnings"
    click.echo(f"{errors} {error_word}, {warnings} {warning_word}")
    if errors:
        raise SystemExit(EXIT_INPUT_ERROR)


@main.command()
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
    standards = _load(paths)
    fmt: Literal["markdown", "html"] = "markdown" if output_format == "markdown" else "html"
    try:
        written = write_rendered(standards.standards(), out, fmt)
    except (OSError, ValueError) as error:
        raise InputError(f"cannot write the documents: {error}") from None
    for path in written:
        click.echo(f"wrote {path}")


@main.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@STANDARDS
@click.option("-v", "--verbose", is_flag=True, help="List every case, not only failures.")
def test_cases(paths: tuple[Path, ...], standard_paths: tuple[Path, ...], verbose: bool) -> None:  # noqa: FBT001 - click flag
    """Run the YAML test cases under PATHS (default: the bundled standards' cases/ folders).

    A case gives a profile and the outcome, reasons, missing facts and scope the standard's own
    words lead to. Exit code 1 if any case fails, or if there is no case to run.
    """
    targets = list(paths) or [bundled_standards_dir()]
    missing = [str(path) for path in targets if not path.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    standards = _load(standard_paths)
    try:
        results = run_case_files(standards, targets)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if not results:
        where = ", ".join(str(path) for path in targets)
        raise InputError(f"no case files (cases/*.yaml) under {where}; nothing was tested")
    failed = [result for result in results if not result.passed]
    for result in results:
        if not result.passed:
            click.echo(result.report())
        elif verbose:
            click.echo(f"ok   {result.service}: {result.case.name}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise SystemExit(EXIT_INPUT_ERROR)


@main.command(name="compare")
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

    Rules both standards have (the same condition, deadline kind …) stand on one line, marked
    '='; each side's own rules follow, marked '•'. With a PROFILE, both outcomes are shown with
    the rules that make the difference.

    \b
    Example:
      kvalitet compare haderslev hillerod --service sel-102 examples/haderslev-within.yaml
    """
    day = _date(on)
    standards = _load(standard_paths)
    try:
        citizen = read_profile(profile) if profile is not None else None
        comparison = compare(standards, left, right, service, on=day, profile=citizen)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    click.echo(render_comparison(comparison, width), nl=False)


@main.command(name="coverage")
@STANDARDS
@click.option(
    "--inventory",
    type=click.Path(path_type=Path, file_okay=False),
    help="The rule inventory folder (default: standards/inventory).",
)
@click.option("--all", "show_all", is_flag=True, help="List encoded rules too, with where.")
@text_or_json("text: per inventory entry; json: every rule with its status.")
def coverage_command(
    standard_paths: tuple[Path, ...],
    inventory: Path | None,
    show_all: bool,  # noqa: FBT001 - click flag
    output_format: str,
) -> None:
    """Account for every rule of the source documents' inventory.

    Per inventory entry (a service of a source document): how many of the rules a program can
    evaluate are encoded (named in a rule's `encodes`), how many are deliberately not encoded
    (listed in `not_encoded` with the reason), and which are unaccounted. Exit code 1 if an
    encodable rule is unaccounted or a standard names an id the inventory does not have.
    """
    standards = _load(standard_paths)
    try:
        report = coverage(standards.standards(), inventory)
    except KvalitetError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(report, show_all=show_all), nl=False)
    if not report.complete:
        raise SystemExit(EXIT_INPUT_ERROR)


def _json_line(line: str) -> Any:  # noqa: ANN401 - any JSON value; the profile model checks it
    try:
        return json.loads(line)
    except ValueError as error:
        raise ProfileError([f"not JSON: {error}"]) from None


@main.command()
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
    standards = _load(standard_paths)
    day = _date(on)
    engine: Literal["compiled", "durable"] = "durable" if backend == "durable" else "compiled"
    lines = [line for line in profiles.read().splitlines() if line.strip()]
    counts: dict[str, dict[str, int]] = {}
    errors: list[int] = []
    started = time.perf_counter()
    with click.progressbar(lines, label="Evaluerer", file=sys.stderr) as progress:
        for number, line in enumerate(progress, start=1):
            try:
                data = _json_line(line)
                decision = standards.evaluate(
                    data, municipality=municipality, on=day, backend=engine
                )
            except KvalitetError as error:
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
    click.echo(f"{len(lines)} profiles in {seconds:.2f} s, {len(errors)} wrong", err=True)
    for service, tally in sorted(counts.items()):
        summary = ", ".join(f"{outcome} {n}" for outcome, n in sorted(tally.items()))
        click.echo(f"  {service}: {summary}", err=True)
    if errors:
        shown = ", ".join(str(n) for n in errors[:20])
        click.echo(f"wrong profiles on lines: {shown}{' …' if len(errors) > 20 else ''}", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
def schema(out: Path) -> None:
    """Write the JSON Schemas of the standard file, the profile and the decision.

    Editors use standard.schema.json to complete and check standard files (each file's first
    line points at it).
    """
    for path in write_schemas(out):
        click.echo(f"wrote {path}")


def run() -> None:
    """Run the CLI; an unexpected internal error is one line, not a traceback.

    Set ``KVALITET_DEBUG=1`` to see the traceback of an internal error.
    """
    try:
        main(standalone_mode=True)
    except Exception as error:
        if os.environ.get("KVALITET_DEBUG"):
            raise
        click.echo(
            f"kvalitet: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in kvalitet; run again with KVALITET_DEBUG=1 for details.",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)


if __name__ == "__main__":  # pragma: no cover
    run()
