"""One key, one effect: concurrent duplicates of a keyed request wait for the first and replay its answer, a
final refusal is replayed too, and the key commits with the change or not at all (routing/idempotency.py)."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, func, select

from capacity.board import BoardState, Window
from models.database import make_engine
from models.routing_tables import IdempotencyRecord
from models.tables import AuditEvent, Hold
from models.vocabulary import Opel
from tests.support.auth import bearer, staff_token
from web.app import create_app
from web.settings import Settings

SERVICE = "RR801-ED"  # Leeds General Infirmary
WINDOWS = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    return url


async def scenario(url: str, free: int, send: Any) -> Any:
    """The app in this process with `free` slots at SERVICE, and `send(client, window)`'s result."""
    app = create_app(Settings(database_url=url))
    async with app.router.lifespan_context(app):
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        # A window of its own per scenario: the PostgreSQL database is shared by the tests of one worker, and a hold
        # another test left in the same minute at SERVICE would take the seat this scenario offers.
        window = now + timedelta(minutes=31 + 2 * next(WINDOWS))
        # A version above any the board was restored with: on that shared database other tests have pushed updates
        # to SERVICE, and a board drops a state older than the one it holds (version 1 was dropped, seen in CI).
        version = time.time_ns() // 1000
        state = BoardState(SERVICE, version, True, (Window(window, free),), 5, Opel.NORMAL, now)
        assert await app.state.resources.board.put(state) is not None
        transport = httpx.ASGITransport(app=app)
        headers = bearer(staff_token(url, "call_handler"))
        async with httpx.AsyncClient(transport=transport, base_url="http://one111", headers=headers) as client:
            return await send(client, window.isoformat())


def holds_keyed(url: str, key: str) -> tuple[int, int]:
    """(holds, audit events) the request with `key` left: its row names the hold it made."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            row = session.exec(select(IdempotencyRecord).where(col(IdempotencyRecord.key) == key)).one()
            assert row.status_code == 201
            hold_id = row.response.get("id")
            holds = session.exec(select(func.count()).select_from(Hold).where(col(Hold.id) == hold_id)).one()
            events = session.exec(
                select(func.count()).select_from(AuditEvent).where(col(AuditEvent.subject_id) == hold_id)
            ).one()
            return holds, events
    finally:
        engine.dispose()


def test_concurrent_duplicates_make_one_hold_and_all_hear_its_answer(database_url: str) -> None:
    key = str(uuid.uuid4())

    async def send(client: httpx.AsyncClient, window: str) -> list[httpx.Response]:
        body = {"service_id": SERVICE, "window_start": window}
        posts = [client.post("/v1/holds", json=body, headers={"Idempotency-Key": key}) for _ in range(6)]
        return list(await asyncio.gather(*posts))

    answers = asyncio.run(scenario(database_url, 5, send))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    assert sum("idempotent-replayed" not in a.headers for a in answers) == 1
    assert holds_keyed(database_url, key) == (1, 1)  # one hold, one audit event: nothing was done twice


def test_a_refusal_is_replayed_and_a_new_body_with_the_key_is_a_mismatch(database_url: str) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}

    async def send(client: httpx.AsyncClient, window: str) -> list[httpx.Response]:
        full = {"service_id": SERVICE, "window_start": window}
        taken = await client.post("/v1/holds", json=full, headers={"Idempotency-Key": str(uuid.uuid4())})
        assert taken.status_code == 201, taken.text
        refused = await client.post("/v1/holds", json=full, headers=key)
        again = await client.post("/v1/holds", json=full, headers=key)
        other = await client.post("/v1/holds", json={"service_id": SERVICE}, headers=key)
        return [refused, again, other]

    refused, again, other = asyncio.run(scenario(database_url, 1, send))
    assert refused.status_code == 409 and refused.json()["type"].endswith("no-capacity")
    assert again.status_code == 409 and again.json() == refused.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["content-type"] == "application/problem+json"
    assert other.status_code == 409 and other.json()["type"].endswith("idempotency-mismatch")


def test_a_triage_retried_with_its_key_is_decided_once(database_url: str) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    report = {"text": "sore throat and a mild temperature for two days", "age": 30, "sex": "female"}

    async def send(client: httpx.AsyncClient, _window: str) -> list[httpx.Response]:
        return [await client.post("/v1/triage", json=report, headers=key) for _ in range(2)]

    first, again = asyncio.run(scenario(database_url, 1, send))
    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            decided = session.exec(
                select(func.count()).select_from(AuditEvent).where(col(AuditEvent.subject_id) == first.json()["id"])
            ).one()
    finally:
        engine.dispose()
    assert decided == 1  # one decision, one audit event
