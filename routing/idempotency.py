"""Idempotency keys: a mutating request's first answer is stored with its change, in its one transaction,
and replayed for a repeat of the same key by the same caller.

The protocol, inside the transaction that makes the change:
- `claim` is its first statement: INSERT the key's row, ON CONFLICT DO NOTHING. A concurrent duplicate's insert
  waits on the primary key (PostgreSQL) or the write lock (SQLite) until the first transaction ends. Committed:
  the row holds the first answer, replayed by raising `Replayed` (or IdempotencyMismatch for another request).
  Rolled back: the row vanished with it, so the duplicate goes ahead as the first.
- `keep` is its last: the answer goes into the row and commits with the change, or neither exists.
- A final domain error (4xx) rolls the change back; `keep_problem` then stores the problem in a short transaction
  of its own, so a retry hears the same answer. Unavailable (503) is never stored: the retry runs again.
Nothing is left half-claimed, so there is nothing to abandon or take over.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from models.database import session_scope
from models.routing_tables import IdempotencyRecord
from models.types import utcnow
from routing.errors import IdempotencyInProgress, IdempotencyMismatch

MAX_KEY_LENGTH = 100
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Stored:
    status_code: int
    body: dict[str, Any]


class Replayed(Exception):  # an outcome, not a failure: the edge answers with the stored result
    """This key already has an answer; nothing ran, and the stored answer is the response."""

    def __init__(self, stored: Stored) -> None:
        super().__init__(stored.status_code)
        self.stored = stored


@dataclass(frozen=True, slots=True)
class Key:
    """One caller's key for one request: `scope` is the caller, `digest` the request it names."""

    scope: str
    key: str
    endpoint: str
    digest: str

    @classmethod
    def of(cls, scope: str, key: str, endpoint: str, body: Any) -> Key:
        return cls(scope, key, endpoint, request_hash(endpoint, body))


@dataclass(frozen=True, slots=True)
class Once(Generic[T]):
    """A keyed request as the domain sees it: the key, and how its result becomes the stored answer."""

    key: Key
    status: int
    render: Callable[[T], dict[str, Any]]


def request_hash(endpoint: str, body: Any) -> str:
    canonical = json.dumps({"endpoint": endpoint, "body": body}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim(session: Session, once: Once[Any] | None) -> None:
    """The transaction's first statement. Raises Replayed or IdempotencyMismatch when the key is taken."""
    if once is not None and not _insert(session, once.key, None, {}):
        raise _answer(session, once.key)


def keep(session: Session, once: Once[T] | None, result: T) -> T:
    """Store the answer in the claimed row, in the same transaction as the change it describes."""
    if once is not None:
        k = once.key
        session.execute(
            update(IdempotencyRecord)
            .where(col(IdempotencyRecord.scope) == k.scope, col(IdempotencyRecord.key) == k.key)
            .values(status_code=once.status, response=once.render(result))
        )
    return result


def keep_problem(engine: Engine, key: Key, status: int, body: dict[str, Any]) -> None:
    """After a final domain error rolled the change back: store the problem. If the key got an answer meanwhile
    (a retry of a request that succeeded), that answer is the response instead (raises Replayed)."""
    with session_scope(engine) as session:
        if not _insert(session, key, status, body):
            raise _answer(session, key)


def _insert(session: Session, key: Key, status: int | None, body: dict[str, Any]) -> bool:
    """Insert the key's row unless one exists (waiting for an uncommitted one); whether this call inserted it."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    values = {
        "scope": key.scope,
        "key": key.key,
        "endpoint": key.endpoint,
        "request_hash": key.digest,
        "status_code": status,
        "response": body,
        "created_at": utcnow(),
    }
    statement = dialect.insert(IdempotencyRecord).values(values).on_conflict_do_nothing()
    return session.execute(statement.returning(col(IdempotencyRecord.key))).first() is not None


def _answer(session: Session, key: Key) -> Exception:
    """What a taken key answers: its stored result, or why it cannot be used for this request."""
    row = session.get(IdempotencyRecord, (key.scope, key.key))
    if row is None:  # cannot happen after a conflict in this transaction; be loud rather than act twice
        return IdempotencyInProgress("The first request with this Idempotency-Key is still running; retry shortly.")
    if row.request_hash != key.digest or row.endpoint != key.endpoint:
        return IdempotencyMismatch(
            "This Idempotency-Key was already used for a different request; use a new key for a new request."
        )
    if row.status_code is None:  # a claim written by the older two-transaction protocol, still running
        return IdempotencyInProgress("The first request with this Idempotency-Key is still running; retry shortly.")
    return Replayed(Stored(row.status_code, row.response))
