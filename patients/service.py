"""What the API does with the record, one unit of work each: every function that writes (and every read, which
writes its access-log event) owns exactly one `session_scope`, so the change and its audit events commit together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.crypto import Keyring
from models.database import session_scope
from models.patient_tables import EncounterKind, EntryKind
from models.tables import Booking, Service, TriageRecord
from models.types import utcnow
from models.vocabulary import Role
from patients import access, encounters, fhir, matching, records, summary
from patients.access import Viewer
from patients.demographics import Demographics
from patients.errors import DetailsAlreadyGiven, UnknownBooking, UnknownPatient


@dataclass(frozen=True, slots=True)
class Opened:
    """A record as a reader sees it, with how they were allowed in."""

    record: records.Record
    basis: str
    summary: dict[str, Any]
    encounters: list[dict[str, Any]]
    prefill: dict[str, Any]


def register(
    engine: Engine, keyring: Keyring, given: Demographics, viewer: Viewer, confirm_new_person: bool
) -> records.Record:
    """A new record; its author has a call open with the patient (a legitimate relationship) from now."""
    with session_scope(engine) as session:
        record = records.create(session, keyring, given, viewer.actor, confirm_new_person)
        session.flush()
        encounters.link(session, record.id, EncounterKind.CALL, None, viewer.actor)
        return record


def trace(engine: Engine, keyring: Keyring, query: matching.Query, viewer: Viewer) -> list[dict[str, Any]]:
    """Candidates with enough to confirm identity with the caller (name, birth date, postcode), each one logged."""
    with session_scope(engine) as session:
        found = records.search(session, keyring, query)
        access.log_trace(session, viewer, [c.patient_id for c in found])
        return [_candidate(session, keyring, c) for c in found]


def _candidate(session: Session, keyring: Keyring, c: matching.Candidate) -> dict[str, Any]:
    record = records.load(session, keyring, c.patient_id)
    d = record.demographics
    return {
        "provisional": record.provisional,
        "id": c.patient_id,
        "score": c.score,
        "basis": c.basis,
        "given_name": d.given_name,
        "family_name": d.family_name,
        "birth_date": d.birth_date.isoformat(),
        "postcode": d.postcode,
    }


def open_record(
    engine: Engine, keyring: Keyring, patient_id: str, viewer: Viewer, break_glass: str | None, part: str = "record"
) -> Opened:
    now = utcnow()
    with session_scope(engine) as session:
        record = records.load(session, keyring, patient_id)
        how = access.basis(session, viewer, patient_id, break_glass, now)
        access.log_read(session, keyring, viewer, patient_id, part, how, break_glass)
        return Opened(
            record,
            how,
            summary.summary_for(session, keyring, patient_id),
            encounters.recent(session, patient_id),
            encounters.prefill(session, patient_id, now),
        )


def correct(
    engine: Engine,
    keyring: Keyring,
    patient_id: str,
    changes: dict[str, Any],
    viewer: Viewer,
    break_glass: str | None,
    reason: str | None,
) -> records.Record:
    with session_scope(engine) as session:
        records.load(session, keyring, patient_id)
        access.basis(session, viewer, patient_id, break_glass, utcnow())
        return records.correct(session, keyring, patient_id, changes, viewer.actor, reason)


def record_entry(
    engine: Engine,
    keyring: Keyring,
    patient_id: str,
    kind: EntryKind,
    body: dict[str, Any],
    viewer: Viewer,
    break_glass: str | None,
) -> summary.Entry:
    with session_scope(engine) as session:
        records.load(session, keyring, patient_id)
        access.basis(session, viewer, patient_id, break_glass, utcnow())
        return summary.add(session, keyring, patient_id, kind, body, viewer.actor)


def edit_entry(
    engine: Engine,
    keyring: Keyring,
    patient_id: str,
    entry_id: str,
    checked: Callable[[EntryKind], dict[str, Any]],
    viewer: Viewer,
    break_glass: str | None,
) -> summary.Entry:
    """A new version of an entry; `checked` gives the body validated for the entry's kind."""
    with session_scope(engine) as session:
        records.load(session, keyring, patient_id)
        access.basis(session, viewer, patient_id, break_glass, utcnow())
        kind = summary.kind_of(session, patient_id, entry_id)
        return summary.edit(session, keyring, patient_id, entry_id, checked(kind), viewer.actor)


def withdraw_entry(
    engine: Engine,
    keyring: Keyring,
    patient_id: str,
    entry_id: str,
    viewer: Viewer,
    break_glass: str | None,
    reason: str,
) -> None:
    with session_scope(engine) as session:
        records.load(session, keyring, patient_id)
        access.basis(session, viewer, patient_id, break_glass, utcnow())
        summary.withdraw(session, keyring, patient_id, entry_id, viewer.actor, reason)


def import_bundle(
    engine: Engine, keyring: Keyring, patient_id: str, data: dict[str, Any], viewer: Viewer, break_glass: str | None
) -> dict[str, Any]:
    """A GP system's summary from a FHIR Bundle: validated whole first, then saved in one transaction or not at all."""
    parsed = fhir.parse_bundle(data)
    with session_scope(engine) as session:
        d = records.load(session, keyring, patient_id).demographics
        access.basis(session, viewer, patient_id, break_glass, utcnow())
        found, skipped = fhir.entries_from(parsed, d.nhs_number)
        made = [summary.add(session, keyring, patient_id, k, b, viewer.actor, source="fhir") for k, b in found]
        return {"imported": len(made), "skipped": sorted(skipped), "entries": [e.as_json() for e in made]}


