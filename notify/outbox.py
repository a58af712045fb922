"""The transactional outbox: a message to the patient is written by the same transaction as the booking change it
reports, so a change is never made without its message and a message never tells of a change that rolled back.

Rows are written by SQLAlchemy mapper events on `Booking`, on the flushing connection: every path that confirms,
moves or cancels a booking (routing.booking, and anything built on it) gets its message without knowing notify
exists, so routing keeps its layer and no caller can forget. A new booking writes `confirmed` (and a `reminder`
due before its time, when that is far enough off), or `rebooked` / `changed` when it replaces another; a booking
cancelled writes `cancelled`. A booking marked moved writes nothing: the new booking's message tells the patient.

Dispatchers on every worker claim due rows (PostgreSQL: FOR UPDATE SKIP LOCKED, so workers never wait on each
other; both: a lease in `claimed_until`, so a row is handled by one worker at a time and taken over if its worker
died), send, and record the result.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, insert, inspect, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from models.database import session_scope
from models.notify_tables import Disruption, MessageKind, MessageState, OutboxMessage
from models.tables import Booking
from models.types import utcnow
from models.vocabulary import BookingStatus

REMINDER_BEFORE = timedelta(hours=2)
REMINDER_IF_AFTER = timedelta(hours=4)  # a booking sooner than this has just been confirmed: no reminder


def install() -> None:
    """Listen for booking changes (once per process; idempotent)."""
    for name, listener in (("after_insert", _inserted), ("after_update", _updated)):
        if not event.contains(Booking, name, listener):
            event.listen(Booking, name, listener)


def _inserted(_mapper: Any, connection: Connection, booking: Booking) -> None:
    if booking.status is not BookingStatus.CONFIRMED:
        return
    now = utcnow()
    if booking.replaces_id is not None:
        kind = MessageKind.REBOOKED if _disrupted(connection, booking.replaces_id) else MessageKind.CHANGED
        rows = [_row(booking.id, kind, now)]
    else:
        rows = [_row(booking.id, MessageKind.CONFIRMED, now)]
        if booking.window_start - now >= REMINDER_IF_AFTER:
            rows.append(_row(booking.id, MessageKind.REMINDER, booking.window_start - REMINDER_BEFORE))
    connection.execute(insert(OutboxMessage).values(rows))


def _updated(_mapper: Any, connection: Connection, booking: Booking) -> None:
    history = inspect(booking).attrs.status.history
    if history.added and history.added[0] is BookingStatus.CANCELLED and BookingStatus.CONFIRMED in history.deleted:
        connection.execute(insert(OutboxMessage).values([_row(booking.id, MessageKind.CANCELLED, utcnow())]))


def _disrupted(connection: Connection, booking_id: str) -> bool:
    query = select(col(Disruption.id)).where(col(Disruption.booking_id) == booking_id)
    return connection.execute(query).first() is not None


def _row(booking_id: str, kind: MessageKind, due: datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "booking_id": booking_id,
        "kind": kind,
        "state": MessageState.PENDING,
        "created_at": utcnow(),
        "next_attempt_at": due,
        "attempts": 0,
    }


def claim_due(engine: Engine, now: datetime, lease: timedelta, limit: int = 20) -> list[str]:
    """Take up to `limit` due messages for `lease`; no other worker takes them until it runs out."""
    with session_scope(engine) as session:
        query = (
            select(col(OutboxMessage.id))
            .where(
                col(OutboxMessage.state) == MessageState.PENDING,
                col(OutboxMessage.next_attempt_at) <= now,
                or_(col(OutboxMessage.claimed_until).is_(None), col(OutboxMessage.claimed_until) < now),
            )
            .order_by(col(OutboxMessage.next_attempt_at))
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list(session.execute(query).scalars())
        if ids:
            session.execute(
                update(OutboxMessage).where(col(OutboxMessage.id).in_(ids)).values(claimed_until=now + lease)
            )
        return ids


def finish(session: Session, message_id: str, values: dict[str, Any]) -> bool:
    """Record a result, if the message is still pending (so a row taken over after a lapsed lease is recorded
    once); whether this call recorded it."""
    changed = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.state) == MessageState.PENDING)
        .values(claimed_until=None, **values)
        # No OutboxMessage is loaded in a recording session: skip the ORM's search of it for rows to update
        # (a third of this statement's CPU).
        .execution_options(synchronize_session=False)
    )
    return bool(changed.rowcount)  # type: ignore[attr-defined]
