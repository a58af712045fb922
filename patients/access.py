"""Who may look at a record, and the log of everyone who did.

A legitimate relationship is: staff who opened a call with the patient or linked one of their encounters within
the last OPEN_HOURS (a shift); a clinician while the patient has an item in the clinical callback queue (the queue
is worked by whichever clinician is free, so the whole clinical team is caring for them until it closes); or a
provider with a booking for the patient at one of its services. Anyone else
may "break glass" with a reason: allowed, audited with the reason and flagged for review. Every read, either way,
leaves an audit event on the patient (`patient.read`), and `access_log` lists them for admins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from models import audit
from models.crypto import Keyring
from models.patient_tables import EncounterKind, PatientEncounter
from models.routing_tables import CallbackRequest, CallbackStatus
from models.tables import AuditEvent, Booking, Service
from models.vocabulary import Role
from patients import encounters
from patients.errors import NoRelationship

OPEN_HOURS = 12
MIN_REASON = 10  # characters: "test" is not a reason anyone can review
READ = "patient.read"
REASON = "audit_events.reason"  # break-glass and withdrawal reasons are sealed in the audit trail
LOGGED = (
    READ,
    "patient.traced",
    "patient.created",
    "patient.corrected",
    "patient.summary.recorded",
    "patient.summary.withdrawn",
    "patient.encounter.linked",
)


@dataclass(frozen=True, slots=True)
class Viewer:
    actor: str  # "call_handler:jo", "provider:RR8"
    role: Role
    provider_id: str | None = None


def basis(session: Session, viewer: Viewer, patient_id: str, break_glass: str | None, now: datetime) -> str:
    """ "relationship" or "break-glass"; refused (NoRelationship) without either."""
    if related(session, viewer, patient_id, now):
        return "relationship"
    if break_glass is not None and len(break_glass.strip()) >= MIN_REASON:
        return "break-glass"
    raise NoRelationship(
        "You have no open encounter with this patient. Open a call with them (POST /v1/patients/{id}/encounters) "
        f"or break glass: send the header One111-Break-Glass with your reason ({MIN_REASON}+ characters), which is "
        "audited and reviewed."
    )


def related(session: Session, viewer: Viewer, patient_id: str, now: datetime) -> bool:
    if viewer.role is Role.PROVIDER:
        return viewer.provider_id is not None and _provider_booked(session, viewer.provider_id, patient_id)
    if viewer.role is Role.PATIENT:
        return False
    if viewer.role is Role.CLINICIAN and in_the_callback_queue(session, patient_id):
        return True
    since = now - timedelta(hours=OPEN_HOURS)
    found = select(PatientEncounter.id).where(
        PatientEncounter.patient_id == patient_id,
        PatientEncounter.actor == viewer.actor,
        col(PatientEncounter.created_at) >= since,
    )
    return session.exec(found.limit(1)).first() is not None


def in_the_callback_queue(session: Session, patient_id: str) -> bool:
    """An open or claimed callback for the patient: any clinician may be the one to take it."""
    found = select(CallbackRequest.id).where(
        CallbackRequest.patient_id == patient_id, CallbackRequest.status != CallbackStatus.CLOSED
    )
    return session.exec(found.limit(1)).first() is not None


def _provider_booked(session: Session, provider_id: str, patient_id: str) -> bool:
    """A booking at one of the provider's services, linked to the patient directly or through its triage."""
    linked = select(PatientEncounter.kind, PatientEncounter.ref_id).where(PatientEncounter.patient_id == patient_id)
    refs = session.exec(linked).all()
    bookings = [ref for kind, ref in refs if kind is EncounterKind.BOOKING and ref]
    triages = [ref for kind, ref in refs if kind is EncounterKind.TRIAGE and ref]
    if not (bookings or triages):
        return False
    query = select(Booking.id).join(Service, col(Service.id) == col(Booking.service_id))
    query = query.where(Service.provider_id == provider_id)
    query = query.where(or_(col(Booking.id).in_(bookings), col(Booking.triage_id).in_(triages)))
    return session.exec(query.limit(1)).first() is not None


def attach(
    session: Session, viewer: Viewer, patient_id: str, kind: EncounterKind, ref_id: str, now: datetime
) -> PatientEncounter:
    """Link a record the caller is making in this transaction (a triage) to a patient they have a relationship with."""
    basis(session, viewer, patient_id, None, now)
    return encounters.link(session, patient_id, kind, ref_id, viewer.actor)


def log_read(
    session: Session, keyring: Keyring, viewer: Viewer, patient_id: str, part: str, how: str, reason: str | None
) -> None:
    """One audit event per read; a break-glass read carries its reason (sealed: it may speak of the patient) and
    is flagged for review."""
    detail = {"part": part, "basis": how, "review": how == "break-glass"}
    kept = keyring.seal(reason, REASON) if detail["review"] and reason else None
    audit.record(session, viewer.actor, READ, ("patient", patient_id), detail, reason=kept)


def log_trace(session: Session, viewer: Viewer, patient_ids: list[str]) -> None:
    """A search that found the patient: they can see who looked them up, even if the record was not opened."""
    for patient_id in patient_ids:
        audit.record(session, viewer.actor, "patient.traced", ("patient", patient_id), {"part": "demographics"})


def access_log(session: Session, keyring: Keyring, patient_id: str, limit: int = 500) -> list[dict[str, Any]]:
    """Who looked at or changed the record, newest first, with the break-glass reasons."""
    query = select(AuditEvent).where(
        AuditEvent.subject_type == "patient",
        AuditEvent.subject_id == patient_id,
        col(AuditEvent.action).in_(LOGGED),
    )
    rows = session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit)).all()
    return [
        {
            "at": row.at.isoformat(),
            "actor": row.actor,
            "action": row.action,
            "part": row.detail.get("part"),
            "basis": row.detail.get("basis"),
            "break_glass": bool(row.detail.get("review")),
            "reason": opened(keyring, row.reason),
        }
        for row in rows
    ]


def opened(keyring: Keyring, reason: str | None) -> str | None:
    return keyring.open(reason, REASON) if reason else None
