"""Append audit events in the caller's transaction, each chained to the one before by its hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, text
from sqlmodel import Session, col, select

from models.identity_tables import AuditAnchor
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
    broken, previous = [], _anchor_hash(session)
    for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.id))):
        if event.prev_hash != previous or event.hash != digest(event):
            broken.append(event.id or 0)
        previous = event.hash
    return broken


def _anchor_hash(session: Session) -> str:
    """After a retention purge the chain starts from the last purged event's hash, kept as an anchor."""
    anchor = session.exec(select(AuditAnchor).order_by(col(AuditAnchor.id).desc()).limit(1)).first()
    return anchor.last_hash if anchor is not None else ""


@dataclass(frozen=True, slots=True)
class AuditQuery:
    kind: str | None = None  # an action or its prefix: "booking" matches "booking.confirmed"
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100


def events(session: Session, query: AuditQuery) -> list[AuditEvent]:
    """Newest first."""
    found = select(AuditEvent)
    if query.kind:
        found = found.where(
            or_(col(AuditEvent.action) == query.kind, col(AuditEvent.action).startswith(query.kind + "."))
        )
    if query.actor:
        found = found.where(AuditEvent.actor == query.actor)
    if query.since:
        found = found.where(col(AuditEvent.at) >= query.since)
    if query.until:
        found = found.where(col(AuditEvent.at) < query.until)
    return list(session.exec(found.order_by(col(AuditEvent.id).desc()).limit(query.limit)))


def purge(session: Session, before: datetime, actor: str = "system") -> int:
    """Delete events older than `before`, keeping the rest verifiable: the cut is anchored and itself audited."""
    _serialise_writers(session)
    through = session.exec(select(func.max(AuditEvent.id)).where(col(AuditEvent.at) < before)).first()
    if through is None:
        return 0
    last = session.get(AuditEvent, through)
    assert last is not None
    removed = session.exec(select(func.count()).select_from(AuditEvent).where(col(AuditEvent.id) <= through)).one()
    session.execute(delete(AuditEvent).where(col(AuditEvent.id) <= through))
    session.add(AuditAnchor(through_id=through, last_hash=last.hash, removed=removed))
    detail = {"through_id": through, "last_hash": last.hash, "removed": removed}
    record(session, actor, "audit.purged", ("audit", str(through)), detail)
    return int(removed)
