"""Recording a call to a queued patient: every attempt is kept; a failure schedules a retry or, after the last,
takes the band's failed-contact action (clinical/contact.py); an answer starts the time-to-callback clock's end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from clinical.claims import close, hold
from clinical.contact import CallResult, GiveUp, Retry, after_failure
from clinical.queue import NOTE_CONTEXT
from models.audit import record
from models.crypto import Keyring
from models.database import session_scope
from models.routing_tables import CallbackAttempt, CallbackRequest
from models.types import utcnow
from routing.callbacks import Band
from routing.idempotency import Once, claim, keep


@dataclass(frozen=True, slots=True)
class Attempted:
    item: CallbackRequest
    attempt: CallbackAttempt
    next: Retry | GiveUp | None  # None when the patient answered


def attempt(
    engine: Engine,
    keyring: Keyring,
    callback_id: str,
    clinician: str,
    result: CallResult,
    note: str | None,
    lease: timedelta,
    now: datetime | None = None,
    once: Once[Attempted] | None = None,
) -> Attempted:
    """Record one call on an item the clinician holds (NotHolder otherwise, nothing written); a repeat of the
    request's Idempotency-Key answers the first result instead of recording a second call."""
    now = now or utcnow()
    with session_scope(engine) as session:
        claim(session, once)
        row = hold(session, callback_id, clinician, lease, now)
        number = _count(session, callback_id) + 1
        sealed = keyring.seal(note.strip(), NOTE_CONTEXT) if note and note.strip() else None
        made = CallbackAttempt(
            callback_id=callback_id, at=now, clinician=clinician, number=number, result=result, note=sealed
        )
        session.add(made)
        record(session, clinician, "callback.attempt", ("callback", callback_id), {"number": number, "result": result})
        follow = None if result is CallResult.ANSWERED else _failed(session, row, clinician, result, now)
        if follow is None:
            row.first_contact_at = row.first_contact_at or now
            row.next_attempt_at = None
            session.add(row)
        return keep(session, once, Attempted(row, made, follow))


def _failed(
    session: Session, row: CallbackRequest, clinician: str, result: CallResult, now: datetime
) -> Retry | GiveUp:
    row.failed_attempts += 1
    follow = after_failure(Band(row.band), row.failed_attempts, result, now)
    if isinstance(follow, Retry):
        row.next_attempt_at = follow.at
        session.add(row)
    else:
        detail = {"action": follow.action, "failed_attempts": row.failed_attempts, "band": row.band}
        record(session, clinician, "callback.failed_contact", ("callback", row.id), detail)
        close(session, row, clinician, follow.action, now)
    return follow


def _count(session: Session, callback_id: str) -> int:
    query = select(func.count()).select_from(CallbackAttempt).where(CallbackAttempt.callback_id == callback_id)
    return int(session.exec(query).one())
