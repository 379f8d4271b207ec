"""The impact report: one model of tables and charts, written as Markdown and as HTML.

For policy authors, in Danish: an overview of the changed services, then per service the
transitions between outcomes, the scope totals, the package migrations, the priced amounts,
the rules behind the changes and any change of access. Charts are SVG (Markdown links the
files; the HTML page carries them inline, so it is one self-contained file).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from kvalitet.engine.decision import STARTING_POINT_NOTE
from kvalitet.language.labels import ACCESS, AMOUNT_UNIT, OUTCOME
from kvalitet.language.vocabulary import ScopeFieldSpec
from kvalitet.language.wording import number as danish_number
from kvalitet.population.charts import before_after_bars
from kvalitet.population.impact import OUTCOMES, Impact, ServiceImpact

MARKDOWN_NAME = "impact.md"
HTML_NAME = "impact.html"
CHARTS_FOLDER = "charts"
NO_PACKAGE = "ingen pakke"
SHORT_OUTCOME = {
    "within_standard": "Inden for",
    "outside_standard": "Uden for",
    "undetermined": "Kan ikke vurderes",
}
AMOUNT_NOTE = (
    "Satsen gange antallet af borgere inden for serviceniveauet: et øvre skøn, for ikke alle "
    "søger eller får beløbet."
)


@dataclass(frozen=True)
class Table:
    """A table of text cells; the first column names the row."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    css: str = ""
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the file name it is written under."""

    file: str
    title: str
    svg: str


@dataclass(frozen=True)
class Section:
    """One changed service."""

    title: str
    anchor: str
    summary: str
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class Report:
    """The whole report."""

    title: str
    facts: tuple[tuple[str, str], ...]
    overview: Table
    sections: tuple[Section, ...]
    note: str


def build_report(
    impact: Impact, *, population: str, reform: str, municipality_name: str | None = None
) -> Report:
    """The report's tables and charts for an impact.

    ``municipality_name`` is how the report names the municipality (default: its id).
    """
    name = municipality_name or impact.municipality
    facts: tuple[tuple[str, str], ...] = (
        ("Kommune", name),
        ("Dato for beregningen", impact.on.isoformat()),
        ("Befolkning", f"{danish_number(impact.rows)} profiler fra {population}"),
        ("Reform", reform),
        ("Berørte borgere", danish_number(impact.changed_rows)),
    )
    if impact.wrong_rows:
        wrong = f"{danish_number(impact.wrong_rows)} (ikke med i beregningen; se errors.jsonl)"
        facts = (*facts, ("Rækker, der ikke er gyldige profiler", wrong))
    overview = Table(
        "Overblik",
        (
            "Ydelse",
            "Berørte",
            "Inden for før",
            "Inden for efter",
            "Timer/md. før",
            "Timer/md. efter",
        ),
        tuple(_overview_row(result) for result in impact.services.values()),
        "numbers",
    )
    title = f"Konsekvensberegning: {name}, {impact.on.isoformat()}"
    sections = tuple(_section(result) for result in impact.services.values())
    return Report(title, facts, overview, sections, STARTING_POINT_NOTE)


def _overview_row(result: ServiceImpact) -> tuple[str, ...]:
    hours = result.scope.get("hours_per_month")
    return (
        f"{result.title} ({result.service})",
        danish_number(result.changed),
        danish_number(result.within(after=False)),
        danish_number(result.within(after=True)),
        danish_number(hours.before) if hours else "–",
        danish_number(hours.after) if hours else "–",
    )


def _section(result: ServiceImpact) -> Section:
    slug = re.sub(r"[^a-z0-9]+", "-", result.service.lower()).strip("-")
    tables = [_transitions(result)]
    charts = [
        Chart(
            f"{slug}-udfald.svg",
            f"Udfald før og efter: {result.title}",
            before_after_bars(
                f"Udfald: {result.title}",
                [SHORT_OUTCOME[o] for o in OUTCOMES],
                [_count(result, o, after=False) for o in OUTCOMES],
                [_count(result, o, after=True) for o in OUTCOMES],
            ),
        )
    ]
    if result.scope:
        tables.append(_scope(result))
    if result.packages is not None:
        tables.append(_packages(result))
        charts.append(_package_chart(result, slug))
    if result.amounts:
        tables.append(_amounts(result))
    tables.append(_rules(result))
    if result.access:
        tables.append(_access(result))
    summary = (
        f"{danish_number(result.changed)} borgere får et andet resultat; inden for "
        f"serviceniveauet før {danish_number(result.within(after=False))}, efter "
        f"{danish_number(result.within(after=True))}."
    )
    title = f"{result.title} ({result.service})"
    return Section(title, slug, summary, tuple(tables), tuple(charts))


def _count(result: ServiceImpact, outcome: str, *, after: bool) -> int:
    side = 1 if after else 0
    return sum(n for pair, n in result.transitions.items() if pair[side] == outcome)


def _transitions(result: ServiceImpact) -> Table:
    rows = []
    for before in OUTCOMES:
        counts = [result.transitions.get((before, after), 0) for after in OUTCOMES]
        rows.append(
            (
                f"Før: {OUTCOME[before].da}",
                *map(danish_number, counts),
                danish_number(sum(counts)),
            )
        )
    totals = [_count(result, after, after=True) for after in OUTCOMES]
    rows.append(("I alt efter", *map(danish_number, totals), danish_number(sum(totals))))
    header = ("", *(f"Efter: {OUTCOME[o].da}" for o in OUTCOMES), "I alt før")
    return Table("Overgange mellem udfald", header, tuple(rows), "matrix")


def _scope(result: ServiceImpact) -> Table:
    rows = tuple(
        (
            _scope_title(result, total.name),
            danish_number(total.before),
            danish_number(total.after),
            _signed(total.after - total.before),
            danish_number(total.rows_before),
            danish_number(total.rows_after),
        )
        for total in result.scope.values()
    )
    header: tuple[str, ...] = ("Omfang (summen over borgerne)", "I alt før", "I alt efter")
    header += ("Ændring",)
    header += ("Borgere med omfang før", "Borgere med omfang efter")
    return Table("Omfang", header, rows, "numbers")


def _choice_spec(result: ServiceImpact) -> ScopeFieldSpec | None:
    """The declaration of the service's choice field (e.g. its packages), if it has one."""
    return next((s for s in result.scope_fields.values() if s.type == "enum"), None)


