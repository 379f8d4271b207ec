"""The citizen's document of a standard as HTML, from Jinja2 templates (autoescaped)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import jinja2

from kvalitet.authoring.render.document import (
    DEFAULT_TEXT,
    ORDER_NOTE,
    collapse,
    document,
    municipality_name,
    validity,
)
from kvalitet.language.standard import StandardFile
from kvalitet.language.vocabulary import Vocabulary


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kvalitet.authoring", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(standard: StandardFile, vocabulary: Vocabulary | None = None) -> str:
    """The standard as a Danish HTML5 document for citizens (every text escaped).

    Args:
        standard: The standard file.
        vocabulary: The vocabulary of its set (default: the bundled one).

    Returns:
        The HTML text.
    """
    template = _environment().get_template("standard.html.j2")
    return template.render(
        doc=document(standard, vocabulary),
        default_text=DEFAULT_TEXT,
        order_note=ORDER_NOTE,
    )


def render_index(
    entries: Sequence[tuple[StandardFile, str]], vocabulary: Vocabulary | None = None
) -> str:
    """An HTML index linking the rendered standards.

    Args:
        entries: Each standard with the file name of its rendered page.
        vocabulary: The vocabulary of their set (default: the bundled one).

    Returns:
        The HTML text of ``index.html``.
    """
    links = [
        {
            "href": name,
            "title": collapse(standard.title),
            "municipality": municipality_name(standard, vocabulary),
            "legal_basis": ", ".join(collapse(b) for b in standard.legal_basis),
            "version": standard.version,
            "validity": validity(standard),
        }
        for standard, name in sorted(
            entries, key=lambda entry: (entry[0].municipality, entry[0].service)
        )
    ]
    return _environment().get_template("index.html.j2").render(links=links)
