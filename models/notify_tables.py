"""Closing the loop's tables of record: the outbox of patient messages, the patient's contact for them, the
bookings a failing service disrupted, the provider's lifecycle events, and the patient's feedback.

Patient data here (an address, a mobile number, a message body, free text) is stored sealed (models/crypto.py);
every other column is an id, a state or a time, so the tables can be read and counted without opening anything.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from models.types import StrEnumType, UTCDateTime, utcnow


class MessageKind(StrEnum):
    CONFIRMED = "confirmed"
    CHANGED = "changed"
    REBOOKED = "rebooked"
    CANCELLED = "cancelled"
    REMINDER = "reminder"
    FEEDBACK = "feedback"


class MessageState(StrEnum):
    PENDING = "PENDING"  # waiting for its next attempt (next_attempt_at)
    SENT = "SENT"
    FAILED = "FAILED"  # every attempt failed: visible to admins, and the patient goes to the clinical queue
    SKIPPED = "SKIPPED"  # no longer true when its turn came (a reminder for a cancelled booking)
    UNREACHABLE = "UNREACHABLE"  # no contact, or no consent to be contacted


class DisruptionState(StrEnum):
    PENDING = "PENDING"  # found; its booking is being moved (a worker holds claimed_until)
    MOVED = "MOVED"  # the best alternative was booked for the patient
    CALLBACK = "CALLBACK"  # no alternative: cancelled, and a clinician calls the patient back
    DONE = "DONE"  # a handler has dealt with it


class LifecycleEvent(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ARRIVED = "arrived"
    SEEN = "seen"
    DID_NOT_ATTEND = "did_not_attend"
    OUTCOME = "outcome"


class Outcome(StrEnum):
    DISCHARGED = "discharged"
    ADMITTED = "admitted"
    REFERRED = "referred"


def _when(nullable: bool = False, index: bool = False) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class OutboxMessage(SQLModel, table=True):
    """One message to a patient about one booking, written in the transaction that changed the booking."""

    __tablename__ = "notify_outbox"
    __table_args__ = (Index("ix_notify_outbox_due", "state", "next_attempt_at"),)

    id: str = Field(primary_key=True, max_length=36)
    booking_id: str = Field(max_length=36, index=True)
    kind: MessageKind = Field(sa_column=Column(StrEnumType(MessageKind), nullable=False))
    state: MessageState = Field(sa_column=Column(StrEnumType(MessageState), nullable=False))
    created_at: datetime = _when()
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    attempts: int = 0
    channel: str | None = Field(default=None, max_length=16)
    remote_id: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=200)  # an error's type and status, never its text
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    recipient: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed
    body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed


class BookingContact(SQLModel, table=True):
    """How the patient agreed to be told about a booking, keyed by the hold it was confirmed from (given with
    POST /v1/bookings) or by its triage record (given in the chat, before the chat's hold exists)."""

    __tablename__ = "notify_contacts"

    subject_id: str = Field(primary_key=True, max_length=36)
    email: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed
    mobile: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed
    consent: bool = False
    created_at: datetime = _when()


class Disruption(SQLModel, table=True):
    """A confirmed booking a service could no longer keep, and what was done about it: nothing moves without one."""

    __tablename__ = "notify_disruptions"

    id: str = Field(primary_key=True, max_length=36)
    booking_id: str = Field(max_length=36, unique=True)
    service_id: str = Field(max_length=24, index=True)
    cause: str = Field(max_length=24)
    state: DisruptionState = Field(sa_column=Column(StrEnumType(DisruptionState), nullable=False, index=True))
    urgency: int  # Disposition.urgency, higher first: the order alternatives were handed out in
    new_booking_id: str | None = Field(default=None, max_length=36)
    callback_id: str | None = Field(default=None, max_length=36)
    needs_action: bool = Field(default=True, index=True)
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    created_at: datetime = _when()
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class BookingEvent(SQLModel, table=True):
    """What the provider said happened to a booking: accepted, declined, arrived, seen, did not attend, outcome."""

    __tablename__ = "booking_events"

    id: int | None = Field(default=None, primary_key=True)
    booking_id: str = Field(sa_column=Column(String(36), nullable=False, index=True))
    event: LifecycleEvent = Field(sa_column=Column(StrEnumType(LifecycleEvent), nullable=False))
    outcome: Outcome | None = Field(default=None, sa_column=Column(StrEnumType(Outcome), nullable=True))
    reason: str | None = Field(default=None, max_length=500)
    actor: str = Field(max_length=64)
    at: datetime = _when()


class Feedback(SQLModel, table=True):
    """The patient's answers after their care: the NHS Friends and Family Test and two outcome questions."""

    __tablename__ = "notify_feedback"

    booking_id: str = Field(primary_key=True, max_length=36)
    fft: int  # 1 very good .. 5 very poor, 6 don't know (the FFT's own scale)
    got_care_needed: bool | None = None
    repeated_story: bool | None = None
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed
    created_at: datetime = _when()
