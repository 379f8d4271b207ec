"""A standard file written back as a readable Danish document for citizens (Markdown or HTML).

The document gives the title, the municipality, the version and validity, the legal basis, how
to get the service, and then every rule in the order of the source document (by the first line
it cites), each with what kind of rule it is, the standard's own words, the typed numbers in
Danish (deadlines, rates, scope) and its citation. It ends with the standard's sentence on the
concrete and individual assessment. Conditions, fact names, ``reading`` and ``not_encoded``
are for policy authors and are never shown.

The HTML is rendered with Jinja2 templates shipped in ``kvalitet/templates`` (autoescaped); the
Markdown is built here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import jinja2

from kvalitet.language.citations import citation_text
from kvalitet.language.cited import Cited
from kvalitet.language.labels import ACCESS, DEADLINE_KIND
from kvalitet.language.rules import RULE_KEYS, iter_rules
from kvalitet.language.standard import (
    AccessVariant,
    Citation,
    Criterion,
    DatedAmount,
    Deadline,
    Duration,
    FollowUp,
    Payment,
    ProviderChoice,
    Rate,
    ScopeRule,
    StandardFile,
    Termination,
)
from kvalitet.language.vocabulary import ScopeFieldSpec, Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary

Format = Literal["markdown", "html"]
# Access variants are part of how to get the service, not rules of the document's body.
DOCUMENT_KEYS = tuple(key for key in RULE_KEYS if key != "access_variants")
SUFFIX: dict[Format, str] = {"markdown": ".md", "html": ".html"}
INDEX_NAME = "index.html"

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
KIND_TEXT = {
    "amounts": "Beløb",
    "derive": "Målgruppe",
    "exclusions": "Ikke omfattet",
    "scope": "Omfang",
    "payment": "Betaling",
    "deadlines": "Frist",
    "provider_choice": "Leverandør",
    "follow_up": "Opfølgning",
    "termination": "Ophør",
    "not_included": "Indgår ikke",
    "procedure": "Sagsbehandling",
}
CRITERION_TEXT = {
    "target_group": "Målgruppe",
    "vum_level": "Udgangspunkt (VUM)",
    "condition": "Betingelse",
}
BASIS_TEXT = {"law": "efter loven", "standard": "kommunens serviceniveau"}
DEFAULT_TEXT = "Som udgangspunkt"
UNIT_FORMS = {  # singular, plural
    "days": ("dag", "dage"),
    "working_days": ("hverdag", "hverdage"),
    "weeks": ("uge", "uger"),
    "months": ("måned", "måneder"),
    "years": ("år", "år"),
}
RATE_UNIT_TEXT = {
    "kr_per_started_day": "kr. pr. påbegyndt døgn",
    "kr_per_day": "kr. pr. døgn",
    "kr_per_month": "kr. om måneden",
    "kr_per_year": "kr. om året",
    "kr": "kr.",
}
SOURCE_NOTE = "Linjehenvisningerne peger på linjer i kildedokumentets tekst."
ORDER_NOTE = "Reglerne står i samme rækkefølge som i kvalitetsstandarden."
MARKDOWN_SPECIAL = "\\`*_<>"


@dataclass(frozen=True)
class RenderedRule:
    """One rule as the citizen reads it.

    Attributes:
        id: The rule's id (for anchors and ``data-rule-id``).
        kind: What kind of rule it is, in Danish (e.g. "Målgruppe", "Frist").
        basis: "efter loven", "kommunens serviceniveau", or ``None`` when not stated.
        default: Whether the standard states it as a starting point ("Som udgangspunkt").
        text: The standard's own words, whitespace collapsed.
        details: The rule's typed numbers in Danish (e.g. "Klagefrist: højst 4 uger").
        requirements: The provider's requirements (provider choice only).
        citation: Section, law and line runs, e.g. "Målgruppe; SEL § 97; linje 626, 718".
        first_line: The smallest cited line, or ``None``.
    """

    id: str
    kind: str
    basis: str | None
    default: bool
    text: str
    details: tuple[str, ...]
    requirements: tuple[str, ...]
    citation: str
    first_line: int | None


@dataclass(frozen=True)
class RenderedVariant:
    """An access variant: how a part of the service is reached."""

    id: str
    applies_to: str
    access: str
    text: str
    citation: str


@dataclass(frozen=True)
class RenderedDocument:
    """Everything a citizen's document shows, in Danish, ready for a template."""

    title: str
    municipality: str
    service: str
    version: str
    valid_from: date
    validity: str
    legal_basis: tuple[str, ...]
    source: str
    access: str
    access_text: str | None
    access_variants: tuple[RenderedVariant, ...]
    rules: tuple[RenderedRule, ...]
    individual_assessment: str
    individual_assessment_citation: str
    note: str


