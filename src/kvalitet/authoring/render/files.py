"""Rendered documents written to a folder: one per standard, and an index for HTML.

A document is written to a new file in the folder that then replaces the old one: a symbolic
link placed in the folder under a document's name is refused (never followed), a hard link is
replaced rather than written through, and nothing is written outside the folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
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
            municipality and service, e.g. two years of one standard), or a document's name
            in the folder is a symbolic link or not a file.
    """
    render = render_html if fmt == "html" else render_markdown
    entries = _named(list(standards), fmt)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [name for _, name in entries] + ([INDEX_NAME] if fmt == "html" else [])
    for name in names:
        _check_target(out_dir, name)
    written = [_write(out_dir, name, render(standard, vocabulary)) for standard, name in entries]
    if fmt == "html":
        written.append(_write(out_dir, INDEX_NAME, render_index(entries, vocabulary)))
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


def _check_target(out_dir: Path, name: str) -> None:
    """Refuse a name that leaves the folder, or a target that is a link or not a file."""
    if Path(name).name != name or name in {".", ".."}:  # pragma: no cover - ids are checked
        msg = f"'{name}' is not a file name inside {out_dir}"
        raise ValueError(msg)
    path = out_dir / name
    if path.is_symlink():
        msg = (
            f"{path} is a symbolic link; kvalitet never writes through a link: "
            "remove it, or render into another folder"
        )
        raise ValueError(msg)
    if path.exists() and not path.is_file():
        msg = f"{path} exists and is not a file; remove it, or render into another folder"
        raise ValueError(msg)


def _write(out_dir: Path, name: str, text: str) -> Path:
    """Write a new file beside the target and move it over the target (never through a link)."""
    _check_target(out_dir, name)
    path = out_dir / name
    temporary = out_dir / f".{name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return path
