"""Driving notify as its users do, over HTTP: a provider opens capacity, a handler books a patient who gave their
email, an admin reads the message the patient was sent and the link in it."""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from identity.providers import issue_token
from models.tables import Booking, Service
from models.vocabulary import BookingStatus

LINK = re.compile(r"/my/([A-Za-z0-9._-]+)")


Client = httpx.Client | TestClient  # a live server's, or an in-process app's


def soon(minutes: int = 20) -> str:
    return (datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=minutes)).isoformat()


def provider_headers(engine: Engine, service_id: str) -> dict[str, str]:
    with Session(engine) as session:
        service = session.get(Service, service_id)
        assert service is not None
    return {"Authorization": f"Bearer {issue_token(engine, service.provider_id, 'notify test')}"}


def open_capacity(client: Client, headers: dict[str, str], service_id: str, start: str, free: int) -> None:
    body = {"is_open": True, "slots": [{"start": start, "free": free}], "wait_minutes": 10, "opel": 2}
    answer = client.put(f"/v1/services/{service_id}/capacity", json=body, headers=headers)
    assert answer.status_code == 200, answer.text


def book(client: Client, staff: dict[str, str], service_id: str, start: str, email: str) -> dict[str, Any]:
    held = client.post(
        "/v1/holds",
        json={"service_id": service_id, "window_start": start},
        headers={**staff, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert held.status_code == 201, held.text
    body = {"hold_id": held.json()["id"], "contact": {"email": email, "consent": True}}
    booked = client.post("/v1/bookings", json=body, headers={**staff, "Idempotency-Key": str(uuid.uuid4())})
    assert booked.status_code == 201, booked.text
    result: dict[str, Any] = booked.json()
    return result


def sent(client: Client, admin: dict[str, str], booking_id: str, kind: str, timeout: float = 20) -> dict[str, Any]:
    """The message of `kind` about `booking_id`, once the dispatcher has sent it."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(f"/v1/notifications?booking_id={booking_id}", headers=admin)
        assert answer.status_code == 200, answer.text
        found = [m for m in answer.json() if m["kind"] == kind and m["state"] == "SENT"]
        if found:
            message: dict[str, Any] = found[0]
            return message
        assert time.monotonic() < deadline, answer.json()
        time.sleep(0.2)


def link_in(message: dict[str, Any]) -> str:
    """The patient's link token in a sent message's words."""
    found = LINK.search(message["body"])
    assert found is not None, "the message has no link"
    return found[1]


def confirmed(session: Session, booking_id: str) -> list[Booking]:
    """The confirmed bookings among `booking_id` and every booking it was moved to: the patient's own."""
    ids, frontier = {booking_id}, [booking_id]
    while frontier:
        later = session.exec(select(Booking.id).where(col(Booking.replaces_id).in_(frontier))).all()
        frontier = [i for i in later if i not in ids]
        ids.update(frontier)
    query = select(Booking).where(col(Booking.id).in_(ids), Booking.status == BookingStatus.CONFIRMED)
    return list(session.exec(query).all())
