"""The app factory on its own: health, readiness, request ids and the problem+json edge."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict

from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.server import OWN_SETTINGS, LiveServer
from web.app import create_app
from web.resources import SchemaOutOfDate
from web.settings import Settings

PROBLEM = "application/problem+json"


class Probe(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    age: int


probe = APIRouter()


@probe.post("/_probe")
def echo(body: Probe) -> dict[str, int]:
    return {"age": body.age}


@probe.get("/_boom")
def boom() -> None:
    raise RuntimeError("secret patient detail that must not leak")


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=sqlite_url, max_body_bytes=1024))
    app.include_router(probe)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def assert_problem(response: httpx2.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "checks": {}}
    assert client.get("/readyz").json() == {"status": "ok", "checks": {"database": "ok"}}


def test_every_response_has_a_request_id_and_a_sane_one_is_echoed(client: TestClient) -> None:
    assert len(client.get("/healthz").headers["x-request-id"]) == 32
    call = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert client.get("/healthz", headers={"X-Request-ID": call}).headers["x-request-id"] == call
    forged = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert forged.headers["x-request-id"] != "bad id\twith spaces"


def test_malformed_json_is_a_400_problem(client: TestClient) -> None:
    response = client.post("/_probe", content=b'{"name": "x", ', headers={"content-type": "application/json"})
    assert assert_problem(response, 400)["detail"] == "The request body is not valid JSON."


def test_unknown_fields_and_wrong_types_name_the_field(client: TestClient) -> None:
    body = assert_problem(client.post("/_probe", json={"name": "x", "age": "old", "colour": "red"}), 422)
    fields = {error["field"] for error in body["errors"]}  # type: ignore[attr-defined]
    assert fields == {"age", "colour"}
    assert "colour: is not a field we accept" in str(body["detail"])


def test_missing_field(client: TestClient) -> None:
    body = assert_problem(client.post("/_probe", json={"age": 3}), 422)
    assert body["errors"] == [{"field": "name", "message": "is required"}]


def test_oversize_bodies_are_refused_declared_or_streamed(client: TestClient) -> None:
    big = b'{"name": "' + b"x" * 5000 + b'", "age": 1}'
    assert_problem(client.post("/_probe", content=big, headers={"content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:
        yield from (big[i : i + 512] for i in range(0, len(big), 512))

    streamed = client.post("/_probe", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(streamed, 413)


def test_unexpected_errors_are_a_500_problem_without_internals(client: TestClient) -> None:
    body = assert_problem(client.get("/_boom"), 500)
    assert "secret" not in str(body)


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_problem(client.get("/nope"), 404)
    assert_problem(client.delete("/healthz"), 405)


def test_bad_query_parameters(client: TestClient, sqlite_url: str) -> None:
    headers = bearer(staff_token(sqlite_url, Role.CALL_HANDLER))
    body = assert_problem(client.get("/v1/services", params={"limit": "lots"}, headers=headers), 422)
    assert body["errors"][0]["field"] == "limit"  # type: ignore[index]


def test_readiness_fails_cleanly_when_redis_is_configured_but_down(tmp_path: Path, sqlite_url: str) -> None:
    server = LiveServer({"DATABASE_URL": sqlite_url, "REDIS_URL": "redis://127.0.0.1:1/0"}, tmp_path)
    with pytest.raises(TimeoutError):
        server.start(timeout=4)
    server.stop()
    app = create_app(Settings(database_url=sqlite_url, redis_url="redis://127.0.0.1:1/0"))
    with TestClient(app) as client:
        response = client.get("/readyz")
    body = assert_problem(response, 503)
    assert body["checks"] == {"database": "ok", "redis": "unreachable"}
    assert response.headers["retry-after"] == "5"


def test_a_worker_refuses_to_start_on_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'never-migrated.db'}"))
    with pytest.raises(SchemaOutOfDate, match="one111 db upgrade"), TestClient(app):
        pass


# A worker's start as uvicorn runs it (the app factory, then its lifespan: Resources.open loads the triager), the
# CLI's import, and one triage; then which of the heavy libraries the process holds.
START_A_WORKER = """
import sys
import web.cli
from fastapi.testclient import TestClient
from triage.schemas import TriageReport
from web.app import create_app
from web.settings import Settings
app = create_app(Settings())
with TestClient(app) as client:
    assert client.get("/readyz").status_code == 200
    app.state.resources.triager.assess(TriageReport(text="crushing chest pain", age=60))
print(sorted({name.split(".")[0] for name in sys.modules} & {"sklearn", "skops", "scipy"}))
"""


def test_a_worker_starts_without_sklearn_skops_or_scipy(sqlite_url: str) -> None:
    """They cost every worker and CLI process seconds of CPU: the model is served from scorer.npz with numpy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)} | {"DATABASE_URL": sqlite_url}
    done = subprocess.run(
        [sys.executable, "-c", START_A_WORKER], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
