"""Reform impact on a hand-built population, with every expected number computed here.

The reform (built below, not a real one): Hillerød § 85's Pakke 2 ends at 12 hours a month
instead of 13 (Pakke 3 starts above 12), and § 97 gives 12 hours a month instead of 15 (also
in the residence rule's "15 less the residence's escort").
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kvalitet import Standards
from kvalitet.cli.app import main
from kvalitet.language.problems import EvaluationError, StandardLoadError
from kvalitet.population.impact import measure_impact
from kvalitet.population.reform import load_reform

from .conftest import STANDARDS

ON = date(2026, 6, 1)
HILLEROD = STANDARDS / "hillerod" / "2026"
BROWSER_FLAGS: tuple[str, ...] = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic")
BROWSER_FLAGS += ("--no-first-run", "--disable-background-networking", "--disable-sync")
BROWSER_FLAGS += ("--disable-component-update",)
# Within both § 85 (level C or D) and § 97 (level D or E) but for the level and scope facts.
BASE: dict[str, Any] = {
    "birth_date": date(1980, 5, 1),
    "impairment_substantial": True,
    "impairment_permanent": True,
    "special_social_problems": False,
    "group_or_checkpoint_course_insufficient": True,
    "can_go_out_alone": False,
    "can_express_escort_wish": True,
    "aware_of_activity_content": True,
    "can_request_escort_without_pedagogy": True,
    "needs_qualified_escort": False,
    "current_services": [],
}
LEVELS = ["B", "C", "D", "E", None]
HOURS = [None, 0.5, 1.0, 5.0, 5.5, 8.0, 12.0, 12.25, 12.5, 13.0, 13.5, 20.0, 27.0, 30.0]
HOMES: list[tuple[str, float | None]] = [
    ("own_home", None),
    ("temporary_residence", 0.0),
    ("long_term_residence", 5.0),
    ("long_term_residence", 13.0),
    ("long_term_residence", 20.0),
]


def population() -> list[dict[str, Any]]:
    rows = []
    for index, (level, hours, (housing, escort)) in enumerate(
        itertools.product(LEVELS, HOURS, HOMES)
    ):
        row = {"id": f"p{index}", **BASE, "support_need_level": level}
        row |= {"support_hours_per_month": hours, "housing": housing}
        row["escort_in_residence_hours_per_month"] = escort
        rows.append(row)
    return rows


# --- what the standards say, written out independently of the code under test ---------------


def package(hours: float | None, *, pakke_2_ends: float) -> str | None:
    if hours is None or hours < 1:
        return None
    bands = [(5, "pakke-1"), (pakke_2_ends, "pakke-2"), (20, "pakke-3"), (27, "pakke-4")]
    return next((name for end, name in bands if hours <= end), "saerligt-udmaalt")


def escort_hours(row: dict[str, Any], *, monthly: float) -> float:
    escort = row["escort_in_residence_hours_per_month"]
    in_residence = row["housing"] in ("temporary_residence", "long_term_residence")
    return max(0.0, monthly - escort) if in_residence and escort and escort > 0 else monthly


def outcome(row: dict[str, Any], levels: set[str]) -> str:
    if row["support_need_level"] is None:
        return "undetermined"
    return "within_standard" if row["support_need_level"] in levels else "outside_standard"


def outcome_85(row: dict[str, Any], levels: set[str] | None = None) -> str:
    """Hillerød § 85 (lines 289, 323-332): C or D; E only with the special package over 27
    hours; under 1 hour no package, over 27 hours only for D or E (both stated exceptions)."""
    level, hours = row["support_need_level"], row["support_hours_per_month"]
    levels = levels or {"C", "D"}
    if hours is not None and hours < 1:
        return "outside_standard"
    if level is None:
        return "undetermined"
    if level == "E" and hours is None:
        return "undetermined"
    if level == "E" and hours > 27:
        return "within_standard"
    if level not in levels or (hours is not None and hours > 27 and level not in ("D", "E")):
        return "outside_standard"
    return "within_standard"


def within_85(row: dict[str, Any]) -> bool:
    return outcome_85(row) == "within_standard"


def within_97(row: dict[str, Any]) -> bool:
    return outcome(row, {"D", "E"}) == "within_standard"


def changed_85(row: dict[str, Any]) -> bool:
    hours = row["support_hours_per_month"]
    moved = package(hours, pakke_2_ends=13) != package(hours, pakke_2_ends=12)
    return within_85(row) and moved


def changed_97(row: dict[str, Any]) -> bool:
    return within_97(row) and escort_hours(row, monthly=15) != escort_hours(row, monthly=12)


def package_pairs(rows: list[dict[str, Any]]) -> Counter[tuple[str | None, str | None]]:
    return Counter(
        (package(r["support_hours_per_month"], pakke_2_ends=13) if within_85(r) else None,
         package(r["support_hours_per_month"], pakke_2_ends=12) if within_85(r) else None)
        for r in rows
    )  # fmt: skip


def residence_rule_applies(row: dict[str, Any]) -> bool:
    return escort_hours(row, monthly=15) != 15 or escort_hours(row, monthly=12) != 12


# --- the reform ---------------------------------------------------------------------------


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def reform_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reform")
    sel_85 = (HILLEROD / "sel-85.yaml").read_text(encoding="utf-8")
    sel_85 = replaced(sel_85, "gt: 5, le: 13}", "gt: 5, le: 12}")
    sel_85 = replaced(sel_85, "gt: 13, le: 20}", "gt: 12, le: 20}")
    (folder / "sel-85.yaml").write_text(sel_85, encoding="utf-8")
    sel_97 = (HILLEROD / "sel-97.yaml").read_text(encoding="utf-8")
    sel_97 = replaced(sel_97, "set: {hours_per_month: 15}", "set: {hours_per_month: 12}")
    sel_97 = replaced(sel_97, "{sub: [15, {fact:", "{sub: [12, {fact:")
    (folder / "sel-97.yaml").write_text(sel_97, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def population_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("population") / "population.parquet"
    pq.write_table(pa.Table.from_pylist(population()), path)
    return path


@pytest.fixture(scope="module")
def report(
    reform_folder: Path, population_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("report")
    args = ["impact", "-m", "hillerod", "--on", "2026-06-01", "--reform", str(reform_folder)]
    result = CliRunner().invoke(main, [*args, str(population_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_impact_counts_equal_those_worked_out_by_hand(
    reform_folder: Path, bundled: Standards
) -> None:
    rows = population()
    reform = load_reform([reform_folder], bundled)
    batches = pa.Table.from_pylist(rows).to_batches(max_chunksize=100)  # several batches
    impact = measure_impact(reform, batches, municipality="hillerod", on=ON)
    sel_85, sel_97 = impact.services["hillerod/sel-85"], impact.services["hillerod/sel-97"]
    assert impact.rows == len(rows)
    assert impact.changed_rows == sum(changed_85(r) or changed_97(r) for r in rows)
    # A scope-only reform moves nobody between outcomes.
    assert sel_85.transitions == Counter((outcome_85(r),) * 2 for r in rows)
    assert sel_97.transitions == Counter((outcome(r, {"D", "E"}),) * 2 for r in rows)
    assert sel_85.changed == sum(map(changed_85, rows)) == 30
    assert sel_97.changed == sum(map(changed_97, rows)) == 112
    packages = package_pairs(rows)
    assert sel_85.packages == packages
    assert packages[("pakke-2", "pakke-3")] == 30
    hours = sel_97.scope["hours_per_month"]
    assert hours.before == sum(escort_hours(r, monthly=15) for r in rows if within_97(r))
    assert hours.after == sum(escort_hours(r, monthly=12) for r in rows if within_97(r))
    assert (hours.before, hours.after) == (1176, 868)
    assert sel_85.rules == Counter(
        {
            ("scope.package_2", "opfyldt → ikke opfyldt"): 30,
            ("scope.package_3", "ikke opfyldt → opfyldt"): 30,
        }
    )
    changed = [r for r in rows if changed_97(r)]
    assert sel_97.rules == Counter(
        {
            ("scope.hours_per_month", "hours_per_month: 15 → 12"): sum(
                not residence_rule_applies(r) for r in changed
            ),
            (
                "scope.residence",
                "hours_per_month: max(0, 15 − escort_in_residence_hours_per_month) → "
                "max(0, 12 − escort_in_residence_hours_per_month)",
            ): sum(residence_rule_applies(r) for r in changed),
        }
    )
    [grant] = sel_97.amounts
    assert (grant.term, grant.unit, grant.year, grant.before, grant.after) == (
        "payment.expense_grant", "kr_per_year", 2025, 1041, 1041,
    )  # fmt: skip
    within = sum(map(within_97, rows))
    assert (grant.within_before, grant.within_after, grant.total_after) == (
        within, within, 1041 * within,
    )  # fmt: skip


def test_a_criterion_change_moves_citizens_between_outcomes(
    tmp_path: Path, bundled: Standards
) -> None:
    text = (HILLEROD / "sel-85.yaml").read_text(encoding="utf-8")
    reform_file = tmp_path / "sel-85.yaml"
    text = replaced(
        text,
        "        - {fact: support_need_level, in: [C, D]}\n",
        "        - {fact: support_need_level, in: [D]}\n",
    )
    reform_file.write_text(text, encoding="utf-8")
    rows = population()
    reform = load_reform([reform_file], bundled)
    impact = measure_impact(
        reform, pa.Table.from_pylist(rows).to_batches(), municipality="hillerod", on=ON
    )
    result = impact.services["hillerod/sel-85"]
    moved = sum(r["support_need_level"] == "C" and within_85(r) for r in rows)
    assert result.transitions[("within_standard", "outside_standard")] == moved == 60
    assert result.rules == Counter({("vum.level_c_or_d", "opfyldt → ikke opfyldt"): moved})
    assert result.within(after=True) == sum(outcome_85(r, {"D"}) == "within_standard" for r in rows)


def test_the_report_folder_has_markdown_html_charts_and_the_changed_rows(report: Path) -> None:
    rows = population()
    assert sorted(p.name for p in (report / "charts").iterdir()) == [
        "hillerod-sel-85-pakker.svg",
        "hillerod-sel-85-udfald.svg",
        "hillerod-sel-97-udfald.svg",
    ]
    changed = pq.read_table(report / "changed_rows.parquet")
    expected = [r["id"] for r in rows if changed_85(r) or changed_97(r)]
    assert changed.column("id").to_pylist() == expected
    by_id = {r["id"]: r for r in rows}
    for record in changed.to_pylist():
        row = by_id[record["id"]]
        assert record["changed_services"] == [
            service
            for service, moved in (
                ("hillerod/sel-85", changed_85(row)),
                ("hillerod/sel-97", changed_97(row)),
            )
            if moved
        ]
        if changed_85(row):
            hours = row["support_hours_per_month"]
            assert record["baseline:hillerod/sel-85:scope.package"] == package(
                hours, pakke_2_ends=13
            )
            assert record["reform:hillerod/sel-85:scope.package"] == package(hours, pakke_2_ends=12)
    markdown = (report / "impact.md").read_text(encoding="utf-8")
    order = ["pakke-1", "pakke-2", "pakke-3", "pakke-4", "saerligt-udmaalt", None]
    pairs = package_pairs(rows)
    cells = " | ".join(danish(pairs[("pakke-2", after)]) for after in order)
    assert f"| Før: Pakke 2 | {cells} |" in markdown
    assert (
        "![Pakker før og efter: Socialpædagogisk støtte](charts/hillerod-sel-85-pakker.svg)"
        in markdown
    )


class Tables(HTMLParser):
    """Each section's tables as {caption: rows of cell texts}, and the page's heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, dict[str, list[list[str]]]] = {"": {}}
        self.section = ""
        self.caption: str | None = None
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.texts: dict[str, str] = {}
        self.tag: str | None = None
        self.svg_texts: list[str] = []
        self.in_svg_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section":
            self.section = attributes.get("data-service") or ""
            self.sections[self.section] = {}
        elif tag == "table":
            self.rows, self.caption = [], None
        elif tag == "caption":
            self.cell = []
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "text":
            self.in_svg_text = True
        self.tag = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self.cell is not None:
            self.caption, self.cell = "".join(self.cell).strip(), None
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.caption is not None:
            self.sections[self.section][self.caption] = self.rows
        elif tag == "text":
            self.in_svg_text = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.tag in ("h1", "h2") and data.strip():
            self.texts.setdefault(self.tag, data.strip())
        if self.in_svg_text and data.strip():
            self.svg_texts.append(data.strip())


