"""The citizen's document of a standard as Markdown (every text escaped)."""

from __future__ import annotations

from kvalitet.authoring.render.document import (
    DEFAULT_TEXT,
    ORDER_NOTE,
    RenderedDocument,
    RenderedRule,
    document,
)
from kvalitet.language.standard import StandardFile
from kvalitet.language.vocabulary import Vocabulary

# ``[`` and ``]`` escaped: no text of a standard becomes a link (``[x](javascript:…)``), an
# image (``![](http://…)``) or a link definition; ``<`` and ``>``: no autolink or raw HTML. With
# the brackets escaped, ``(``, ``)`` and ``!`` cannot start anything and are left as written.
MARKDOWN_SPECIAL = "\\`*_<>[]"


def escape_markdown(text: str) -> str:
    r"""Text that Markdown shows as written: markup characters and list starts escaped.

    Example:
        >>> escape_markdown("1. *vigtigt*")
        '1\\. \\*vigtigt\\*'
        >>> escape_markdown("![](http://x/y.png) [x](javascript:alert(1))")
        '!\\[\\](http://x/y.png) \\[x\\](javascript:alert(1))'
    """
    escaped = "".join(f"\\{c}" if c in MARKDOWN_SPECIAL else c for c in text)
    if escaped[:1] in {"-", "+", "#"}:
        return "\\" + escaped
    digits = len(escaped) - len(escaped.lstrip("0123456789"))
    if (
        digits
        and escaped[digits : digits + 1] in {".", ")"}
        and escaped[digits + 1 : digits + 2] in {"", " "}
    ):
        return f"{escaped[:digits]}\\{escaped[digits:]}"
    return escaped


def _markdown_header(doc: RenderedDocument) -> list[str]:
    md = escape_markdown
    return [
        f"# {md(doc.title)}",
        "",
        f"**{md(doc.municipality)}** · Version {md(doc.version)} · {doc.validity}",
        "",
        "## Lovgrundlag",
        "",
        md(", ".join(doc.legal_basis)),
        "",
        f"Kilde: {md(doc.source)}. {md(doc.source_note)}",
        "",
    ]


def _markdown_access(doc: RenderedDocument) -> list[str]:
    md = escape_markdown
    lines = ["## Sådan får du ydelsen", "", f"Adgang: {md(doc.access)}", ""]
    if doc.access_text:
        lines += [md(doc.access_text), ""]
    for variant in doc.access_variants:
        lines.append(
            f"- **{md(variant.applies_to)}:** {md(variant.access)}. {md(variant.text)} "
            f"*Kilde: {md(variant.citation)}*"
        )
    if doc.access_variants:
        lines.append("")
    return lines


def _markdown_rule(number: int, rule: RenderedRule) -> list[str]:
    md = escape_markdown
    heading = f"### {number}. {rule.kind}"
    if rule.basis:
        heading += f" – {rule.basis}"
    lines = [heading, ""]
    if rule.default:
        lines += [f"*{DEFAULT_TEXT}*", ""]
    lines += [md(rule.text), ""]
    items = [*rule.details, *(f"Krav til leverandøren: {r}" for r in rule.requirements)]
    lines += [f"- {md(item)}" for item in items]
    if items:
        lines.append("")
    lines += [f"*Kilde: {md(rule.citation)}*", ""]
    return lines


def render_markdown(standard: StandardFile, vocabulary: Vocabulary | None = None) -> str:
    """The standard as a Danish Markdown document for citizens.

    Args:
        standard: The standard file.
        vocabulary: The vocabulary of its set (default: the bundled one).

    Returns:
        The Markdown text, ending in one newline.
    """
    doc = document(standard, vocabulary)
    lines = [*_markdown_header(doc), *_markdown_access(doc)]
    lines += ["## Kvalitetsstandardens indhold", "", ORDER_NOTE, ""]
    for number, rule in enumerate(doc.rules, start=1):
        lines += _markdown_rule(number, rule)
    lines += [
        "## Konkret og individuel vurdering",
        "",
        escape_markdown(doc.individual_assessment),
        "",
        f"*Kilde: {escape_markdown(doc.individual_assessment_citation)}*",
        "",
        f"> {escape_markdown(doc.note)}",
    ]
    return "\n".join(lines) + "\n"
