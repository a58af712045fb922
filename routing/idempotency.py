"""Idempotency keys: the first result of a mutating request is stored and replayed for a repeat.

`begin` claims the key (a row with no result yet) before the work runs, so two concurrent requests with
one key never both act; the second gets IdempotencyInProgress. The same key with a different body or
endpoint is IdempotencyMismatch. A claim left behind by a crashed worker is taken over after `stale_after`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from models.database import session_scope
from models.routing_tables import IdempotencyRecord
from models.types import utcnow
from routing.errors import IdempotencyInProgress, IdempotencyMismatch

MAX_KEY_LENGTH = 100


@dataclass(frozen=True, slots=True)
class Stored:
    status_code: int
    body: dict[str, Any]


def request_hash(endpoint: str, body: Any) -> str:
    canonical = json.dumps({"endpoint": endpoint, "body": body}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def begin(
    engine: Engine,
    scope: str,
    key: str,
    endpoint: str,
    digest: str,
    now: datetime | None = None,
    stale_after: timedelta = timedelta(seconds=60),
) -> Stored | None:
    """None: the caller owns the key and must `finish` or `abandon` it. Stored: replay this result."""
    now = now or utcnow()
    try:
        with session_scope(engine) as session:
            session.add(IdempotencyRecord(scope=scope, key=key, endpoint=endpoint, request_hash=digest, created_at=now))
        return None
    except IntegrityError:
        pass
    with Session(engine) as session:
        row = session.get(IdempotencyRecord, (scope, key))
    if row is None:  # abandoned between our insert and read: try once more
        return begin(engine, scope, key, endpoint, digest, now, stale_after)
    if row.request_hash != digest or row.endpoint != endpoint:
        raise IdempotencyMismatch(
            "This Idempotency-Key was already used for a different request; use a new key for a new request."
        )
    if row.status_code is not None:
        return Stored(row.status_code, row.response)
    if row.created_at <= now - stale_after and _take_over(engine, row, now):
        return None
    raise IdempotencyInProgress("The first request with this Idempotency-Key is still running; retry shortly.")


def _take_over(engine: Engine, row: IdempotencyRecord, now: datetime) -> bool:
    with session_scope(engine) as session:
        changed = session.execute(
            update(IdempotencyRecord)
            .where(
                col(IdempotencyRecord.scope) == row.scope,
                col(IdempotencyRecord.key) == row.key,
                col(IdempotencyRecord.created_at) == row.created_at,
                col(IdempotencyRecord.status_code).is_(None),
            )
            .values(created_at=now)
        )
        return bool(changed.rowcount == 1)  # type: ignore[attr-defined]


def finish(engine: Engine, scope: str, key: str, status_code: int, body: dict[str, Any]) -> None:
    with session_scope(engine) as session:
        session.execute(
            update(IdempotencyRecord)
            .where(col(IdempotencyRecord.scope) == scope, col(IdempotencyRecord.key) == key)
            .values(status_code=status_code, response=body)
        )


def abandon(engine: Engine, scope: str, key: str) -> None:
    """Forget a claim whose request failed transiently, so a retry with the same key runs again."""
    with session_scope(engine) as session:
        session.execute(
            delete(IdempotencyRecord).where(
                col(IdempotencyRecord.scope) == scope,
                col(IdempotencyRecord.key) == key,
                col(IdempotencyRecord.status_code).is_(None),
            )
        )
