"""The patient record's tables. Every identifying value is sealed (models/crypto.py): these columns hold
ciphertext (`sealed`), keyed digests for lookups (`*_digest`), ids, codes and times, never a readable name."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

from models.types import StrEnumType, UTCDateTime, utcnow


class EntryKind(StrEnum):
    ALLERGY = "ALLERGY"
    MEDICATION = "MEDICATION"
    CONDITION = "CONDITION"
    NOTE = "NOTE"  # special patient notes: end-of-life plans, safeguarding, DNACPR recorded elsewhere
    CONSENT = "CONSENT"  # consent to share the record; the newest current one counts


class EntryStatus(StrEnum):
    CURRENT = "CURRENT"
    SUPERSEDED = "SUPERSEDED"  # replaced by a newer version (an edit); kept, never deleted
    ENTERED_IN_ERROR = "ENTERED_IN_ERROR"  # withdrawn; kept, never deleted


class EncounterKind(StrEnum):
    CALL = "CALL"  # a call handler or clinician confirmed the caller's identity and opened the record
    TRIAGE = "TRIAGE"
    BOOKING = "BOOKING"
    CALLBACK = "CALLBACK"
    CHAT = "CHAT"


def _when(index: bool = False) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=index))


def _patient_fk() -> Any:
    return Field(sa_column=Column(String(36), ForeignKey("patients.id"), nullable=False, index=True))


class Patient(SQLModel, table=True):
    """One person. `sealed` holds their demographics as sealed JSON; the digests find them without reading it."""

    __tablename__ = "patients"

    id: str = Field(primary_key=True, max_length=36)
    nhs_digest: str | None = Field(default=None, max_length=64, unique=True)
    match_digest: str = Field(max_length=64, index=True)  # family name + date of birth
    sealed: str = Field(sa_column=Column(Text, nullable=False))
    gp_practice: str | None = Field(default=None, max_length=16)  # an ODS code: an organisation, not the person
    version: int = 1
    created_by: str = Field(max_length=64)
    created_at: datetime = _when()
    updated_at: datetime = _when()


class PatientRevision(SQLModel, table=True):
    """A correction (rectification): who changed which fields, why, and the values before (sealed)."""

    __tablename__ = "patient_revisions"

    id: int | None = Field(default=None, primary_key=True)
    patient_id: str = _patient_fk()
    version: int  # the record's version this correction made
    author: str = Field(max_length=64)
    changed: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # field names only
    sealed_before: str = Field(sa_column=Column(Text, nullable=False))
    sealed_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    at: datetime = _when()


class PatientEntry(SQLModel, table=True):
    """One item of the summary, sealed. An edit supersedes it with a new entry; nothing is deleted."""

    __tablename__ = "patient_entries"
    __table_args__ = (Index("ix_patient_entries_patient_kind", "patient_id", "kind", "status"),)

    id: str = Field(primary_key=True, max_length=36)
    patient_id: str = Field(sa_column=Column(String(36), ForeignKey("patients.id"), nullable=False))
    kind: EntryKind = Field(sa_column=Column(StrEnumType(EntryKind), nullable=False))
    status: EntryStatus = Field(sa_column=Column(StrEnumType(EntryStatus), nullable=False))
    sealed: str = Field(sa_column=Column(Text, nullable=False))
    source: str = Field(default="api", max_length=32)  # "api" or "fhir" (a GP system's import)
    author: str = Field(max_length=64)
    replaces_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = _when()
    ended_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class PatientEncounter(SQLModel, table=True):
    """A contact with the patient: a confirmed call, or a triage, booking, callback or chat linked to them."""

    __tablename__ = "patient_encounters"
    __table_args__ = (
        Index("ix_patient_encounters_patient_at", "patient_id", "created_at"),
        Index("ix_patient_encounters_ref", "kind", "ref_id"),
    )

    id: str = Field(primary_key=True, max_length=36)
    patient_id: str = Field(sa_column=Column(String(36), ForeignKey("patients.id"), nullable=False))
    kind: EncounterKind = Field(sa_column=Column(StrEnumType(EncounterKind), nullable=False))
    ref_id: str | None = Field(default=None, max_length=64)  # the triage record, booking, callback or chat id
    actor: str = Field(max_length=64)
    created_at: datetime = _when()
