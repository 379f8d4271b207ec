"""A standard file written back as a readable Danish document for citizens (Markdown or HTML).

:mod:`~kvalitet.authoring.render.document` builds what the document shows (rules in the order of
the source, typed numbers in Danish, citations); :mod:`~kvalitet.authoring.render.markdown` and
:mod:`~kvalitet.authoring.render.html` write it; :mod:`~kvalitet.authoring.render.files` writes
one per standard into a folder.
"""

from kvalitet.authoring.render.document import RenderedDocument, collapse, document, ordered_rules
from kvalitet.authoring.render.files import Format, file_name, write_rendered
from kvalitet.authoring.render.html import render_html, render_index
from kvalitet.authoring.render.markdown import escape_markdown, render_markdown

__all__ = [
    "Format",
    "RenderedDocument",
    "collapse",
    "document",
    "escape_markdown",
    "file_name",
    "ordered_rules",
    "render_html",
    "render_index",
    "render_markdown",
    "write_rendered",
]
