"""Schemathesis over every route of a live `one111 serve` (real sockets): no 5xx, and every answer as documented.

Bounded and derandomized, so a run is repeatable and stays within the suite's time budget. One pytest test per
operation (plain parametrize: schemathesis' own per-operation subtests do not survive pytest-xdist).
"""

from __future__ import annotations

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

from tests.support.server import LiveServer
from web.app import create_app
from web.settings import Settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 12
# Loaded from the same app factory the server runs, so the cases exist at collection time; the first test
# proves the live server publishes exactly this document.
SPEC = create_app(Settings()).openapi()
SCHEMA = schemathesis.openapi.from_dict(SPEC)
OPERATIONS = [(path, method.upper()) for path, item in SPEC["paths"].items() for method in item]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    server = LiveServer({"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("schemathesis"))
    try:
        yield server.start()
    finally:
        server.stop()


def test_live_server_publishes_this_schema(live: LiveServer) -> None:
    assert httpx.get(f"{live.url}/openapi.json", timeout=30).json() == SPEC


def cases(path: str, method: str) -> st.SearchStrategy[schemathesis.Case]:
    """Valid and invalid requests, and the documented examples (a real service id, a realistic body) too."""
    operation = SCHEMA[path][method]
    parameters: list[dict[str, Any]] = SPEC["paths"][path][method.lower()].get("parameters", [])
    known = {
        p["name"]: p["schema"]["examples"][0] for p in parameters if p["in"] == "path" and "examples" in p["schema"]
    }
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    if known:
        strategies.append(operation.as_strategy(path_parameters=known))
    body = SPEC["paths"][path][method.lower()].get("requestBody")
    if body:
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        strategies.append(operation.as_strategy(body=SPEC["components"]["schemas"][ref]["examples"][0]))
    return st.one_of(strategies)


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_answers_as_documented(path: str, method: str, live: LiveServer) -> None:
    @given(case=cases(path, method))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers(case: schemathesis.Case) -> None:
        case.call_and_validate(base_url=live.url, checks=CHECKS, timeout=30)

    answers()
