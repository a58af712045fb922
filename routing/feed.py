"""New confirmed bookings, read from the audit trail in order, for pushing to the providers that receive them.

The audit trail is the cursor, by seq, not id: ids can commit out of order (id 10 before id 9), but seqs are
given by the sealer, one batch per transaction, in order, so what a reader sees is always a gap-free prefix and a
reader that remembers the last seq it saw never skips a booking, on any worker or host. A booking reaches the feed
once sealed: about a second (ONE111_AUDIT_SEAL_SECONDS) after it commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.tables import AuditEvent, Booking, Service, TriageRecord
from routing.handover import Handover

CONFIRMED = "booking.confirmed"
WITHDRAWN = ("booking.cancelled", "booking.moved")  # the patient no longer comes: the provider is told


@dataclass(frozen=True, slots=True)
class NewBooking:
    cursor: int
    provider_id: str
    handover: Handover


def latest_cursor(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.max(AuditEvent.seq))).one() or 0


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """A booking the provider had that is no longer coming: cancelled, or moved elsewhere (status says which)."""

    cursor: int
    provider_id: str
    booking: Booking
    reason: str | None


def changes_after(engine: Engine, cursor: int, limit: int = 200) -> list[NewBooking | Withdrawn]:
    """New bookings and withdrawn ones after `cursor`, in the order they happened."""
    query = (
        select(AuditEvent.seq, AuditEvent.action, AuditEvent.subject_id, AuditEvent.reason)
        .where(col(AuditEvent.seq) > cursor, col(AuditEvent.action).in_((CONFIRMED, *WITHDRAWN)))
        .order_by(col(AuditEvent.seq))
        .limit(limit)
    )
    with Session(engine) as session:
        found = (
            _new(session, seq, booking_id) if action == CONFIRMED else _withdrawn(session, seq, booking_id, reason)
            for seq, action, booking_id, reason in session.exec(query)
        )
        return [item for item in found if item is not None]


def _withdrawn(session: Session, seq: int | None, booking_id: str, reason: str | None) -> Withdrawn | None:
    booking = session.get(Booking, booking_id)
    service = session.get(Service, booking.service_id) if booking else None
    if booking is None or service is None:
        return None
    return Withdrawn(seq or 0, service.provider_id, booking, reason)


def _new(session: Session, seq: int | None, booking_id: str) -> NewBooking | None:
    booking = session.get(Booking, booking_id)
    service = session.get(Service, booking.service_id) if booking else None
    if booking is None or service is None:
        return None
    triage = session.get(TriageRecord, booking.triage_id) if booking.triage_id else None
    return NewBooking(seq or 0, service.provider_id, Handover(booking, triage, service.booking_mode))
