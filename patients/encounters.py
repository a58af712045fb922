"""Encounters: a confirmed call, and the triage records, bookings, callbacks and chats linked to the patient.

Linking is how "nobody repeats their story" works: the console finds the patient, opens a call (which is also
the call handler's legitimate relationship), and links the triage and booking it makes; the next call shows the
last encounters and pre-fills the answers given in the last PREFILL_HOURS.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from models import audit
from models.identity_tables import ChatSession
from models.patient_tables import EncounterKind, PatientEncounter
from models.routing_tables import CallbackRequest
from models.tables import Booking, Service, TriageRecord
from patients.errors import InvalidPatientField
from patients.records import row_of

PREFILL_HOURS = 24
LINKED: dict[EncounterKind, type[Any]] = {
    EncounterKind.TRIAGE: TriageRecord,
    EncounterKind.BOOKING: Booking,
    EncounterKind.CALLBACK: CallbackRequest,
    EncounterKind.CHAT: ChatSession,
}


def link(session: Session, patient_id: str, kind: EncounterKind, ref_id: str | None, actor: str) -> PatientEncounter:
    """Record a contact with the patient. A CALL needs no reference; anything else must name a record that exists."""
    row_of(session, patient_id)
    if kind is not EncounterKind.CALL and (ref_id is None or session.get(LINKED[kind], ref_id) is None):
        raise InvalidPatientField("ref_id", f"no {kind.value.lower()} record with that id")
    encounter = PatientEncounter(id=str(uuid.uuid4()), patient_id=patient_id, kind=kind, ref_id=ref_id, actor=actor)
    session.add(encounter)
    detail = {"kind": kind.value, "ref": ref_id}
    audit.record(session, actor, "patient.encounter.linked", ("patient", patient_id), detail)
    return encounter


def recent(session: Session, patient_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """The last encounters, newest first, each with what it was: a disposition, a booking and its service."""
    rows = session.exec(
        select(PatientEncounter)
        .where(PatientEncounter.patient_id == patient_id)
        .order_by(col(PatientEncounter.created_at).desc(), col(PatientEncounter.id))
        .limit(limit)
    ).all()
    return [{**_base(row), **_what(session, row)} for row in rows]


def prefill(session: Session, patient_id: str, now: datetime) -> dict[str, Any]:
    """The red-flag answers given in linked triages of the last PREFILL_HOURS, newest answer winning: the console
    shows them to be confirmed with the caller, not asked again."""
    since = now - timedelta(hours=PREFILL_HOURS)
    query = (
        select(TriageRecord)
        .join(PatientEncounter, col(PatientEncounter.ref_id) == col(TriageRecord.id))
        .where(
            PatientEncounter.patient_id == patient_id,
            PatientEncounter.kind == EncounterKind.TRIAGE,
            col(TriageRecord.created_at) >= since,
        )
        .order_by(col(TriageRecord.created_at))
    )
    answers: dict[str, Any] = {}
    answered_at: str | None = None
    for triage in session.exec(query).all():
        answers.update((triage.report or {}).get("answers") or {})
        answered_at = triage.created_at.isoformat()
    return {"answers": answers, "answered_at": answered_at, "hours": PREFILL_HOURS}


def patient_of_booking(session: Session, booking: Booking) -> str | None:
    """The patient a booking belongs to: linked directly, or through its triage (both looked up in one query)."""
    refs = [(EncounterKind.BOOKING, booking.id)]
    if booking.triage_id:
        refs.append((EncounterKind.TRIAGE, booking.triage_id))
    wanted = [and_(col(PatientEncounter.kind) == kind, col(PatientEncounter.ref_id) == ref) for kind, ref in refs]
    query = select(PatientEncounter.kind, PatientEncounter.patient_id).where(or_(*wanted))
    found = {kind: patient for kind, patient in session.exec(query).all()}
    return next((found[kind] for kind, _ in refs if kind in found), None)


def patient_of_triage(session: Session, triage_id: str) -> str | None:
    """The patient a triage record was linked to (`POST /v1/triage?patient_id=`, or a chat's details), if any."""
    return patients_of_triages(session, [triage_id]).get(triage_id)


def patients_of_triages(session: Session, triage_ids: Sequence[str]) -> dict[str, str]:
    """Triage id -> patient id, for the triage records linked to a patient (the others are left out)."""
    if not triage_ids:
        return {}
    query = select(PatientEncounter.ref_id, PatientEncounter.patient_id).where(
        PatientEncounter.kind == EncounterKind.TRIAGE, col(PatientEncounter.ref_id).in_(list(triage_ids))
    )
    return {ref: patient for ref, patient in session.exec(query).all() if ref is not None}


def chat_patient(session: Session, chat_session_id: str) -> str | None:
    query = select(PatientEncounter.patient_id).where(
        PatientEncounter.kind == EncounterKind.CHAT, PatientEncounter.ref_id == chat_session_id
    )
    return session.exec(query.limit(1)).first()


def triages_by(session: Session, actor: str) -> list[str]:
    """The triage records one actor (a chat session) made, oldest first."""
    query = select(TriageRecord.id).where(TriageRecord.actor == actor).order_by(col(TriageRecord.created_at))
    return list(session.exec(query).all())


def _base(row: PatientEncounter) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind.value, "ref_id": row.ref_id, "actor": row.actor, "at": row.created_at}


def _what(session: Session, row: PatientEncounter) -> dict[str, Any]:
    if row.kind is EncounterKind.TRIAGE and row.ref_id:
        triage = session.get(TriageRecord, row.ref_id)
        booked = session.exec(select(Booking).where(Booking.triage_id == row.ref_id)).all()
        disposition = triage.disposition.value if triage else None
        queued = session.exec(select(CallbackRequest).where(CallbackRequest.triage_id == row.ref_id)).all()
        callbacks = [{"id": c.id, "status": c.status.value, "at": c.created_at.isoformat()} for c in queued]
        return {"disposition": disposition, "bookings": [_booking(session, b) for b in booked], "callbacks": callbacks}
    if row.kind is EncounterKind.BOOKING and row.ref_id:
        booking = session.get(Booking, row.ref_id)
        return {"bookings": [_booking(session, booking)] if booking else []}
    return {}


def _booking(session: Session, booking: Booking) -> dict[str, Any]:
    service = session.get(Service, booking.service_id)
    return {
        "id": booking.id,
        "reference": booking.reference,
        "status": booking.status.value,
        "window_start": booking.window_start.isoformat(),
        "service_id": booking.service_id,
        "service_name": service.name if service else None,
    }
