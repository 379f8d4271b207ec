"""What ``kvalitet batch`` writes: the fields chosen with ``--fields``, and the run's tally."""

from __future__ import annotations

import json
from typing import Any, TextIO

import click

from kvalitet.cli.options import EXIT_INPUT_ERROR
from kvalitet.engine.decision import ServiceOutcome
from kvalitet.language.suggest import suggest

# The ServiceOutcome fields the columnar backend gives, in the order of the Decision.
COLUMNAR_FIELDS = ("outcome", "access", "scope", "missing_facts")


def batch_fields(fields: str | None) -> tuple[str, ...] | None:
    """The fields named by ``--fields``, in the order of a service's outcome, or None for all.

    Raises:
        click.BadParameter: for a name that is not a field of a service's outcome.
    """
    if fields is None:
        return None
    names = [name.strip() for name in fields.split(",") if name.strip()]
    known = list(ServiceOutcome.model_fields)
    for name in names:
        if name not in known:
            raise click.BadParameter(
                f"'{name}' is not a field of a service's outcome{suggest(name, known)} "
                f"(fields: {', '.join(known)})",
                param_hint="'--fields'",
            )
    if not names:
        raise click.BadParameter("name at least one field", param_hint="'--fields'")
    return tuple(name for name in known if name in names)


def pruned(record: dict[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    """A Decision's JSON with, per service, only ``fields`` (all without a selection)."""
    if fields is None:
        return record
    return {
        "municipality": record["municipality"],
        "evaluated_on": record["evaluated_on"],
        "services": {
            service: {name: outcome[name] for name in fields if name in outcome}
            for service, outcome in record["services"].items()
        },
    }


class Tally:
    """Writes the records of a batch and counts outcomes and wrong lines for the summary."""

    def __init__(self) -> None:
        """Start with nothing counted."""
        self.counts: dict[str, dict[str, int]] = {}
        self.errors: list[int] = []
        self.lines = 0

    def right(self, out: TextIO, number: int, decision: dict[str, Any]) -> None:
        """Write a line's decision and count its outcomes."""
        self.lines += 1
        for service, outcome in decision["services"].items():
            if "outcome" in outcome:
                tally = self.counts.setdefault(service, {})
                tally[outcome["outcome"]] = tally.get(outcome["outcome"], 0) + 1
        record = {"line": number, "decision": decision}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def wrong(self, out: TextIO, number: int, error: str) -> None:
        """Write a wrong line's error."""
        self.lines += 1
        self.errors.append(number)
        out.write(json.dumps({"line": number, "error": error}, ensure_ascii=False) + "\n")

    def summary(self, seconds: float) -> None:
        """Print the summary on stderr; exit 1 if a line was wrong."""
        click.echo(f"{self.lines} profiles in {seconds:.2f} s, {len(self.errors)} wrong", err=True)
        for service, tally in sorted(self.counts.items()):
            summary = ", ".join(f"{outcome} {n}" for outcome, n in sorted(tally.items()))
            click.echo(f"  {service}: {summary}", err=True)
        if self.errors:
            shown = ", ".join(str(n) for n in self.errors[:20])
            more = " …" if len(self.errors) > 20 else ""
            click.echo(f"wrong profiles on lines: {shown}{more}", err=True)
            raise SystemExit(EXIT_INPUT_ERROR)