def _scope_title(result: ServiceImpact, name: str) -> str:
    spec = result.scope_fields.get(name)
    return spec.title(name) if spec is not None else name


def _package_label(result: ServiceImpact, package: str | None) -> str:
    spec = _choice_spec(result)
    if package is None:
        return NO_PACKAGE
    return spec.value_text(package) if spec is not None else package


def _package_order(result: ServiceImpact) -> list[str | None]:
    assert result.packages is not None  # noqa: S101 - narrowing for mypy
    seen = {p for pair in result.packages for p in pair}
    spec = _choice_spec(result)
    declared = spec.values if spec is not None else ()
    known: list[str | None] = [p for p in declared if p in seen]
    known += sorted(p for p in seen if p is not None and p not in declared)
    return [*known, None] if None in seen else known


def _packages(result: ServiceImpact) -> Table:
    assert result.packages is not None  # noqa: S101 - narrowing for mypy
    order = _package_order(result)
    rows = tuple(
        (
            f"Før: {_package_label(result, before)}",
            *(danish_number(result.packages.get((before, after), 0)) for after in order),
        )
        for before in order
    )
    header = ("", *(f"Efter: {_package_label(result, after)}" for after in order))
    return Table("Pakkeskift", header, rows, "matrix")


def _package_chart(result: ServiceImpact, slug: str) -> Chart:
    assert result.packages is not None  # noqa: S101 - narrowing for mypy
    order = [p for p in _package_order(result) if p is not None]
    before = [sum(n for (b, _), n in result.packages.items() if b == p) for p in order]
    after = [sum(n for (_, a), n in result.packages.items() if a == p) for p in order]
    labels = [_package_label(result, p) for p in order]
    svg = before_after_bars(f"Pakker: {result.title}", labels, before, after)
    return Chart(f"{slug}-pakker.svg", f"Pakker før og efter: {result.title}", svg)


