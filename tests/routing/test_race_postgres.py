"""Two server processes on PostgreSQL and Redis: 200 clients race for the last slot, round after round."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from identity.providers import issue_token
from models.tables import Booking, Service
from models.vocabulary import BookingStatus, Role
from tests.support.audit import sealed_report
from tests.support.auth import bearer, staff_token
from tests.support.server import LiveServer

# no_cover: this process only drives the load and counts what came back, untraced; the servers' lines are
# measured by the single-worker tests.
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow, pytest.mark.no_cover]
SERVICE = "Y05404-UTC"  # Shakespeare WIC, Leeds
CLIENTS = 200
# 8 rounds of 200 keep make test under its 10-minute budget; ONE111_RACE_ROUNDS=50 for a longer hunt.
ROUNDS = int(os.environ.get("ONE111_RACE_ROUNDS", "8"))


async def post(client: httpx.AsyncClient, path: str, body: dict[str, str]) -> httpx.Response:
    """POST as a careful client does: a dropped connection is retried with the same Idempotency-Key, which the
    server answers with the first result, so a retry can never hold or book twice."""
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    for attempt_number in range(3):
        try:
            return await client.post(path, json=body, headers=headers)
        except httpx.TransportError:
            if attempt_number == 2:
                raise
    raise AssertionError("unreachable")


async def attempt(client: httpx.AsyncClient, start: str) -> str:
    held = await post(client, "/v1/holds", {"service_id": SERVICE, "window_start": start})
    if held.status_code != 201:
        assert held.status_code == 409 and held.headers["content-type"] == "application/problem+json", held.text
        return "rejected"
    booked = await post(client, "/v1/bookings", {"hold_id": held.json()["id"]})
    assert booked.status_code == 201, booked.text
    return "booked"


def test_200_clients_race_for_the_last_slot_on_two_workers(
    tmp_path: Path, postgres_url: str, postgres_engine: Engine, redis_url: str, redis_prefix: str
) -> None:
    with Session(postgres_engine) as session:
        service = session.get(Service, SERVICE)
        assert service is not None
    token = issue_token(postgres_engine, service.provider_id, "race test")
    handlers = bearer(staff_token(postgres_url, Role.CALL_HANDLER))  # one desk's token, shared by every client
    env = {"DATABASE_URL": postgres_url, "REDIS_URL": redis_url, "ONE111_REDIS_PREFIX": redis_prefix}
    live = LiveServer(env, tmp_path, workers=2, measured=False).start()
    first = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=1)
    starts = [(first + timedelta(minutes=10 * n)).isoformat() for n in range(ROUNDS)]

    async def rounds() -> list[list[str]]:
        # Idle connections go before the server's 5 s keep-alive ends (see tests/clinical/test_claim_race_postgres.py).
        limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS, keepalive_expiry=2.0)
        async with httpx.AsyncClient(base_url=live.url, headers=handlers, timeout=60, limits=limits) as client:
            results = []
            for start in starts:
                body = {"is_open": True, "slots": [{"start": start, "free": 1}], "wait_minutes": 5, "opel": 1}
                put = await client.put(
                    f"/v1/services/{SERVICE}/capacity", json=body, headers={"Authorization": f"Bearer {token}"}
                )
                assert put.status_code == 200, put.text
                results.append(list(await asyncio.gather(*(attempt(client, start) for _ in range(CLIENTS)))))
            return results

    try:
        for outcomes in asyncio.run(rounds()):
            assert outcomes.count("booked") == 1 and outcomes.count("rejected") == CLIENTS - 1
    finally:
        live.stop()
    with Session(postgres_engine) as session:
        per_window = session.exec(
            select(Booking.window_start, func.count())
            .where(Booking.service_id == SERVICE, Booking.status == BookingStatus.CONFIRMED)
            .group_by(col(Booking.window_start))
        ).all()
        assert len(per_window) == ROUNDS and all(count == 1 for _, count in per_window)
        assert sealed_report(postgres_engine).intact
