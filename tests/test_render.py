"""The citizen's document: Markdown and HTML of every bundled standard, and in a real browser."""

from __future__ import annotations

import functools
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kvalitet import StandardFile, Standards
from kvalitet.authoring.render import (
    collapse,
    escape_markdown,
    ordered_rules,
    render_html,
    render_markdown,
    write_rendered,
)
from kvalitet.cli.app import main
from kvalitet.language.cited import Cited
from kvalitet.language.loader import load
from kvalitet.language.rules import iter_rules
from kvalitet.language.standard import Citation
from kvalitet.language.wording import number as danish_number

from .conftest import STANDARDS

VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "source", "wbr"})
MARKUP = st.sampled_from("<>&\"'/=!- ap")  # characters that break unescaped HTML
KNOWN_RULE = "Der kan som udgangspunkt bevilges op til 5 behandlingstimer"
BROWSER_TIMEOUT = 60
BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@dataclass
class RuleElement:
    rule_id: str
    text: str = ""


class Page(HTMLParser):
    """The parts of a rendered page the tests read, and whether its tags are balanced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open_tags: list[str] = []
        self.errors: list[str] = []
        self.tags: dict[str, list[dict[str, str | None]]] = {}
        self.texts: dict[str, str] = {}
        self.rules: list[RuleElement] = []
        self._capture: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.setdefault(tag, []).append(attributes)
        if tag in VOID:
            return
        self.open_tags.append(tag)
        css = attributes.get("class")
        if css == "rule":
            self.rules.append(RuleElement(attributes.get("data-rule-id") or ""))
        if self._capture is None and (tag in {"title", "h1"} or (css == "text" and self.rules)):
            self._capture = ("rule" if css == "text" else tag, len(self.open_tags))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open_tags or self.open_tags[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open_tags[-1:]}>")
            return
        if self._capture is not None and self._capture[1] == len(self.open_tags):
            self._capture = None
        self.open_tags.pop()

    def handle_data(self, data: str) -> None:
        if self._capture is None:
            return
        key = self._capture[0]
        if key == "rule":
            self.rules[-1].text += data
        else:
            self.texts[key] = self.texts.get(key, "") + data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def source_order(standard: StandardFile) -> list[Cited]:
    """Independent of the renderer: by first cited line, ties and no lines in file order."""
    rules = [at.rule for at in iter_rules(standard) if at.key != "access_variants"]
    return sorted(rules, key=lambda rule: min(rule.cite.lines, default=math.inf))


def by_id(standards: Standards, service_id: str) -> StandardFile:
    return next(s for s in standards.standards() if s.id == service_id)


def with_rule(standard: StandardFile, index: int, **changes: object) -> StandardFile:
    criteria = list(standard.criteria)
    criteria[index] = criteria[index].model_copy(update=changes)
    return standard.model_copy(update={"criteria": tuple(criteria)})


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_has_every_rule_in_source_order(bundled: Standards) -> None:
    for standard in bundled.standards():
        markdown = render_markdown(standard)
        body = markdown.split("\n## Kvalitetsstandardens indhold\n", 1)[1]
        body = body.split("\n## Konkret og individuel vurdering\n", 1)[0]
        blocks = body.split("\n### ")[1:]
        expected = source_order(standard)
        assert len(blocks) == len(expected), standard.id
        for number, (block, rule) in enumerate(zip(blocks, expected, strict=True), start=1):
            assert block.startswith(f"{number}. "), (standard.id, rule.id)
            assert escape_markdown(collapse(rule.text)) in block, (standard.id, rule.id)
            assert ("*Som udgangspunkt*" in block) == rule.default, (standard.id, rule.id)


def test_markdown_reads_as_a_danish_document(bundled: Standards) -> None:
    markdown = render_markdown(by_id(bundled, "hillerod/sel-97"))
    assert markdown.startswith("# Ledsageordning\n")
    assert "**Hillerød Kommune** · Version 2026 · Gælder fra 1. januar 2026" in markdown
    assert "## Lovgrundlag\n\nSEL § 97\n" in markdown
    assert "Adgang: visitation (kommunens sagsbehandler træffer afgørelse)" in markdown
    assert "Her er link til borger.dk, hvor du ansøger om ledsageordning." in markdown
    heading = "### 12. Udgangspunkt efter VUM – kommunens serviceniveau"
    assert f"{heading}\n\n*Som udgangspunkt*" in markdown
    assert "- Klagefrist: højst 4 uger" in markdown
    assert "- 1.041 kr. om året (2025)" in markdown
    assert "*Kilde: Vurdering og udmåling af ydelsen; linje 646, 648–650*" in markdown
    assert "*Kilde: Målgruppe; SEL § 97; lov om social pension § 1 a; linje 626, 634, 718*" in (
        markdown
    )
    assert "## Konkret og individuel vurdering" in markdown
    assert markdown.endswith(
        "> Dette dokument beskriver Hillerød Kommunes serviceniveau (udgangspunkt) for ydelsen. "
        "Det er ikke en afgørelse: hver sag vurderes altid konkret og individuelt.\n"
    )


def test_rates_scope_and_follow_up_in_danish(bundled: Standards) -> None:
    assert "- 101,19 kr. pr. påbegyndt døgn (2025)" in render_markdown(
        by_id(bundled, "hillerod/sel-109")
    )
    assert "- 15 timer om måneden" in render_markdown(by_id(bundled, "hillerod/sel-97"))
    assert "- Hver 12.–24. måned" in render_markdown(by_id(bundled, "hillerod/sel-100"))
    assert "- Efter 1 måned og 6 måneder" in render_markdown(by_id(bundled, "hillerod/sel-101"))


def test_conditions_readings_and_not_encoded_are_not_shown(bundled: Standards) -> None:
    for standard in bundled.standards():
        markdown = render_markdown(standard)
        assert not re.search(r"\b[a-z]+_[a-z]+", markdown), standard.id  # no fact names
        for rule in (at.rule for at in iter_rules(standard)):
            if rule.reading:
                assert collapse(rule.reading) not in markdown, (standard.id, rule.id)
        for entry in standard.not_encoded:
            assert collapse(entry.reason) not in markdown, (standard.id, entry.encodes)


def test_rules_without_lines_come_last_in_file_order(haderslev: Standards) -> None:
    standard = haderslev.standards()[0]
    unlined = with_rule(standard, 0, cite=Citation(section="Målgruppe"))
    unlined = with_rule(unlined, 1, cite=Citation(section="Målgruppe"))
    ids = [rule.id for rule in ordered_rules(unlined)]
    assert ids[-2:] == [standard.criteria[0].id, standard.criteria[1].id]


def test_escape_markdown_keeps_plain_text_and_escapes_markup() -> None:
    plain = "Op til 5 timer (i alt)! 1.041 kr."
    assert escape_markdown(plain) == plain
    assert escape_markdown("Op til 5 timer [...].") == r"Op til 5 timer \[...\]."
    assert escape_markdown("- a *b* <i>_c_</i>") == r"\- a \*b\* \<i\>\_c\_\</i\>"
    assert escape_markdown("2. stk") == r"2\. stk"


HOSTILE = (
    "[x](javascript:alert(1))",
    "![](http://remote.example/img.png)",
    "![x][1] [1]: http://remote.example/img.png",
    "[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<http://remote.example/>",
    "[x] [x][] [x][y]",
    "&#91;x&#93;(javascript:alert(1))",
    "\\[x\\](javascript:alert(1))",
)


def commonmark(text: str) -> str:
    return str(MarkdownIt("commonmark").render(text))


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_never_turns_a_standards_text_into_a_link_or_an_image(text: str) -> None:
    standard = with_rule(_haderslev_standard(), 0, text=text)
    html = commonmark(render_markdown(standard))
    assert "<a " not in html
    assert "<img" not in html
    assert "javascript:alert(1)" in html or "remote.example" in html or "[x]" in html


@given(st.text(st.sampled_from("[]()!<>:/\\ jx&#;1"), min_size=1).filter(lambda t: t.strip()))
def test_markdown_of_any_bracketed_text_has_no_link_or_image(text: str) -> None:
    html = commonmark(escape_markdown(text))
    assert "<a " not in html
    assert "<img" not in html


@given(st.floats(min_value=0, max_value=10_000_000, allow_nan=False))
def test_danish_number_reads_back(value: float) -> None:
    text = danish_number(value)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d{1,2})?", text)
    assert math.isclose(float(text.replace(".", "").replace(",", ".")), value, abs_tol=0.006)


# --- HTML --------------------------------------------------------------------------------------


def test_html_is_a_well_formed_danish_page_with_every_rule_in_order(bundled: Standards) -> None:
    for standard in bundled.standards():
        html = render_html(standard)
        assert html.startswith('<!DOCTYPE html>\n<html lang="da">'), standard.id
        page = parse(html)
        assert page.errors == [], standard.id
        assert page.open_tags == [], standard.id
        assert {"charset": "utf-8"} in page.tags["meta"]
        assert {"article", "h1", "h2", "section", "style"} <= page.tags.keys()
        assert page.texts["h1"] == collapse(standard.title)
        assert page.texts["title"].startswith(collapse(standard.title))
        expected = source_order(standard)
        assert [r.rule_id for r in page.rules] == [r.id for r in expected], standard.id
        for element, rule in zip(page.rules, expected, strict=True):
            assert element.text == collapse(rule.text), (standard.id, rule.id)
        ids = [a["id"] for attrs in page.tags.values() for a in attrs if a.get("id")]
        assert len(ids) == len(set(ids)), standard.id


@given((st.text(MARKUP, min_size=1) | st.text(min_size=1)).filter(lambda text: text.strip() != ""))
def test_html_escapes_any_text(text: str) -> None:
    standard = with_rule(_haderslev_standard(), 0, text=text)
    page = parse(render_html(standard))
    assert page.errors == []
    rule = next(r for r in page.rules if r.rule_id == standard.criteria[0].id)
    assert rule.text == collapse(text)


def test_html_escapes_markup_in_the_standard(haderslev: Standards) -> None:
    standard = with_rule(haderslev.standards()[0], 0, text='<script>alert("x")</script> & <b>')
    html = render_html(standard)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;" in html


@functools.cache
def _haderslev_standard() -> StandardFile:
    """Loaded once: a Hypothesis test cannot take a function-scoped fixture per example."""
    return load([STANDARDS / "haderslev", STANDARDS / "national"]).files[0].standard


# --- Files -------------------------------------------------------------------------------------


def test_write_rendered_html_writes_a_page_per_standard_and_an_index(
    bundled: Standards, tmp_path: Path
) -> None:
    standards = bundled.standards()
    written = write_rendered(standards, tmp_path / "html", "html")
    names = [f"{s.municipality}-{s.service}.html" for s in standards]
    assert [path.name for path in written] == [*names, "index.html"]
    assert sorted(p.name for p in (tmp_path / "html").iterdir()) == sorted([*names, "index.html"])
    index = parse(written[-1].read_text(encoding="utf-8"))
    assert index.errors == []
    assert sorted(a["href"] or "" for a in index.tags["a"]) == sorted(names)
    assert written[0].read_text(encoding="utf-8") == render_html(standards[0])


def test_write_rendered_markdown_writes_no_index(bundled: Standards, tmp_path: Path) -> None:
    standards = bundled.standards()
    written = write_rendered(standards, tmp_path, "markdown")
    assert [p.name for p in written] == [f"{s.municipality}-{s.service}.md" for s in standards]
    assert written[-1].read_text(encoding="utf-8") == render_markdown(standards[-1])


def test_two_versions_of_one_service_are_refused(haderslev: Standards, tmp_path: Path) -> None:
    standard = haderslev.standards()[0]
    with pytest.raises(ValueError, match=r"haderslev-sel-102\.md"):
        write_rendered(
            [standard, standard.model_copy(update={"version": "2025"})], tmp_path, "markdown"
        )


def test_render_never_writes_through_a_symbolic_link_in_the_folder(
    haderslev: Standards, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "haderslev-sel-102.md").symlink_to(outside)
    with pytest.raises(ValueError, match=r"haderslev-sel-102\.md is a symbolic link"):
        write_rendered(haderslev.standards(), folder, "markdown")
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["haderslev-sel-102.md"]


def test_render_refuses_a_dangling_link_and_a_folder_in_the_way(
    haderslev: Standards, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "index.html").symlink_to(tmp_path / "elsewhere" / "index.html")
    with pytest.raises(ValueError, match="symbolic link"):
        write_rendered(haderslev.standards(), folder, "html")
    assert not (tmp_path / "elsewhere").exists()
    (folder / "index.html").unlink()
    (folder / "index.html").mkdir()
    with pytest.raises(ValueError, match="is not a file"):
        write_rendered(haderslev.standards(), folder, "html")
    assert [p.name for p in folder.iterdir()] == ["index.html"]  # nothing written


def test_render_replaces_a_hard_link_instead_of_writing_through_it(
    haderslev: Standards, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "haderslev-sel-102.md").hardlink_to(outside)
    written = write_rendered(haderslev.standards(), folder, "markdown")
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert written[0].read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in folder.iterdir()) == ["haderslev-sel-102.md"]  # no temporary


def test_render_command_says_what_is_wrong_with_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "index.html").symlink_to(tmp_path / "target.html")
    result = CliRunner().invoke(
        main, ["render", str(STANDARDS / "haderslev"), "--format", "html", "-o", str(folder)]
    )
    assert result.exit_code == 1
    assert "cannot write the documents:" in result.stderr
    assert "is a symbolic link; kvalitet never writes through a link" in result.stderr
    assert not (tmp_path / "target.html").exists()


# --- A real browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("no headless browser (install Debian's chromium: apt-get install chromium)")
    return found


def run_browser(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the system's browser on our own file
        [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=True,
    )


@pytest.mark.parametrize(
    ("service_id", "known"),
    [("haderslev/sel-102", KNOWN_RULE), ("hillerod/sel-97", "Ledsagelse udgør 15 timer")],
)
def test_the_browser_shows_title_and_every_rule(
    browser: str, bundled: Standards, tmp_path: Path, service_id: str, known: str
) -> None:
    standard = by_id(bundled, service_id)
    [page_path, _] = write_rendered([standard], tmp_path / "out", "html")
    dumped = run_browser(browser, tmp_path / "profile", "--dump-dom", page_path.as_uri()).stdout
    dom = parse(dumped)
    assert dom.texts["h1"] == collapse(standard.title)
    assert dumped.count('class="rule"') == len(source_order(standard))
    assert [r.rule_id for r in dom.rules] == [r.id for r in source_order(standard)]
    assert any(known in rule.text for rule in dom.rules)


def test_the_browser_draws_the_page(browser: str, bundled: Standards, tmp_path: Path) -> None:
    [page_path, _] = write_rendered([by_id(bundled, "hillerod/sel-97")], tmp_path / "out", "html")
    png = tmp_path / "sel-97.png"
    run_browser(
        browser,
        tmp_path / "profile",
        f"--screenshot={png}",
        "--window-size=1200,2000",
        page_path.as_uri(),
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000


def test_a_web_page_source_is_named_with_its_address(nyby: Standards) -> None:
    standard = nyby.program("nyby/sel-85", date(2026, 3, 1)).standard
    markdown = render_markdown(standard, nyby.vocabulary)
    assert (
        "Kilde: Nyby Kommune (fiktiv) – Kvalitetsstandard for socialpædagogisk støtte 2025, "
        "afsnittet «Socialpædagogisk støtte», "
        "https://nyby.example/borger/kvalitetsstandarder/socialpaedagogisk-stoette. "
        "Henvisningerne peger på overskrifter på websiden."
    ) in markdown
    assert "Linjehenvisningerne" not in markdown
    assert "**Nyby Kommune**" in markdown  # the name its vocabulary declares
    assert "- Mellempakke\n" in markdown  # its own package names, from its vocabulary