def _amounts(result: ServiceImpact) -> Table:
    rows = tuple(
        (
            line.term,
            _rate(line.before, line.after, line.unit),
            str(line.year),
            danish_number(line.within_before),
            danish_number(line.within_after),
            danish_number(line.total_before),
            danish_number(line.total_after),
        )
        for line in result.amounts
    )
    header: tuple[str, ...] = ("Betaling", "Sats før → efter", "Satsens år")
    header += ("Inden for før", "Inden for efter")
    header += ("I alt før (kr.)", "I alt efter (kr.)")
    return Table("Beløb", header, rows, "numbers", AMOUNT_NOTE)


def _access_label(access: str) -> str:
    return ACCESS[access].da if access in ACCESS else access


def _rate(before: float | None, after: float | None, unit: str) -> str:
    label = AMOUNT_UNIT[unit].da if unit in AMOUNT_UNIT else unit
    return f"{_amount(before)} → {_amount(after)} {label}"


def _amount(value: float | None) -> str:
    return danish_number(value) if value is not None else "–"


def _rules(result: ServiceImpact) -> Table:
    rows = []
    for (rule_id, change), count in sorted(
        result.rules.items(), key=lambda item: (-item[1], item[0])
    ):
        info = result.rule_info.get(rule_id)
        section = info.section if info else ""
        text = info.text if info else ""
        rows.append((rule_id, change, danish_number(count), section, text))
    header = ("Regel", "Ændring", "Borgere", "Afsnit", "Standardens ord")
    return Table("Regler bag ændringerne", header, tuple(rows), "rules")


def _access(result: ServiceImpact) -> Table:
    rows = tuple(
        (
            ACCESS[before].da if before in ACCESS else before,
            ACCESS[after].da if after in ACCESS else after,
            danish_number(n),
        )
        for (before, after), n in sorted(result.access.items())
    )
    return Table("Ændret adgang", ("Før", "Efter", "Borgere"), rows)


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + danish_number(value) if value else "0"


def render_markdown(report: Report) -> str:
    """The report as Markdown; charts are linked from ``charts/``."""
    lines = [f"# {report.title}", ""]
    lines += [f"- **{name}:** {_cell(value)}" for name, value in report.facts]
    lines += ["", f"> {report.note}", "", *_markdown_table(report.overview, level=2)]
    for section in report.sections:
        lines += [f"## {_cell(section.title)}", "", section.summary, ""]
        lines += [f"![{c.title}]({CHARTS_FOLDER}/{c.file})" for c in section.charts]
        lines.append("")
        for table in section.tables:
            lines += _markdown_table(table, level=3)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_table(table: Table, *, level: int) -> list[str]:
    lines = [f"{'#' * level} {table.caption}", ""]
    if not table.rows:
        return [*lines, "Ingen.", ""]
    lines.append("| " + " | ".join(_cell(h) for h in table.header) + " |")
    right = table.css in ("numbers", "matrix")
    marks = ("---" if i == 0 or not right else "---:" for i in range(len(table.header)))
    lines.append("|" + "|".join(marks) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    lines.append("")
    return [*lines, f"_{_cell(table.note)}_", ""] if table.note else lines


def _cell(text: str) -> str:
    escaped = re.sub(r"([\\`*_<>\[\]|])", r"\\\1", text)
    return " ".join(escaped.split())


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kvalitet.population", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (charts inline)."""
    return _environment().get_template("impact.html.j2").render(report=report)


def write_report(report: Report, folder: str | Path) -> list[Path]:
    """Write ``impact.md``, ``impact.html`` and ``charts/*.svg`` into ``folder``.

    Raises:
        OSError: when the folder cannot be written.
    """
    target = Path(folder)
    charts = target / CHARTS_FOLDER
    charts.mkdir(parents=True, exist_ok=True)
    written = []
    for section in report.sections:
        for chart in section.charts:
            path = charts / chart.file
            path.write_text(chart.svg, encoding="utf-8")
            written.append(path)
    for name, text in ((MARKDOWN_NAME, render_markdown(report)), (HTML_NAME, render_html(report))):
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
