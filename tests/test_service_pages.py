"""The caseworker page and the playground without JavaScript: plain form posts over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from kvalitet import Standards
from kvalitet.casework.questions import question_for
from kvalitet.casework.whatif import what_if
from kvalitet.language.labels import OUTCOME

ROOT = Path(__file__).resolve().parents[1]
SEL_85 = (ROOT / "standards" / "hillerod" / "2026" / "sel-85.yaml").read_text(encoding="utf-8")
ON = date(2026, 6, 1)


class Form(HTMLParser):
    """The interview form's fields: hidden inputs, the question asked and its choices."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[tuple[str, str]] = []
        self.choices: list[str] = []
        self.answer_type: str | None = None
        self.answer_value = ""
        self.invalid = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag != "input":
            return
        if found.get("type") == "hidden":
            self.hidden.append((found["name"], unescape(found.get("value", ""))))
        elif found.get("name") == "answer" and found.get("type") == "radio":
            self.choices.append(found["value"])
        elif found.get("name") == "answer":
            self.answer_type = found.get("type")
            self.answer_value = found.get("value", "")
            self.invalid = found.get("aria-invalid") == "true"


def read_form(page: str) -> Form:
    form = Form()
    form.feed(page)
    return form


def fields(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def asked(form: Form) -> str | None:
    return next((value for name, value in form.hidden if name == "field"), None)


def an_answer(form: Form) -> str:
    """A deterministic answer: the last choice, a date, or a number."""
    if form.choices:
        return form.choices[-1]
    if form.answer_type == "date":
        return "1984-03-14"
    return "12"


@pytest.fixture(scope="module")
def client(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=60) as http:
        yield http


def post(client: httpx.Client, pairs: list[tuple[str, str]]) -> httpx.Response:
    return client.post("/caseworker/interview", data=fields(pairs))


START = [("lang", "da"), ("municipality", "hillerod"), ("on", ON.isoformat()),
         ("service", "hillerod/sel-85"), ("service", "hillerod/sel-97")]  # fmt: skip


def test_the_start_page_lists_the_services_in_force(
    client: httpx.Client, bundled: Standards
) -> None:
    page = client.get("/caseworker", params={"municipality": "hillerod", "on": "2026-06-01"}).text
    for program in bundled.in_force("hillerod", ON):
        assert f'value="{program.service}"' in page
    for municipality in bundled.municipalities:  # each by its name, as the vocabulary says
        name = bundled.vocabulary.municipality_name(municipality)
        assert f'<option value="{municipality}"' in page
        assert f">{name}</option>" in unescape(page)
    assert "<legend>Ydelser – Hillerød Kommune</legend>" in unescape(page)
    assert '<main id="main"' in page
    assert 'href="#main"' in page


def test_an_interview_without_javascript_ends_in_the_library_decision(
    client: httpx.Client, bundled: Standards
) -> None:
    response = post(client, [*START, ("action", "start")])
    known: dict[str, Any] = {}
    for _ in range(40):
        form = read_form(response.text)
        field = asked(form)
        if field is None:
            break
        assert question_for(field).text in unescape(response.text)
        answer = an_answer(form)
        known[field] = question_for(field).parse(answer)
        state = [pair for pair in form.hidden if pair[0] != "field"]
        response = post(
            client, [*state, ("field", field), ("answer", answer), ("action", "answer")]
        )
        assert response.status_code == 200
    page = unescape(response.text)
    assert '<h1 id="heading" tabindex="-1">Resultat</h1>' in page
    assert "Kommune: <strong>Hillerød Kommune</strong>" in page
    decision = bundled.evaluate(known, municipality="hillerod", on=ON)
    for service in ("hillerod/sel-85", "hillerod/sel-97"):
        outcome = decision.services[service]
        assert outcome.outcome != "undetermined"
        article = page.split(f"<code>{service}</code></h2>", 1)[1].split("</article>", 1)[0]
        assert OUTCOME[outcome.outcome].text("da") in article
        assert " ".join(outcome.individual_assessment.split()) in article
        assert all(" ".join(r.text.split()) in article for r in outcome.reasons)
        for change in what_if(bundled, known, service=service, on=ON, limit=3):
            assert change.describe("da", bundled.vocabulary) in article
    assert "Mindste ændringer, der ville ændre udfaldet" in page
    assert "@media print" in client.get("/static/style.css").text


def test_skip_back_and_a_wrong_answer(client: httpx.Client) -> None:
    first = read_form(post(client, [*START, ("action", "start")]).text)
    field = asked(first)
    assert field == "support_need_level"
    state = [pair for pair in first.hidden if pair[0] != "field"]
    skipped = post(client, [*state, ("field", field), ("action", "skip")])
    second = read_form(skipped.text)
    assert asked(second) not in (None, field)
    assert "sprunget over" in skipped.text
    back = post(client, [*(p for p in second.hidden), ("action", "back")])
    assert asked(read_form(back.text)) == field
    # an answer that does not fit: the same question again, with the error
    wrong = post(client, [*state, ("field", field), ("answer", "F"), ("action", "answer")])
    again = read_form(wrong.text)
    assert asked(again) == field
    assert 'aria-describedby="answer-error"' in wrong.text
    assert "'F' is not a valid answer (one of: A, B, C, D, E)" in unescape(wrong.text)
    number = post(client, [*state, ("step", "support_need_level=D"), ("field", "age"),
                           ("answer", "mange"), ("action", "answer")])  # fmt: skip
    form = read_form(number.text)
    assert form.invalid
    assert form.answer_value == "mange"
    assert 'role="alert"' in wrong.text


def test_the_english_toggle_keeps_the_interview(client: httpx.Client) -> None:
    state = [*START, ("step", "support_need_level=D")]
    page = post(client, [*state, ("action", "language")]).text
    assert '<html lang="en">' in page
    assert "Skip" in page
    assert "Answers so far" in page
    assert ("step", "support_need_level=D") in read_form(page).hidden


def test_a_tampered_state_is_an_error_page_not_a_crash(client: httpx.Client) -> None:
    response = post(client, [*START, ("step", "housng=own_home"), ("action", "start")])
    assert response.status_code == 422
    assert "did you mean 'housing'" in unescape(response.text)
    response = post(client, [("municipality", "hilerod"), ("on", "2026-06-01")])
    assert response.status_code == 422
    assert "did you mean 'hillerod'" in unescape(response.text)


def test_the_playground_loads_a_bundled_standard_and_its_cases(client: httpx.Client) -> None:
    page = client.get("/playground", params={"service": "hillerod/sel-85@2026"}).text
    assert unescape(page).count("id: hillerod/sel-85") >= 1
    assert "Ingen fejl: filen kan indlæses." in page
    assert re.search(r'class="cases-summary">(\d+) af \1 bestået', page)
    assert '<iframe class="rendered"' in page
    assert 'sandbox=""' in page


def test_the_playground_shows_a_broken_rule_at_its_line(client: httpx.Client) -> None:
    broken = SEL_85.replace("support_need_level", "support_need_levl", 1)
    line = next(n for n, t in enumerate(SEL_85.splitlines(), 1) if "support_need_level" in t)
    page = unescape(client.post("/playground", data={"text": broken, "action": "check"}).text)
    assert f'data-line="{line}"' in page
    assert "unknown-fact: 'support_need_levl' is not a known fact" in page
    assert f'<span class="number">{line}</span>' in page


def test_the_playground_evaluates_a_profile_and_downloads_the_file(client: httpx.Client) -> None:
    data = {"text": SEL_85, "profile": "support_need_level: B\n", "on": "2026-06-01",
            "action": "check"}  # fmt: skip
    page = client.post("/playground", data=data).text
    assert "Profilens udfald efter den rettede standard" in page
    assert OUTCOME["outside_standard"].text("da") in page
    download = client.post("/playground", data={**data, "action": "download"})
    assert download.headers["content-disposition"] == 'attachment; filename="sel-85.yaml"'
    assert download.text == SEL_85
    wrong = client.post("/playground", data={**data, "profile": "support_need_levl: B"}).text
    assert "did you mean &#39;support_need_level&#39;" in wrong


def test_the_playground_takes_an_uploaded_file(client: httpx.Client) -> None:
    files = {"upload": ("sel-85.yaml", SEL_85.encode(), "application/yaml")}
    page = client.post("/playground", data={"action": "check", "text": ""}, files=files).text
    assert "Ingen fejl: filen kan indlæses." in page
    assert "hillerod/sel-85" in page


def test_the_result_asked_for_early_survives_the_toggle_and_back_returns_to_the_question(
    client: httpx.Client,
) -> None:
    state = [*START, ("step", "support_need_level=D")]
    early = post(client, [*state, ("field", "impairment_substantial"), ("action", "finish")])
    assert "Resultat</h1>" in early.text
    assert ("shown", "early") in read_form(early.text).hidden
    english = post(client, [*read_form(early.text).hidden, ("action", "language")])
    assert "Result</h1>" in english.text
    back = post(client, [*read_form(english.text).hidden, ("action", "back")])
    form = read_form(back.text)
    assert asked(form) is not None
    assert ("step", "support_need_level=D") in form.hidden, "no answer was taken back"
