"""How a citation reads in text: section, law and the source lines as runs ("linje 45–46, 62")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Cited(Protocol):
    """What a citation holds (a rule's ``cite`` or a reason's citation)."""

    @property
    def section(self) -> str:
        """The heading of the source document's section."""
        ...

    @property
    def law(self) -> str | None:
        """The legal provision."""
        ...

    @property
    def lines(self) -> tuple[int, ...]:
        """Lines of the source text file."""
        ...

    @property
    def document(self) -> str | None:
        """Another document than the standard's source."""
        ...

    @property
    def url(self) -> str | None:
        """A web page."""
        ...

    @property
    def heading(self) -> str | None:
        """The heading of the part of that document or page."""
        ...


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
    cite: Cited,
    *,
    standard: str | None = None,
    lines_word: str = "linje",
) -> str:
    """``[standard; ]section[; law][; document][; heading][; url][; linje 45–46, 62]``.

    Example:
        >>> from kvalitet.language.standard import Citation
        >>> cite = Citation(section="Målgruppe", law="SEL § 97", lines=(626, 718))
        >>> citation_text(cite, standard="hillerod/sel-97")
        'hillerod/sel-97; Målgruppe; SEL § 97; linje 626, 718'
    """
    parts = [standard] if standard else []
    parts.append(cite.section)
    parts.extend(part for part in (cite.law, cite.document, cite.heading, cite.url) if part)
    if cite.lines:
        parts.append(f"{lines_word} {line_runs(cite.lines)}")
    return "; ".join(parts)
