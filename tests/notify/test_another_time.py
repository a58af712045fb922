"""A patient asking for another time is a swap or nothing: however many times they press the button at once, and
whatever is free, they end with exactly one confirmed booking, moved at most once, and no seat lost or doubled.
On SQLite with the in-memory board (a property over clicks and free windows), and over HTTP on PostgreSQL + Redis
with two workers, where the clicks land on different processes."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.memory_board import MemoryBoard
from models.crypto import Keyring
from models.notify_tables import Disruption
from models.routing_tables import CallbackRequest
from models.tables import Booking, Hold
from models.types import utcnow
from models.vocabulary import BookingStatus, HoldStatus, Role
from notify import links
from notify.patient import Asked, ask_for_another
from notify.rebook import Rebooker
from tests.notify.conftest import book, put, rebooker, soon
from tests.support.auth import bearer, staff_token
from tests.support.notify import book as book_over_http
from tests.support.notify import confirmed, link_in, provider_headers, sent
from tests.support.server import LiveServer

LGI, SJUH = "RR801-ED", "RR813-ED"


def chain(engine: Engine, booking: Booking) -> list[Booking]:
    """Every booking made for this patient's triage: the first and any it was moved to."""
    with Session(engine) as session:
        return list(session.exec(select(Booking).where(Booking.triage_id == booking.triage_id)).all())


async def clicks(rebooker: Rebooker, keyring: Keyring, booking: Booking, n: int) -> list[Asked]:
    token = links.token(keyring, booking.id, utcnow() + timedelta(days=1))
    return list(await asyncio.gather(*(ask_for_another(rebooker, keyring, token, booking.id) for _ in range(n))))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(1, 4), own_later=st.integers(0, 2), elsewhere=st.integers(0, 2))
def test_however_many_clicks_the_patient_ends_with_one_booking_moved_at_most_once(
    sqlite_engine: Engine, keyring: Keyring, n: int, own_later: int, elsewhere: int
) -> None:
    early, later = soon(20), soon(40)
    board = MemoryBoard(timedelta(hours=4))
    try:
        put(board, LGI, {early: 1, later: own_later})
        put(board, SJUH, {early: elsewhere})
        booking = book(sqlite_engine, board, keyring, LGI, early)
        asked = asyncio.run(clicks(rebooker(sqlite_engine, board), keyring, booking, n))
        lgi, sjuh = asyncio.run(board.get(LGI)), asyncio.run(board.get(SJUH))
    finally:
        asyncio.run(board.close())
    bookings = chain(sqlite_engine, booking)
    [confirmed] = [b for b in bookings if b.status is BookingStatus.CONFIRMED]  # never both, never neither
    assert len(bookings) <= 2 and Counter(asked)[Asked.MOVED] == len(bookings) - 1  # moved at most once
    if own_later + elsewhere == 0:
        assert confirmed.id == booking.id and set(asked) == {Asked.KEPT}
    else:
        assert confirmed.replaces_id == booking.id
    assert lgi is not None and sjuh is not None
    taken = Counter((b.service_id, b.window_start) for b in bookings if b.status is BookingStatus.CONFIRMED)
    assert [w.free for w in lgi.slots] == [1 - taken[(LGI, early)], own_later - taken[(LGI, later)]]  # no seat lost
    assert [w.free for w in sjuh.slots] == [elsewhere - taken[(SJUH, early)]]
    with Session(sqlite_engine) as session:
        held = session.exec(select(Hold).where(Hold.triage_id == booking.triage_id)).all()
        assert HoldStatus.ACTIVE not in {h.status for h in held}  # every losing click gave its hold back
        assert session.exec(select(Disruption).where(Disruption.booking_id == booking.id)).all() == []


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_clicks_on_two_workers_swap_once_or_keep_the_booking(
    tmp_path: Path, postgres_url: str, postgres_engine: Engine, redis_url: str, redis_prefix: str
) -> None:
    engine = postgres_engine
    lgi, handler = provider_headers(engine, LGI), bearer(staff_token(postgres_url, Role.CALL_HANDLER))
    admin = bearer(staff_token(postgres_url, Role.ADMIN))
    start, later = (datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=m) for m in (20, 40))
    env = {
        "DATABASE_URL": postgres_url,
        "REDIS_URL": redis_url,
        "ONE111_REDIS_PREFIX": redis_prefix,
        "ONE111_NOTIFY_DISPATCH_SECONDS": "0.2",
    }
    live = LiveServer(env, tmp_path, workers=2, measured=False).start(timeout=240)  # 2 workers, busy machine
    try:
        with httpx.Client(base_url=live.url, timeout=30) as client:
            report(client, lgi, [(start, 2)])  # two patients; no other window, nowhere else open
            kept = book_over_http(client, handler, LGI, start.isoformat(), "ada@example.org")
            moving = book_over_http(client, handler, LGI, start.isoformat(), "grace@example.org")
            tokens = {b["id"]: link_in(sent(client, admin, b["id"], "confirmed")) for b in (kept, moving)}
            kept_pages = asyncio.run(press(live.url, tokens[kept["id"]], kept["id"], 3))
            report(client, lgi, [(start, 0), (later, 1)])  # one seat later: only one of the clicks may take it
            moved_pages = asyncio.run(press(live.url, tokens[moving["id"]], moving["id"], 4))
            board = client.get(f"/v1/services/{LGI}/capacity", headers=handler).json()
    finally:
        live.stop()
    assert all("your booking stands" in page for page in kept_pages)
    assert sum("Your booking has changed" in page for page in moved_pages) == 1, moved_pages
    with Session(engine) as session:
        [still] = confirmed(session, kept["id"])
        [new] = confirmed(session, moving["id"])
        ours = {kept["id"], moving["id"], new.id}
        queued = session.exec(select(CallbackRequest).where(CallbackRequest.actor == "notify")).all()
        callbacks = [c for c in queued if c.detail.get("booking_id") in ours]
        assert session.exec(select(Disruption).where(col(Disruption.booking_id).in_(ours))).all() == []
    assert still.id == kept["id"] and callbacks == []
    assert (new.replaces_id, new.window_start) == (moving["id"], later)
    assert [w["free"] for w in board["slots"]] == [1, 0]  # the moved patient's old seat back, the later one theirs
    assert "ada@example.org" not in live.logs()


def report(client: httpx.Client, headers: dict[str, str], windows: list[tuple[datetime, int]]) -> None:
    slots = [{"start": start.isoformat(), "free": free} for start, free in windows]
    body = {"is_open": True, "slots": slots, "wait_minutes": 10, "opel": 2}
    answer = client.put(f"/v1/services/{LGI}/capacity", json=body, headers=headers)
    assert answer.status_code == 200, answer.text


async def press(url: str, token: str, shown: str, n: int) -> list[str]:
    """`n` presses of the button at once, as a patient's double (or triple) click sends them."""
    async with httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=True) as client:
        answers = await asyncio.gather(
            *(client.post(f"/my/{token}/another", data={"booking_id": shown}) for _ in range(n))
        )
    assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
    return [a.text for a in answers]
