"""The tables of record. The database, not Redis, holds the only authoritative copy of each of these."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.types import StrEnumType, UTCDateTime, utcnow
from models.vocabulary import (
    Acuity,
    BookingMode,
    BookingStatus,
    Disposition,
    HoldStatus,
    ServiceType,
)

CONFIRMED = text("status = 'CONFIRMED'")
UNSEALED = text("seq IS NULL")


def _when(nullable: bool = False, index: bool = False) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _json(default: Any) -> Any:
    return Field(default_factory=default, sa_column=Column(JSON, nullable=False))


def _enum(enum: type, index: bool = False) -> Any:
    return Field(sa_column=Column(StrEnumType(enum), nullable=False, index=index))


class Provider(SQLModel, table=True):
    """An organisation that runs services (an NHS trust, an OOH provider, a pharmacy contractor)."""

    __tablename__ = "providers"

    id: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=200)
    created_at: datetime = _when()


class ProviderToken(SQLModel, table=True):
    """A provider's API/websocket credential. Only its SHA-256 is stored: tokens are 256-bit random."""

    __tablename__ = "provider_tokens"

    id: int | None = Field(default=None, primary_key=True)
    provider_id: str = Field(sa_column=Column(String(16), ForeignKey("providers.id"), nullable=False, index=True))
    token_hash: str = Field(max_length=64, unique=True)
    label: str = Field(default="", max_length=100)
    created_at: datetime = _when()
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class Service(SQLModel, table=True):
    """A place or team a patient can be booked into."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("ods_code", "type", name="uq_services_ods_type"),)

    id: str = Field(primary_key=True, max_length=24)
    ods_code: str = Field(max_length=16, index=True)
    name: str = Field(max_length=200)
    type: ServiceType = _enum(ServiceType, index=True)
    subtype: str | None = Field(default=None, max_length=40)
    address: str = Field(default="", max_length=300)
    postcode: str = Field(max_length=10)
    latitude: float
    longitude: float
    opening_hours: list[dict[str, Any]] = _json(list)
    hours_source: str = Field(default="default", max_length=16)
    booking_mode: BookingMode = _enum(BookingMode)
    phone: str | None = Field(default=None, max_length=40)
    provider_id: str = Field(sa_column=Column(String(16), ForeignKey("providers.id"), nullable=False, index=True))
    active: bool = True
    updated_at: datetime = _when()
    # Who the service may see (None: no limit), as data: a children's ED is 0-15, a women's service "female".
    min_age: int | None = None
    max_age: int | None = None
    sex: str | None = Field(default=None, max_length=8)
    eligibility_note: str | None = Field(default=None, max_length=200)
    icb_code: str | None = Field(default=None, max_length=8, index=True)  # the ICB a crisis line serves
    # A temporary closure a provider declared: refused as a place to go between these times, with the reason.
    closed_from: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    closed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    closure_reason: str | None = Field(default=None, max_length=200)


class CapacitySnapshot(SQLModel, table=True):
    """Every accepted capacity update, append-only: the board can always be rebuilt from the latest per service."""

    __tablename__ = "capacity_snapshots"
    __table_args__ = (
        UniqueConstraint("service_id", "version", name="uq_capacity_service_version"),
        Index("ix_capacity_provider_seq", "provider_id", "client_seq"),
        # The last guard against recording one update twice when a retry reaches two workers at once (C-13).
        Index("uq_capacity_service_provider_seq", "service_id", "provider_id", "client_seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(sa_column=Column(String(24), ForeignKey("services.id"), nullable=False, index=True))
    version: int
    is_open: bool
    slots: list[dict[str, Any]] = _json(list)
    wait_minutes: int
    opel: int
    updated_at: datetime = _when()
    provider_id: str | None = Field(default=None, max_length=16)
    client_seq: int | None = None


class TriageRecord(SQLModel, table=True):
    """One triage decision and the report it was made from: part of the patient's clinical record."""

    __tablename__ = "triage_records"

    id: str = Field(primary_key=True, max_length=36)
    created_at: datetime = _when(index=True)
    actor: str = Field(max_length=64)
    disposition: Disposition = _enum(Disposition, index=True)
    acuity: Acuity = _enum(Acuity)
    time_to_care_minutes: int | None = None
    model_version: str = Field(max_length=64)
    probabilities: dict[str, float] = _json(dict)
    red_flags: list[str] = _json(list)
    explanation: list[dict[str, Any]] = _json(list)
    safety_netting: str = ""
    report: dict[str, Any] = _json(dict)