# --- Danish formats --------------------------------------------------------------------------


def collapse(text: str) -> str:
    r"""The text with every run of whitespace replaced by one space.

    Example:
        >>> collapse("  Du skal\n  være 18 år ")
        'Du skal være 18 år'
    """
    return " ".join(text.split())


def danish_number(value: float) -> str:
    """A number in Danish format: ``.`` between thousands, ``,`` before at most two decimals.

    Example:
        >>> danish_number(1041), danish_number(1.5), danish_number(12.0)
        ('1.041', '1,5', '12')
    """
    rounded = round(float(value), 2)  # at most two decimals, as in the standards' numbers
    whole = rounded.is_integer()
    digits = f"{int(rounded):,}" if whole else f"{rounded:,.2f}".rstrip("0")
    return digits.translate(str.maketrans(",.", ".,"))


def danish_amount(value: float) -> str:
    """An amount of kroner: whole kroner as is, else with two decimals (øre).

    Example:
        >>> danish_amount(101.19), danish_amount(101.1), danish_amount(1041)
        ('101,19', '101,10', '1.041')
    """
    if float(value).is_integer():
        return danish_number(value)
    return f"{value:,.2f}".translate(str.maketrans(",.", ".,"))


def danish_date(day: date) -> str:
    """A date as Danish prose.

    Example:
        >>> danish_date(date(2026, 1, 1))
        '1. januar 2026'
    """
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def danish_duration(duration: Duration) -> str:
    """A duration in Danish, singular or plural.

    Example:
        >>> danish_duration(Duration(value=4, unit="weeks"))
        '4 uger'
    """
    singular, plural = UNIT_FORMS[duration.unit]
    return f"{danish_number(duration.value)} {singular if duration.value == 1 else plural}"


def danish_rate(rate: Rate) -> str:
    """A yearly regulated rate with its year.

    Example:
        >>> danish_rate(Rate(amount=101.19, unit="kr_per_started_day", year=2025))
        '101,19 kr. pr. påbegyndt døgn (2025)'
    """
    return f"{danish_amount(rate.amount)} {RATE_UNIT_TEXT[rate.unit]} ({rate.year})"


def validity(standard: StandardFile) -> str:
    """When the standard is in force, e.g. "Gælder fra 1. januar 2026"."""
    text = f"Gælder fra {danish_date(standard.valid_from)}"
    if standard.valid_to is not None:
        text += f" til og med {danish_date(standard.valid_to)}"
    return text


def municipality_name(standard: StandardFile, vocabulary: Vocabulary | None = None) -> str:
    """The municipality's name as its vocabulary declares it, e.g. "Hillerød Kommune"."""
    return (vocabulary or bundled_vocabulary()).municipality_name(standard.municipality)


def cite_text(cite: Citation) -> str:
    """A rule's citation in Danish: section, law and line runs ("linje 45–46, 62")."""
    return citation_text(cite)


