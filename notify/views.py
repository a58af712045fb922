"""What staff see of notify: the outbox with each message's delivery state (admins; reading a message's words or
address is a read of patient data, so it is audited), and the disrupted bookings that need a handler's action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.audit import record
from models.crypto import Keyring
from models.database import session_scope
from models.notify_tables import Disruption, DisruptionState, MessageKind, MessageState, OutboxMessage
from models.tables import Booking, Service
from models.types import utcnow
from notify.errors import InvalidTransition, UnknownDisruption


@dataclass(frozen=True, slots=True)
class Sent:
    id: str
    booking_id: str
    kind: MessageKind
    state: MessageState
    channel: str | None
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
    recipient: str | None
    body: str | None


def outbox(
    engine: Engine, keyring: Keyring, actor: str, state: MessageState | None, booking_id: str | None, limit: int
) -> list[Sent]:
    """The newest messages first, opened for the admin who asked; the read is audited."""
    with session_scope(engine) as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.created_at).desc()).limit(limit)
        if state is not None:
            query = query.where(OutboxMessage.state == state)
        if booking_id is not None:
            query = query.where(OutboxMessage.booking_id == booking_id)
        rows = session.exec(query).all()
        detail = {"count": len(rows), "state": state.value if state else None, "booking_id": booking_id}
        record(session, actor, "notifications.read", ("outbox", booking_id or "*"), detail)
        return [_sent(keyring, row) for row in rows]


def _sent(keyring: Keyring, row: OutboxMessage) -> Sent:
    return Sent(
        row.id,
        row.booking_id,
        row.kind,
        row.state,
        row.channel,
        row.attempts,
        row.created_at,
        row.next_attempt_at,
        row.sent_at,
        row.last_error,
        keyring.open(row.recipient, "notify.recipient") if row.recipient else None,
        keyring.open(row.body, "notify.body") if row.body else None,
    )


@dataclass(frozen=True, slots=True)
class NeedsAction:
    disruption_id: str
    booking_id: str
    reference: str
    service_id: str
    window_start: datetime
    cause: str
    state: DisruptionState
    urgency: int
    new_booking_id: str | None
    new_service_id: str | None
    new_service_name: str | None
    new_window_start: datetime | None
    callback_id: str | None
    message_state: MessageState | None  # how the patient's message about it went
    created_at: datetime


def needs_action(session: Session, flag: bool, limit: int) -> list[NeedsAction]:
    """Disrupted bookings (needing action, or dealt with), most urgent and oldest first."""
    query = (
        select(Disruption)
        .where(Disruption.needs_action == flag)
        .order_by(col(Disruption.urgency).desc(), col(Disruption.created_at))
        .limit(limit)
    )
    return [_view(session, d) for d in session.exec(query).all()]


def _view(session: Session, d: Disruption) -> NeedsAction:
    old = session.get(Booking, d.booking_id)
    new = session.get(Booking, d.new_booking_id) if d.new_booking_id else None
    told = new.id if new is not None else d.booking_id
    kinds = (MessageKind.REBOOKED, MessageKind.CANCELLED)
    message = session.exec(
        select(OutboxMessage.state).where(OutboxMessage.booking_id == told, col(OutboxMessage.kind).in_(kinds))
    ).first()
    assert old is not None
    return NeedsAction(
        d.id,
        d.booking_id,
        old.reference,
        d.service_id,
        old.window_start,
        d.cause,
        d.state,
        d.urgency,
        d.new_booking_id,
        new.service_id if new else None,
        _name(session, new.service_id) if new else None,
        new.window_start if new else None,
        d.callback_id,
        MessageState(message) if message else None,
        d.created_at,
    )


def _name(session: Session, service_id: str) -> str | None:
    service = session.get(Service, service_id)
    return service.name if service else None


def mark_done(engine: Engine, disruption_id: str, actor: str, note: str | None) -> NeedsAction:
    """A handler has dealt with a disrupted booking (checked the move, or the patient was called)."""
    with session_scope(engine) as session:
        d = session.get(Disruption, disruption_id, with_for_update=True)
        if d is None:
            raise UnknownDisruption(f"There is no disrupted booking {disruption_id!r}.")
        if d.state is DisruptionState.PENDING:
            raise InvalidTransition("This booking is still being moved; try again in a moment.")
        d.needs_action, d.resolved_at = False, d.resolved_at or utcnow()
        session.add(d)
        record(session, actor, "disruption.actioned", ("booking", d.booking_id), {"disruption_id": d.id}, reason=note)
        session.flush()
        return _view(session, d)
