"""Staff browser sessions: a random id in an HttpOnly cookie, its hash in the table, a derived CSRF token."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from identity.cache import Credential, credential_key, user_owner
from identity.errors import Unauthenticated
from identity.keys import csrf_for, digest, new_secret
from identity.principal import Principal
from models.audit import record
from models.database import session_scope
from models.identity_tables import StaffSession, StaffUser
from models.types import utcnow

KIND = "staff-session"


def start_session(engine: Engine, user: StaffUser, hours: float) -> str:
    """A fresh session id on every login, so an id planted before login is worthless (no session fixation)."""
    assert user.id is not None
    session_id = new_secret()
    expires = utcnow() + timedelta(hours=hours)
    with session_scope(engine) as session:
        session.add(StaffSession(user_id=user.id, session_hash=digest(session_id), expires_at=expires))
    return session_id


def staff_from_session(session: Session, session_id: str, now: datetime | None = None) -> Credential:
    query = select(StaffSession, StaffUser).join(StaffUser).where(StaffSession.session_hash == digest(session_id))
    found = session.exec(query).first()
    if found is None:
        raise Unauthenticated("Your session is not valid. Log in again.")
    row, user = found
    if row.revoked_at is not None or user.disabled or row.expires_at <= (now or utcnow()):
        raise Unauthenticated("Your session has ended. Log in again.")
    who = Principal.staff(user.role, user.username, via="cookie", csrf_token=csrf_for(session_id))
    return Credential(who, user_owner(user.username), row.expires_at)


def end_session(engine: Engine, session_id: str, actor: str) -> list[str]:
    """Revoke the session; the cache key every worker must forget."""
    with session_scope(engine) as session:
        record(session, actor, "auth.logout", ("user", actor.partition(":")[2]), {})
        session.execute(
            update(StaffSession)
            .where(col(StaffSession.session_hash) == digest(session_id), col(StaffSession.revoked_at).is_(None))
            .values(revoked_at=utcnow())
        )
    return [credential_key(KIND, session_id)]
