"""Decision-record commands: ``replay`` a decision log against the standards loaded now."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kvalitet.casework.replay import replay as replay_log
from kvalitet.casework.replay import report_json, report_text
from kvalitet.cli.options import EXIT_INPUT_ERROR, STANDARDS, InputError, load, text_or_json
from kvalitet.cli.output import echo_json, printable
from kvalitet.engine.records import RecordError


@click.command()
@click.argument("log", type=click.Path(path_type=Path, dir_okay=False))
@STANDARDS
@text_or_json("text: each difference at FILE:LINE and a summary; json: the report.")
def replay(log: Path, standard_paths: tuple[Path, ...], output_format: str) -> None:
    """Evaluate every decision record of LOG again and report each difference and its cause.

    LOG is a decision log written by `evaluate --log`, `batch --log` or `serve --log`. Each
    record is evaluated with the standards loaded now, on its own day, for its municipality and
    with its backend; per service the outcome, scope, access and missing facts are compared. A
    difference names its cause: the standard changed (its content hash differs), the national
    data or a vocabulary changed, or neither (then the difference comes from the library). A
    line that is not a record is reported at its line, and the replay goes on. Exit code 1 if
    anything differs or a line is not a record.

    \b
    Example:
      kvalitet evaluate -m hillerod --log decisions.jsonl PROFILE.yaml
      kvalitet replay decisions.jsonl
    """
    standards = load(standard_paths)
    try:
        report = replay_log(standards, log)
    except RecordError as error:
        raise InputError(str(error)) from None
    if output_format == "json":
        echo_json(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(printable(report_text(report)), nl=False)
    if not report.clean:
        raise SystemExit(EXIT_INPUT_ERROR)
