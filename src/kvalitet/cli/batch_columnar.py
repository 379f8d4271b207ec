"""``kvalitet batch --fields …`` through the columnar backend: JSON Lines in blocks.

The output is what the per-profile path writes, with only the fields chosen; a wrong line is
reported as ``{"line": N, "error": "..."}`` and does not stop the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from kvalitet.cli.batch_output import Tally
from kvalitet.cli.files import JsonLines, NumberedLine, progress_of
from kvalitet.engine.columnar import TableEvaluator
from kvalitet.engine.columnar.sources import json_options, read_json_lines
from kvalitet.engine.standards import Standards
from kvalitet.language.problems import ProfileError

BLOCK_LINES = 16_384


def evaluate_lines(
    standards: Standards,
    profiles: JsonLines,
    out: TextIO,
    municipality: str,
    day: date,
    fields: tuple[str, ...],
    tally: Tally,
) -> None:
    """Evaluate the JSON lines of ``profiles`` block by block and write the chosen fields.

    A wrong line's problems are located at ``label:LINE:1`` (the line in the file, blank
    lines counted), as the per-profile path locates them.
    """
    evaluator = TableEvaluator(standards, municipality=municipality, on=day)
    known = evaluator.columns.inputs
    services = [program.service for program in evaluator.programs]
    options = json_options(known)
    label = profiles.label
    with progress_of(profiles) as advance:
        for block in _blocks(profiles.lines):
            readable = [item for item in block if item.text is not None]
            encoded = [(item.text or "").encode("utf-8") for item in readable]
            batch, found = read_json_lines(encoded, options, known)
            result, problems = evaluator.evaluate(batch, found)
            wrong = dict(problems.rows())
            rows = iter(enumerate(result.to_pylist()))
            for item in block:
                if item.text is None:  # not UTF-8: its problem is already located
                    tally.wrong(out, item.number, str(item.unreadable(label)))
                    continue
                index, row = next(rows)
                if index in wrong:
                    located = [problem.located(label, item.number) for problem in wrong[index]]
                    tally.wrong(out, item.number, str(ProfileError(located, label)))
                else:
                    decision = _decision(row, services, fields, municipality, day)
                    tally.right(out, item.number, decision)
            advance(sum(item.size for item in block))


def _blocks(lines: Iterator[NumberedLine]) -> Iterator[list[NumberedLine]]:
    """The lines in blocks of ``BLOCK_LINES``, read as they come."""
    block: list[NumberedLine] = []
    for line in lines:
        block.append(line)
        if len(block) == BLOCK_LINES:
            yield block
            block = []
    if block:
        yield block


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
