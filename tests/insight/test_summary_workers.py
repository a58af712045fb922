"""The summary on PostgreSQL and Redis with two workers: a provider's report shows in every summary, whichever
worker answers (new connections, the shared Redis board), and England's whole board is summarised in seconds."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from models.vocabulary import Role
from tests.insight.conftest import MANCHESTER
from tests.support.auth import bearer, provider_token, staff_token
from tests.support.server import LiveServer


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_every_worker_summarises_the_shared_board(
    tmp_path: Path, postgres_url: str, redis_url: str, redis_prefix: str
) -> None:
    env = {"DATABASE_URL": postgres_url, "REDIS_URL": redis_url, "ONE111_REDIS_PREFIX": redis_prefix}
    live = LiveServer(env, tmp_path, workers=2, measured=False).start(timeout=240)
    try:
        start = (datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).isoformat()
        body = {"is_open": True, "slots": [{"start": start, "free": 23}], "wait_minutes": 5, "opel": 4}
        token = bearer(provider_token(postgres_url, "R0A"))
        put = httpx.put(f"{live.url}/v1/services/{MANCHESTER}/capacity", json=body, headers=token, timeout=30)
        assert put.status_code == 200, put.text
        lead = bearer(staff_token(postgres_url, Role.LEAD))
        took = []
        with httpx.Client(base_url=live.url, headers=lead, timeout=60) as client:
            for _ in range(6):  # new connections land on either worker
                began = time.perf_counter()
                answer = client.get("/v1/insight/summary", headers={"Connection": "close"})
                took.append(time.perf_counter() - began)
                assert answer.status_code == 200, answer.text
                north_west = next(a for a in answer.json()["areas"] if a["name"] == "North West")
                assert north_west["opel"]["4"] == 1
                assert north_west["capacity"]["EMERGENCY_DEPARTMENT"]["free_slots"] == 23
    finally:
        live.stop()
    assert min(took) < 10, took  # every service in England, on a busy two-core machine
