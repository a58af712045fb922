"""Password guessing is slowed: after N attempts on one account, even the right password waits for Retry-After."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from models.vocabulary import Role
from tests.support.auth import staff_user
from web.app import create_app
from web.auth import SESSION_COOKIE
from web.settings import Settings

ATTEMPTS = 3


@pytest.fixture(params=["memory", "redis"])
def console(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[TestClient]:
    shared: dict[str, object] = {}
    if request.param == "redis":
        shared = {
            "redis_url": request.getfixturevalue("redis_url"),
            "redis_prefix": request.getfixturevalue("redis_prefix"),
        }
    settings = Settings(database_url=sqlite_url, login_attempts=ATTEMPTS, **shared)  # type: ignore[arg-type]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def log_in(client: TestClient, username: str, password: str) -> int:
    response = client.post("/auth/login", data={"username": username, "password": password}, follow_redirects=False)
    return response.status_code


def test_after_too_many_attempts_even_the_right_password_must_wait(console: TestClient, sqlite_url: str) -> None:
    username, password = staff_user(sqlite_url, Role.CALL_HANDLER)
    assert [log_in(console, username, "not-the-password") for _ in range(ATTEMPTS)] == [401] * ATTEMPTS

    refused = console.post("/auth/login", data={"username": username, "password": password}, follow_redirects=False)

    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/too-many-logins")
    assert 1 <= int(refused.headers["Retry-After"]) <= 15 * 60
    assert SESSION_COOKIE not in refused.cookies


def test_guessing_at_one_account_does_not_lock_out_another(console: TestClient, sqlite_url: str) -> None:
    target, _ = staff_user(sqlite_url, Role.ADMIN)
    colleague, password = staff_user(sqlite_url, Role.CALL_HANDLER)
    for _ in range(ATTEMPTS + 1):
        log_in(console, target, "guess")

    assert log_in(console, colleague, password) == 303
