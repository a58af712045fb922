"""The provider feed follows the audit trail by seq: a booking whose transaction took a lower id but committed after
a higher one was already read is still delivered (an id cursor would have stepped past it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.audit import record
from models.audit_seal import seal_pending
from models.tables import AuditEvent, Booking, Hold
from models.vocabulary import BookingStatus, HoldStatus
from routing.feed import NewBooking, changes_after, latest_cursor
from tests.support.audit import KEY

pytestmark = [pytest.mark.postgres]
SERVICE = "RR813-ED"


def bookings_after(engine: Engine, cursor: int) -> list[NewBooking]:
    return [item for item in changes_after(engine, cursor) if isinstance(item, NewBooking)]


def book(session: Session, window: datetime) -> str:
    """What routing.booking's confirm writes in its one transaction: the event, the hold and the booking."""
    hold_id, booking_id = str(uuid.uuid4()), str(uuid.uuid4())
    record(session, "handler:feed", "booking.confirmed", ("booking", booking_id), {"hold_id": hold_id})
    expires = window + timedelta(minutes=2)
    session.add(Hold(id=hold_id, service_id=SERVICE, window_start=window, seat=0, status=HoldStatus.CONFIRMED,
                     actor="handler:feed", expires_at=expires))  # fmt: skip
    session.flush()
    session.add(Booking(id=booking_id, reference=booking_id[:8], hold_id=hold_id, service_id=SERVICE,
                        window_start=window, seat=0, status=BookingStatus.CONFIRMED, actor="handler:feed"))  # fmt: skip
    return booking_id


def test_a_booking_committed_out_of_id_order_is_not_skipped(postgres_engine: Engine) -> None:
    first_window = datetime(2031, 1, 1, tzinfo=UTC) + timedelta(minutes=10 * (uuid.uuid4().int % 500_000))
    seal_pending(postgres_engine, KEY)
    cursor = latest_cursor(postgres_engine)
    with Session(postgres_engine) as late:
        slow = book(late, first_window)
        late.flush()  # its event takes the lower id; its transaction stays open
        with Session(postgres_engine) as other:
            quick = book(other, first_window + timedelta(minutes=5))
            other.commit()
        seal_pending(postgres_engine, KEY)
        seen = [item for item in bookings_after(postgres_engine, cursor) if item.handover.booking.id in (slow, quick)]
        assert [item.handover.booking.id for item in seen] == [quick]
        late.commit()
    seal_pending(postgres_engine, KEY)
    assert slow in [item.handover.booking.id for item in bookings_after(postgres_engine, seen[-1].cursor)]
    slow_event, quick_event = (event_of(postgres_engine, booking_id) for booking_id in (slow, quick))
    assert slow_event.id < quick_event.id and slow_event.seq > quick_event.seq  # type: ignore[operator]


def event_of(engine: Engine, booking_id: str) -> AuditEvent:
    with Session(engine) as session:
        # The booking's own event: notify's outbox may add events about the same booking in the same transaction.
        mine = (AuditEvent.subject_id == booking_id) & (AuditEvent.action == "booking.confirmed")
        return session.exec(select(AuditEvent).where(mine)).one()
