"""A municipality added in YAML alone: the fictional Nyby Kommune, through every command.

``tests/data/nyby`` is a vocabulary, two standard files and their cases, and no Python: facts of
every type, scope fields of its own (its own ``package`` names beside Hillerød's), a web page as
its source, a standard covering three sections under one id, a derived fact, an exclusion, a
dated amount and terms. Each test copies it into a temporary folder and runs a command on it
alone (``--standards <folder>``) and beside the bundled standards (``--standards bundled
--standards <folder>``), and checks what the command says.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from ruamel.yaml import YAML

from kvalitet import Decision, Standards, load_standards
from kvalitet.casework.explain import explain
from kvalitet.cli.app import main
from kvalitet.language.bundled import bundled_standards_dir
from kvalitet.language.profile import ProfileBase
from kvalitet.testing import invariants
from kvalitet.testing.strategies import profiles

from .conftest import DATA
from .test_service_cli import kvalitet_serve

NYBY = DATA / "nyby"
ON = "2026-03-01"
PAGE = "https://nyby.example/borger/kvalitetsstandarder/forloeb-og-stoette"

# Meets every criterion of both standards; five visits a week, more transport than Nyby's share.
WITHIN = """\
birth_date: 1990-05-01
impairment_substantial: true
can_do_subtasks_or_be_guided: true
referral_date: 2025-09-15
support_form_wish: individuel
courses_taken: [sel-82b]
current_services: []
weekly_visits_needed: 5
monthly_transport_costs: 450.5
support_need_level: C
support_hours_per_month: 12
"""
# Knows only the target group: the rest of § 82 a-b/85 is unknown.
UNKNOWN = "birth_date: 1990-05-01\nimpairment_substantial: true\n"
# Outside: asked before 1 January 2025, no course taken, lives in a § 107 residence.
OUTSIDE = """\
birth_date: 1990-05-01
impairment_substantial: true
can_do_subtasks_or_be_guided: true
referral_date: 2024-11-15
support_form_wish: individuel
courses_taken: []
current_services: [sel-107]
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder with a copy of Nyby's folder and the profiles."""
    folder = tmp_path_factory.mktemp("new-municipality")
    shutil.copytree(NYBY, folder / "nyby")
    for name, text in (("within", WITHIN), ("unknown", UNKNOWN), ("outside", OUTSIDE)):
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(params=["alone", "beside"])
def where(request: pytest.FixtureRequest) -> str:
    """Nyby's standards on their own, or beside the bundled ones."""
    value: str = request.param
    return value


def standards_options(where: str, root: Path) -> list[str]:
    beside = ["--standards", "bundled"] if where == "beside" else []
    return [*beside, "--standards", str(root / "nyby")]


def folders(where: str, root: Path) -> list[str]:
    return [*([str(bundled_standards_dir())] if where == "beside" else []), str(root / "nyby")]


def run(*args: str | Path, given: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], input=given)


def loaded(where: str, root: Path) -> Standards:
    return load_standards(folders(where, root))


def case_count(folder: Path) -> int:
    yaml = YAML(typ="safe")
    return sum(
        len(yaml.load(path.read_text(encoding="utf-8"))["cases"])
        for path in sorted(folder.rglob("cases/*.yaml"))
    )


# --- authoring: validate, lint, test, render, compare, coverage, schema --------------------------


def test_validate(where: str, root: Path) -> None:
    result = run("validate", *folders(where, root))
    assert result.exit_code == 0, result.output
    count = len(list((root / "nyby" / "2025").glob("*.yaml")))  # Nyby's standard files
    if where == "beside":
        count += len(load_standards([bundled_standards_dir()]).loaded.files)
    assert result.stdout == f"{count} standard files OK\n"


def test_lint_finds_nothing_in_nyby(where: str, root: Path) -> None:
    result = run("lint", *folders(where, root))
    assert result.exit_code == 0, result.output
    assert "nyby" not in result.output
    if where == "alone":
        assert result.stdout == "0 errors, 0 warnings\n"


