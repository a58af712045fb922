"""The patient chat tests' scene and patient: a pharmacy open all day with live capacity, a chat session, its socket."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlmodel import Session
from websockets.asyncio.client import ClientConnection, connect

from capacity.hours import every_day
from identity.providers import issue_token
from models.database import make_engine
from models.tables import Service
from tests.support.auth import bearer
from tests.support.server import LiveServer

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


class Patient:
    """A patient's browser, reduced to its websocket: says hello, answers, reads frames."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.state: dict[str, Any] = {}

    async def send(self, frame: dict[str, Any]) -> dict[str, Any]:
        await self.socket.send(json.dumps(frame))
        return await self.receive()

    async def receive(self) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(self.socket.recv(), 30))
        if frame["type"] == "conversation":
            self.state = frame
        return frame

    async def hello(self) -> dict[str, Any]:
        return await self.send({"type": "hello"})

    async def say(self, kind: str, **fields: Any) -> dict[str, Any]:
        return await self.send({"type": kind, "turn": self.state["turn"], **fields})

    async def answer_all(self, yes: tuple[str, ...] = ()) -> dict[str, Any]:
        while self.state["prompt"]["kind"] == "question":
            question = self.state["prompt"]["question_id"]
            await self.say("answer", question_id=question, answer="yes" if question in yes else "no")
        return self.state


def chat_socket(live: LiveServer, chat: ChatSession) -> connect:
    """`async with chat_socket(live, chat) as socket`: the patient's websocket, opened with their chat token."""
    return connect(live.ws_url + "/ws/chat", additional_headers=bearer(chat.token))
