"""Issue 14 item 10: the per-client rate limit keys on validated credentials. Made-up bearer tokens no longer get a
fresh budget each: they spend their address's; a real token has its own budget, whoever else is misbehaving."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from web.app import create_app
from web.settings import Settings

LIMIT = 5


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
def setup(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, str]]:
    shared: dict[str, object] = {"database_url": request.getfixturevalue("sqlite_url")}
    if request.param == "postgres":
        shared = {
            "database_url": request.getfixturevalue("postgres_url"),
            "redis_url": request.getfixturevalue("redis_url"),
            "redis_prefix": request.getfixturevalue("redis_prefix"),
        }
    settings = Settings(rate_limit_requests=LIMIT, **shared)  # type: ignore[arg-type]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, str(shared["database_url"])


def made_up() -> dict[str, str]:
    return bearer(f"o1s_{uuid.uuid4().hex}")


def test_made_up_tokens_share_their_address_budget(setup: tuple[TestClient, str]) -> None:
    client, url = setup
    statuses = [client.get("/v1/services/RR801-ED", headers=made_up()).status_code for _ in range(LIMIT + 2)]
    assert statuses == [401] * LIMIT + [429, 429]
    handler = bearer(staff_token(url, Role.CALL_HANDLER))
    assert client.get("/v1/services/RR801-ED", headers=handler).status_code == 200  # a real one has its own


def test_a_real_token_has_its_own_budget(setup: tuple[TestClient, str]) -> None:
    client, url = setup
    first, second = (bearer(staff_token(url, Role.CALL_HANDLER)) for _ in range(2))
    statuses = [client.get("/v1/services/RR801-ED", headers=first).status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]
    assert client.get("/v1/services/RR801-ED", headers=second).status_code == 200
