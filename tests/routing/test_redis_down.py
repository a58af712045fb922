"""Redis dies under a running server: holds fail cleanly (503, Retry-After) and nothing is half-written; when
Redis comes back empty, the board is rebuilt from the database and booking works again."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, func, select

from identity.providers import issue_token
from models.database import make_engine
from models.tables import Hold, Service
from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.private import PrivateRedis
from tests.support.server import LiveServer
from tests.support.services import unavailable

pytestmark = [pytest.mark.redis]
SERVICE = "RR813-ED"  # St James's, Leeds


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[PrivateRedis]:
    if PrivateRedis.missing():
        unavailable("redis-server binary", FileNotFoundError("redis-server"))
    private = PrivateRedis(tmp_path)
    private.start()
    yield private
    private.kill()


def held(client: httpx.Client, start: str) -> httpx.Response:
    body = {"service_id": SERVICE, "window_start": start}
    return client.post("/v1/holds", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})


def test_holds_fail_cleanly_while_redis_is_down_and_work_again_after_a_rebuild(
    tmp_path: Path, sqlite_url: str, redis_server: PrivateRedis
) -> None:
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        service = session.get(Service, SERVICE)
        assert service is not None
    token = issue_token(engine, service.provider_id, "redis down test")
    handler = bearer(staff_token(sqlite_url, Role.CALL_HANDLER))
    env = {"DATABASE_URL": sqlite_url, "REDIS_URL": redis_server.url, "ONE111_BOARD_CHECK_SECONDS": "0.5"}
    live = LiveServer(env, tmp_path).start()
    start = (datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=1)).isoformat()
    try:
        with httpx.Client(base_url=live.url, headers=handler, timeout=30) as client:
            capacity = {"is_open": True, "slots": [{"start": start, "free": 2}], "wait_minutes": 5, "opel": 1}
            put = client.put(
                f"/v1/services/{SERVICE}/capacity", json=capacity, headers={"Authorization": f"Bearer {token}"}
            )
            assert put.status_code == 200, put.text
            assert held(client, start).status_code == 201

            redis_server.kill()
            refused = held(client, start)
            assert refused.status_code == 503, refused.text
            assert refused.headers["content-type"] == "application/problem+json"
            assert int(refused.headers["retry-after"]) > 0
            with Session(engine) as session:
                assert session.exec(select(func.count()).select_from(Hold)).one() == 1, "no half-written hold"

            redis_server.start()  # back, and empty: the board must come back from the database
            deadline = time.monotonic() + 30
            while (again := held(client, start)).status_code != 201:
                assert again.status_code in (503, 409), again.text
                assert time.monotonic() < deadline, f"booking never recovered: {again.text}"
                time.sleep(0.5)
            last = held(client, start)
            assert last.status_code == 409, "the rebuilt board must still count the hold made before Redis died"
    finally:
        live.stop()
        engine.dispose()
