"""The OpenAPI document tells the truth about every operation: what it answers, how it refuses, what to send."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.openapi import document
from web.app import create_app
from web.settings import Settings

ERROR_MEDIA = ("application/problem+json", "application/fhir+json")
NO_INPUT = {"/healthz", "/readyz", "/v1/chat/sessions"}  # take no input, so they never refuse with a 4xx
BODYLESS = {"204", "303"}


def operations() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    spec = document()
    return [(path, method, op, spec) for path, item in spec["paths"].items() for method, op in item.items()]


@pytest.mark.parametrize(("path", "method", "op", "spec"), operations(), ids=lambda v: v if isinstance(v, str) else "")
def test_operation_documents_answers_refusals_and_examples(
    path: str, method: str, op: dict[str, Any], spec: dict[str, Any]
) -> None:
    responses = op["responses"]
    success = {status: r for status, r in responses.items() if status[0] in "23"}
    assert success and all(
        status in BODYLESS or (r["content"] and all(media.get("schema") for media in r["content"].values()))
        for status, r in success.items()
    )
    assert "503" in responses  # any worker that is full answers 503 at once (web/overload.py)
    refusals = [r for status, r in responses.items() if status.startswith("4")]
    assert all(set(r["content"]) <= set(ERROR_MEDIA) for r in refusals)
    assert all(r.get("content") for r in refusals) and (refusals or path in NO_INPUT)
    for media in op.get("requestBody", {}).get("content", {}).values():
        body = spec["components"]["schemas"][media["schema"]["$ref"].rsplit("/", 1)[1]]
        assert body.get("examples") or all(field.get("examples") for field in body["properties"].values())


def test_no_operation_promises_fastapis_default_validation_error() -> None:
    """Invalid input answers problem+json (web/errors.py), never the HTTPValidationError FastAPI documents."""
    assert "HTTPValidationError" not in create_app(Settings()).openapi()["components"]["schemas"]
