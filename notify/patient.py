"""The patient's side, through the signed link in each message: see the booking (followed to where it moved),
cancel it, ask for another, and, once the visit's outcome is recorded, say how it went. No account: the link is
the capability, and every use of it is audited under the booking it names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
from notify.lifecycle import disposition_of, last_event
from notify.rebook import disrupt
from routing import booking as bk

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


def ask_for_another(engine: Engine, keyring: Keyring, token: str, now: datetime | None = None) -> Booking:
    """Record the patient's request as a disruption (cause `patient_asked`): the rebooker finds them another time at
    the same service or another place (notify/another.py), or a clinician calls them."""
    booking = changeable(engine, keyring, token, now)
    with session_scope(engine) as session:
        locked = session.get(Booking, booking.id, with_for_update=True)
        if locked is None or locked.status is not BookingStatus.CONFIRMED:
            raise InvalidTransition("This booking has just changed. Please reload the page.")
        disrupt(session, locked, "patient_asked", disposition_of(session, locked).urgency)
        return locked


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
