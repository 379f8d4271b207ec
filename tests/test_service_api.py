"""The /v1 API over HTTP against a live server on 127.0.0.1: answers equal the library's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvalitet import Decision, Profile, ServiceOutcome, StandardFile, Standards
from kvalitet.casework.explain import explain
from kvalitet.casework.interview import next_question
from kvalitet.casework.whatif import what_if
from kvalitet.service import ServiceSettings, create_app
from kvalitet.testing.strategies import profiles

PROBLEM = "application/problem+json"
ROOT = Path(__file__).resolve().parents[1]
STANDARDS = ROOT / "standards"
ON = date(2026, 6, 1)


@pytest.fixture(scope="module")
def client(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=30) as http:
        yield http


def as_json(profile: Profile) -> dict[str, Any]:
    dumped: dict[str, Any] = profile.model_dump(mode="json", exclude_none=True)
    return dumped


def library_json(decision: Decision) -> Any:
    """The decision's JSON without its id (every evaluation has a new one)."""
    data = json.loads(decision.to_json())
    del data["id"]
    return data


def without_id(answer: Any) -> Any:
    assert isinstance(answer["id"], str)
    return {k: v for k, v in answer.items() if k != "id"}


@given(
    profile=profiles(on=ON),
    municipality=st.sampled_from(["haderslev", "hillerod"]),
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
)
def test_every_evaluate_answer_is_the_library_decision(
    client: httpx.Client, bundled: Standards, profile: Profile, municipality: str, day: date
) -> None:
    body = {"profile": as_json(profile), "municipality": municipality, "on": day.isoformat()}
    response = client.post("/v1/evaluate", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    expected = bundled.evaluate(profile, municipality=municipality, on=day)
    assert without_id(response.json()) == library_json(expected)
    assert Decision.from_json(response.text).same_as(expected)


@given(profile=profiles(on=ON), chosen=st.sets(st.sampled_from(["sel-85", "sel-97", "sel-12"])))
def test_evaluate_for_some_services_is_the_decision_for_those(
    client: httpx.Client, bundled: Standards, profile: Profile, chosen: set[str]
) -> None:
    body = {
        "profile": as_json(profile),
        "municipality": "hillerod",
        "on": ON.isoformat(),
        "services": sorted(chosen),
    }
    answer = client.post("/v1/evaluate", json=body).json()
    full = library_json(bundled.evaluate(profile, municipality="hillerod", on=ON))
    wanted = {f"hillerod/{s}" for s in chosen}
    assert set(answer["services"]) == wanted
    assert answer["services"] == {k: v for k, v in full["services"].items() if k in wanted}
    assert answer["facts"] == full["facts"]


def test_without_a_date_the_evaluation_is_for_today(
    client: httpx.Client, bundled: Standards
) -> None:
    answer = client.post("/v1/evaluate", json={"municipality": "haderslev"}).json()
    assert answer["evaluated_on"] == date.today().isoformat()
    assert answer["day_given"] is False
    assert answer["zone"] == "Europe/Copenhagen"
    assert without_id(answer) == library_json(bundled.evaluate({}, municipality="haderslev"))


def test_a_wrong_profile_is_a_problem_document_naming_each_field(client: httpx.Client) -> None:
    body = {"profile": {"motivatd": True, "age": -3}, "municipality": "haderslev"}
    response = client.post("/v1/evaluate", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "urn:kvalitet:problem:invalid-profile"
    assert problem["status"] == 422
    assert problem["instance"] == "/v1/evaluate"
    by_field = {p["field"]: p for p in problem["problems"]}
    assert by_field["motivatd"]["code"] == "unknown-field"
    assert "did you mean 'motivated'" in by_field["motivatd"]["message"]
    assert by_field["age"]["code"] == "invalid-value"


def test_an_unknown_municipality_says_which_are_loaded(client: httpx.Client) -> None:
    response = client.post("/v1/evaluate", json={"municipality": "hilerod"})
    assert response.status_code == 422
    assert "did you mean 'hillerod'" in response.json()["detail"]


def test_an_unknown_service_and_a_body_that_is_not_json_are_problems(
    client: httpx.Client,
) -> None:
    response = client.post("/v1/evaluate", json={"municipality": "hillerod", "services": ["sel-8"]})
    assert response.status_code == 422
    assert "no service 'hillerod/sel-8'" in response.json()["detail"]
    response = client.post(
        "/v1/evaluate", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == PROBLEM


def test_municipalities_list_every_loaded_standard(
    client: httpx.Client, bundled: Standards
) -> None:
    answer = client.get("/v1/municipalities").json()
    listed = {s["id"] for m in answer["municipalities"] for s in m["services"]}
    assert listed == {s.id for s in bundled.standards()}
    assert [m["id"] for m in answer["municipalities"]] == list(bundled.municipalities)


def test_one_standard_as_json_and_as_html(client: httpx.Client, bundled: Standards) -> None:
    [standard] = [s for s in bundled.standards() if s.id == "hillerod/sel-97"]
    answer = client.get("/v1/standards/hillerod/sel-97")
    assert StandardFile.model_validate(answer.json()) == standard
    page = client.get("/v1/standards/hillerod/sel-97/html", params={"on": "2026-06-01"})
    assert page.headers["content-type"].startswith("text/html")
    assert f"<h1>{' '.join(standard.title.split())}</h1>" in page.text
    missing = client.get("/v1/standards/hillerod/sel-977")
    assert missing.status_code == 404
    assert "did you mean 'hillerod/sel-97'" in missing.json()["detail"]
    assert (
        client.get("/v1/standards/hillerod/sel-97", params={"on": "2020-01-01"}).status_code == 404
    )


def test_explain_is_the_library_explanation(client: httpx.Client, bundled: Standards) -> None:
    profile = {"support_need_level": "B", "impairment_substantial": True}
    body = {"profile": profile, "municipality": "hillerod", "service": "sel-85",
            "on": "2026-06-01", "lang": "en"}  # fmt: skip
    answer = client.post("/v1/explain", json=body).json()
    outcome = bundled.evaluate(profile, municipality="hillerod", on=ON).services["hillerod/sel-85"]
    assert answer == explain(outcome, "en").model_dump(mode="json")
    assert answer["outcome_label"] == "Outside the service level"


def test_ask_is_the_library_next_question_and_says_why(
    client: httpx.Client, bundled: Standards
) -> None:
    known = {"support_need_level": "D"}
    body = {"profile": known, "municipality": "hillerod", "on": "2026-06-01",
            "services": ["sel-85", "sel-97"]}  # fmt: skip
    answer = client.post("/v1/ask", json=body).json()
    step = next_question(
        bundled, known, municipality="hillerod", on=ON,
        services=["hillerod/sel-85", "hillerod/sel-97"],
    )  # fmt: skip
    assert step is not None
    assert answer["question"]["field"] == step.question.field
    assert answer["question"]["text"] == step.question.text
    assert answer["expected_settled"] == step.expected_settled
    assert answer["settles"]
    assert set(answer["settles"]) <= set(answer["undetermined"])
    skipped = client.post("/v1/ask", json={**body, "skip": [step.question.field]}).json()
    assert skipped["question"] is None or skipped["question"]["field"] != step.question.field
    wrong = client.post("/v1/ask", json={**body, "skip": ["housng"]})
    assert wrong.status_code == 422
    assert "did you mean 'housing'" in wrong.json()["detail"]


def test_ask_has_no_question_when_every_service_is_settled(client: httpx.Client) -> None:
    body = {"profile": {"motivated": False}, "municipality": "haderslev", "on": "2026-06-01"}
    answer = client.post("/v1/ask", json=body).json()
    assert answer == {
        "question": None, "settles": [], "expected_settled": None, "undetermined": [],
        "outcomes": {"haderslev/sel-102": "outside_standard"},
    }  # fmt: skip


def test_whatif_is_the_library_what_if(client: httpx.Client, bundled: Standards) -> None:
    profile = {"birth_date": "1984-03-14", "support_need_level": "B",
               "impairment_substantial": True, "support_hours_per_month": 8}  # fmt: skip
    body = {"profile": profile, "municipality": "hillerod", "service": "hillerod/sel-85",
            "on": "2026-06-01", "limit": 3}  # fmt: skip
    answer = client.post("/v1/whatif", json=body).json()
    expected = what_if(bundled, profile, service="hillerod/sel-85", on=ON, limit=3)
    described = [e.describe(vocabulary=bundled.vocabulary) for e in expected]
    assert [a["description"] for a in answer["answers"]] == described
    assert answer["answers"], "a § 85 profile outside on its VUM level can be brought within"
    for found in answer["answers"]:
        changed = {**profile, **{c["fact"]: c["checked_with"] for c in found["changes"]}}
        outcome = bundled.evaluate(changed, municipality="hillerod", on=ON)
        assert outcome.services["hillerod/sel-85"].outcome == found["to_outcome"]


def test_schemas_are_the_library_schemas(client: httpx.Client) -> None:
    names = client.get("/v1/schemas").json()
    assert names == ["decision.schema.json", "profile.schema.json", "standard.schema.json"]
    for name in names:
        published = json.loads((ROOT / "schemas" / name).read_text())
        assert client.get(f"/v1/schemas/{name}").json() == published
    assert client.get("/v1/schemas/nope.json").status_code == 404


def test_health_and_offline_docs(client: httpx.Client, bundled: Standards) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["standards"] == len(bundled.standards())
    docs = client.get("/docs").text
    assert "https://" not in docs, "the docs page loads nothing from a CDN"
    for asset in ("/docs/static/swagger-ui-bundle.js", "/docs/static/swagger-ui.css"):
        assert asset in docs
        response = client.get(asset)
        assert response.status_code == 200
        assert len(response.content) > 50_000
    assert '"/openapi.json"' in docs or "'/openapi.json'" in docs


def test_the_openapi_document_types_the_profile_and_the_problems(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["Profile"]["properties"]) == set(Profile.model_fields)
    body = schemas["EvaluateRequest"]["properties"]["profile"]
    assert body == {"$ref": "#/components/schemas/Profile"}
    responses = document["paths"]["/v1/evaluate"]["post"]["responses"]
    assert PROBLEM in responses["422"]["content"]
    assert "Decision" in json.dumps(responses["200"])


def test_a_body_over_the_limit_is_refused_unread(client: httpx.Client) -> None:
    padding = "x" * 1_100_000
    response = client.post("/v1/check", json={"standard": padding})
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert "1,000,000 bytes" in response.json()["detail"]


def test_an_evaluation_over_the_time_limit_is_503(bundled: Standards, serve: Any) -> None:
    app = create_app(bundled, ServiceSettings(time_limit=1e-9))
    with serve(app) as url:
        response = httpx.post(f"{url}/v1/evaluate", json={"municipality": "hillerod"})
        assert response.status_code == 503
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["retry-after"] == "1"
        assert "limit" in response.json()["detail"]
        assert httpx.get(f"{url}/healthz").status_code == 200  # the server is still there


def test_check_finds_a_broken_rule_at_its_line_and_runs_the_cases(client: httpx.Client) -> None:
    text = (STANDARDS / "hillerod" / "2026" / "sel-85.yaml").read_text(encoding="utf-8")
    good = client.post("/v1/check", json={"standard": text, "on": "2026-06-01"}).json()
    assert good["valid"]
    assert good["standard_id"] == "hillerod/sel-85"
    assert good["cases"]
    assert all(case["passed"] for case in good["cases"])
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "support_need_level" in t)
    broken = text.replace("support_need_level", "support_need_levl", 1)
    answer = client.post("/v1/check", json={"standard": broken}).json()
    assert not answer["valid"]
    [problem] = answer["problems"]
    assert (problem["line"], problem["code"]) == (line, "unknown-fact")
    assert "did you mean 'support_need_level'" in problem["message"]
    assert answer["cases"] == []


def test_check_evaluates_a_profile_against_the_edited_standard(
    client: httpx.Client, bundled: Standards
) -> None:
    text = (STANDARDS / "hillerod" / "2026" / "sel-85.yaml").read_text(encoding="utf-8")
    profile = {"support_need_level": "C", "impairment_substantial": True,
               "support_hours_per_month": 8}  # fmt: skip
    body = {"standard": text, "profile": profile, "on": "2026-06-01"}
    answer = client.post("/v1/check", json=body).json()
    expected = bundled.evaluate_service(profile, service="hillerod/sel-85", on=ON)
    assert ServiceOutcome.model_validate(answer["outcome"]) == expected
    loosened = text.replace("in: [C, D]", "in: [B, C, D]", 1)
    assert loosened != text
    lower = {**profile, "support_need_level": "B"}
    edited = client.post("/v1/check", json={**body, "standard": loosened, "profile": lower})
    assert edited.json()["outcome"]["outcome"] != "outside_standard"


def test_a_browser_page_of_an_allowed_origin_may_call_the_api(
    bundled: Standards, serve: Any
) -> None:
    app = create_app(bundled, ServiceSettings(cors_origins=("https://sag.example.dk",)))
    with serve(app) as url:
        allowed = httpx.options(
            f"{url}/v1/evaluate",
            headers={"Origin": "https://sag.example.dk", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type"},
        )  # fmt: skip
        assert allowed.headers["access-control-allow-origin"] == "https://sag.example.dk"
        answer = httpx.post(
            f"{url}/v1/evaluate", json={"municipality": "haderslev"},
            headers={"Origin": "https://other.example.dk"},
        )  # fmt: skip
        assert answer.status_code == 200
        assert "access-control-allow-origin" not in answer.headers
