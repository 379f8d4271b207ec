"""``kvalitet batch --fields …`` through the columnar backend: JSON Lines in blocks.

The output is what the per-profile path writes, with only the fields chosen; a wrong line is
reported as ``{"line": N, "error": "..."}`` and does not stop the run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

import click

from kvalitet.cli.evaluating import Tally
from kvalitet.engine.columnar import TableEvaluator
from kvalitet.engine.columnar.sources import json_options, read_json_lines
from kvalitet.engine.standards import Standards
from kvalitet.language.problems import ProfileError

BLOCK_LINES = 16_384


def evaluate_lines(
    standards: Standards,
    profiles: TextIO,
    out: TextIO,
    municipality: str,
    day: date,
    fields: tuple[str, ...],
    tally: Tally,
    label: str,
) -> None:
    """Evaluate the JSON lines of ``profiles`` block by block and write the chosen fields.

    A wrong line's problems are located at ``label:LINE:1`` (the line in the file, blank
    lines counted), as the per-profile path locates them.
    """
    evaluator = TableEvaluator(standards, municipality=municipality, on=day)
    known = evaluator.columns.inputs
    services = [program.service for program in evaluator.programs]
    options = json_options(known)
    with click.progressbar(
        length=max(_size(profiles), 1), label="Evaluerer", file=sys.stderr
    ) as progress:
        for numbers, lines, read in _blocks(profiles):
            encoded = [line.encode("utf-8") for line in lines]
            batch, found = read_json_lines(encoded, options, known)
            result, problems = evaluator.evaluate(batch, found)
            wrong = dict(problems.rows())
            for index, row in enumerate(result.to_pylist()):
                number = numbers[index]
                if index in wrong:
                    located = [problem.located(label, number) for problem in wrong[index]]
                    tally.wrong(out, number, str(ProfileError(located, label)))
                else:
                    tally.right(out, number, _decision(row, services, fields, municipality, day))
            progress.update(read)


def _blocks(profiles: TextIO) -> Iterator[tuple[list[int], list[str], int]]:
    """Blocks of non-blank lines: their line numbers, the lines, characters read."""
    numbers: list[int] = []
    block: list[str] = []
    read = 0
    for number, line in enumerate(profiles, start=1):
        read += len(line)
        if line.strip():
            numbers.append(number)
            block.append(line.rstrip("\r\n"))
            if len(block) == BLOCK_LINES:
                yield numbers, block, read
                numbers, block, read = [], [], 0
    if block:
        yield numbers, block, read


def _size(stream: TextIO) -> int:
    """The size of a file being read (0 for a pipe)."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, ValueError):
        return 0


def _decision(
    row: dict[str, Any], services: list[str], fields: tuple[str, ...], municipality: str, day: date
) -> dict[str, Any]:
    """A Decision's JSON with only ``fields`` per service, from one row of the output table."""
    chosen: dict[str, Any] = {}
    for service in services:
        outcome = row[f"{service}:outcome"]
        values: dict[str, Any] = {}
        for name in fields:
            if name == "scope":
                if outcome == "within_standard":
                    prefix = f"{service}:scope."
                    values["scope"] = {
                        key.removeprefix(prefix): value
                        for key, value in row.items()
                        if key.startswith(prefix) and value is not None
                    }
            else:
                values[name] = row[f"{service}:{name}"]
        chosen[service] = values
    return {"municipality": municipality, "evaluated_on": day.isoformat(), "services": chosen}
