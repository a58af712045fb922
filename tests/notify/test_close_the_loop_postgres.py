"""Issue 19's done-when: a service closes with confirmed bookings, on PostgreSQL + Redis with two workers. Every
affected patient gets exactly one email (a new booking or a clinician callback), the old provider sees each
booking withdrawn, no slot is lost or doubled, and no patient's address reaches the logs."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from websockets.asyncio.client import ClientConnection, connect

from capacity.directory import import_directory
from identity.providers import issue_token
from models.database import make_engine
from models.migrate import upgrade
from models.notify_tables import Disruption, DisruptionState
from models.routing_tables import CallbackRequest
from models.tables import Booking, Service
from models.vocabulary import BookingStatus, Role
from tests.conftest import DATA_DIR
from tests.support.auth import bearer, staff_token
from tests.support.mailers import Inbox, smtp_server
from tests.support.server import LiveServer

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]
LGI, SJUH = "RR801-ED", "RR813-ED"
PATIENTS, ROOM_ELSEWHERE = 6, 4


@pytest.fixture
def fresh_postgres(empty_postgres_url: str) -> Iterator[tuple[str, Engine]]:
    """A database of this test's own: no other test's capacity reports offer alternatives here."""
    engine = make_engine(empty_postgres_url)
    upgrade(engine)
    import_directory(engine, DATA_DIR)
    yield empty_postgres_url, engine
    engine.dispose()


def provider_token(engine: Engine, service_id: str) -> dict[str, str]:
    with Session(engine) as session:
        service = session.get(Service, service_id)
        assert service is not None
    return bearer(issue_token(engine, service.provider_id, "issue 19"))


async def report(client: httpx.AsyncClient, token: dict[str, str], service_id: str, body: dict[str, Any]) -> None:
    answer = await client.put(f"/v1/services/{service_id}/capacity", json=body, headers=token)
    assert answer.status_code == 200, answer.text


async def book(client: httpx.AsyncClient, start: str, n: int) -> str:
    held = await client.post(
        "/v1/holds", json={"service_id": LGI, "window_start": start}, headers={"Idempotency-Key": f"h{n}"}
    )
    assert held.status_code == 201, held.text
    contact = {"email": f"patient{n}@example.org", "consent": True}
    booked = await client.post(
        "/v1/bookings", json={"hold_id": held.json()["id"], "contact": contact}, headers={"Idempotency-Key": f"b{n}"}
    )
    assert booked.status_code == 201, booked.text
    return str(booked.json()["id"])


async def listen(ws: ClientConnection, frames: list[dict[str, Any]]) -> None:
    async for text in ws:
        frames.append(json.loads(text))


def wait_until(check: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_closing_a_service_tells_each_patient_once_and_moves_or_queues_every_booking(
    tmp_path: Path, fresh_postgres: tuple[str, Engine], redis_url: str, redis_prefix: str
) -> None:
    url, engine = fresh_postgres
    lgi, sjuh = provider_token(engine, LGI), provider_token(engine, SJUH)
    handler, admin = bearer(staff_token(url, Role.CALL_HANDLER)), bearer(staff_token(url, Role.ADMIN))
    start = (datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=20)).isoformat()
    with smtp_server() as (inbox, smtp_port):
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "ONE111_REDIS_PREFIX": redis_prefix,
            "ONE111_NOTIFY_CHANNEL": "smtp",
            "ONE111_SMTP_PORT": str(smtp_port),
            "ONE111_NOTIFY_DISPATCH_SECONDS": "0.2",
            "ONE111_DISRUPTION_SWEEP_SECONDS": "0.5",  # both workers' sweepers race the closing worker's own move
        }
        live = LiveServer(env, tmp_path, workers=2, measured=False).start(timeout=240)  # 2 workers, busy machine
        try:
            booked, frames = asyncio.run(close_lgi(live, lgi, sjuh, handler, start, inbox))
            wait_until(lambda: len(inbox.received) >= 2 * PATIENTS)
            time.sleep(2)  # long enough for a duplicate to arrive, if the workers were to send one
            outbox = httpx.get(f"{live.url}/v1/notifications?limit=500", headers=admin, timeout=10).json()
            board = httpx.get(f"{live.url}/v1/services/{SJUH}/capacity", headers=handler, timeout=10).json()
            needs = httpx.get(f"{live.url}/v1/bookings?needs_action=true", headers=handler, timeout=10).json()
        finally:
            live.stop()
        logs = live.logs()

    per_patient = Counter(str(mail["To"]) for mail in inbox.received if "is confirmed" not in str(mail["Subject"]))
    assert per_patient == {f"patient{n}@example.org": 1 for n in range(PATIENTS)}  # exactly one each
    assert len(inbox.received) == 2 * PATIENTS and all(m["state"] == "SENT" for m in outbox)
    withdrawn = [f["booking"] for f in frames if f["type"] == "booking.cancelled"]
    assert sorted(b["id"] for b in withdrawn) == sorted(booked)  # the old provider saw every booking go
    assert Counter(b["status"] for b in withdrawn) == {"MOVED": ROOM_ELSEWHERE, "CANCELLED": PATIENTS - ROOM_ELSEWHERE}

    with Session(engine) as session:
        disruptions = session.exec(select(Disruption)).all()
        moved_to = session.exec(
            select(Booking).where(Booking.service_id == SJUH, Booking.status == BookingStatus.CONFIRMED)
        ).all()
        still_at_lgi = session.exec(
            select(Booking).where(Booking.service_id == LGI, Booking.status == BookingStatus.CONFIRMED)
        ).all()
        callbacks = session.exec(select(CallbackRequest).where(col(CallbackRequest.actor) == "notify")).all()
    assert sorted(d.booking_id for d in disruptions) == sorted(booked)  # nothing moved without a record
    states = Counter(d.state for d in disruptions)
    assert states == {DisruptionState.MOVED: ROOM_ELSEWHERE, DisruptionState.CALLBACK: PATIENTS - ROOM_ELSEWHERE}
    assert sorted(b.replaces_id or "" for b in moved_to) == sorted(
        d.booking_id for d in disruptions if d.new_booking_id
    )
    assert len({b.seat for b in moved_to}) == ROOM_ELSEWHERE and still_at_lgi == []  # no seat doubled
    assert board["slots"][0]["free"] == 0  # the four slots SJUH offered are the four bookings it now has: none lost
    assert sorted(c.id for c in callbacks) == sorted(d.callback_id or "" for d in disruptions if d.callback_id)
    assert len(needs) == PATIENTS
    assert "patient0@example.org" not in logs and "patient5" not in logs


async def close_lgi(
    live: LiveServer, lgi: dict[str, str], sjuh: dict[str, str], handler: dict[str, str], start: str, inbox: Inbox
) -> tuple[list[str], list[dict[str, Any]]]:
    slot = {"wait_minutes": 10, "opel": 2}
    async with httpx.AsyncClient(base_url=live.url, headers=handler, timeout=30) as client:
        await report(client, lgi, LGI, {"is_open": True, "slots": [{"start": start, "free": PATIENTS}], **slot})
        await report(client, sjuh, SJUH, {"is_open": True, "slots": [{"start": start, "free": ROOM_ELSEWHERE}], **slot})
        booked = [await book(client, start, n) for n in range(PATIENTS)]
        await asyncio.to_thread(inbox.wait_for, PATIENTS)  # the confirmations went out first
        frames: list[dict[str, Any]] = []
        async with connect(live.ws_url + "/ws/provider", additional_headers=lgi) as ws:
            listener = asyncio.create_task(listen(ws, frames))
            await report(client, lgi, LGI, {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4})
            deadline = time.monotonic() + 60
            while sum(f["type"] == "booking.cancelled" for f in frames) < PATIENTS and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            await asyncio.sleep(1)  # nothing more arrives
            listener.cancel()
        return booked, frames
