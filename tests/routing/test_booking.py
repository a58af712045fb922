"""Holds and bookings on real SQLite and the in-memory board: once, never twice, no slot lost, all audited."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from capacity.board import BoardState, Window
from capacity.memory_board import MemoryBoard
from models.tables import AuditEvent, Booking, Hold, TriageRecord
from models.types import utcnow
from models.vocabulary import Acuity, BookingStatus, Disposition, HoldStatus, Opel
from routing import booking as bk
from routing.errors import (
    AlreadyCancelled,
    HoldExpired,
    HoldNotActive,
    NeverBook,
    NoCapacity,
    OverrideNeedsReason,
    UnknownHold,
)
from tests.support.audit import sealed_report

SERVICE = "RR801-ED"  # Leeds General Infirmary
OTHER = "RR813-ED"  # St James's
WINDOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 23, 19, 55, tzinfo=UTC)


@pytest.fixture
def board() -> Iterator[MemoryBoard]:
    board = MemoryBoard(timedelta(hours=4))
    yield board
    asyncio.run(board.close())


def put(board: MemoryBoard, service_id: str, free: int, version: int = 1, start: datetime = WINDOW) -> None:
    state = BoardState(service_id, version, True, (Window(start, free),), 10, Opel.NORMAL, utcnow())
    asyncio.run(board.put(state))


def free(board: MemoryBoard, service_id: str = SERVICE, start: datetime = WINDOW) -> int:
    state = asyncio.run(board.get(service_id))
    assert state is not None
    return next(w.free for w in state.slots if w.start == start)


def hold(engine: Engine, board: MemoryBoard, actor: str = "a", now: datetime = T0, **kw: object) -> Hold:
    request = bk.HoldRequest(kw.pop("service_id", SERVICE), WINDOW, **kw)  # type: ignore[arg-type]
    return asyncio.run(bk.place_hold(engine, board, request, actor, 120, now, sweep_every_s=0))


def triage(engine: Engine, disposition: Disposition) -> str:
    with Session(engine) as session:
        row = TriageRecord(
            id=str(uuid.uuid4()),
            actor="test",
            disposition=disposition,
            acuity=Acuity.EMERGENCY,
            model_version="test",
        )
        session.add(row)
        session.commit()
        return row.id


def actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all())


def test_hold_then_confirm_books_once_and_audits(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 2)
    held = hold(sqlite_engine, board)
    assert held.status is HoldStatus.ACTIVE and held.seat == 0
    assert held.expires_at == T0 + timedelta(seconds=120)
    assert free(board) == 1
    booked = asyncio.run(bk.confirm(sqlite_engine, board, held.id, "a", T0 + timedelta(seconds=30)))
    assert booked.status is BookingStatus.CONFIRMED and booked.hold_id == held.id and len(booked.reference) == 8
    with pytest.raises(HoldNotActive):
        asyncio.run(bk.confirm(sqlite_engine, board, held.id, "a", T0 + timedelta(seconds=31)))
    assert free(board) == 1
    assert actions(sqlite_engine) == ["hold.placed", "booking.confirmed"]
    with Session(sqlite_engine) as session:
        assert sealed_report(sqlite_engine).intact
        assert session.get(Hold, held.id).status is HoldStatus.CONFIRMED  # type: ignore[union-attr]


def test_second_hold_takes_the_next_seat_and_a_full_window_refuses(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 2)
    seats = [hold(sqlite_engine, board).seat, hold(sqlite_engine, board).seat]
    assert seats == [0, 1] and free(board) == 0
    with pytest.raises(NoCapacity):
        hold(sqlite_engine, board)
    with pytest.raises(NoCapacity):
        hold(sqlite_engine, board, service_id=OTHER)  # no capacity report at all: unknown
    assert free(board) == 0


def test_a_hold_takes_the_lowest_seat_free_in_its_window_gaps_first(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 5)
    first, second, third = (hold(sqlite_engine, board) for _ in range(3))
    asyncio.run(bk.confirm(sqlite_engine, board, first.id, "a", T0))  # a booking keeps seat 0 taken
    asyncio.run(bk.release(sqlite_engine, board, second.id, "a"))  # seat 1 is free again, between taken seats
    assert [third.seat, hold(sqlite_engine, board).seat, hold(sqlite_engine, board).seat] == [2, 1, 3]


def test_an_expired_hold_gives_its_slot_back_and_cannot_be_confirmed(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 1)
    held = hold(sqlite_engine, board)
    assert free(board) == 0
    with pytest.raises(HoldExpired):
        asyncio.run(bk.confirm(sqlite_engine, board, held.id, "a", T0 + timedelta(seconds=121)))
    assert free(board) == 1
    with pytest.raises(HoldExpired):  # asking again does not give the slot back twice
        asyncio.run(bk.confirm(sqlite_engine, board, held.id, "a", T0 + timedelta(seconds=122)))
    assert free(board) == 1
    assert asyncio.run(bk.expire_due(sqlite_engine, board, T0 + timedelta(hours=1))) == 0
    assert free(board) == 1


def test_the_sweeper_expires_due_holds_exactly_once(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 3)
    first = hold(sqlite_engine, board)
    second = hold(sqlite_engine, board, now=T0 + timedelta(seconds=60))
    assert free(board) == 1
    assert asyncio.run(bk.expire_due(sqlite_engine, board, T0 + timedelta(seconds=150))) == 1
    assert free(board) == 2
    assert asyncio.run(bk.expire_due(sqlite_engine, board, T0 + timedelta(seconds=150))) == 0
    assert bk.hold_of(sqlite_engine, first.id).status is HoldStatus.EXPIRED
    later = T0 + timedelta(seconds=400)
    hold(sqlite_engine, board, now=later)
    hold(sqlite_engine, board, now=later)
    assert free(board) == 0 and bk.hold_of(sqlite_engine, second.id).status is HoldStatus.ACTIVE
    # The board is full, so the hold sweeps lazily: the second hold is long expired, its slot comes back and is taken.
    hold(sqlite_engine, board, now=later)
    assert free(board) == 0 and bk.hold_of(sqlite_engine, second.id).status is HoldStatus.EXPIRED


def test_cancel_releases_and_a_second_cancel_is_refused(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 1)
    booked = asyncio.run(bk.confirm(sqlite_engine, board, hold(sqlite_engine, board).id, "a", T0))
    assert free(board) == 0
    cancelled = asyncio.run(bk.cancel(sqlite_engine, board, booked.id, "a", "patient feels better"))
    assert cancelled.status is BookingStatus.CANCELLED and free(board) == 1
    with pytest.raises(AlreadyCancelled):
        asyncio.run(bk.cancel(sqlite_engine, board, booked.id, "a"))
    assert free(board) == 1
    # the freed seat can be booked again
    again = asyncio.run(bk.confirm(sqlite_engine, board, hold(sqlite_engine, board).id, "a", T0))
    assert again.seat == booked.seat


def test_someone_elses_hold_cannot_be_confirmed_or_released(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 1)
    held = hold(sqlite_engine, board, actor="alice")
    with pytest.raises(UnknownHold):
        asyncio.run(bk.confirm(sqlite_engine, board, held.id, "bob", T0))
    with pytest.raises(UnknownHold):
        asyncio.run(bk.release(sqlite_engine, board, held.id, "bob"))
    assert bk.hold_of(sqlite_engine, held.id).status is HoldStatus.ACTIVE
    asyncio.run(bk.release(sqlite_engine, board, held.id, "alice"))
    assert free(board) == 1
    with pytest.raises(HoldNotActive):
        asyncio.run(bk.release(sqlite_engine, board, held.id, "alice"))
    assert free(board) == 1


def test_rebook_moves_atomically_and_frees_the_old_slot(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 1)
    put(board, OTHER, 1)
    triage_id = triage(sqlite_engine, Disposition.ED)
    first = asyncio.run(bk.confirm(sqlite_engine, board, hold(sqlite_engine, board, triage_id=triage_id).id, "a", T0))
    new_hold = hold(sqlite_engine, board, service_id=OTHER)
    moved = asyncio.run(bk.rebook(sqlite_engine, board, first.id, new_hold.id, "a", T0))
    assert moved.service_id == OTHER and moved.replaces_id == first.id and moved.triage_id == triage_id
    assert bk.booking_of(sqlite_engine, first.id).status is BookingStatus.MOVED
    assert free(board, SERVICE) == 1 and free(board, OTHER) == 0
    with pytest.raises(AlreadyCancelled):
        asyncio.run(bk.cancel(sqlite_engine, board, first.id, "a"))
    assert "booking.moved" in actions(sqlite_engine)


def test_one_triage_is_booked_once(sqlite_engine: Engine, board: MemoryBoard) -> None:
    from routing.errors import DoubleBooking

    put(board, SERVICE, 3)
    triage_id = triage(sqlite_engine, Disposition.ED)
    asyncio.run(bk.confirm(sqlite_engine, board, hold(sqlite_engine, board, triage_id=triage_id).id, "a", T0))
    second = hold(sqlite_engine, board, triage_id=triage_id)
    with pytest.raises(DoubleBooking):
        asyncio.run(bk.confirm(sqlite_engine, board, second.id, "a", T0))
    assert bk.hold_of(sqlite_engine, second.id).status is HoldStatus.ACTIVE  # state unchanged; it will expire


def test_call_999_never_books_and_a_wrong_setting_needs_an_override(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 3)
    put(board, "Y05404-UTC", 3)
    with pytest.raises(NeverBook):
        hold(sqlite_engine, board, triage_id=triage(sqlite_engine, Disposition.CALL_999))
    ed_patient = triage(sqlite_engine, Disposition.ED)
    with pytest.raises(OverrideNeedsReason):
        hold(sqlite_engine, board, service_id="Y05404-UTC", triage_id=ed_patient)
    assert free(board, "Y05404-UTC") == 3
    hold(sqlite_engine, board, service_id="Y05404-UTC", triage_id=ed_patient, override_reason="ED on divert")
    with Session(sqlite_engine) as session:
        override = session.exec(select(AuditEvent).where(AuditEvent.action == "routing.override")).one()
        assert override.reason == "ED on divert"


def test_many_concurrent_clients_never_exceed_capacity(sqlite_engine: Engine, board: MemoryBoard) -> None:
    put(board, SERVICE, 5)

    async def client(n: int) -> str:
        try:
            held = await bk.place_hold(sqlite_engine, board, bk.HoldRequest(SERVICE, WINDOW), f"c{n}", 120, T0)
            await bk.confirm(sqlite_engine, board, held.id, f"c{n}", T0)
            return "booked"
        except NoCapacity:
            return "full"

    async def race() -> list[str]:
        return list(await asyncio.gather(*(client(n) for n in range(40))))

    outcomes = asyncio.run(race())
    assert outcomes.count("booked") == 5 and outcomes.count("full") == 35
    assert free(board) == 0
    with Session(sqlite_engine) as session:
        seats = session.exec(select(Booking.seat).where(Booking.status == BookingStatus.CONFIRMED)).all()
        assert sorted(seats) == [0, 1, 2, 3, 4]
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 10
        assert sealed_report(sqlite_engine).intact
