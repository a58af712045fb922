"""The patient's side, through the signed link in each message: see the booking (followed to where it moved),
cancel it, ask for another, and, once the visit's outcome is recorded, say how it went. No account: the link is
the capability, and every use of it is audited under the booking it names.

Asking for another time is a swap, never a disruption: the patient's booking is good, so it is given up only in
the transaction that confirms the new one, and when nothing else can see them in time it stands (no callback)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from capacity.board import Board
from models.audit import record
from models.crypto import Keyring
from models.database import blocking, session_scope
from models.notify_tables import Feedback, LifecycleEvent
from models.tables import Booking, Service
from models.types import utcnow
from models.vocabulary import BookingStatus
from notify import links
from notify.errors import FeedbackClosed, InvalidTransition, UnknownBookingLink
from notify.lifecycle import last_event
from notify.rebook import Rebooker
from routing import booking as bk
from routing.errors import AlreadyCancelled

MAX_FOLLOW = 20


@dataclass(frozen=True, slots=True)
class PatientView:
    booking_id: str  # the booking as it is now (the link may name one it moved from)
    reference: str
    status: BookingStatus
    service_name: str
    address: str
    postcode: str
    phone: str | None
    window_start: datetime
    last_event: LifecycleEvent | None
    feedback_open: bool
    feedback_given: bool

    @property
    def can_change(self) -> bool:
        return self.status is BookingStatus.CONFIRMED and self.last_event is None


def actor_of(link_booking_id: str) -> str:
    return f"patient-link:{link_booking_id}"[:64]


def current(session: Session, booking_id: str) -> Booking:
    """The booking a link names, followed forward through every move."""
    booking = session.get(Booking, booking_id)
    for _ in range(MAX_FOLLOW):
        if booking is None or booking.status is not BookingStatus.MOVED:
            break
        booking = session.exec(select(Booking).where(Booking.replaces_id == booking.id)).first()
    if booking is None:
        raise UnknownBookingLink("This booking can no longer be found. Call 111 if you need help.")
    return booking


def view(engine: Engine, keyring: Keyring, token: str, now: datetime | None = None) -> PatientView:
    """What the patient sees; the read is audited."""
    linked = links.booking_of(keyring, token, now or utcnow())
    with session_scope(engine) as session:
        booking = current(session, linked)
        record(session, actor_of(linked), "booking.viewed", ("booking", booking.id), {"via": "patient link"})
        return _view(session, booking)


def _view(session: Session, booking: Booking) -> PatientView:
    service = session.get(Service, booking.service_id)
    assert service is not None
    last = last_event(session, booking.id)
    given = session.get(Feedback, booking.id) is not None
    return PatientView(
        booking.id,
        booking.reference,
        booking.status,
        service.name,
        service.address,
        service.postcode,
        service.phone,
        booking.window_start,
        last,
        last is LifecycleEvent.OUTCOME and not given,
        given,
    )


def changeable(engine: Engine, keyring: Keyring, token: str, now: datetime | None = None) -> Booking:
    """The current booking, if the patient may still cancel or change it (confirmed, and not yet attended)."""
    linked = links.booking_of(keyring, token, now or utcnow())
    with session_scope(engine) as session:
        booking = current(session, linked)
        if booking.status is not BookingStatus.CONFIRMED or last_event(session, booking.id) is not None:
            raise InvalidTransition("This booking can no longer be changed online. Call 111 if you need help.")
        return booking


class Asked(StrEnum):
    """What became of the patient's request for another time."""

    MOVED = "moved"  # the new booking is confirmed and the old one given up, together
    KEPT = "kept"  # nothing else could see them in time: their booking stands, unchanged
    ALREADY = "already"  # the booking had changed since the page showed it (a second click): nothing more


async def ask_for_another(rebooker: Rebooker, keyring: Keyring, token: str, shown: str | None) -> Asked:
    """Swap the booking the page showed (`shown`) for the best other time or place, or keep it. A request about a
    booking that has since changed moves nothing, so two clicks move the patient once."""
    linked = links.booking_of(keyring, token, utcnow())
    booking = await blocking(changeable, rebooker.engine, keyring, token)
    if booking.id != shown:
        return Asked.ALREADY
    try:
        new = await rebooker.swap(booking.id, actor_of(linked))
    except AlreadyCancelled:  # the other click (or a disruption's move, or a cancellation) won
        return Asked.ALREADY
    if new is not None:
        return Asked.MOVED
    kept = await blocking(_kept, rebooker.engine, booking.id, actor_of(linked))
    return Asked.KEPT if kept else Asked.ALREADY


def _kept(engine: Engine, booking_id: str, actor: str) -> bool:
    """Audit that the booking stands, if it still does (another click may have found a seat this one did not)."""
    with session_scope(engine) as session:
        booking = session.get(Booking, booking_id, with_for_update=True)
        if booking is None or booking.status is not BookingStatus.CONFIRMED:
            return False
        record(session, actor, "booking.kept", ("booking", booking_id), {"why": "no other time or place in time"})
        return True


def give_feedback(
    engine: Engine,
    keyring: Keyring,
    token: str,
    fft: int,
    got_care_needed: bool | None,
    repeated_story: bool | None,
    comment: str | None,
    now: datetime | None = None,
) -> Feedback:
    """Store the patient's answers once, after the outcome; the free text is sealed."""
    linked = links.booking_of(keyring, token, now or utcnow())
    with session_scope(engine) as session:
        booking = current(session, linked)
        if last_event(session, booking.id) is not LifecycleEvent.OUTCOME:
            raise FeedbackClosed("We ask how it went once your visit is over.")
        if session.get(Feedback, booking.id, with_for_update=True) is not None:
            raise FeedbackClosed("Thank you: you have already told us how it went.")
        text = (comment or "").strip()
        row = Feedback(
            booking_id=booking.id,
            fft=fft,
            got_care_needed=got_care_needed,
            repeated_story=repeated_story,
            comment=keyring.seal(text, "notify.feedback") if text else None,
        )
        session.add(row)
        record(session, actor_of(linked), "feedback.given", ("booking", booking.id), {"fft": fft})
        session.flush()
        return row


async def cancel(engine: Engine, board: Board, keyring: Keyring, token: str) -> Booking:
    """The patient cancels: routing gives the slot back and the outbox tells them it is done."""
    booking = await blocking(changeable, engine, keyring, token)
    actor = actor_of(links.booking_of(keyring, token, utcnow()))
    return await bk.cancel(engine, board, booking.id, actor, reason="cancelled by the patient through their link")
