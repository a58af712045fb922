"""The routing and booking endpoints on a real `one111 serve` (SQLite, in-memory board)."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from websockets.asyncio.client import connect

from identity.providers import issue_token
from models.database import make_engine
from models.tables import AuditEvent, Service, TriageRecord
from models.vocabulary import Acuity, Disposition, Role
from tests.support.auth import bearer, staff_token
from tests.support.server import LiveServer

LGI = "RR801-ED"  # Leeds General Infirmary
SJUH = "RR813-ED"  # St James's, Leeds
PINDERFIELDS = "RXF05-ED"  # Wakefield, 12 km from LS1
BRADFORD = "RAE01-ED"  # Bradford Royal Infirmary
HARROGATE = "RCD01-ED"  # no other test here touches it
HOLD_SECONDS = 4  # long enough for a test to confirm at once, short enough to watch one expire
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, loaded_sqlite_template: Path) -> str:
    target = tmp_path_factory.mktemp("routing_api") / "one111.db"
    shutil.copy(loaded_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, db_url: str) -> Iterator[LiveServer]:
    """One server for this module, with short holds, on the embedded defaults."""
    live = LiveServer(
        {"DATABASE_URL": db_url, "ONE111_HOLD_SECONDS": str(HOLD_SECONDS)}, tmp_path_factory.mktemp("srv")
    )
    try:
        yield live.start()
    finally:
        live.stop()


@pytest.fixture(scope="module")
def staff(db_url: str) -> dict[str, str]:
    """A clinician: may route, hold, book and read the callback queue."""
    return bearer(staff_token(db_url, Role.CLINICIAN))


def window() -> str:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    return (now + timedelta(minutes=30)).isoformat()


def provide(client: httpx.Client, engine: Engine, service_id: str, free: int, start: str) -> str:
    """The provider puts live capacity for one window, the way a provider system does."""
    with Session(engine) as session:
        service = session.get(Service, service_id)
        assert service is not None
    token = issue_token(engine, service.provider_id, "routing test")
    body = {"is_open": True, "slots": [{"start": start, "free": free}], "wait_minutes": 10, "opel": 1}
    response = client.put(
        f"/v1/services/{service_id}/capacity", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return token


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def test_route_hold_book_cancel(server: LiveServer, db_url: str, staff: dict[str, str]) -> None:
    engine = make_engine(db_url)
    try:
        with httpx.Client(base_url=server.url, headers=staff, timeout=30) as client:
            start = window()
            provide(client, engine, LGI, 1, start)

            routed = client.post("/v1/route", json={"disposition": "ED", "postcode": "LS1 4AP", "age": 40})
            assert routed.status_code == 200, routed.text
            body = routed.json()
            assert body["outcome"] == "book" and body["options"][0]["service_id"] == LGI
            assert body["options"][0]["reasons"] and body["excluded_counts"]["unknown"] >= 1
            assert body["place"]["matched"] == "LS1 4"

            hold_body = {"service_id": LGI, "window_start": start}
            missing = client.post("/v1/holds", json=hold_body)
            assert missing.status_code == 400 and missing.json()["type"].endswith("idempotency-key-required")

            k = key()
            held = client.post("/v1/holds", json=hold_body, headers=k)
            assert held.status_code == 201, held.text
            replay = client.post("/v1/holds", json=hold_body, headers=k)
            assert replay.status_code == 201 and replay.json() == held.json()
            assert replay.headers["Idempotent-Replayed"] == "true"
            other = client.post("/v1/holds", json={"service_id": LGI}, headers=k)
            assert other.status_code == 409 and other.json()["type"].endswith("idempotency-mismatch")

            full = client.post("/v1/holds", json=hold_body, headers=key())
            assert full.status_code == 409 and full.headers["content-type"] == PROBLEM
            assert full.json()["type"].endswith("no-capacity")

            hold_id = held.json()["id"]
            k = key()
            booked = client.post("/v1/bookings", json={"hold_id": hold_id}, headers=k)
            assert booked.status_code == 201, booked.text
            again = client.post("/v1/bookings", json={"hold_id": hold_id}, headers=k)
            assert again.json() == booked.json()
            twice = client.post("/v1/bookings", json={"hold_id": hold_id}, headers=key())
            assert twice.status_code == 409 and twice.json()["type"].endswith("hold-not-active")

            booking_id = booked.json()["id"]
            assert client.get(f"/v1/bookings/{booking_id}").json()["status"] == "CONFIRMED"
            cancelled = client.delete(f"/v1/bookings/{booking_id}", params={"reason": "feels better"})
            assert cancelled.status_code == 200 and cancelled.json()["status"] == "CANCELLED"
            recancel = client.delete(f"/v1/bookings/{booking_id}")
            assert recancel.status_code == 409 and recancel.json()["type"].endswith("already-cancelled")

            # the cancelled slot is back: it can be held again
            assert client.post("/v1/holds", json=hold_body, headers=key()).status_code == 201

            assert client.get(f"/v1/holds/{uuid.uuid4()}").status_code == 404
            assert client.get(f"/v1/bookings/{uuid.uuid4()}").status_code == 404
            lost = client.post("/v1/bookings", json={"hold_id": str(uuid.uuid4())}, headers=key())
            assert lost.status_code == 404 and lost.json()["type"].endswith("unknown-hold")
        with Session(engine) as session:
            done = session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all()
        assert [a for a in done if a.startswith(("hold.", "booking."))] == [
            "hold.placed",
            "booking.confirmed",
            "booking.cancelled",
            "hold.placed",
        ]
    finally:
        engine.dispose()


def test_route_fallbacks_and_bad_input(server: LiveServer, staff: dict[str, str]) -> None:
    with httpx.Client(base_url=server.url, headers=staff, timeout=30) as client:
        for postcode in ("LS0 1AA", "XYZ"):
            unknown = client.post("/v1/route", json={"disposition": "ED", "postcode": postcode})
            assert unknown.status_code == 422 and unknown.headers["content-type"] == PROBLEM
            assert unknown.json()["type"].endswith("unknown-postcode")
        both = client.post("/v1/route", json={"disposition": "ED", "triage_id": "x", "postcode": "LS1"})
        assert both.status_code == 422
        neither = client.post("/v1/route", json={"postcode": "LS1"})
        assert neither.status_code == 422
        no_triage = client.post("/v1/route", json={"triage_id": str(uuid.uuid4()), "postcode": "LS1"})
        assert no_triage.status_code == 404

        call = client.post("/v1/route", json={"disposition": "CALL_999", "postcode": "LS1"})
        assert call.status_code == 200
        assert call.json()["outcome"] == "call_999" and "999" in call.json()["instruction"]
        assert call.json()["options"] == []

        # nothing is on the board yet: every service's capacity is unknown, so a clinician calls back
        k = key()
        nothing = client.post("/v1/route", json={"disposition": "UTC", "postcode": "EX1 1AA"}, headers=k)
        assert nothing.status_code == 200 and nothing.json()["outcome"] == "callback"
        callback_id = nothing.json()["callback_id"]
        assert (
            client.post("/v1/route", json={"disposition": "UTC", "postcode": "EX1 1AA"}, headers=k).json()[
                "callback_id"
            ]
            == callback_id
        )  # the replay does not queue a second callback
        queue = client.get("/v1/callbacks").json()
        assert [c["id"] for c in queue] == [callback_id]
        assert queue[0]["area"] == "EX1" and queue[0]["disposition"] == "UTC"


def test_an_expired_hold_returns_its_slot(server: LiveServer, db_url: str, staff: dict[str, str]) -> None:
    engine = make_engine(db_url)
    try:
        with httpx.Client(base_url=server.url, headers=staff, timeout=30) as client:
            start = window()
            provide(client, engine, SJUH, 1, start)
            held = client.post("/v1/holds", json={"service_id": SJUH, "window_start": start}, headers=key())
            assert held.status_code == 201
            hold_id = held.json()["id"]
            deadline = time.monotonic() + 30
            while client.get(f"/v1/holds/{hold_id}").json()["status"] != "EXPIRED":
                assert time.monotonic() < deadline, "the hold never expired"
                time.sleep(0.25)
            late = client.post("/v1/bookings", json={"hold_id": hold_id}, headers=key())
            assert late.status_code == 410 and late.json()["type"].endswith("hold-expired")
            routed = client.post("/v1/route", json={"disposition": "ED", "postcode": "LS9 7TF"}).json()
            [option] = [o for o in routed["options"] if o["service_id"] == SJUH]
            assert option["free"] == 1  # the slot is back, once
    finally:
        engine.dispose()


def test_an_expired_hold_nobody_asks_about_still_returns_its_slot_to_the_board(
    server: LiveServer, db_url: str, staff: dict[str, str]
) -> None:
    """The worker's background sweeper gives the slot back; no request needs to touch the hold or the service."""
    engine = make_engine(db_url)
    try:
        with httpx.Client(base_url=server.url, headers=staff, timeout=30) as client:
            start = window()
            provide(client, engine, HARROGATE, 1, start)
            assert client.post(
                "/v1/holds", json={"service_id": HARROGATE, "window_start": start}, headers=key()
            ).is_success
            assert client.get(f"/v1/services/{HARROGATE}/capacity").json()["slots"][0]["free"] == 0
            deadline = time.monotonic() + 30
            while client.get(f"/v1/services/{HARROGATE}/capacity").json()["slots"][0]["free"] != 1:
                assert time.monotonic() < deadline, "the expired hold's slot never came back"
                time.sleep(0.5)
    finally:
        engine.dispose()