class Hold(SQLModel, table=True):
    """A slot set aside for a short time while the patient or handler confirms."""

    __tablename__ = "holds"

    id: str = Field(primary_key=True, max_length=36)
    service_id: str = Field(sa_column=Column(String(24), ForeignKey("services.id"), nullable=False, index=True))
    triage_id: str | None = Field(
        default=None, sa_column=Column(String(36), ForeignKey("triage_records.id"), nullable=True)
    )
    window_start: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    seat: int
    status: HoldStatus = _enum(HoldStatus, index=True)
    actor: str = Field(max_length=64)
    created_at: datetime = _when()
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class Booking(SQLModel, table=True):
    """A confirmed appointment. Two partial unique indexes make a double booking impossible in the database."""

    __tablename__ = "bookings"
    __table_args__ = (
        Index(
            "uq_bookings_confirmed_seat",
            "service_id",
            "window_start",
            "seat",
            unique=True,
            sqlite_where=CONFIRMED,
            postgresql_where=CONFIRMED,
        ),
        Index(
            "uq_bookings_confirmed_triage",
            "triage_id",
            unique=True,
            sqlite_where=CONFIRMED,
            postgresql_where=CONFIRMED,
        ),
    )

    id: str = Field(primary_key=True, max_length=36)
    reference: str = Field(max_length=16, unique=True)
    hold_id: str = Field(sa_column=Column(String(36), ForeignKey("holds.id"), nullable=False, unique=True))
    service_id: str = Field(sa_column=Column(String(24), ForeignKey("services.id"), nullable=False, index=True))
    triage_id: str | None = Field(
        default=None, sa_column=Column(String(36), ForeignKey("triage_records.id"), nullable=True)
    )
    window_start: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    seat: int
    status: BookingStatus = _enum(BookingStatus, index=True)
    actor: str = Field(max_length=64)
    created_at: datetime = _when()
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    replaces_id: str | None = Field(default=None, max_length=36)


class AuditEvent(SQLModel, table=True):
    """Who did what, when and why. Written unsealed (no `seq`) in the caller's transaction; the sealer then gives
    it the next `seq` and chains it: `hash` is an HMAC over the event and `prev_hash`, so edits show."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("uq_audit_events_seq", "seq", unique=True),
        # The sealer's queue: only the few unsealed rows are in it.
        Index("ix_audit_events_unsealed", "id", sqlite_where=UNSEALED, postgresql_where=UNSEALED),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _when(index=True)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=48, index=True)
    subject_type: str = Field(max_length=32)
    subject_id: str = Field(max_length=64, index=True)
    reason: str | None = Field(default=None, max_length=500)
    model_version: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = _json(dict)
    seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


class AuditSealHead(SQLModel, table=True):
    """The one row the sealer locks: the last seq and hash it chained, and which key it chains with."""

    __tablename__ = "audit_seal_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    hash: str = Field(default="", max_length=64)
    key_id: str | None = Field(default=None, max_length=64)  # HMAC of a constant: a wrong key is refused


__all__ = [
    "AuditEvent",
    "AuditSealHead",
    "Booking",
    "BookingMode",
    "CapacitySnapshot",
    "Hold",
    "Provider",
    "ProviderToken",
    "Service",
    "TriageRecord",
]

# Routing's own tables live beside these; importing them here registers them with every migration and test.
# The patient chat's conversations, likewise.
from models import (  # noqa: E402, F401
    chat_tables,
    identity_tables,
    notify_tables,
    patient_tables,
    routing_tables,
)
