"""The pool does not ping before each checkout; a connection the server dropped while it sat in the pool is
found on first use, and the request still succeeds on a fresh one (models/database.py)."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.support.auth import bearer, staff_token
from web.app import create_app
from web.settings import Settings

REPORT = {"text": "sore throat and a mild temperature for two days", "age": 30, "sex": "female"}


def terminate_idle_backends(database_url: str) -> int:
    """What a server restart, a failover or an idle timeout does to a pool: every idle connection is gone."""
    with psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
        ).fetchall()
    return len(rows)


@pytest.mark.postgres
def test_requests_succeed_after_the_server_drops_the_pooled_connections(postgres_url: str) -> None:
    app = create_app(Settings(database_url=postgres_url))
    with TestClient(app, headers=bearer(staff_token(postgres_url, "call_handler"))) as client:
        first = client.post("/v1/triage", json=REPORT)
        assert first.status_code == 201, first.text
        assert terminate_idle_backends(postgres_url) >= 1

        written = client.post("/v1/triage", json=REPORT)
        assert written.status_code == 201, written.text
        assert terminate_idle_backends(postgres_url) >= 1
        read = client.get(f"/v1/triage/{written.json()['id']}")
        assert read.status_code == 200 and read.json() == written.json()
