"""The patient chat's table of record: each conversation's state, so a reconnect on any worker resumes it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, utcnow


class ChatConversation(SQLModel, table=True):
    """One patient's conversation. `owner` is who may resume it; `version` makes every save compare-and-set."""

    __tablename__ = "chat_conversations"

    id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=80, unique=True)
    version: int = 0
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
