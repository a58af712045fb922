"""Set the scene for the patient chat tests: a pharmacy open all day with live capacity, as a provider reports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import Session

from capacity.hours import every_day
from capacity.tokens import issue_token
from models.database import make_engine
from models.tables import Service

PHARMACY = "FFP17-PHA"  # Boots, Leeds City Station (LS1 4DT)
POSTCODE = "LS1 4AP"
# Words and answers that triage to PHARMACY: a nettle-type rash, no airway signs, no adrenaline used.
PHARMACY_REPORT = "itchy raised rash on my arm since this morning"


def open_all_day(database_url: str, service_id: str = PHARMACY) -> None:
    """Before the server starts: the pharmacy opens round the clock, so the test passes at any hour."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            service = session.get(Service, service_id)
            assert service is not None
            service.opening_hours = [dict(s) for s in every_day("00:00", "24:00")]
            session.add(service)
            session.commit()
    finally:
        engine.dispose()


def provide(base_url: str, database_url: str, free: int, service_id: str = PHARMACY) -> None:
    """The provider reports `free` slots in a window starting within the next 30 minutes."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            service = session.get(Service, service_id)
            assert service is not None
            provider_id = service.provider_id
        token = issue_token(engine, provider_id, "chat test")
    finally:
        engine.dispose()
    start = (datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=10)).isoformat()
    body = {"is_open": True, "slots": [{"start": start, "free": free}], "wait_minutes": 5, "opel": 1}
    response = httpx.put(
        f"{base_url}/v1/services/{service_id}/capacity",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text


@dataclass(frozen=True)
class ChatSession:
    token: str
    subject: str  # what the conversation, triage records and bookings carry as their owner


def new_chat(base_url: str) -> ChatSession:
    """An anonymous patient chat session, as the page starts one."""
    response = httpx.post(f"{base_url}/v1/chat/sessions", timeout=30)
    assert response.status_code == 201, response.text
    body = response.json()
    return ChatSession(body["token"], f"patient:{body['session_id']}")
