"""Rendered documents written to a folder: one per standard, and an index for HTML."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from kvalitet.authoring.render.html import render_html, render_index
from kvalitet.authoring.render.markdown import render_markdown
from kvalitet.language.standard import StandardFile
from kvalitet.language.vocabulary import Vocabulary

Format = Literal["markdown", "html"]
SUFFIX: dict[Format, str] = {"markdown": ".md", "html": ".html"}
INDEX_NAME = "index.html"


def file_name(standard: StandardFile, fmt: Format) -> str:
    """The rendered file's name, ``<municipality>-<service>.md`` or ``.html``.

    Example:
        >>> from types import SimpleNamespace
        >>> file_name(SimpleNamespace(municipality="hillerod", service="sel-97"), "html")
        'hillerod-sel-97.html'
    """
    return f"{standard.municipality}-{standard.service}{SUFFIX[fmt]}"


def write_rendered(
    standards: Iterable[StandardFile],
    out_dir: Path,
    fmt: Format,
    vocabulary: Vocabulary | None = None,
) -> list[Path]:
    """Write one document per standard, and for HTML an ``index.html`` linking them.

    Args:
        standards: The standard files to render.
        out_dir: The folder to write to (created when missing).
        fmt: ``"markdown"`` or ``"html"``.
        vocabulary: The vocabulary of their set (default: the bundled one).

    Returns:
        The paths written, in the order of ``standards``, then the index (HTML only).

    Raises:
        ValueError: when two standards would be written to the same file (the same
            municipality and service, e.g. two years of one standard).
    """
    render = render_html if fmt == "html" else render_markdown
    entries = _named(list(standards), fmt)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [_write(out_dir / name, render(standard, vocabulary)) for standard, name in entries]
    if fmt == "html":
        written.append(_write(out_dir / INDEX_NAME, render_index(entries, vocabulary)))
    return written


def _named(standards: list[StandardFile], fmt: Format) -> list[tuple[StandardFile, str]]:
    entries: list[tuple[StandardFile, str]] = []
    seen: dict[str, str] = {}
    for standard in standards:
        name = file_name(standard, fmt)
        if name in seen:
            msg = (
                f"{standard.id} (version {standard.version}) and {seen[name]} would both be "
                f"written to {name}; render one version of a service at a time"
            )
            raise ValueError(msg)
        seen[name] = f"{standard.id} (version {standard.version})"
        entries.append((standard, name))
    return entries


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
