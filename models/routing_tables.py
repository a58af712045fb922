"""Routing's tables of record: idempotency keys for mutating requests and the clinician callback queue."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Text
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
    # The clinical hub's fields (revision 0009). The patient is a seam: the patient record when one is known;
    # until then the caller's name and callback number live here, sealed (models/crypto.py, contexts below).
    patient_id: str | None = Field(default=None, sa_column=Column(String(36), nullable=True, index=True))
    caller_name: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # "callbacks.caller_name"
    callback_phone: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # "callbacks.phone"
    skill: str = Field(default="NURSE", sa_column=Column(String(32), nullable=False, server_default="NURSE"))
    band: int = Field(default=2, sa_column=Column(Integer, nullable=False, server_default="2"))
    deadline: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    claimed_by: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    failed_attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    first_contact_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    outcome: str | None = Field(default=None, max_length=32)
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    closed_by: str | None = Field(default=None, max_length=64)


def _callback_fk() -> Column[str]:
    return Column(String(36), ForeignKey("callback_requests.id"), nullable=False, index=True)


class CallbackAttempt(SQLModel, table=True):
    """One call to a queued patient, answered or not: every attempt is kept."""

    __tablename__ = "callback_attempts"

    id: int | None = Field(default=None, primary_key=True)
    callback_id: str = Field(sa_column=_callback_fk())
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    clinician: str = Field(max_length=64)
    number: int
    result: str = Field(max_length=32)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed: "attempts.note"


class ClinicalAssessment(SQLModel, table=True):
    """A clinician's assessment of a queued patient: part of the clinical record, free text sealed."""

    __tablename__ = "clinical_assessments"

    id: str = Field(primary_key=True, max_length=36)
    callback_id: str = Field(sa_column=_callback_fk())
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    clinician: str = Field(max_length=64)
    history: str = Field(sa_column=Column(Text, nullable=False))  # sealed: "assessments.history"
    observations: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    news2: int | None = None
    prior: Disposition = Field(sa_column=Column(StrEnumType(Disposition), nullable=False))
    disposition: Disposition = Field(sa_column=Column(StrEnumType(Disposition), nullable=False))
    reasoning: str = Field(sa_column=Column(Text, nullable=False))  # sealed: "assessments.reasoning"
    lowering_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed
    safety_netting: str = Field(sa_column=Column(Text, nullable=False))
    outcome: str = Field(max_length=32)
