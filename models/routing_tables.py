"""Routing's tables of record: idempotency keys for mutating requests and the clinician callback queue."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from models.types import StrEnumType, UTCDateTime, utcnow
from models.vocabulary import Disposition


class CallbackStatus(StrEnum):
    OPEN = "OPEN"
    CLAIMED = "CLAIMED"
    CLOSED = "CLOSED"


class IdempotencyRecord(SQLModel, table=True):
    """The first result of a mutating request, replayed for a repeat of the same key by the same caller."""

    __tablename__ = "idempotency_keys"

    scope: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=100)
    endpoint: str = Field(max_length=100)
    request_hash: str = Field(max_length=64)
    status_code: int | None = None  # None while the first request is still running
    response: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))


class CallbackRequest(SQLModel, table=True):
    """A patient no service could see in time: a clinician calls them back. Holds no postcode beyond its district."""

    __tablename__ = "callback_requests"

    id: str = Field(primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    status: CallbackStatus = Field(sa_column=Column(StrEnumType(CallbackStatus), nullable=False, index=True))
    disposition: Disposition = Field(sa_column=Column(StrEnumType(Disposition), nullable=False))
    triage_id: str | None = Field(
        default=None, sa_column=Column(String(36), ForeignKey("triage_records.id"), nullable=True)
    )
    area: str = Field(max_length=8)
    reason: str = Field(max_length=500)
    actor: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
