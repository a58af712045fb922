"""Anonymous patient chat sessions: a short-lived bearer token that owns the records the chat creates."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from identity.cache import Credential
from identity.errors import Unauthenticated
from identity.keys import CHAT_PREFIX, digest, new_secret
from identity.principal import Principal
from models.database import session_scope
from models.identity_tables import ChatSession
from models.types import utcnow

KIND = "chat"


def open_chat(engine: Engine, minutes: float, now: datetime | None = None) -> tuple[str, ChatSession]:
    token = new_secret(CHAT_PREFIX)
    start = now or utcnow()
    chat = ChatSession(
        id=str(uuid.uuid4()), token_hash=digest(token), created_at=start, expires_at=start + timedelta(minutes=minutes)
    )
    with session_scope(engine) as session:
        session.add(chat)
    return token, chat


def patient_from_token(session: Session, token: str, now: datetime | None = None) -> Credential:
    chat = session.exec(select(ChatSession).where(ChatSession.token_hash == digest(token))).first()
    if chat is None:
        raise Unauthenticated("This conversation is not known. Start a new one.")
    if chat.revoked_at is not None or chat.expires_at <= (now or utcnow()):
        raise Unauthenticated("This conversation has timed out. Start a new one.")
    return Credential(Principal.patient(chat.id), f"chat:{chat.id}", chat.expires_at)
