"""What every command shares: options, the input-error exception, loading standards, dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from kvalitet.cli.output import printable
from kvalitet.engine.standards import Standards, load_standards
from kvalitet.language.bundled import BUNDLED_WORD, bundled_standards_dir
from kvalitet.language.calendar import EvaluationDay, resolve_day
from kvalitet.language.labels import Language
from kvalitet.language.problems import KvalitetError, StandardLoadError
from kvalitet.language.profile import ProfileBase
from kvalitet.language.profile_file import read_profile_file

F = TypeVar("F", bound=Callable[..., Any])
EXIT_INPUT_ERROR = 1
EXIT_INTERNAL_ERROR = 3


class InputError(click.ClickException):
    """A problem in the user's input, printed without a traceback; exit code 1."""

    exit_code = EXIT_INPUT_ERROR

    def show(self, file: object = None) -> None:  # noqa: ARG002 - click's signature
        """Print the message (already located and complete), control characters escaped."""
        click.echo(printable(self.message), err=True)


def load_paths(paths: tuple[Path, ...]) -> Standards:
    """Load the standards at ``paths`` (default: the bundled ones; ``bundled`` names them).

    Raises:
        StandardLoadError: with every problem found.
    """
    chosen = [bundled_standards_dir() if str(p) == BUNDLED_WORD else p for p in paths]
    return load_standards(chosen or None)


def load(paths: tuple[Path, ...]) -> Standards:
    """Load the standards at ``paths`` (default: the bundled ones), as an input error if wrong."""
    try:
        return load_paths(paths)
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
    help=(
        "Standard files or folders to use instead of the bundled ones (repeatable); "
        "'bundled' is the bundled standards, to load a folder beside them."
    ),
)
BACKEND = click.option(
    "--backend",
    type=click.Choice(["compiled", "durable"]),
    default="compiled",
    show_default=True,
    help="The rule engine: compiled (fast, default) or durable (durable-rules Rete).",
)


LANG = click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    default="da",
    show_default=True,
    help="The language of the output's words (the standards' own sentences stay Danish).",
)
LOG = click.option(
    "--log",
    "log_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Append a decision record (JSON Lines) for every decision to this file.",
)


def language(lang: str) -> Language:
    """The ``--lang`` choice as a language of the label catalogue."""
    return "en" if lang == "en" else "da"


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


def evaluation_day(on: object) -> date:
    """The ``--on`` date, or today in Denmark (an input error outside 1900–2100)."""
    return resolved_day(on).day


def resolved_day(on: object) -> EvaluationDay:
    """The ``--on`` date, or today in Denmark, and whether it was given (input error if wrong)."""
    try:
        return resolve_day(on)
    except KvalitetError as error:
        raise InputError(str(error)) from None


def service_id(municipality: str, service: str) -> str:
    """``sel-85`` of ``hillerod`` is ``hillerod/sel-85``; a full id is kept."""
    return service if "/" in service else f"{municipality}/{service}"


def read_profile(standards: Standards, path: Path) -> ProfileBase:
    """Read and validate a profile file (``-``: standard input) against the standards' vocabulary.

    Raises:
        ProfileError: naming ``file:line:column``, the field and what it expects.
    """
    file = read_profile_file(path)
    return standards.parse_profile(file.data, source=file.label, positions=file.positions)
