"""`one111 serve` as a newcomer and as production run it: any new database works, and several workers share one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.server import OWN_SETTINGS, LiveServer


def worker_pids(server: LiveServer) -> list[int]:
    assert server.process is not None
    children = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True, check=False)
    return [int(pid) for pid in children.stdout.split()]


def log_messages(server: LiveServer, logger: str) -> list[str]:
    lines = [json.loads(line) for line in server.logs().splitlines() if line.startswith("{")]
    return [line["msg"] for line in lines if line["logger"] == logger]


def one111(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    command = [sys.executable, "-m", "web.cli", *args]
    return subprocess.run(
        command, env={**inherited, **env}, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_serve_migrates_and_loads_a_brand_new_sqlite_database(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'new.db'}"}
    server = LiveServer(env, tmp_path).start()
    try:
        assert httpx.get(server.url + "/v1/services").status_code == 401
        # The README's first step: an admin, whose token is printed once.
        made = one111(env, "users", "create", "ada", "--role", "admin", "--password-stdin", stdin="a long password\n")
        assert made.returncode == 0, made.stderr
        auth = {"Authorization": f"Bearer {made.stdout.strip()}"}
        page = httpx.get(server.url + "/v1/services", params={"limit": 1}, headers=auth).json()
        assert page["total"] == 26504
        assert "services: 26504 added" in server.logs()
        # Known third-party messages are written whole, their arguments formatted in.
        running = f"Uvicorn running on http://127.0.0.1:{server.port} (Press CTRL+C to quit)"
        assert running in log_messages(server, "uvicorn.error")
        migrations = log_messages(server, "alembic.runtime.migration")
        assert any(message.startswith("Running upgrade  -> ") for message in migrations), migrations
        assert not [message for message in migrations if "%s" in message]
    finally:
        server.stop()


def test_serve_on_postgresql_and_redis_with_two_workers(
    tmp_path: Path, empty_postgres_url: str, redis_url: str, redis_prefix: str
) -> None:
    env = {"DATABASE_URL": empty_postgres_url, "REDIS_URL": redis_url, "ONE111_REDIS_PREFIX": redis_prefix}
    server = LiveServer(env, tmp_path, workers=2).start(timeout=120)
    try:
        ready = httpx.get(server.url + "/readyz").json()
        assert ready == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
        assert len(worker_pids(server)) >= 2
        auth = bearer(staff_token(empty_postgres_url, Role.CALL_HANDLER))
        params = {"near": "LS1", "type": "EMERGENCY_DEPARTMENT"}
        near = httpx.get(server.url + "/v1/services", params=params, headers=auth).json()
        assert near["items"][0]["name"] == "Leeds General Infirmary"
        assert "with 2 worker(s); database postgresql+psycopg, board redis" in server.logs()
    finally:
        server.stop()


def test_several_workers_without_a_shared_board_are_refused_with_a_reason(tmp_path: Path, sqlite_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "serve", "--workers", "2", "--port", "1"],
        env={**env, "DATABASE_URL": sqlite_url},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "2 workers need a shared capacity board: set REDIS_URL" in done.stderr