def link(
    engine: Engine,
    keyring: Keyring,
    patient_id: str,
    kind: EncounterKind,
    ref_id: str | None,
    viewer: Viewer,
) -> dict[str, Any]:
    """Opening a CALL needs no prior relationship: confirming identity with the caller is what makes one.
    Linking anything else needs one (or break glass), like any other change to the record."""
    with session_scope(engine) as session:
        records.load(session, keyring, patient_id)
        if kind is not EncounterKind.CALL:
            access.basis(session, viewer, patient_id, None, utcnow())
        made = encounters.link(session, patient_id, kind, ref_id, viewer.actor)
        return {"id": made.id, "kind": made.kind.value, "ref_id": made.ref_id, "at": made.created_at}


def access_log(engine: Engine, keyring: Keyring, patient_id: str) -> list[dict[str, Any]]:
    with session_scope(engine) as session:
        records.load(session, keyring, patient_id)
        return access.access_log(session, keyring, patient_id)


def export(
    engine: Engine, keyring: Keyring, patient_id: str, viewer: Viewer, break_glass: str | None
) -> dict[str, Any]:
    """A subject access request: the whole record (identity, every summary entry ever, encounters, corrections)
    as a FHIR collection Bundle. Logged as a read of part "export"."""
    now: datetime = utcnow()
    with session_scope(engine) as session:
        record = records.load(session, keyring, patient_id)
        how = access.basis(session, viewer, patient_id, break_glass, now)
        access.log_read(session, keyring, viewer, patient_id, "export", how, break_glass)
        history = [e.as_json() for e in summary.entries(session, keyring, patient_id, everything=True)]
        seen = encounters.recent(session, patient_id, limit=10_000)
        revisions = records.revisions(session, keyring, patient_id)
    resources = [
        fhir.patient_resource(patient_id, record.demographics),
        *(fhir.entry_resource(patient_id, e) for e in history),
        *(fhir.encounter_resource(patient_id, e) for e in seen),
        *(fhir.correction_resource(patient_id, r) for r in revisions),
    ]
    return fhir.bundle("collection", resources).model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True, slots=True)
class Handover:
    """What the receiving service gets with a booking: the booking, its service and triage, and (when the
    patient is known) the FHIR resources of their record: Patient, summary entries and Encounters."""

    booking: Booking
    service: Service
    triage: TriageRecord | None
    patient_id: str | None
    resources: list[dict[str, Any]]


def handover(engine: Engine, keyring: Keyring, booking_id: str, viewer: Viewer, break_glass: str | None) -> Handover:
    """A provider sees only its own services' bookings (anything else is unknown to it); the patient's record comes
    with it under the usual rules (a provider with the booking has a relationship), and the read is logged."""
    with session_scope(engine) as session:
        booking = session.get(Booking, booking_id)
        service = session.get(Service, booking.service_id) if booking else None
        if (
            booking is None
            or service is None
            or (viewer.role is Role.PROVIDER and service.provider_id != viewer.provider_id)
        ):
            raise UnknownBooking(f"No booking {booking_id!r}.")
        triage = session.get(TriageRecord, booking.triage_id) if booking.triage_id else None
        patient_id = encounters.patient_of_booking(session, booking)
        if patient_id is None:
            return Handover(booking, service, triage, None, [])
        how = access.basis(session, viewer, patient_id, break_glass, utcnow())
        access.log_read(session, keyring, viewer, patient_id, "handover", how, break_glass)
        return Handover(booking, service, triage, patient_id, _resources(session, keyring, patient_id))


def _resources(session: Session, keyring: Keyring, patient_id: str) -> list[dict[str, Any]]:
    record = records.load(session, keyring, patient_id)
    return [
        fhir.patient_resource(patient_id, record.demographics),
        *(fhir.entry_resource(patient_id, e.as_json()) for e in summary.entries(session, keyring, patient_id)),
        *(fhir.encounter_resource(patient_id, e) for e in encounters.recent(session, patient_id)),
    ]


def fhir_patients(engine: Engine, keyring: Keyring, nhs_number: str, viewer: Viewer) -> list[dict[str, Any]]:
    """FHIR Patient search by NHS number: the trace, as Patient resources (each logged as a trace)."""
    with session_scope(engine) as session:
        found = records.search(session, keyring, matching.Query(nhs_number=nhs_number))
        access.log_trace(session, viewer, [c.patient_id for c in found])
        return [
            fhir.patient_resource(c.patient_id, records.load(session, keyring, c.patient_id).demographics)
            for c in found
        ]


def chat_details(engine: Engine, keyring: Keyring, given: Demographics, chat_session_id: str, actor: str) -> str:
    """A patient gives their details in a chat so that confirmations and changes can reach them. The record is
    provisional (never matched to, merged with or shown against an existing one by the chat: staff confirm it),
    and the chat's triage records join it. Giving details twice in one chat is refused."""
    with session_scope(engine) as session:
        if encounters.chat_patient(session, chat_session_id) is not None:
            raise DetailsAlreadyGiven("This chat has already given its details.")
        record = records.create(session, keyring, given, actor, confirm_new_person=True)
        session.flush()
        encounters.link(session, record.id, EncounterKind.CHAT, chat_session_id, actor)
        for triage_id in encounters.triages_by(session, actor):
            encounters.link(session, record.id, EncounterKind.TRIAGE, triage_id, actor)
        return record.id


def chat_access_log(engine: Engine, keyring: Keyring, chat_session_id: str) -> list[dict[str, Any]]:
    """Who looked at the record a chat's details made: the patient sees it from that chat."""
    with session_scope(engine) as session:
        patient_id = encounters.chat_patient(session, chat_session_id)
        if patient_id is None:
            raise UnknownPatient("This chat has not given any details, so there is no record to show.")
        return access.access_log(session, keyring, patient_id)
