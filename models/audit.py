"""Append audit events in the caller's transaction, each chained to the one before by its hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from models.tables import AuditEvent


def record(
    session: Session,
    actor: str,
    action: str,
    subject: tuple[str, str],
    detail: dict[str, Any] | None = None,
    reason: str | None = None,
    model_version: str | None = None,
) -> AuditEvent:
    """Write one event in the same transaction as the change it describes; commit is the caller's."""
    _serialise_writers(session)
    event = AuditEvent(
        actor=actor,
        action=action,
        subject_type=subject[0],
        subject_id=subject[1],
        detail=detail or {},
        reason=reason,
        model_version=model_version,
    )
    session.add(event)
    session.flush()  # takes SQLite's write lock and assigns the id, so the previous row is final
    event.prev_hash = _previous_hash(session, event.id)
    event.hash = digest(event)
    session.add(event)
    return event


def _serialise_writers(session: Session) -> None:
    # PostgreSQL lets writers interleave; one transaction-scoped lock keeps the chain a single line.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(111111)"))


def _previous_hash(session: Session, event_id: int | None) -> str:
    query = select(AuditEvent.hash).where(col(AuditEvent.id) < event_id).order_by(col(AuditEvent.id).desc()).limit(1)
    return session.exec(query).first() or ""


def digest(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every field that matters, in a canonical form."""
    body = {
        "id": event.id,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "subject": [event.subject_type, event.subject_id],
        "reason": event.reason,
        "model_version": event.model_version,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def verify(session: Session) -> list[int]:
    """Ids of events whose hash or link no longer matches: edited, or following a deleted row."""
    broken, previous = [], ""
    for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.id))):
        if event.prev_hash != previous or event.hash != digest(event):
            broken.append(event.id or 0)
        previous = event.hash
    return broken
