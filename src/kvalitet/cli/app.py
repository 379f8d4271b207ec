"""The ``kvalitet`` command group and its entry point.

Exit codes: 0 success; 1 the input is wrong (a standard file, a profile, an unknown
municipality, a failing case — the message says where and what to write instead); 2 the
command was used wrongly (unknown option, missing argument); 3 an internal error (a bug).
"""

from __future__ import annotations

import os
import sys

import click

from kvalitet.cli import (
    authoring,
    casework,
    copying,
    evaluating,
    impact,
    population,
    records,
    serve,
)
from kvalitet.cli.options import EXIT_INTERNAL_ERROR
from kvalitet.cli.output import safe_output


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
      kvalitet batch -m hillerod profiles.jsonl -o decisions.jsonl --log records.jsonl
      kvalitet replay records.jsonl
      kvalitet schema --out schemas
      kvalitet copy-standards mine -m hillerod
      kvalitet serve --port 8000
      kvalitet population synth --size 100000 --seed 1 -o population.parquet
      kvalitet population evaluate -m hillerod population.parquet -o outcomes.parquet
      kvalitet impact -m hillerod --reform reform population.parquet -o report
    """


for command in (
    authoring.validate,
    evaluating.evaluate,
    casework.explain,
    casework.ask,
    casework.whatif,
    authoring.lint_command,
    authoring.render,
    authoring.test_cases,
    authoring.compare_command,
    authoring.coverage_command,
    evaluating.batch,
    population.population,
    records.replay,
    authoring.schema,
    copying.copy_standards,
    serve.serve,
    impact.impact,
):
    main.add_command(command)


def run() -> None:
    """Run the CLI; an unexpected internal error is one line, not a traceback.

    Output works under any terminal encoding (see :mod:`kvalitet.cli.output`). Set
    ``KVALITET_DEBUG=1`` to see the traceback of an internal error.
    """
    with safe_output():
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
