"""A worker remembers accepted credentials (no database round trip on a repeat), and forgets them on revocation.

In-process app on PostgreSQL and Redis, as production runs it; tests/web/test_revocation_workers.py runs the
same against a live server with two workers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from sqlalchemy import event
from starlette.testclient import TestClient

from identity.tokens import issue_staff_token, revoke_staff_tokens
from models.database import make_engine
from models.vocabulary import Role
from tests.support.auth import bearer, staff_token, staff_user
from web.app import create_app
from web.auth import CSRF_HEADER, SESSION_COOKIE
from web.resources import Resources
from web.revocations import tell_workers
from web.settings import Settings

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
CREDENTIAL_TABLES = ("staff_tokens", "staff_sessions", "provider_tokens", "chat_sessions")
# The worker's own background rounds (the hold sweeper, the audit sealer, the notification dispatcher) share the
# engine and may run between two requests on a loaded machine (seen in full runs: the sealer once, the dispatcher's
# outbox query once); their statements are not the request's.
BACKGROUND_TABLES = ("holds", "audit_events", "audit_seal_head", "notify_outbox")


class Statements:
    """Every SQL statement the app's engine sends, caught as SQLAlchemy sends it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.seen.append(statement)

    def of_requests(self) -> list[str]:
        return [s for s in self.seen if not any(table in s for table in BACKGROUND_TABLES)]

    def credential_queries(self) -> list[str]:
        return [s for s in self.seen if any(table in s for table in CREDENTIAL_TABLES)]


@pytest.fixture
def app_client(postgres_url: str, redis_url: str, redis_prefix: str) -> Iterator[TestClient]:
    # Background rounds once at start-up, then not again during a test.
    settings = Settings(
        database_url=postgres_url,
        redis_url=redis_url,
        redis_prefix=redis_prefix,
        hold_sweep_seconds=3600.0,
        audit_seal_seconds=3600.0,
        notify_dispatch_seconds=3600.0,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def resources_of(client: TestClient) -> Resources:
    resources: Resources = client.app.state.resources  # type: ignore[attr-defined]
    return resources


@pytest.fixture
def statements(app_client: TestClient) -> Iterator[Statements]:
    engine = resources_of(app_client).engine
    caught = Statements()
    event.listen(engine, "before_cursor_execute", caught)
    yield caught
    event.remove(engine, "before_cursor_execute", caught)


def test_a_second_request_with_the_same_token_asks_the_database_nothing(
    app_client: TestClient, statements: Statements, postgres_url: str
) -> None:
    auth = bearer(staff_token(postgres_url, Role.CALL_HANDLER))
    assert app_client.get("/auth/me", headers=auth).status_code == 200
    assert statements.credential_queries(), "the first request must look the token up"
    statements.seen.clear()
    assert app_client.get("/auth/me", headers=auth).status_code == 200
    assert statements.of_requests() == []


def test_a_second_page_of_a_console_session_asks_the_database_nothing(
    app_client: TestClient, statements: Statements, postgres_url: str
) -> None:
    username, password = staff_user(postgres_url, Role.CLINICIAN)
    form = {"username": username, "password": password}
    assert app_client.post("/auth/login", data=form, follow_redirects=False).status_code == 303
    me = app_client.get("/auth/me")
    assert me.status_code == 200
    statements.seen.clear()
    assert app_client.get("/auth/me").json() == me.json()
    assert statements.credential_queries() == []
    # Logging out on this worker forgets the session here at once: a copied cookie is dead.
    old_session = app_client.cookies[SESSION_COOKIE]
    assert app_client.post("/auth/logout", headers={CSRF_HEADER: me.json()["csrf_token"]}).status_code == 204
    app_client.cookies.clear()
    app_client.cookies.set(SESSION_COOKIE, old_session)
    assert app_client.get("/auth/me").status_code == 401


def test_a_revocation_notice_on_redis_drops_the_entry(app_client: TestClient, postgres_url: str) -> None:
    username, _ = staff_user(postgres_url, Role.ADMIN)
    token = staff_token_for(postgres_url, username)
    assert app_client.get("/auth/me", headers=bearer(token)).status_code == 200
    revoked = revoke_in_database(postgres_url, username)
    assert app_client.get("/auth/me", headers=bearer(token)).status_code == 200, "served from the cache"
    publish(resources_of(app_client).settings, revoked)
    assert refused_within(app_client, token, seconds=1.0)


def test_after_losing_redis_the_worker_caches_nothing_until_it_has_listened_again(
    app_client: TestClient, postgres_url: str, statements: Statements
) -> None:
    resources = resources_of(app_client)
    auth = bearer(staff_token(postgres_url, Role.CALL_HANDLER))
    assert app_client.get("/auth/me", headers=auth).status_code == 200
    assert len(resources.credentials) == 1
    kill_subscription(resources.settings)
    assert wait_for(lambda: resources.credentials.suspended, seconds=2.0), "the lost subscription went unnoticed"
    assert len(resources.credentials) == 0
    statements.seen.clear()
    assert app_client.get("/auth/me", headers=auth).status_code == 200
    assert statements.credential_queries(), "while deaf to notices, every request asks the database"
    assert wait_for(lambda: not resources.credentials.suspended, seconds=5.0), "never subscribed again"
    assert app_client.get("/auth/me", headers=auth).status_code == 200
    assert len(resources.credentials) == 1


def staff_token_for(database_url: str, username: str) -> str:
    engine = make_engine(database_url)
    try:
        return issue_staff_token(engine, username, days=1)
    finally:
        engine.dispose()


def revoke_in_database(database_url: str, username: str) -> list[str]:
    """The database write alone, without the notice `one111 users revoke-tokens` sends after it."""
    engine = make_engine(database_url)
    try:
        return revoke_staff_tokens(engine, username)
    finally:
        engine.dispose()


def publish(settings: Settings, names: list[str]) -> None:
    assert tell_workers(settings, names) == 0


def refused_within(client: TestClient, token: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while client.get("/auth/me", headers=bearer(token)).status_code == 200:
        if time.monotonic() > deadline:
            return False
    return True


def wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def kill_subscription(settings: Settings) -> None:
    """Cut this process's revocation subscription, as a Redis restart would (others' connections untouched)."""
    assert settings.redis_url is not None
    with redis.Redis.from_url(settings.redis_url) as admin:
        ours = [
            client["id"]
            for client in admin.client_list()
            if client.get("name") == f"one111-{os.getpid()}" and int(client.get("sub", 0)) > 0
        ]
        assert ours, "no subscription of this worker found"
        for client_id in ours:
            admin.client_kill_filter(_id=client_id)