def test_route_a_triage_book_it_and_the_provider_gets_the_handover(
    server: LiveServer, db_url: str, staff: dict[str, str]
) -> None:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            triage = TriageRecord(
                id=str(uuid.uuid4()),
                actor="test",
                disposition=Disposition.ED,
                acuity=Acuity.EMERGENCY,
                model_version="test",
                red_flags=["chest pain with sweating"],
                report={"text": "crushing chest pain since lunch", "age": 58, "sex": "male", "answers": {}},
            )
            session.add(triage)
            session.commit()
            triage_id = triage.id
        with httpx.Client(base_url=server.url, headers=staff, timeout=30) as client:
            start = window()
            token = provide(client, engine, PINDERFIELDS, 2, start)
            routed = client.post("/v1/route", json={"triage_id": triage_id, "postcode": "LS1 4AP"}).json()
            assert routed["disposition"] == "ED" and routed["triage_id"] == triage_id
            assert PINDERFIELDS in {o["service_id"] for o in routed["options"]}
            held = client.post(
                "/v1/holds", json={"service_id": PINDERFIELDS, "triage_id": triage_id}, headers=key()
            ).json()
            assert held["window_start"].startswith(start[:16])  # the earliest free window by default
            booked = client.post("/v1/bookings", json={"hold_id": held["id"]}, headers=key()).json()

            path = f"/v1/services/{PINDERFIELDS}/bookings"
            assert httpx.get(server.url + path, timeout=10).status_code == 401
            assert client.get(path).status_code == 403  # staff are not the provider
            other = provide(client, engine, LGI, 1, start)
            assert client.get(path, headers={"Authorization": f"Bearer {other}"}).status_code == 403
            [handover] = client.get(path, headers={"Authorization": f"Bearer {token}"}).json()
            assert handover["id"] == booked["id"] and handover["reference"] == booked["reference"]
            assert handover["triage"]["disposition"] == "ED"
            assert handover["triage"]["text"] == "crushing chest pain since lunch"
            assert handover["triage"]["red_flags"] == ["chest pain with sweating"]

            provide(client, engine, BRADFORD, 1, start)
            new_hold = client.post("/v1/holds", json={"service_id": BRADFORD}, headers=key()).json()
            moved = client.post(f"/v1/bookings/{booked['id']}/rebook", json={"hold_id": new_hold["id"]}, headers=key())
            assert moved.status_code == 201, moved.text
            assert moved.json()["replaces_id"] == booked["id"] and moved.json()["triage_id"] == triage_id
            assert client.get(f"/v1/bookings/{booked['id']}").json()["status"] == "MOVED"
            assert client.get(path, headers={"Authorization": f"Bearer {token}"}).json() == []
    finally:
        engine.dispose()


