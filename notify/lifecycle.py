"""The provider's side of a booking: accepted or declined, arrived, seen or did not attend, and the outcome.

Each event is one transaction with its audit event; a decline (with its reason) also records a disruption, so
the patient is moved like any other booking a service cannot keep, and an outcome also writes the patient's
feedback invitation to the outbox. Events follow the visit's order: nothing after a decline, a did-not-attend or
an outcome; seen only after arrived; an outcome only once the patient arrived.
"""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.errors import NotYourService
from models.audit import record
from models.database import session_scope
from models.notify_tables import BookingEvent, LifecycleEvent, MessageKind, MessageState, OutboxMessage, Outcome
from models.tables import Booking, Service, TriageRecord
from models.types import utcnow
from models.vocabulary import BookingStatus, Disposition
from notify.disruption import disposition_for
from notify.errors import InvalidTransition, ReasonRequired
from notify.rebook import disrupt
from routing.errors import UnknownBooking

E = LifecycleEvent
ALLOWED_AFTER: dict[LifecycleEvent, frozenset[LifecycleEvent | None]] = {
    E.ACCEPTED: frozenset({None}),
    E.DECLINED: frozenset({None, E.ACCEPTED}),
    E.ARRIVED: frozenset({None, E.ACCEPTED}),
    E.DID_NOT_ATTEND: frozenset({None, E.ACCEPTED}),
    E.SEEN: frozenset({E.ARRIVED}),
    E.OUTCOME: frozenset({E.ARRIVED, E.SEEN}),
}


def check(last: LifecycleEvent | None, event: LifecycleEvent, reason: str | None, outcome: Outcome | None) -> None:
    """Raises InvalidTransition or ReasonRequired; pure."""
    if event is E.DECLINED and not (reason or "").strip():
        raise ReasonRequired("reason: say why the booking is declined; the patient is rebooked elsewhere.")
    if (event is E.OUTCOME) != (outcome is not None):
        raise ReasonRequired("outcome: give the outcome (discharged, admitted, referred) with the outcome event only.")
    if last not in ALLOWED_AFTER[event]:
        after = f"after {last.value}" if last else "before the patient arrived"
        raise InvalidTransition(f"A booking cannot be marked {event.value} {after}.")


def record_event(
    engine: Engine,
    provider_id: str,
    booking_id: str,
    event: LifecycleEvent,
    reason: str | None,
    outcome: Outcome | None,
    actor: str,
) -> BookingEvent:
    with session_scope(engine) as session:
        booking = session.get(Booking, booking_id, with_for_update=True)  # one event at a time per booking
        if booking is None:
            raise UnknownBooking(f"There is no booking {booking_id!r}.")
        _check_owner(session, booking, provider_id)
        if booking.status is not BookingStatus.CONFIRMED:
            raise InvalidTransition(f"Booking {booking_id!r} is {booking.status.value.lower()}.")
        check(last_event(session, booking_id), event, reason, outcome)
        row = BookingEvent(booking_id=booking_id, event=event, outcome=outcome, reason=reason, actor=actor)
        session.add(row)
        detail = {"event": event.value, "outcome": outcome.value if outcome else None}
        record(session, actor, "booking.status", ("booking", booking_id), detail, reason=reason)
        _follow_on(session, booking, event)
        session.flush()
        return row


def _follow_on(session: Session, booking: Booking, event: LifecycleEvent) -> None:
    if event is E.DECLINED:
        disrupt(session, booking, "declined", disposition_of(session, booking).urgency)
    elif event is E.OUTCOME:
        session.add(
            OutboxMessage(
                id=str(uuid.uuid4()),
                booking_id=booking.id,
                kind=MessageKind.FEEDBACK,
                state=MessageState.PENDING,
                next_attempt_at=utcnow(),
            )
        )


def disposition_of(session: Session, booking: Booking) -> Disposition:
    triage = session.get(TriageRecord, booking.triage_id) if booking.triage_id else None
    service = session.get(Service, booking.service_id)
    return triage.disposition if triage else disposition_for(service.type) if service else Disposition.ED


def _check_owner(session: Session, booking: Booking, provider_id: str) -> None:
    service = session.get(Service, booking.service_id)
    if service is None or service.provider_id != provider_id:
        raise NotYourService(f"Booking {booking.id!r} is not at one of provider {provider_id!r}'s services.")


def last_event(session: Session, booking_id: str) -> LifecycleEvent | None:
    query = (
        select(BookingEvent.event)
        .where(BookingEvent.booking_id == booking_id)
        .order_by(col(BookingEvent.id).desc())
        .limit(1)
    )
    found = session.exec(query).first()
    return LifecycleEvent(found) if found else None
