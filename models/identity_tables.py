"""Who may call one111: staff users and their API tokens and browser sessions, and anonymous patient chats.

Secrets (tokens, session ids) are 256-bit random values; only their SHA-256 is stored, so a copy of the
database cannot be used to log in. Passwords are stored as argon2id hashes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from models.types import StrEnumType, UTCDateTime, utcnow
from models.vocabulary import Role


def _user_fk() -> int:
    return Field(sa_column=Column(Integer, ForeignKey("staff_users.id"), nullable=False, index=True))  # type: ignore[no-any-return]


class StaffUser(SQLModel, table=True):
    """A call handler, clinician or admin."""

    __tablename__ = "staff_users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40, unique=True)
    password_hash: str = Field(max_length=200)
    role: Role = Field(sa_column=Column(StrEnumType(Role), nullable=False))
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class StaffToken(SQLModel, table=True):
    """A staff member's API bearer token."""

    __tablename__ = "staff_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_fk()
    token_hash: str = Field(max_length=64, unique=True)
    label: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class StaffSession(SQLModel, table=True):
    """A logged-in browser: the cookie holds the session id, the table its hash."""

    __tablename__ = "staff_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_fk()
    session_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class ChatSession(SQLModel, table=True):
    """An anonymous patient's conversation: short-lived, and the owner of the records it creates."""

    __tablename__ = "chat_sessions"

    id: str = Field(primary_key=True, max_length=36)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class AuditAnchor(SQLModel, table=True):
    """Where a retention purge cut the audit chain: the first kept event must link to `last_hash`."""

    __tablename__ = "audit_anchors"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    through_id: int
    last_hash: str = Field(max_length=64)
    removed: int
    # Since 0006: the last purged seq and an HMAC over the cut, so a purge cannot be forged without the key.
    through_seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    mac: str | None = Field(default=None, max_length=64)
