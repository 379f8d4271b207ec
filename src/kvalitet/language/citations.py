"""How a citation reads in text: section, law and the source lines as runs ("linje 45–46, 62")."""

from __future__ import annotations

from collections.abc import Iterable


def line_runs(lines: Iterable[int]) -> str:
    """Line numbers as runs: ``45–46, 62`` for 45, 46 and 62.

    Example:
        >>> line_runs([62, 45, 46])
        '45–46, 62'
    """
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def citation_text(
    section: str,
    law: str | None,
    lines: Iterable[int],
    *,
    standard: str | None = None,
    lines_word: str = "linje",
) -> str:
    """``[standard; ]section[; law][; linje 45–46, 62]``.

    Example:
        >>> citation_text("Målgruppe", "SEL § 97", (626, 718), standard="hillerod/sel-97")
        'hillerod/sel-97; Målgruppe; SEL § 97; linje 626, 718'
    """
    parts = [standard] if standard else []
    parts.append(section)
    if law:
        parts.append(law)
    numbers = list(lines)
    if numbers:
        parts.append(f"{lines_word} {line_runs(numbers)}")
    return "; ".join(parts)