def test_test_uses_the_folders_own_standards(where: str, root: Path) -> None:
    options = standards_options(where, root) if where == "beside" else []
    result = run("test", *options, root / "nyby")
    assert result.exit_code == 0, result.output
    assert f"{case_count(root / 'nyby')} passed, 0 failed" in result.stdout
    expected = "bundled, " if where == "beside" else ""
    assert result.stdout.startswith(f"standards: {expected}{root / 'nyby'} (")


def test_render_markdown_and_html(where: str, root: Path, tmp_path: Path) -> None:
    result = run("render", *folders(where, root), "--format", "markdown", "-o", tmp_path / "md")
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "md" / "nyby-sel-85.md").read_text(encoding="utf-8")
    assert "**Nyby Kommune** · Version 2025" in markdown
    assert "- Lille pakke\n" in markdown
    assert "- Mellempakke\n" in markdown
    assert "Henvisningerne peger på overskrifter på websiden." in markdown
    assert "Linjehenvisningerne" not in markdown  # a web page has no lines

    result = run("render", *folders(where, root), "--format", "html", "-o", tmp_path / "html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "html" / "nyby-sel-82ab-85.html").read_text(encoding="utf-8")
    assert "<title>Forløb og støtte til et selvstændigt liv (fiktiv) – Nyby Kommune</title>" in page
    assert f"«Forløb og støtte til et selvstændigt liv», {PAGE}." in page
    assert "SEL § 82 a, SEL § 82 b, SEL § 85" in page
    assert "300 kr. om måneden (2025)" in page
    assert "Dette dokument beskriver Nyby Kommunes serviceniveau" in page
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="nyby-sel-82ab-85.html"' in index
    assert 'href="nyby-sel-85.html"' in index


def test_compare_with_a_bundled_municipality_shows_every_rule(root: Path) -> None:
    options = standards_options("beside", root)
    result = run("compare", "hillerod", "nyby", "-s", "sel-85", "--on", ON, "--width", "200",
                 *options, root / "within.yaml")  # fmt: skip
    assert result.exit_code == 0, result.output
    standards = loaded("beside", root)
    day = date.fromisoformat(ON)
    for service in ("hillerod/sel-85", "nyby/sel-85"):
        for rule in standards.program(service, day).standard.scope:
            assert f"[{rule.id}]" in result.stdout  # no package rule is left out
    # Hillerød lets E in with the special package (line 332); Nyby's starting point is C or D.
    assert "≠ [vum.level_c_or_d]" in result.stdout
    assert "= [scope.package_2] Pakke 2" in result.stdout
    assert "• [scope.package_4]" in result.stdout  # Hillerød has more packages than Nyby
    assert "| Inden for serviceniveauet" in result.stdout


def test_coverage_without_an_inventory(where: str, root: Path) -> None:
    result = run("coverage", *standards_options(where, root))
    assert result.exit_code == 0, result.output
    if where == "alone":
        assert result.stdout == "no inventory.yaml next to the standards loaded: nothing to cover\n"
    else:
        assert result.stdout.rstrip().endswith("0 unaccounted")


def test_schema_knows_nyby(root: Path, tmp_path: Path) -> None:
    result = run("schema", *standards_options("beside", root), "--out", tmp_path)
    assert result.exit_code == 0, result.output

    def validator(name: str) -> jsonschema.Draft202012Validator:
        schema = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    profile_schema = json.loads((tmp_path / "profile.schema.json").read_text(encoding="utf-8"))
    visits = profile_schema["properties"]["weekly_visits_needed"]["anyOf"][0]
    assert (visits["type"], visits["minimum"], visits["maximum"]) == ("integer", 0, 21)
    profile_data = YAML(typ="safe").load(WITHIN)
    as_json = json.loads(json.dumps(profile_data, default=str))
    assert list(validator("profile.schema.json").iter_errors(as_json)) == []
    assert list(validator("profile.schema.json").iter_errors({"weekly_visits_needed": 22}))

    standards = loaded("beside", root)
    day = date.fromisoformat(ON)
    decisions = validator("decision.schema.json")
    for municipality in ("nyby", "hillerod"):  # each with its own 'package' names
        outcome = standards.evaluate(profile_data, municipality=municipality, on=day)
        decision = json.loads(outcome.to_json())
        assert [e.message for e in decisions.iter_errors(decision)] == [], municipality
    files = validator("standard.schema.json")
    for path in sorted((root / "nyby" / "2025").glob("*.yaml")):
        data = json.loads(json.dumps(YAML(typ="safe").load(path.read_text("utf-8")), default=str))
        assert [e.message for e in files.iter_errors(data)] == [], path.name


# --- evaluating and casework: evaluate, explain, ask, whatif, batch, serve -----------------------


def test_evaluate_text(where: str, root: Path) -> None:
    result = run("evaluate", "-m", "nyby", "--on", ON, *standards_options(where, root),
                 root / "within.yaml")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"Kommune: Nyby Kommune   Dato: {ON}\n")
    assert "  Inden for serviceniveauet: Socialpædagogisk støtte (fiktiv) (nyby/sel-85)" in out
    assert "  Omfang:\n    3 besøg om ugen\n    tilskud til transport: ja\n" in out
    assert "  Omfang:\n    Mellempakke\n" in out
    assert (
        f"[kommunens serviceniveau; nyby/sel-82ab-85; Målgruppe; Hvem kan få støtte?; {PAGE}]"
        in out
    )
    assert "  Sagsbehandlingsfrist: højst 6 uger" in out


