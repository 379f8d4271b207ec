"""Property-based tests of the HTTP API generated from its own OpenAPI document (schemathesis).

The live server on 127.0.0.1 is called over HTTP; every response must be no server error, have a
declared status code and content type, and match the declared schema (problem documents too).
"""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kvalitet import load_standards
from kvalitet.service import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The document the server publishes; the first test checks that it is this one.
DOCUMENT: dict[str, Any] = create_app(load_standards()).openapi()
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_server_publishes_the_document_tested(server_url: str) -> None:
    published = httpx.get(f"{server_url}/openapi.json").json()
    assert published == DOCUMENT
    assert set(published["paths"]) >= {"/v1/evaluate", "/v1/explain", "/v1/ask", "/v1/whatif"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_openapi_document(case: schemathesis.Case[Any], server_url: str) -> None:
    response = case.call_and_validate(base_url=server_url, checks=CHECKS)
    assert response.status_code < 500
