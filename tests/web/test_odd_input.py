"""A NUL character anywhere a value reaches the database is a clear 4xx on PostgreSQL as on SQLite, never a 500,
and the next request is answered as usual."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.auth import bearer, staff_token
from web.app import create_app
from web.settings import Settings

ODD = [
    ("GET", "/v1/bookings/%00", None),
    ("GET", "/v1/triage/%00abc", None),
    ("GET", "/v1/services/RR801%00", None),
    ("GET", "/v1/holds/a%00b", None),
    ("POST", "/v1/holds", {"service_id": "RR801-ED\u0000"}),
    ("POST", "/v1/holds", {"service_id": "RR801-ED", "triage_id": "\u0000"}),
    ("POST", "/v1/bookings", {"hold_id": "a\u0000b"}),
    ("POST", "/v1/route", {"postcode": "LS1\u00004AP", "disposition": "UTC"}),
    ("POST", "/v1/route", {"postcode": "LS1 4AP", "triage_id": "x\u0000"}),
    ("DELETE", "/v1/bookings/b?reason=a%00b", None),
]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    url: str = request.getfixturevalue("module_sqlite_url" if request.param == "sqlite" else "postgres_session_url")
    headers = bearer(staff_token(url, "call_handler"))
    with TestClient(create_app(Settings(database_url=url)), headers=headers, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(("method", "path", "body"), ODD)
def test_a_nul_gets_a_clear_refusal_and_the_next_request_works(
    client: TestClient, method: str, path: str, body: dict[str, str] | None
) -> None:
    answer = client.request(method, path, json=body, headers={"Idempotency-Key": f"odd-{method}-{path}-{body}"})
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text)
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"]
    assert client.get("/v1/services/RR801-ED").status_code == 200
