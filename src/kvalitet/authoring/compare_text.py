"""A comparison of two standards as two columns of Danish text (the CLI's ``compare``)."""

from __future__ import annotations

import shutil
import textwrap
from itertools import zip_longest

from kvalitet.authoring.compare import GROUPS, Comparison, Row, RuleSummary
from kvalitet.language.labels import ACCESS, OUTCOME

MARKS = {
    "same": "=",  # both standards, the same typed numbers and facts
    "differ": "≠",  # both standards, something differs
    "alone": "•",  # one standard only
}


def render_comparison(comparison: Comparison, width: int | None = None) -> str:
    """The comparison as two columns of Danish text.

    Each row is one rule and its counterpart, paired by what they test: ``=`` where both state
    the same, ``≠`` where they differ, ``•`` for a rule one standard has alone — with, under the
    other standard, whether it does not have it or deliberately does not encode it.
    """
    total = width or shutil.get_terminal_size((120, 40)).columns
    column = max(30, (total - 3) // 2)
    left, right = comparison.left, comparison.right
    lines = _columns(
        [f"{left.id} ({left.version})", left.title, f"Lov: {', '.join(left.legal_basis)}"],
        [f"{right.id} ({right.version})", right.title, f"Lov: {', '.join(right.legal_basis)}"],
        column,
    )
    lines.extend(
        _columns(
            [f"Adgang: {ACCESS[left.access].da}"], [f"Adgang: {ACCESS[right.access].da}"], column
        )
    )
    for group, heading, _ in GROUPS:
        rows = [row for row in comparison.rows if row.group == group]
        if not rows:
            continue
        lines.append("")
        lines.append(heading.upper())
        for row in rows:
            mine, theirs = _describe(row, "left"), _describe(row, "right")
            lines.extend(_columns(mine, theirs, column))
    if comparison.left_outcome is not None and comparison.right_outcome is not None:
        lines.append("")
        lines.append("UDFALD FOR PROFILEN")
        lines.extend(
            _columns(
                [OUTCOME[comparison.left_outcome.outcome].da],
                [OUTCOME[comparison.right_outcome.outcome].da],
                column,
            )
        )
        lines.append("")
        lines.append("Regler der gør forskellen (ikke opfyldt, gælder, ukendt eller kun ét sted):")
        for found in comparison.differing_results():
            municipality = comparison.municipality(found.side)
            lines.append(f"  {municipality}: {found.rule} = {found.result} ({found.note})")
    return "\n".join(lines) + "\n"


def _mark(row: Row) -> str:
    if not row.paired:
        return MARKS["alone"]
    return MARKS["same"] if row.same else MARKS["differ"]


def _describe(row: Row, side: str) -> list[str]:
    rule = row.left if side == "left" else row.right
    if rule is None:
        if row.gap is not None:
            return [f"  (ikke kodet: {row.gap.reason})"]
        return ["  (ikke i standarden)"]
    return _rule_lines(rule, _mark(row))


def _rule_lines(rule: RuleSummary, mark: str) -> list[str]:
    lines = [f"{mark} [{rule.id}] {rule.text}"]
    lines.extend(f"  → {detail}" for detail in rule.details)
    if rule.tests:
        lines.append(f"  tester: {', '.join(sorted(rule.tests))}")
    lines.append(f"  ({rule.citation})")
    return lines


def _columns(left: list[str], right: list[str], width: int) -> list[str]:
    wrapped_left = [line for text in left for line in textwrap.wrap(text, width) or [""]]
    wrapped_right = [line for text in right for line in textwrap.wrap(text, width) or [""]]
    return [
        f"{a:<{width}} | {b}".rstrip()
        for a, b in zip_longest(wrapped_left, wrapped_right, fillvalue="")
    ]
