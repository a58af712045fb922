"""Claiming an item: a lease one clinician holds, renewed by each thing they do, lapsing if they go quiet.

A claim is one conditional UPDATE (the item is not closed and is free, lapsed, or already the caller's), so
two clinicians racing for one item can never both hold it: the database lets exactly one UPDATE match, on
PostgreSQL by the row lock it takes and re-checks, on SQLite by its single writer. The same conditional update
guards every outcome: `hold` renews the caller's lease in the caller's transaction or refuses, changing nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, update
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import Session, col

from clinical.errors import CallbackClosed, HeldByAnother, NotHolder, UnknownCallback
from models.audit import record
from models.database import session_scope
from models.routing_tables import CallbackRequest, CallbackStatus
from models.types import utcnow


def claim(
    engine: Engine, callback_id: str, clinician: str, lease: timedelta, now: datetime | None = None
) -> CallbackRequest:
    """Take the item (or renew one's own lease on it). Raises HeldByAnother, CallbackClosed or UnknownCallback."""
    now = now or utcnow()
    with session_scope(engine) as session:
        free = or_(
            col(CallbackRequest.claimed_by).is_(None),
            col(CallbackRequest.claimed_by) == clinician,
            col(CallbackRequest.lease_until) < now,
        )
        values = {"claimed_by": clinician, "lease_until": now + lease, "status": CallbackStatus.CLAIMED}
        if not _update(session, callback_id, values, free):
            raise _refusal(session, callback_id, clinician, now)
        row = _load(session, callback_id)
        record(session, clinician, "callback.claimed", ("callback", callback_id), {"lease_until": str(row.lease_until)})
        return row


def release(engine: Engine, callback_id: str, clinician: str, now: datetime | None = None) -> CallbackRequest:
    """Put one's item back in the queue for anyone to claim."""
    now = now or utcnow()
    with session_scope(engine) as session:
        row = hold(session, callback_id, clinician, timedelta(0), now)
        row.claimed_by, row.lease_until, row.status = None, None, CallbackStatus.OPEN
        session.add(row)
        record(session, clinician, "callback.released", ("callback", callback_id))
        return row


def hold(session: Session, callback_id: str, clinician: str, lease: timedelta, now: datetime) -> CallbackRequest:
    """Renew the caller's live lease in the caller's transaction, or refuse with NotHolder and change nothing."""
    mine = and_(col(CallbackRequest.claimed_by) == clinician, col(CallbackRequest.lease_until) >= now)
    if not _update(session, callback_id, {"lease_until": now + lease}, mine):
        refusal = _refusal(session, callback_id, clinician, now)
        if isinstance(refusal, HeldByAnother | NotHolder):
            raise NotHolder(f"You do not hold this callback: claim it first. {refusal.detail}".strip())
        raise refusal
    return _load(session, callback_id)


def close(session: Session, row: CallbackRequest, clinician: str, outcome: str, now: datetime) -> None:
    """Close a held item with its outcome, in the caller's transaction."""
    row.status, row.outcome, row.closed_at, row.closed_by = CallbackStatus.CLOSED, outcome, now, clinician
    row.claimed_by, row.lease_until, row.next_attempt_at = None, None, None
    session.add(row)
    record(session, clinician, "callback.closed", ("callback", row.id), {"outcome": outcome, "band": row.band})


def _update(session: Session, callback_id: str, values: dict[str, object], condition: ColumnElement[bool]) -> bool:
    statement = (
        update(CallbackRequest)
        .where(col(CallbackRequest.id) == callback_id, col(CallbackRequest.status) != CallbackStatus.CLOSED)
        .where(condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    result: CursorResult[object] = session.execute(statement)  # type: ignore[assignment]
    return result.rowcount == 1


def _load(session: Session, callback_id: str) -> CallbackRequest:
    row = session.get(CallbackRequest, callback_id, populate_existing=True)
    if row is None:
        raise UnknownCallback(callback_id)
    return row


def _refusal(session: Session, callback_id: str, clinician: str, now: datetime) -> Exception:
    row = _load(session, callback_id)
    if row.status is CallbackStatus.CLOSED:
        return CallbackClosed(f"This callback was closed ({row.outcome}) by {row.closed_by}.")
    if row.claimed_by and row.claimed_by != clinician and row.lease_until and row.lease_until >= now:
        return HeldByAnother(f"{row.claimed_by} holds this callback until {row.lease_until:%H:%M:%S} UTC.")
    return NotHolder("Your claim on this callback lapsed or was released.")
