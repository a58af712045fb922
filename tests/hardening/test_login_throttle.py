"""Issue 14 item 4: login throttling that cannot be turned against users. A flood of failures from one address
(everyone behind the TLS proxy shares it) never keeps the right password out of an account that is not itself
locked; only failures count; X-Forwarded-For is believed from a trusted proxy only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from models.vocabulary import Role
from tests.support.auth import staff_user
from web.app import create_app
from web.clientaddr import real_address
from web.settings import Settings

ATTEMPTS = 2  # per account; the address budget is five times that
PROXY = "10.0.0.7"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
def setup(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, str]]:
    """A console behind the trusted proxy at PROXY: memory counters on SQLite, shared Redis ones on PostgreSQL."""
    shared: dict[str, object] = {"database_url": request.getfixturevalue("sqlite_url")}
    if request.param == "postgres":
        shared = {
            "database_url": request.getfixturevalue("postgres_url"),
            "redis_url": request.getfixturevalue("redis_url"),
            "redis_prefix": request.getfixturevalue("redis_prefix"),
        }
    settings = Settings(login_attempts=ATTEMPTS, trusted_proxies=PROXY, **shared)  # type: ignore[arg-type]
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False, client=(PROXY, 40000)) as client:
        yield client, str(shared["database_url"])


def log_in(client: TestClient, username: str, password: str, via: str = "192.0.2.1") -> int:
    data = {"username": username, "password": password}
    answer = client.post("/auth/login", data=data, headers={"X-Forwarded-For": via}, follow_redirects=False)
    return answer.status_code


def test_a_flood_of_failures_from_one_address_never_locks_out_a_right_password(setup: tuple[TestClient, str]) -> None:
    client, url = setup
    victims = [staff_user(url, Role.CALL_HANDLER) for _ in range(6)]
    # Spread over six accounts (each under its own lock-out) the failures spend the address's budget of 10
    failures = [log_in(client, name, "wrong-guess") for name, _ in victims[:5] for _ in range(ATTEMPTS)]
    assert failures == [401] * (5 * ATTEMPTS)
    assert log_in(client, victims[5][0], "wrong-guess") == 429  # the address is over its budget for failures
    name, password = victims[5]
    assert log_in(client, name, password) == 303  # ...but the right password for an unlocked account gets in


def test_only_failures_count_and_a_locked_account_waits(setup: tuple[TestClient, str]) -> None:
    client, url = setup
    name, password = staff_user(url, Role.CLINICIAN)
    assert [log_in(client, name, password) for _ in range(ATTEMPTS * 3)] == [303] * (ATTEMPTS * 3)
    assert [log_in(client, name, "wrong") for _ in range(ATTEMPTS)] == [401] * ATTEMPTS
    assert log_in(client, name, password) == 429  # this account is locked: per-account lock-out stays


def test_each_client_behind_the_proxy_has_its_own_address_budget(setup: tuple[TestClient, str]) -> None:
    client, url = setup
    names = [staff_user(url, Role.CALL_HANDLER)[0] for _ in range(6)]
    for name in names[:5]:
        for _ in range(ATTEMPTS):
            log_in(client, name, "wrong", via="198.51.100.9")
    assert log_in(client, names[5], "wrong", via="198.51.100.9") == 429
    assert log_in(client, names[5], "wrong", via="198.51.100.10") == 401  # another client behind the same proxy


def test_forwarded_for_is_believed_only_from_a_trusted_proxy() -> None:
    trusted = Settings(trusted_proxies="10.0.0.0/8, 2001:db8::1").trusted_proxies
    assert real_address("10.0.0.7", ["203.0.113.5"], trusted) == "203.0.113.5"
    assert real_address("203.0.113.5", ["192.0.2.1"], trusted) == "203.0.113.5"  # not a proxy: header ignored
    # A client may write its own X-Forwarded-For; the proxy appends the peer it saw, which is what counts
    assert real_address("10.0.0.7", ["1.2.3.4, 203.0.113.5"], trusted) == "203.0.113.5"
    assert real_address("10.0.0.7", ["203.0.113.5, 10.0.0.8"], trusted) == "203.0.113.5"  # two trusted hops
    assert real_address("10.0.0.7", ["not-an-address"], trusted) == "10.0.0.7"
    assert real_address("2001:db8::1", ["2001:db8::5"], trusted) == "2001:db8::5"
    assert real_address("10.0.0.7", [], trusted) == "10.0.0.7"
    assert Settings().trusted_proxies == ()  # by default nobody speaks for a client
