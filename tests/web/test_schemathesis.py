"""Schemathesis over every route of a live `one111 serve` (real sockets): no 5xx, and every answer as documented.

Bounded and derandomized, so a run is repeatable and stays within the suite's time budget. One pytest test per
operation (plain parametrize: schemathesis' own per-operation subtests do not survive pytest-xdist).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import OpenApiSchema

from models.vocabulary import Role
from tests.support.auth import bearer, chat_token, provider_token, staff_token
from tests.support.openapi import document
from tests.support.server import LiveServer

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 12
STAFF = (Role.CALL_HANDLER, Role.CLINICIAN, Role.ADMIN)
PREFERENCE = [role.value for role in (*STAFF, Role.PROVIDER, Role.PATIENT)]
EXAMPLE_PROVIDER = "RR8"  # runs RR801-ED, the service id the OpenAPI examples use
# Loaded from the same app factory the server runs, so the cases exist at collection time; the first test
# proves the live server publishes exactly this document.
SPEC = document()
OPERATIONS = [(path, method.upper()) for path, item in SPEC["paths"].items() for method in item]


@pytest.fixture(scope="module")
def credentials(live: LiveServer, module_sqlite_url: str) -> dict[str, dict[str, str]]:
    """One bearer header per role, made the way a user makes them; the provider runs the example service."""
    tokens = {role.value: staff_token(module_sqlite_url, role) for role in STAFF}
    tokens[Role.PROVIDER.value] = provider_token(module_sqlite_url, EXAMPLE_PROVIDER)
    tokens[Role.PATIENT.value] = chat_token(live.url)
    return {role: bearer(token) for role, token in tokens.items()}


def caller(path: str, method: str, credentials: dict[str, dict[str, str]]) -> dict[str, str]:
    """Credentials of a role the operation admits (staff first), none for a public one."""
    roles = SPEC["paths"][path][method.lower()]["x-one111-roles"]
    return next((credentials[role] for role in PREFERENCE if role in roles), {})


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    server = LiveServer({"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("schemathesis"))
    try:
        yield server.start()
    finally:
        server.stop()


def test_live_server_publishes_this_schema(live: LiveServer) -> None:
    assert httpx.get(f"{live.url}/openapi.json", timeout=30).json() == SPEC


@functools.cache  # when a test asks: the workers that only collect this module do not need it
def schema() -> OpenApiSchema:
    return schemathesis.openapi.from_dict(SPEC)


def cases(path: str, method: str) -> st.SearchStrategy[schemathesis.Case[Any]]:  # as_strategy's own bare Case
    """Valid and invalid requests, and the documented examples (a real service id, a realistic body) too."""
    operation = schema()[path][method]
    parameters: list[dict[str, Any]] = SPEC["paths"][path][method.lower()].get("parameters", [])
    known = {
        p["name"]: p["schema"]["examples"][0] for p in parameters if p["in"] == "path" and "examples" in p["schema"]
    }
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    if known:
        strategies.append(operation.as_strategy(path_parameters=known))
    body = SPEC["paths"][path][method.lower()].get("requestBody", {}).get("content", {}).get("application/json")
    examples = SPEC["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]].get("examples") if body else None
    if examples:
        strategies.append(operation.as_strategy(body=examples[0]))
    return st.one_of(strategies)


# Untraced here (no_cover): this process only makes requests and checks answers; the server that answers is measured.
@pytest.mark.no_cover
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_answers_as_documented(
    path: str, method: str, live: LiveServer, credentials: dict[str, dict[str, str]]
) -> None:
    headers = caller(path, method, credentials)

    @given(case=cases(path, method))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(base_url=live.url, headers=headers, checks=CHECKS, timeout=30)

    answers()