def test_evaluate_json(where: str, root: Path) -> None:
    result = run("evaluate", "-m", "nyby", "--on", ON, "--format", "json",
                 *standards_options(where, root), root / "within.yaml")  # fmt: skip
    assert result.exit_code == 0, result.output
    decision = json.loads(result.stdout)
    assert Decision.from_json(result.stdout).municipality == "nyby"
    assert decision["facts"]["referral_date"] == "2025-09-15"
    assert decision["facts"]["courses_taken"] == ["sel-82b"]
    courses = decision["services"]["nyby/sel-82ab-85"]
    assert courses["outcome"] == "within_standard"
    assert courses["scope"] == {"visits_per_week": 3, "transport_support": True}
    assert [(a["name"], a["amount"], a["year"]) for a in courses["amounts"]] == [
        ("own_transport_share", 310.0, 2026)
    ]
    reasons = {reason["rule"]: reason for reason in courses["reasons"]}
    assert reasons["target.function"]["tested"] == "nyby_target_group"  # the derived fact
    assert reasons["exclusion.residence"]["result"] == "false"
    assert reasons["target.age"]["citation"] == {
        "standard": "nyby/sel-82ab-85",
        "section": "Målgruppe",
        "lines": [],
        "url": PAGE,
        "heading": "Hvem kan få støtte?",
    }
    assert decision["services"]["nyby/sel-85"]["scope"] == {"package": "mellem"}


def test_explain_in_danish_and_english(where: str, root: Path) -> None:
    common = ["-m", "nyby", "-s", "sel-82ab-85", "--on", ON, *standards_options(where, root)]
    danish = run("explain", *common, root / "unknown.yaml")
    assert danish.exit_code == 0, danish.output
    assert danish.stdout.startswith(
        "Forløb og støtte til et selvstændigt liv (fiktiv) (nyby/sel-82ab-85)\n"
        "Kan ikke vurderes – der mangler oplysninger\n"
    )
    assert "  – Kan borgeren selv udføre delopgaverne eller guides til det?\n" in danish.stdout
    assert "  – Hvilken form for støtte ønsker borgeren?\n" in danish.stdout
    english = run("explain", *common, "--lang", "en", root / "unknown.yaml")
    assert english.exit_code == 0, english.output
    assert "  – When did the citizen contact the municipality (YYYY-MM-DD)?\n" in english.stdout
    within = run("explain", *common, "--lang", "en", root / "within.yaml")
    assert "Scope: 3 visits a week, transport grant: yes\n" in within.stdout
    as_json = run("explain", *common, "--format", "json", root / "unknown.yaml")
    missing = {item["field"] for item in json.loads(as_json.stdout)["missing"]}
    assert {"can_do_subtasks_or_be_guided", "referral_date", "courses_taken"} <= missing


