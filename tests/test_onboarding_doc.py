"""docs/onboarding.md says what kvalitet does: its files are the fixture's, its commands run.

The guide marks what it shows:

* ``<!-- fixture: PATH -->`` before a YAML block: the block is the fixture file, or a part of
  it, verbatim;
* ``<!-- write: NAME -->`` before a YAML block: a file the reader writes (a profile);
* a ``console`` block: commands (``$ kvalitet …``) and their exact output, run in order in a
  folder holding a copy of ``tests/data/koege`` as ``koege`` (a last line ``…`` means the
  output goes on);
* ``<!-- edit: FILE: "OLD" -> "NEW" -->`` before a console block: the block runs with that
  change made to the file;
* ``<!-- package: pyproject.toml -->`` before a TOML block: the package it describes is built
  from the fixture, installed, and found.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvalitet.cli.app import main

from .conftest import DATA, ROOT
from .packaging_support import install_package, run_python

GUIDE = ROOT / "docs" / "onboarding.md"
BLOCK = re.compile(
    r"(?:<!-- (?P<mark>[^\n]*?) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.DOTALL
)
EDIT = re.compile(r'edit: (?P<file>\S+): "(?P<old>[^"]*)" -> "(?P<new>[^"]*)"')
MORE = "…"


@dataclass(frozen=True)
class Block:
    """A fenced block of the guide with the mark before it."""

    mark: str
    lang: str
    body: str


def blocks() -> list[Block]:
    text = GUIDE.read_text(encoding="utf-8")
    return [Block(m["mark"] or "", m["lang"], m["body"]) for m in BLOCK.finditer(text)]


def test_every_yaml_block_of_a_fixture_is_in_that_file() -> None:
    quoted: dict[str, list[str]] = {}
    for block in blocks():
        if block.mark.startswith("fixture: "):
            name = block.mark.removeprefix("fixture: ")
            assert block.body in (ROOT / name).read_text(encoding="utf-8"), name
            quoted.setdefault(name, []).append(block.body)
    whole = ["tests/data/koege/vocabulary.yaml", "tests/data/koege/2023/sel-85.yaml"]
    for name in whole:  # the example's vocabulary and standard are shown whole
        assert (ROOT / name).read_text(encoding="utf-8") in quoted[name], name
    assert "tests/data/koege/2023/cases/sel-85.yaml" in quoted


def test_every_console_example_gives_the_output_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DATA / "koege", tmp_path / "koege")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KVALITET_STANDARDS", raising=False)
    ran = 0
    for block in blocks():
        if block.mark.startswith("write: "):
            (tmp_path / block.mark.removeprefix("write: ")).write_text(block.body, "utf-8")
        if block.lang != "console":
            continue
        edit = EDIT.fullmatch(block.mark)
        original = ""
        if edit is not None:
            edited = tmp_path / edit["file"]
            original = edited.read_text(encoding="utf-8")
            assert edit["old"] in original, block.mark
            edited.write_text(original.replace(edit["old"], edit["new"]), encoding="utf-8")
        for command, shown in commands(block.body):
            words = shlex.split(command)
            assert words[0] == "kvalitet", command
            result = CliRunner().invoke(main, words[1:])
            if shown and shown[-1] == MORE:
                assert result.output.startswith("\n".join(shown[:-1]) + "\n"), command
            else:
                assert result.output == "".join(f"{line}\n" for line in shown), command
            ran += 1
        if edit is not None:
            (tmp_path / edit["file"]).write_text(original, encoding="utf-8")
    assert ran >= 6


def commands(body: str) -> list[tuple[str, list[str]]]:
    """Each ``$ command`` of a console block with the lines it prints."""
    found: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append((line.removeprefix("$ "), []))
        else:
            found[-1][1].append(line)
    return found


def test_the_package_described_is_found_when_installed(tmp_path: Path) -> None:
    pyproject = next(b.body for b in blocks() if b.mark == "package: pyproject.toml")
    site = install_package(tmp_path, pyproject, DATA / "koege", "koege_standards")
    profile = tmp_path / "borger.yaml"
    profile.write_text("birth_date: 1988-09-30\nimpairment_substantial: true\n", "utf-8")
    done = run_python(site, tmp_path, "-m", "kvalitet", "ask", "-m", "koege", "--next",
                      "--on", "2024-01-15", str(profile))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"field": "function_problem_level"' in done.stdout
    assert '"undetermined": [\n    "koege/sel-85"\n  ]' in done.stdout
