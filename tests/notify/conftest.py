"""Shared pieces for notify's tests: a keyring, the in-memory board and a booking made the way routing makes one."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.board import BoardState, Window
from capacity.memory_board import MemoryBoard
from models.crypto import Keyring, new_key_line, parse
from models.notify_tables import OutboxMessage
from models.tables import Booking, TriageRecord
from models.types import utcnow
from models.vocabulary import Acuity, Disposition, Opel
from notify import outbox
from notify.contacts import Contact, remember
from notify.rebook import Rebooker
from routing import booking as bk
from routing.spatial import SiteIndex
from tests.support import sites

PATIENT = Contact("pat@example.org", None, True)


@pytest.fixture(scope="session", autouse=True)
def booking_changes_write_messages() -> None:
    outbox.install()  # as every worker does at start-up


@pytest.fixture
def keyring() -> Keyring:
    return parse(f"{new_key_line('k1')}\n{new_key_line('lookup')}")


@pytest.fixture
def board() -> Iterator[MemoryBoard]:
    board = MemoryBoard(timedelta(hours=4))
    yield board
    asyncio.run(board.close())


def rebooker(engine: Engine, board: MemoryBoard) -> Rebooker:
    """A worker's rebooker, with the directory's index read once per state of the directory (tests/support/sites.py),
    not once per rebooker: every test's database is a copy of one loaded directory, and reading its 26,504 services
    cost ~2 s of CPU each time."""
    index = sites.load_index(engine)

    async def current() -> SiteIndex:
        return index

    return Rebooker(engine, board, current)


def soon(minutes: int = 30) -> datetime:
    return (utcnow() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def put(board: MemoryBoard, service_id: str, windows: dict[datetime, int], is_open: bool = True) -> None:
    slots = tuple(Window(start, free) for start, free in sorted(windows.items()))
    asyncio.run(board.put(BoardState(service_id, 1, is_open, slots, 10, Opel.NORMAL, utcnow())))


def triage(engine: Engine, disposition: Disposition = Disposition.ED) -> str:
    with Session(engine) as session:
        row = TriageRecord(
            id=str(uuid.uuid4()), actor="test", disposition=disposition, acuity=Acuity.EMERGENCY, model_version="t"
        )
        session.add(row)
        session.commit()
        return row.id


def book(
    engine: Engine,
    board: MemoryBoard,
    keyring: Keyring,
    service_id: str,
    start: datetime,
    contact: Contact | None = PATIENT,
    actor: str = "handler",
    disposition: Disposition = Disposition.ED,
) -> Booking:
    request = bk.HoldRequest(service_id, start, triage(engine, disposition))
    hold = asyncio.run(bk.place_hold(engine, board, request, actor, 120))
    if contact is not None:
        remember(engine, keyring, hold.id, actor, contact)
    return asyncio.run(bk.confirm(engine, board, hold.id, actor))


def messages(engine: Engine, booking_id: str | None = None) -> list[OutboxMessage]:
    with Session(engine) as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.created_at))
        if booking_id is not None:
            query = query.where(OutboxMessage.booking_id == booking_id)
        return list(session.exec(query).all())