def test_ask_next_question_is_json(where: str, root: Path, tmp_path: Path) -> None:
    known = WITHIN.replace("support_form_wish: individuel\n", "").replace("[sel-82b]", "[]")
    (tmp_path / "profile.yaml").write_text(known, encoding="utf-8")
    result = run("ask", "-m", "nyby", "-s", "sel-82ab-85", "--on", ON, "--next",
                 *standards_options(where, root), tmp_path / "profile.yaml")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "field": "support_form_wish",
        "question": "Hvilken form for støtte ønsker borgeren?",
        "kind": "enum",
        "choices": ["individuel", "gruppe", "digital"],
        "undetermined": ["nyby/sel-82ab-85"],
        "expected_settled": 1.0,
    }


def test_ask_interactively_asks_a_wrong_answer_again(
    where: str, root: Path, tmp_path: Path
) -> None:
    (tmp_path / "profile.yaml").write_text(
        WITHIN.replace("referral_date: 2025-09-15\n", ""), encoding="utf-8"
    )
    result = run("ask", "-m", "nyby", "-s", "sel-82ab-85", "--on", ON,
                 *standards_options(where, root), tmp_path / "profile.yaml",
                 given="ja\n1899-12-31\n2025-02-01\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    question = "Hvornår henvendte borgeren sig til kommunen (ÅÅÅÅ-MM-DD)?"
    assert result.stdout.count(question) == 3
    assert result.stderr == (
        "<answer>:1:1: invalid-value: referral_date: 'ja' is not a valid answer (ÅÅÅÅ-MM-DD)\n"
        "<profile>:1:1: invalid-value: referral_date: Input should be greater than or equal to "
        "1900-01-01 (got 1899-12-31)\n"
    )
    assert "(nyby/sel-82ab-85): Inden for serviceniveauet\n  Omfang:\n" in result.stdout


def test_ask_an_empty_list_answer_is_none(where: str, root: Path, tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(
        WITHIN.replace("courses_taken: [sel-82b]\n", ""), encoding="utf-8"
    )
    result = run("ask", "-m", "nyby", "-s", "sel-82ab-85", "--on", ON,
                 *standards_options(where, root), tmp_path / "profile.yaml",
                 given="\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Hvilke forløb har borgeren deltaget i?" in result.stdout
    # no course and a wish for individual support: outside the starting point
    assert result.stdout.endswith("(nyby/sel-82ab-85): Uden for serviceniveauet\n")


def test_whatif(where: str, root: Path) -> None:
    common = ["-m", "nyby", "-s", "sel-82ab-85", "--on", ON, *standards_options(where, root)]
    into = run("whatif", *common, root / "outside.yaml")
    assert into.exit_code == 0, into.output
    assert into.stdout.splitlines() == [
        "inden for serviceniveauet, hvis Forløb efter §§ 82 a og 82 b, borgeren har deltaget i "
        "(courses_taken) omfatter sel-82a og Ydelser, borgeren allerede er bevilget "
        "(current_services) ikke omfatter sel-107 og ikke omfatter sel-108 og Dato for "
        "henvendelsen (referral_date) er mindst 2025-01-01",
        "inden for serviceniveauet, hvis Ydelser, borgeren allerede er bevilget "
        "(current_services) ikke omfatter sel-107 og ikke omfatter sel-108 og Dato for "
        "henvendelsen (referral_date) er mindst 2025-01-01 og Ønsket støtteform "
        "(support_form_wish) er gruppeforløb eller digital støtte",  # Nyby's own value labels
    ]
    out_of = run("whatif", *common, root / "within.yaml")
    assert out_of.exit_code == 0, out_of.output
    assert "hvis Dato for henvendelsen (referral_date) er under 2025-01-01" in out_of.stdout
    assert "(current_services) omfatter sel-107" in out_of.stdout


def test_batch(where: str, root: Path, tmp_path: Path) -> None:
    lines = [
        {"impairment_substantial": True, "support_need_level": "D", "support_hours_per_month": 20},
        {"weekly_visits_needed": 99},
        {"support_form_wish": "telepati"},
    ]
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "decisions.jsonl"
    result = run("batch", "-m", "nyby", "--on", ON, *standards_options(where, root), profiles,
                 "-o", out)  # fmt: skip
    assert result.exit_code == 1  # two lines are wrong
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    scope = records[0]["decision"]["services"]["nyby/sel-85"]["scope"]
    assert scope == {"package": "stor", "hours_per_month": 20.0}
    assert records[1]["error"].endswith(
        "profiles.jsonl:2:1: invalid-value: weekly_visits_needed: Input should be less than or "
        "equal to 21 (got 99)"
    )
    assert (
        "support_form_wish: Input should be 'individuel', 'gruppe' or 'digital'"
        in (records[2]["error"])
    )
    assert "nyby/sel-85: within_standard 1" in result.stderr


@pytest.fixture(scope="module")
def served(root: Path) -> Iterator[str]:
    with kvalitet_serve(root, *standards_options("beside", root)) as url:
        yield url


def test_serve_evaluates_nyby_beside_the_bundled_standards(served: str, root: Path) -> None:
    profile: dict[str, Any] = YAML(typ="safe").load(WITHIN)
    standards = loaded("beside", root)
    for municipality in ("nyby", "hillerod"):
        body = {"profile": json.loads(json.dumps(profile, default=str)),
                "municipality": municipality, "on": ON}  # fmt: skip
        response = httpx.post(f"{served}/v1/evaluate", json=body, timeout=30)
        assert response.status_code == 200, response.text
        expected = standards.evaluate(profile, municipality=municipality, on=date(2026, 3, 1))
        assert Decision.from_json(response.text).same_as(expected)
    wrong = {"profile": {"support_form_wish": "telepati"}, "municipality": "nyby", "on": ON}
    problem = httpx.post(f"{served}/v1/evaluate", json=wrong, timeout=30).json()
    assert problem["problems"][0]["field"] == "support_form_wish"


def test_serve_explains_with_nyby_s_own_facts(served: str, root: Path) -> None:
    # /v1/explain read the bundled vocabulary: Nyby's own facts were an unknown field (422).
    profile: dict[str, Any] = YAML(typ="safe").load(WITHIN)
    body = {"profile": json.loads(json.dumps(profile, default=str)), "municipality": "nyby",
            "service": "sel-85", "on": ON}  # fmt: skip
    response = httpx.post(f"{served}/v1/explain", json=body, timeout=30)
    assert response.status_code == 200, response.text
    standards = loaded("beside", root)
    outcome = standards.evaluate(profile, municipality="nyby", on=date(2026, 3, 1))
    expected = explain(outcome.services["nyby/sel-85"], "da", standards.vocabulary)
    assert response.json() == json.loads(expected.model_dump_json())
    assert expected.scope_text  # Nyby's own scope phrases, e.g. its package names


# --- populations: synth, population evaluate, impact --------------------------------------------


def test_a_synthetic_population_of_nyby_s_facts_evaluates_like_the_library(
    where: str, root: Path, tmp_path: Path
) -> None:
    population, out = tmp_path / "people.parquet", tmp_path / "out.parquet"
    result = run("population", "synth", "-n", "2000", "--seed", "7", "--on", ON,
                 *standards_options(where, root), "-o", population)  # fmt: skip
    assert result.exit_code == 0, result.output
    names = pq.read_schema(population).names
    assert {"can_do_subtasks_or_be_guided", "weekly_visits_needed", "courses_taken"} <= set(names)
    result = run("population", "evaluate", "-m", "nyby", "--on", ON,
                 *standards_options(where, root), population, "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    people = pq.read_table(population).to_pylist()
    standards = loaded(where, root)
    for person, row in list(zip(people, rows, strict=True))[:200]:
        profile = {k: v for k, v in person.items() if k != "id" and v is not None}
        decision = standards.evaluate(profile, municipality="nyby", on=date(2026, 3, 1))
        for service, outcome in decision.services.items():
            assert row[f"{service}:outcome"] == outcome.outcome
    assert "within_standard" in {row["nyby/sel-85:outcome"] for row in rows}


def test_impact_of_a_reform_of_nyby_s_packages(root: Path, tmp_path: Path) -> None:
    population = tmp_path / "people.parquet"
    run("population", "synth", "-n", "3000", "--seed", "3", "--on", ON,
        "--standards", root / "nyby", "-o", population)  # fmt: skip
    reform = tmp_path / "reform"
    reform.mkdir()
    text = (root / "nyby" / "2025" / "sel-85.yaml").read_text(encoding="utf-8")
    small = "when: {fact: support_hours_per_month, ge: 1, le: 8}"
    medium = "when: {fact: support_hours_per_month, gt: 8, le: 16}"
    assert small in text
    assert medium in text
    changed = text.replace(small, small.replace("le: 8", "le: 6"))
    (reform / "sel-85.yaml").write_text(changed.replace(medium, medium.replace("gt: 8", "gt: 6")))
    report = tmp_path / "report"
    result = run("impact", "-m", "nyby", "--on", ON, "--baseline", root / "nyby",
                 "--reform", reform, population, "-o", report)  # fmt: skip
    assert result.exit_code == 0, result.output
    hours = [
        row["support_hours_per_month"]
        for row in pq.read_table(population).to_pylist()
        if row["support_hours_per_month"] is not None and 6 < row["support_hours_per_month"] <= 8
    ]
    changed_rows = pq.read_table(report / "changed_rows.parquet")
    # Everyone within with 6-8 hours moves from the small to the medium package; no one else.
    moved = [
        row for row in changed_rows.to_pylist()
        if row["baseline:nyby/sel-85:scope.package"] == "lille"
    ]  # fmt: skip
    assert moved
    assert len(moved) == changed_rows.num_rows <= len(hours)
    assert all(row["reform:nyby/sel-85:scope.package"] == "mellem" for row in moved)
    assert all(6 < row["support_hours_per_month"] <= 8 for row in moved)
    markdown = (report / "impact.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# Konsekvensberegning: Nyby Kommune, {ON}")


# --- the whole tree, and the testing kit ------------------------------------------------------


def test_the_bundled_tree_with_nyby_added_stays_green(tmp_path: Path) -> None:
    tree = tmp_path / "standards"
    shutil.copytree(bundled_standards_dir(), tree)
    shutil.copytree(NYBY, tree / "nyby")
    bundled = load_standards([bundled_standards_dir()])
    validated = run("validate", tree)
    assert validated.exit_code == 0, validated.output
    assert validated.stdout == f"{len(bundled.loaded.files) + 2} standard files OK\n"
    linted = run("lint", tree)
    assert linted.exit_code == 0, linted.output
    assert "nyby" not in linted.output
    tested = run("test", tree)
    assert tested.exit_code == 0, tested.output
    assert f"{case_count(tree)} passed, 0 failed" in tested.stdout
    covered = run("coverage", "--standards", tree)
    assert covered.exit_code == 0, covered.output
    assert covered.stdout.rstrip().endswith("0 unaccounted")


NYBY_STANDARDS = load_standards([NYBY])


@given(
    profiles(programs=NYBY_STANDARDS.programs, vocabulary=NYBY_STANDARDS.vocabulary),
    profiles(vocabulary=NYBY_STANDARDS.vocabulary),
)
def test_nyby_keeps_the_invariants(profile: ProfileBase, more: ProfileBase) -> None:
    day = date.fromisoformat(ON)
    invariants.check_invariants(NYBY_STANDARDS, profile, on=day)
    invariants.knowing_more_never_unsettles(NYBY_STANDARDS, profile, more, on=day)
    invariants.backends_agree(NYBY_STANDARDS, profile, on=day)