AIREDALE = "RCF22-ED"  # no other test here touches it


def test_the_provider_socket_receives_each_new_booking_with_the_handover(
    server: LiveServer, db_url: str, staff: dict[str, str]
) -> None:
    engine = make_engine(db_url)
    try:
        with httpx.Client(base_url=server.url, headers=staff, timeout=30) as client:
            start = window()
            token = provide(client, engine, AIREDALE, 2, start)
            pushed = asyncio.run(_book_while_connected(server, client, token, start))
    finally:
        engine.dispose()
    booking, reference = pushed
    assert booking["reference"] == reference and booking["service_id"] == AIREDALE
    assert booking["status"] == "CONFIRMED" and "actor" not in booking


async def _book_while_connected(
    server: LiveServer, client: httpx.Client, token: str, start: str
) -> tuple[dict[str, Any], str]:
    headers = {"Authorization": f"Bearer {token}"}
    async with connect(server.ws_url + "/ws/provider", additional_headers=headers) as ws:
        assert json.loads(await ws.recv())["type"] == "welcome"
        held = client.post("/v1/holds", json={"service_id": AIREDALE, "window_start": start}, headers=key()).json()
        reference = client.post("/v1/bookings", json={"hold_id": held["id"]}, headers=key()).json()["reference"]
        async with asyncio.timeout(20):
            while (frame := json.loads(await ws.recv()))["type"] != "booking.created":
                pass
    return frame["booking"], reference
