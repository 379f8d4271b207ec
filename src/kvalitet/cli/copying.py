"""``copy-standards``: the bundled standards as files to edit, wherever the package is installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from kvalitet.cli.options import InputError
from kvalitet.language.bundled import bundled_standards_dir
from kvalitet.language.discovery import NATIONAL_FOLDER as NATIONAL
from kvalitet.language.suggest import suggest


@click.command("copy-standards")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-m", "--municipality", "municipalities", multiple=True,
    help="Only this municipality's standards (repeatable; default: every bundled one).",
)  # fmt: skip
def copy_standards(folder: Path, municipalities: tuple[str, ...]) -> None:
    """Copy the bundled standards into FOLDER, to read, edit and use with --standards.

    The national data and vocabulary are always copied (every standard reads them), with each
    chosen municipality's standards, vocabulary, cases and inventory. Nothing is overwritten:
    if a file to write is there already, nothing is copied.

    \b
    Examples:
      kvalitet copy-standards mine -m hillerod
      kvalitet validate mine && kvalitet test mine
      kvalitet evaluate -m hillerod --standards mine PROFILE.yaml
      mkdir reform && cp mine/hillerod/2026/sel-85.yaml reform/   # edit, then:
      kvalitet impact -m hillerod --reform reform population.parquet -o report
    """
    source = bundled_standards_dir()
    bundled = sorted(p.name for p in source.iterdir() if p.is_dir() and p.name != NATIONAL)
    for name in municipalities:
        if name not in bundled:
            known = ", ".join(bundled)
            raise InputError(f"no bundled municipality '{name}'{suggest(name, bundled)} ({known})")
    chosen = [NATIONAL, *(municipalities or bundled)]
    files = [
        (path, folder / path.relative_to(source))
        for name in dict.fromkeys(chosen)
        for path in sorted((source / name).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    there = [target for _, target in files if target.exists()]
    if there:
        shown = ", ".join(str(path) for path in there[:3]) + (" …" if len(there) > 3 else "")
        raise InputError(
            f"{len(there)} of the files are in {folder} already ({shown}); nothing was copied: "
            "give a new folder, or move them away first"
        )
    try:
        for path, target in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    except OSError as error:
        raise InputError(f"{folder}: cannot write: {error.strerror or error}") from None
    click.echo(f"copied {len(files)} files ({', '.join(dict.fromkeys(chosen))}) to {folder}")
    click.echo(
        f"use them with: kvalitet validate {folder}; kvalitet evaluate --standards {folder} …"
    )
