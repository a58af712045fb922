"""What the database must say after a fault: count the bookings in the record, not the HTTP answers."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.tables import AuditEvent, Booking, Hold
from models.types import utcnow
from models.vocabulary import BookingStatus, HoldStatus
from tests.faults.storm import Tally
from tests.support.audit import sealed_report


def bookings_in(engine: Engine, services: list[str], start: datetime) -> list[Booking]:
    with Session(engine) as session:
        query = select(Booking).where(col(Booking.service_id).in_(services), Booking.window_start == start)
        return list(session.exec(query).all())


def holds_in(engine: Engine, services: list[str], start: datetime) -> list[Hold]:
    with Session(engine) as session:
        return list(
            session.exec(select(Hold).where(col(Hold.service_id).in_(services), Hold.window_start == start)).all()
        )


def check_nothing_lost_or_doubled(
    engine: Engine, tally: Tally, services: list[str], start: datetime, capacity: int
) -> list[Booking]:
    """Every booking a client was told about is in the record once, as the client last saw it; no service has
    more confirmed bookings than the provider offered; the audit chain is intact."""
    rows = {b.id: b for b in bookings_in(engine, services, start)}
    for booking_id in tally.booked:
        assert booking_id in rows, f"booking {booking_id} was confirmed to a client but is not in the database"
        want = {BookingStatus.CANCELLED} if booking_id in tally.cancelled else {BookingStatus.CONFIRMED}
        if booking_id in tally.unsure:
            want.add(BookingStatus.CANCELLED)
        assert rows[booking_id].status in want, f"booking {booking_id} is {rows[booking_id].status}, not {want}"
    confirmed = Counter(b.service_id for b in rows.values() if b.status is BookingStatus.CONFIRMED)
    assert all(n <= capacity for n in confirmed.values()), f"more bookings than capacity: {confirmed}"
    seats = Counter((b.service_id, b.seat) for b in rows.values() if b.status is BookingStatus.CONFIRMED)
    assert all(n == 1 for n in seats.values()), "two confirmed bookings share a seat"
    assert sealed_report(engine).intact, "the audit chain was broken"
    return list(rows.values())


def check_no_half_made_booking(engine: Engine, services: list[str], start: datetime) -> Counter[HoldStatus]:
    """Every hold is booked (with exactly one booking), released, expired, or active and due to expire;
    every booking has its confirmed hold and its audit event."""
    holds = holds_in(engine, services, start)
    bookings = bookings_in(engine, services, start)
    by_hold = Counter(b.hold_id for b in bookings)
    now = utcnow()
    for hold in holds:
        if hold.status is HoldStatus.CONFIRMED:
            assert by_hold[hold.id] == 1, f"confirmed hold {hold.id} has {by_hold[hold.id]} bookings"
        else:
            assert by_hold[hold.id] == 0, f"{hold.status} hold {hold.id} has a booking"
        if hold.status is HoldStatus.ACTIVE:
            assert hold.expires_at > now, f"hold {hold.id} is past its time but still active after the sweep"
    statuses = {h.id: h.status for h in holds}
    assert all(statuses.get(b.hold_id) is HoldStatus.CONFIRMED for b in bookings), "a booking without its hold"
    with Session(engine) as session:
        audited = set(
            session.exec(
                select(AuditEvent.subject_id).where(
                    AuditEvent.action == "booking.confirmed", col(AuditEvent.subject_id).in_([b.id for b in bookings])
                )
            ).all()
        )
    assert audited == {b.id for b in bookings}, "a booking without its audit event"
    return Counter(h.status for h in holds)


def board_free(base_url: str, headers: dict[str, str], service_id: str, start: datetime) -> int | None:
    entry = httpx.get(f"{base_url}/v1/services/{service_id}/capacity", headers=headers, timeout=5).json()
    wanted = start.strftime("%Y-%m-%dT%H:%M")
    return next((s["free"] for s in entry.get("slots", []) if s["start"].startswith(wanted)), None)


def record_free(engine: Engine, service_id: str, start: datetime, capacity: int) -> int:
    """What the record says is free: the provider's offer less active holds and confirmed bookings."""
    holds = holds_in(engine, [service_id], start)
    bookings = bookings_in(engine, [service_id], start)
    taken = sum(h.status is HoldStatus.ACTIVE for h in holds)
    taken += sum(b.status is BookingStatus.CONFIRMED for b in bookings)
    return capacity - taken
