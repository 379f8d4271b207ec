"""Everything a citizen's document of a standard shows, in Danish, ready for a template.

The document gives the title, the municipality, the version and validity, the legal basis, how
to get the service, and then every rule in the order of the source document (by the first line
it cites), each with what kind of rule it is, the standard's own words, the typed numbers in
Danish (deadlines, rates, scope) and its citation. It ends with the standard's sentence on the
concrete and individual assessment. Conditions, fact names, ``reading`` and ``not_encoded``
are for policy authors and are never shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kvalitet.authoring.render.details import rule_details
from kvalitet.language.citations import citation_text
from kvalitet.language.cited import Based, Citation, Cited
from kvalitet.language.labels import ACCESS, BASIS, RULE_KIND
from kvalitet.language.rules import RULE_KEYS, iter_rules
from kvalitet.language.standard import AccessVariant, Criterion, StandardFile
from kvalitet.language.terms import ProviderChoice
from kvalitet.language.vocabulary import ScopeFieldSpec, Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary
from kvalitet.language.wording import long_date

# Access variants are part of how to get the service, not rules of the document's body.
DOCUMENT_KEYS = tuple(key for key in RULE_KEYS if key != "access_variants")
SOURCE_NOTE = "Linjehenvisningerne peger på linjer i kildedokumentets tekst."
PAGE_NOTE = "Henvisningerne peger på overskrifter på websiden."
ORDER_NOTE = "Reglerne står i samme rækkefølge som i kvalitetsstandarden."
DEFAULT_TEXT = "Som udgangspunkt"


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
    source_note: str
    access: str
    access_text: str | None
    access_variants: tuple[RenderedVariant, ...]
    rules: tuple[RenderedRule, ...]
    individual_assessment: str
    individual_assessment_citation: str
    note: str


def collapse(text: str) -> str:
    r"""The text with every run of whitespace replaced by one space.

    Example:
        >>> collapse("  Du skal\n  være 18 år ")
        'Du skal være 18 år'
    """
    return " ".join(text.split())


def validity(standard: StandardFile) -> str:
    """When the standard is in force, e.g. "Gælder fra 1. januar 2026"."""
    text = f"Gælder fra {long_date(standard.valid_from)}"
    if standard.valid_to is not None:
        text += f" til og med {long_date(standard.valid_to)}"
    return text


def municipality_name(standard: StandardFile, vocabulary: Vocabulary | None = None) -> str:
    """The municipality's name as its vocabulary declares it, e.g. "Hillerød Kommune"."""
    return (vocabulary or bundled_vocabulary()).municipality_name(standard.municipality)


def source_text(standard: StandardFile) -> str:
    """The source document and section, and the web page when the source is one."""
    source = standard.source
    text = f"{collapse(source.document)}, afsnittet «{collapse(source.section)}»"
    return f"{text}, {source.url}" if source.url is not None else text


def cite_text(cite: Citation) -> str:
    """A rule's citation in Danish: section, law and line runs ("linje 45–46, 62")."""
    return citation_text(cite)


def _kind(key: str, rule: Cited) -> str:
    if isinstance(rule, Criterion):
        return RULE_KIND[rule.kind].da
    return RULE_KIND[key].da


def _basis(rule: Cited) -> str | None:
    return BASIS[rule.basis].da if isinstance(rule, Based) else None


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
        details=tuple(
            detail[:1].upper() + detail[1:] for detail in rule_details(rule, scope_fields)
        ),
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
        source=source_text(standard),
        source_note=SOURCE_NOTE if source.file is not None else PAGE_NOTE,
        access=ACCESS[standard.access].da,
        access_text=collapse(standard.access_text) if standard.access_text else None,
        access_variants=tuple(_variant(v) for v in standard.access_variants),
        rules=ordered_rules(standard, vocabulary),
        individual_assessment=collapse(standard.individual_assessment.text),
        individual_assessment_citation=cite_text(standard.individual_assessment.cite),
        note=starting_point_note(standard, vocabulary),
    )
