"""Issue 14 item 1: moving a booking meets the same clinical rule as a first booking. An ED-triaged booking cannot
be moved onto a pharmacy hold made without a triage unless the rebook gives a reason, audited as `routing.override`."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.board import BoardState, Window
from capacity.memory_board import MemoryBoard
from models.tables import AuditEvent, TriageRecord
from models.types import utcnow
from models.vocabulary import Acuity, BookingStatus, Disposition, HoldStatus, Opel
from routing import booking as bk
from routing.errors import OverrideNeedsReason

ED = "RR801-ED"  # Leeds General Infirmary
OTHER_ED = "RR813-ED"  # St James's
PHARMACY = "FDN73-PHA"  # Superdrug, Kirkgate, Leeds


def _a_monday_evening_next_year() -> datetime:
    """19:55 UTC on a Monday a year from now. The clock these tests pass must be in the future: their PostgreSQL
    database is the session's, which the live server of tests/hardening/conftest.py also sweeps on the real clock
    every 5 s, and it expired holds made at a fixed clock gone by (2026-11-23) between their placing and their use."""
    day = (utcnow() + timedelta(days=365)).date()
    return datetime.combine(day - timedelta(days=day.weekday()), time(19, 55), tzinfo=UTC)


T0 = _a_monday_evening_next_year()


@pytest.fixture
def board() -> Iterator[MemoryBoard]:
    board = MemoryBoard(timedelta(hours=4))
    yield board
    asyncio.run(board.close())


def window() -> datetime:
    """A window of this test's own, so tests sharing a PostgreSQL database never share seats."""
    return T0 + timedelta(minutes=5 + uuid.uuid4().int % 100_000)


def put(board: MemoryBoard, service_id: str, start: datetime, free: int = 1) -> None:
    state = BoardState(service_id, 1, True, (Window(start, free),), 10, Opel.NORMAL, utcnow())
    asyncio.run(board.put(state))


def free(board: MemoryBoard, service_id: str) -> int:
    state = asyncio.run(board.get(service_id))
    assert state is not None
    return sum(w.free for w in state.slots)


def triage(engine: Engine, disposition: Disposition) -> str:
    with Session(engine) as session:
        row = TriageRecord(
            id=str(uuid.uuid4()), actor="test", disposition=disposition, acuity=Acuity.EMERGENCY, model_version="t"
        )
        session.add(row)
        session.commit()
        return row.id


def hold(engine: Engine, board: MemoryBoard, service_id: str, start: datetime, triage_id: str | None = None) -> str:
    request = bk.HoldRequest(service_id, start, triage_id)
    return asyncio.run(bk.place_hold(engine, board, request, "handler", 120, T0, sweep_every_s=0)).id


def overrides(engine: Engine, booking_id: str) -> list[str | None]:
    with Session(engine) as session:
        query = select(AuditEvent.reason).where(
            AuditEvent.action == "routing.override", AuditEvent.subject_id == booking_id
        )
        return list(session.exec(query.order_by(col(AuditEvent.id))).all())


def booked_ed_patient(engine: Engine, board: MemoryBoard, start: datetime) -> str:
    put(board, ED, start)
    ed_patient = triage(engine, Disposition.ED)
    held = hold(engine, board, ED, start, ed_patient)
    return asyncio.run(bk.confirm(engine, board, held, "handler", T0)).id


def test_an_ed_booking_is_not_moved_to_a_pharmacy_without_a_reason(engine: Engine, board: MemoryBoard) -> None:
    start = window()
    booking = booked_ed_patient(engine, board, start)
    put(board, PHARMACY, start)
    pharmacy_hold = hold(engine, board, PHARMACY, start)  # made without a triage: nothing checked it
    with pytest.raises(OverrideNeedsReason, match=r"PHARMACY.*ED"):
        asyncio.run(bk.rebook(engine, board, booking, pharmacy_hold, "handler", T0))
    assert bk.booking_of(engine, booking).status is BookingStatus.CONFIRMED  # nothing moved
    assert bk.hold_of(engine, pharmacy_hold).status is HoldStatus.ACTIVE
    assert free(board, ED) == 0 and free(board, PHARMACY) == 0


def test_a_reason_moves_it_and_is_audited_on_the_new_booking(engine: Engine, board: MemoryBoard) -> None:
    start = window()
    booking = booked_ed_patient(engine, board, start)
    put(board, PHARMACY, start)
    pharmacy_hold = hold(engine, board, PHARMACY, start)
    reason = "  patient refuses A&E; clinician agreed pharmacy first  "
    moved = asyncio.run(bk.rebook(engine, board, booking, pharmacy_hold, "handler", T0, override_reason=reason))
    assert moved.service_id == PHARMACY and moved.replaces_id == booking
    assert overrides(engine, moved.id) == [reason.strip()]
    assert free(board, ED) == 1  # the old slot went back


def test_a_setting_that_meets_the_need_moves_without_a_reason(engine: Engine, board: MemoryBoard) -> None:
    start = window()
    booking = booked_ed_patient(engine, board, start)
    put(board, OTHER_ED, start)
    moved = asyncio.run(bk.rebook(engine, board, booking, hold(engine, board, OTHER_ED, start), "handler", T0))
    assert moved.service_id == OTHER_ED and overrides(engine, moved.id) == []


def test_a_hold_for_another_triage_is_checked_against_the_booking_s_triage(engine: Engine, board: MemoryBoard) -> None:
    """The new booking carries the old booking's triage, so a hold checked for some other (minor) triage does not
    stand in for the ED patient's check."""
    start = window()
    booking = booked_ed_patient(engine, board, start)
    put(board, PHARMACY, start)
    minor = triage(engine, Disposition.PHARMACY)
    with pytest.raises(OverrideNeedsReason):
        asyncio.run(bk.rebook(engine, board, booking, hold(engine, board, PHARMACY, start, minor), "handler", T0))
    assert bk.booking_of(engine, booking).status is BookingStatus.CONFIRMED
