"""The clinician callback queue: patients no service could see in time, in the database, oldest first."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.audit import record
from models.database import read_session
from models.routing_tables import CallbackRequest, CallbackStatus
from models.vocabulary import Disposition


def enqueue(
    session: Session,
    disposition: Disposition,
    area: str,
    reason: str,
    actor: str,
    triage_id: str | None = None,
    detail: dict[str, Any] | None = None,
    policy_version: str | None = None,
) -> CallbackRequest:
    """Queue a callback and audit it, in the caller's transaction (commit is the caller's)."""
    row = CallbackRequest(
        id=str(uuid.uuid4()),
        status=CallbackStatus.OPEN,
        disposition=disposition,
        triage_id=triage_id,
        area=area[:8],
        reason=reason[:500],
        actor=actor,
        detail=detail or {},
    )
    record(
        session,
        actor,
        "callback.queued",
        ("callback", row.id),
        {"disposition": disposition.value, "area": row.area, "policy": policy_version},
        reason=row.reason,
    )
    session.add(row)
    return row


def open_callbacks(engine: Engine, limit: int = 100) -> list[CallbackRequest]:
    with read_session(engine) as session:
        query = (
            select(CallbackRequest)
            .where(CallbackRequest.status == CallbackStatus.OPEN)
            .order_by(col(CallbackRequest.created_at), col(CallbackRequest.id))
            .limit(limit)
        )
        return list(session.exec(query).all())
