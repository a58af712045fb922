"""The OpenAPI document tells the truth about every operation: what it answers, how it refuses, what to send."""

from __future__ import annotations

from typing import Any

import pytest

from web.app import create_app
from web.settings import Settings

ERROR_MEDIA = ("application/problem+json", "application/fhir+json")
PROBES = {"/healthz", "/readyz"}  # take no input, so they never refuse a request with a 4xx


def operations() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    spec = create_app(Settings()).openapi()
    return [(path, method, op, spec) for path, item in spec["paths"].items() for method, op in item.items()]


@pytest.mark.parametrize(("path", "method", "op", "spec"), operations(), ids=lambda v: v if isinstance(v, str) else "")
def test_operation_documents_answers_refusals_and_examples(
    path: str, method: str, op: dict[str, Any], spec: dict[str, Any]
) -> None:
    responses = op["responses"]
    success = [r for status, r in responses.items() if status.startswith("2")]
    assert success and all(media.get("schema") for r in success for media in r["content"].values())
    refusals = [r for status, r in responses.items() if status.startswith("4")]
    assert all(set(r["content"]) <= set(ERROR_MEDIA) for r in refusals)
    assert refusals or path in PROBES
    if "requestBody" in op:
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert spec["components"]["schemas"][ref.rsplit("/", 1)[1]]["examples"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # FastAPI's default 422 is not what we send
