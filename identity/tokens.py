"""Staff API bearer tokens: shown once, stored as a hash, expiring, revocable, dead with a disabled user."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from identity.cache import Credential, hashed_key, user_owner
from identity.errors import Unauthenticated
from identity.keys import STAFF_PREFIX, digest, new_secret
from identity.principal import Principal
from identity.users import user_named
from models.audit import record
from models.database import session_scope
from models.errors import NotFound
from models.identity_tables import StaffToken, StaffUser
from models.types import utcnow

KIND = "staff-token"


def issue_staff_token(engine: Engine, username: str, days: float, label: str = "") -> str:
    token = new_secret(STAFF_PREFIX)
    with session_scope(engine) as session:
        user = user_named(session, username)
        if user is None or user.id is None:
            raise NotFound(f"There is no user called {username!r}.")
        record(session, "system", "token.issued", ("user", username), {"days": days})
        expires = utcnow() + timedelta(days=days)
        session.add(StaffToken(user_id=user.id, token_hash=digest(token), label=label[:100], expires_at=expires))
    return token


def staff_from_token(session: Session, token: str, now: datetime | None = None) -> Credential:
    query = select(StaffToken, StaffUser).join(StaffUser).where(StaffToken.token_hash == digest(token))
    found = session.exec(query).first()
    if found is None:
        raise Unauthenticated("The token is not valid. Ask an admin for a new one.")
    row, user = found
    if row.revoked_at is not None or user.disabled or row.expires_at <= (now or utcnow()):
        raise Unauthenticated("The token has expired or been revoked. Ask an admin for a new one.")
    return Credential(Principal.staff(user.role, user.username), user_owner(user.username), row.expires_at)


def revoke_staff_tokens(engine: Engine, username: str, label: str | None = None, actor: str = "system") -> list[str]:
    """Revoke the user's live tokens (only those with `label`, if given); the cache keys of the revoked ones."""
    with session_scope(engine) as session:
        user = user_named(session, username)
        if user is None:
            raise NotFound(f"There is no user called {username!r}.")
        query = select(StaffToken).where(StaffToken.user_id == user.id, col(StaffToken.revoked_at).is_(None))
        rows = list(session.exec(query if label is None else query.where(StaffToken.label == label)))
        for row in rows:
            row.revoked_at = utcnow()
            session.add(row)
        record(session, actor, "token.revoked", ("user", username), {"count": len(rows), "label": label})
        return [hashed_key(KIND, row.token_hash) for row in rows]
