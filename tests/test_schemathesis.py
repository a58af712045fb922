"""Schemathesis over every route of a live `one111 serve` (real sockets): no 5xx, and every answer as documented.

Bounded and derandomized, so a run is repeatable and stays within the suite's time budget.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
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


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    server = LiveServer({"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("schemathesis"))
    try:
        yield server.start()
    finally:
        server.stop()


# Loaded from the same app factory the server runs, so the cases exist at collection time; the first test
# proves the live server publishes exactly this document.
SPEC = create_app(Settings()).openapi()
schema = schemathesis.openapi.from_dict(SPEC)


def test_live_server_publishes_this_schema(live: LiveServer) -> None:
    assert httpx.get(f"{live.url}/openapi.json", timeout=30).json() == SPEC


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case: schemathesis.Case, live: LiveServer) -> None:
    case.call_and_validate(base_url=live.url, checks=CHECKS, timeout=30)
