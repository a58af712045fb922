"""Staff API bearer tokens: shown once, stored as a hash, expiring, revocable, dead with a disabled user."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from identity.errors import Unauthenticated
from identity.keys import STAFF_PREFIX, digest, new_secret
from identity.principal import Principal
from identity.users import user_named
from models.audit import record
from models.database import session_scope
from models.errors import NotFound
from models.identity_tables import StaffToken, StaffUser
from models.types import utcnow


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


def staff_from_token(engine: Engine, token: str, now: datetime | None = None) -> Principal:
    with Session(engine) as session:
        query = select(StaffToken, StaffUser).join(StaffUser).where(StaffToken.token_hash == digest(token))
        found = session.exec(query).first()
    if found is None:
        raise Unauthenticated("The token is not valid. Ask an admin for a new one.")
    row, user = found
    if row.revoked_at is not None or user.disabled or row.expires_at <= (now or utcnow()):
        raise Unauthenticated("The token has expired or been revoked. Ask an admin for a new one.")
    return Principal.staff(user.role, user.username)