def escape_markdown(text: str) -> str:
    r"""Text that Markdown shows as written: markup characters and list starts escaped.

    Example:
        >>> escape_markdown("1. *vigtigt*")
        '1\\. \\*vigtigt\\*'
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


# --- Rules -----------------------------------------------------------------------------------


def _kind(key: str, rule: Cited) -> str:
    if isinstance(rule, Criterion):
        return CRITERION_TEXT[rule.kind]
    return KIND_TEXT[key]


def _basis(rule: Cited) -> str | None:
    basis = getattr(rule, "basis", None)
    return BASIS_TEXT[basis] if isinstance(basis, str) else None


def _scope_details(rule: ScopeRule, scope_fields: Mapping[str, ScopeFieldSpec]) -> tuple[str, ...]:
    details: list[str] = []
    for name, value in rule.set.items():
        spec = scope_fields.get(name)
        if spec is None or isinstance(value, bool):
            continue
        if isinstance(value, str):
            details.append(spec.phrase.da.format(value=spec.value_text(value)))
        elif isinstance(value, int | float):
            details.append(spec.phrase.da.format(value=danish_number(value)))
    return tuple(details)  # a computed amount is described by the rule's own text


def _payment_details(rule: Payment) -> tuple[str, ...]:
    details = [danish_rate(rate) for rate in rule.rates]
    if not rule.user_payment:
        details.insert(0, "Ingen egenbetaling")
    return tuple(details)


def _times_a_year(low: float | None, high: float | None) -> str | None:
    if low is not None and high is not None and low != high:
        return f"{danish_number(low)}–{danish_number(high)} gange om året"
    if low is not None:
        return f"{danish_number(low)} {'gang' if low == 1 else 'gange'} om året"
    if high is not None:
        return f"højst {danish_number(high)} {'gang' if high == 1 else 'gange'} om året"
    return None


def _every(first: Duration, last: Duration | None) -> str:
    singular, _ = UNIT_FORMS[first.unit]
    each = "hvert" if first.unit == "years" else "hver"
    if last is None or (last.value == first.value and last.unit == first.unit):
        if first.value == 1:
            return f"{each} {singular}"
        return f"{each} {danish_number(first.value)}. {singular}"
    if last.unit == first.unit:
        return f"{each} {danish_number(first.value)}.–{danish_number(last.value)}. {singular}"
    return f"med {danish_duration(first)} til {danish_duration(last)} imellem"


def _join_and(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} og {parts[-1]}"


def _follow_up_details(rule: FollowUp) -> tuple[str, ...]:
    if not rule.planned:
        return ("Ingen fast planlagt opfølgning",)
    details: list[str] = []
    times = _times_a_year(rule.times_per_year_min, rule.times_per_year_max)
    if times:
        details.append(times)
    if rule.every is not None:
        details.append(_every(rule.every, rule.every_max))
    if rule.after:
        details.append("efter " + _join_and([danish_duration(d) for d in rule.after]))
    return tuple(details)


def _provider_details(rule: ProviderChoice) -> tuple[str, ...]:
    details = ["Frit valg af leverandør" if rule.free_choice else "Ikke frit valg af leverandør"]
    if rule.max_price_difference_percent is not None:
        percent = danish_number(rule.max_price_difference_percent)
        details.append(f"Et frit valgt tilbud må højst koste {percent} % mere")
    return tuple(details)


AMOUNT_UNIT_TEXT = {
    "kr": "kr.",
    "kr_per_month": "kr. om måneden",
    "kr_per_year": "kr. om året",
    "kr_per_day": "kr. pr. dag",
    "hours": "timer",
    "percent": "procent",
}


def _details(rule: Cited, scope_fields: Mapping[str, ScopeFieldSpec]) -> tuple[str, ...]:
    if isinstance(rule, DatedAmount):
        unit = AMOUNT_UNIT_TEXT[rule.unit]
        return tuple(
            f"{danish_amount(value.amount)} {unit} ({value.year})" for value in rule.values
        )
    if isinstance(rule, Deadline):
        return (f"{DEADLINE_KIND[rule.kind].da}: højst {danish_duration(rule.within)}",)
    if isinstance(rule, ScopeRule):
        return _scope_details(rule, scope_fields)
    if isinstance(rule, Payment):
        return _payment_details(rule)
    if isinstance(rule, FollowUp):
        return _follow_up_details(rule)
    if isinstance(rule, ProviderChoice):
        return _provider_details(rule)
    if isinstance(rule, Termination) and rule.after is not None:
        return (f"Efter {danish_duration(rule.after)}",)
    return ()


def _rendered_rule(
    key: str, rule: Cited, scope_fields: Mapping[str, ScopeFieldSpec]
) -> RenderedRule:
    requirements = rule.requirements if isinstance(rule, ProviderChoice) else ()
    return RenderedRule(
        id=rule.id,
        kind=_kind(key, rule),
        basis=_basis(rule),
        default=rule.default,
        text=collapse(rule.text),
        details=tuple(detail[:1].upper() + detail[1:] for detail in _details(rule, scope_fields)),
        requirements=tuple(collapse(r) for r in requirements),
        citation=cite_text(rule.cite),
        first_line=min(rule.cite.lines) if rule.cite.lines else None,
    )


def ordered_rules(
    standard: StandardFile, vocabulary: Vocabulary | None = None
) -> tuple[RenderedRule, ...]:
    """Every rule of the standard in the order of the source document.

    Rules are sorted by the smallest line they cite; rules that cite no line come after, in the
    order of the file. Access variants are not here: they are part of how to get the service.

    Args:
        standard: The standard file.
        vocabulary: The vocabulary of its set (default: the bundled one), for scope phrases.

    Returns:
        The rules, rendered for a citizen.
    """
    scope_fields = (vocabulary or bundled_vocabulary()).scope_fields_of(standard.municipality)
    rules = [
        _rendered_rule(at.key, at.rule, scope_fields) for at in iter_rules(standard, DOCUMENT_KEYS)
    ]
    return tuple(sorted(rules, key=_source_order))


def _source_order(rule: RenderedRule) -> tuple[int, int]:
    return (0, rule.first_line) if rule.first_line is not None else (1, 0)


def _variant(variant: AccessVariant) -> RenderedVariant:
    return RenderedVariant(
        id=variant.id,
        applies_to=collapse(variant.applies_to),
        access=ACCESS[variant.access].da,
        text=collapse(variant.text),
        citation=cite_text(variant.cite),
    )


def starting_point_note(standard: StandardFile, vocabulary: Vocabulary | None = None) -> str:
    """The closing note: the document describes the service level, not a decision."""
    name = municipality_name(standard, vocabulary)
    return (
        f"Dette dokument beskriver {name}s serviceniveau (udgangspunkt) "
        "for ydelsen. Det er ikke en afgørelse: hver sag vurderes altid konkret og individuelt."
    )


def document(standard: StandardFile, vocabulary: Vocabulary | None = None) -> RenderedDocument:
    """Everything the citizen's document shows, in Danish.

    Args:
        standard: The standard file.
        vocabulary: The vocabulary of its set (default: the bundled one).

    Returns:
        The document's parts, used by both the Markdown and the HTML.
    """
    source = standard.source
    return RenderedDocument(
        title=collapse(standard.title),
        municipality=municipality_name(standard, vocabulary),
        service=standard.service,
        version=standard.version,
        valid_from=standard.valid_from,
        validity=validity(standard),
        legal_basis=tuple(collapse(basis) for basis in standard.legal_basis),
        source=f"{collapse(source.document)}, afsnittet «{collapse(source.section)}»",
        access=ACCESS[standard.access].da,
        access_text=collapse(standard.access_text) if standard.access_text else None,
        access_variants=tuple(_variant(v) for v in standard.access_variants),
        rules=ordered_rules(standard, vocabulary),
        individual_assessment=collapse(standard.individual_assessment.text),
        individual_assessment_citation=cite_text(standard.individual_assessment.cite),
        note=starting_point_note(standard, vocabulary),
    )


# --- Markdown --------------------------------------------------------------------------------


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
        f"Kilde: {md(doc.source)}. {SOURCE_NOTE}",
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


# --- HTML ------------------------------------------------------------------------------------


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
        source_note=SOURCE_NOTE,
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


# --- Files -----------------------------------------------------------------------------------


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