def danish(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else str(value)


def test_the_browser_shows_the_report(report: Path, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no headless browser (install Debian's chromium: apt-get install chromium)")
    page_uri = (report / "impact.html").as_uri()
    dumped = subprocess.run(  # noqa: S603 - the system's browser on our own file
        [browser, *BROWSER_FLAGS, f"--user-data-dir={tmp_path}", "--dump-dom", page_uri],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    page = Tables()
    page.feed(dumped)
    rows = population()
    assert page.texts["h1"] == "Konsekvensberegning: Hillerød Kommune, 2026-06-01"
    overview = page.sections[""]["Overblik"]
    assert overview[1][:4] == [
        "Socialpædagogisk støtte (hillerod/sel-85)",
        danish(sum(map(changed_85, rows))),
        danish(sum(map(within_85, rows))),
        danish(sum(map(within_85, rows))),
    ]
    sel_85 = page.sections["hillerod-sel-85"]
    transitions = {row[0]: row[1:] for row in sel_85["Overgange mellem udfald"][1:]}
    within = danish(sum(map(within_85, rows)))
    assert transitions["Før: Inden for serviceniveauet"] == [within, "0", "0", within]
    header, *package_rows = sel_85["Pakkeskift"]
    pakke_2 = dict(
        zip(header[1:], next(r for r in package_rows if r[0] == "Før: Pakke 2")[1:], strict=True)
    )
    assert pakke_2["Efter: Pakke 3"] == danish(30)
    rules = {row[0]: row[1:3] for row in sel_85["Regler bag ændringerne"][1:]}
    assert rules == {
        "scope.package_2": ["opfyldt → ikke opfyldt", "30"],
        "scope.package_3": ["ikke opfyldt → opfyldt", "30"],
    }
    sel_97 = page.sections["hillerod-sel-97"]
    scope = {row[0]: row[1:4] for row in sel_97["Omfang"][1:]}
    assert scope["Timer om måneden"] == [danish(1176), danish(868), danish(868 - 1176)]
    amounts = sel_97["Beløb"][1]
    within_97_count = sum(map(within_97, rows))
    assert amounts[0] == "payment.expense_grant"
    assert amounts[-1] == danish(1041 * within_97_count)
    assert "Pakke 3" in page.svg_texts  # the charts' labels are text in the page
    assert "Udfald: Ledsageordning" in page.svg_texts


def test_a_reform_of_an_unknown_standard_is_refused_with_did_you_mean(
    tmp_path: Path, bundled: Standards
) -> None:
    text = (HILLEROD / "sel-85.yaml").read_text(encoding="utf-8")
    text = replaced(text, "id: hillerod/sel-85\n", "id: hillerod/sel-850\n")
    (tmp_path / "sel-850.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(StandardLoadError) as caught:
        load_reform([tmp_path], bundled)
    [problem] = caught.value.problems
    assert problem.code == "unknown-standard"
    assert problem.message.startswith(
        "the baseline has no standard 'hillerod/sel-850' — did you mean 'hillerod/sel-85'? "
    )


def test_a_reform_with_national_data_or_no_files_is_refused(
    tmp_path: Path, bundled: Standards
) -> None:
    national = tmp_path / "with-national" / "national"
    national.mkdir(parents=True)
    shutil.copy(STANDARDS / "national" / "age-limits.yaml", national)
    with pytest.raises(StandardLoadError, match="national-in-reform"):
        load_reform([tmp_path / "with-national"], bundled)
    (tmp_path / "empty").mkdir()
    with pytest.raises(StandardLoadError, match=r"empty:1:1: no-standards: no standard file"):
        load_reform([tmp_path / "empty"], bundled)


def test_a_reform_of_another_municipality_changes_nothing_here(
    reform_folder: Path, bundled: Standards
) -> None:
    reform = load_reform([reform_folder], bundled)
    with pytest.raises(EvaluationError, match="the reform changes no standard of haderslev"):
        measure_impact(reform, [], municipality="haderslev", on=ON)


def test_the_cli_names_a_wrong_population_and_a_wrong_reform(
    reform_folder: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "population.csv"
    bad.write_text("id,motivatd\n1,true\n", encoding="utf-8")
    args = ["impact", "-m", "hillerod", "--reform", str(reform_folder), "-o", str(tmp_path / "r")]
    result = CliRunner().invoke(main, [*args, str(bad)])
    assert result.exit_code == 1
    assert (
        "population.csv:1:1: unknown-field: 'motivatd' is not a profile field — did you mean "
        "'motivated'?" in result.output
    )
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "sel-85.yaml").write_text("id: hillerod/sel-85\n", encoding="utf-8")
    args = ["impact", "-m", "hillerod", "--reform", str(broken), "-o", str(tmp_path / "r")]
    result = CliRunner().invoke(main, [*args, str(bad)])
    assert result.exit_code == 1
    assert "sel-85.yaml:1:1: missing-key" in result.output


def test_wrong_rows_are_left_out_and_named_and_the_others_measured(
    reform_folder: Path, bundled: Standards, tmp_path: Path
) -> None:
    rows = population()
    lines = [json.dumps(row, default=str) for row in rows]
    lines.insert(3, json.dumps({"id": "bad-1", "motivated": "maybe"}))
    lines.insert(10, "{not json")
    population_file = tmp_path / "population.jsonl"
    population_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report"
    args = ["impact", "-m", "hillerod", "--on", "2026-06-01", "--reform", str(reform_folder)]
    result = CliRunner().invoke(main, [*args, str(population_file), "-o", str(out)])
    assert result.exit_code == 1  # a wrong row: the exit code says so, the report is there
    assert "2 rows are not valid profiles and were left out" in result.stderr
    assert "row 4: invalid-value: motivated: expected true or false (got 'maybe')" in result.stderr
    records = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(r["row"], r.get("id")) for r in records] == [(4, "bad-1"), (11, None)]
    assert records[1]["problems"][0]["code"] == "not-json"
    # The valid rows are measured exactly as the population without the wrong ones.
    reform = load_reform([reform_folder], bundled)
    alone = measure_impact(reform, pa.Table.from_pylist(rows).to_batches(), municipality="hillerod",
                           on=ON)  # fmt: skip
    markdown = (out / "impact.md").read_text(encoding="utf-8")
    assert f"**Berørte borgere:** {alone.changed_rows}" in markdown
    assert "**Rækker, der ikke er gyldige profiler:** 2 (ikke med i beregningen" in markdown
    changed = pq.read_table(out / "changed_rows.parquet").to_pylist()
    assert len(changed) == alone.changed_rows
    numbers = [row["row_number"] for row in changed]
    # Rows keep their numbers in the file (from 1), past the wrong rows.
    by_id = {row["id"]: number for row, number in zip(changed, numbers, strict=True)}
    for index, row in enumerate(rows):
        if row["id"] in by_id:
            assert by_id[row["id"]] == index + 1 + (index >= 3) + (index >= 9)


def test_without_matplotlib_the_cli_says_which_extra_to_install(
    reform_folder: Path, population_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the extra were not installed
    args = ["impact", "-m", "hillerod", "--reform", str(reform_folder), "-o", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--on", "2026-06-01", str(population_file)])
    assert result.exit_code == 1
    assert "pip install 'kvalitet[report]'" in result.output
