"""Reading the queue: clinicians see every open item, a call handler the ones they queued; most urgent first.

The list carries what a clinician needs to choose (band, deadline, skill, disposition, triage flags) and no
patient-identifying data; one item's detail opens the caller's name and number and the patient's own words,
and that read is audited. An item carries `patient_id` when its triage was linked to a patient on record (or the
handler named one); its detail then shows the patient's summary to whoever has a legitimate relationship
(`patients.access`: a clinician while the item is queued), and that read is logged on the patient's record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from clinical.deadlines import DeadlineState, deadline_state
from clinical.errors import UnknownCallback
from models.audit import record
from models.crypto import Keyring
from models.database import read_session, session_scope
from models.routing_tables import CallbackAttempt, CallbackRequest, CallbackStatus, ClinicalAssessment
from models.tables import TriageRecord
from models.types import utcnow
from models.vocabulary import Role
from patients import access
from patients.records import load
from patients.summary import summary_for
from routing.callbacks import NAME_CONTEXT, PHONE_CONTEXT

NOTE_CONTEXT = "attempts.note"
HISTORY_CONTEXT = "assessments.history"
REASONING_CONTEXT = "assessments.reasoning"
LOWERING_CONTEXT = "assessments.lowering_reason"


@dataclass(frozen=True, slots=True)
class Viewer:
    subject: str
    sees_all: bool  # clinicians and admins; a call handler sees only what they queued
    role: Role | None = None  # for the patient record's access rules; None: the summary is not shown


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the queue."""

    item: CallbackRequest
    state: DeadlineState
    holder: str | None  # whoever holds a live lease; None once it lapses
    red_flags: list[str]


@dataclass(frozen=True, slots=True)
class Detail:
    entry: Entry
    caller_name: str | None
    callback_phone: str | None
    patient_id: str | None
    triage: TriageRecord | None
    attempts: list[tuple[CallbackAttempt, str | None]]  # each attempt and its opened note
    assessment: ClinicalAssessment | None
    assessment_text: dict[str, str | None]  # the assessment's opened free text
    patient_summary: dict[str, Any] | None = None  # allergies, medicines, conditions, notes: read and logged


def entries(engine: Engine, viewer: Viewer, limit: int = 100, now: datetime | None = None) -> list[Entry]:
    """Open and claimed items, most urgent band first, then the nearest deadline."""
    with read_session(engine) as session:
        query = select(CallbackRequest, TriageRecord.red_flags).outerjoin(
            TriageRecord, col(TriageRecord.id) == col(CallbackRequest.triage_id)
        )
        query = query.where(CallbackRequest.status != CallbackStatus.CLOSED)
        if not viewer.sees_all:
            query = query.where(CallbackRequest.actor == viewer.subject)
        order = (col(CallbackRequest.band), col(CallbackRequest.deadline), col(CallbackRequest.id))
        rows = session.exec(query.order_by(*order).limit(limit)).all()
    now = now or utcnow()
    return [entry(row, now, list(flags or [])) for row, flags in rows]


def entry(row: CallbackRequest, now: datetime, red_flags: list[str] | None = None) -> Entry:
    live = row.claimed_by is not None and row.lease_until is not None and row.lease_until >= now
    return Entry(row, deadline_state(row.deadline, row.band, now), row.claimed_by if live else None, red_flags or [])


def detail(engine: Engine, keyring: Keyring, callback_id: str, viewer: Viewer, now: datetime | None = None) -> Detail:
    """One item with the caller's details opened; the read is audited (it shows patient data)."""
    with session_scope(engine) as session:
        now = now or utcnow()
        found = read_detail(session, keyring, callback_id, viewer, now)
        record(session, viewer.subject, "callback.viewed", ("callback", callback_id))
        return replace(found, patient_summary=_summary(session, keyring, found.patient_id, viewer, now))


def _summary(
    session: Session, keyring: Keyring, patient_id: str | None, viewer: Viewer, now: datetime
) -> dict[str, Any] | None:
    """The patient's summary for a viewer with a legitimate relationship, the read logged on the record; None for
    anyone else (they open the record itself, breaking glass if they must)."""
    if patient_id is None or viewer.role is None:
        return None
    who = access.Viewer(viewer.subject, viewer.role)
    if not access.related(session, who, patient_id, now):
        return None
    access.log_read(session, keyring, who, patient_id, "summary", "relationship", None)
    provisional = load(session, keyring, patient_id).provisional  # given in a chat: identity not confirmed
    return {**summary_for(session, keyring, patient_id), "provisional": provisional}


def read_detail(session: Session, keyring: Keyring, callback_id: str, viewer: Viewer, now: datetime) -> Detail:
    row = session.get(CallbackRequest, callback_id, populate_existing=True)
    if row is None or not (viewer.sees_all or row.actor == viewer.subject):
        raise UnknownCallback(callback_id)  # a handler does not learn that others' items exist
    triage = session.get(TriageRecord, row.triage_id) if row.triage_id else None
    attempts = session.exec(
        select(CallbackAttempt).where(CallbackAttempt.callback_id == callback_id).order_by(col(CallbackAttempt.id))
    ).all()
    assessment = latest_assessment(session, callback_id)
    return Detail(
        entry=entry(row, now, list(triage.red_flags) if triage else []),
        caller_name=_open(keyring, row.caller_name, NAME_CONTEXT),
        callback_phone=_open(keyring, row.callback_phone, PHONE_CONTEXT),
        patient_id=row.patient_id,
        triage=triage,
        attempts=[(a, _open(keyring, a.note, NOTE_CONTEXT)) for a in attempts],
        assessment=assessment,
        assessment_text=_assessment_text(keyring, assessment),
    )


def latest_assessment(session: Session, callback_id: str) -> ClinicalAssessment | None:
    query = select(ClinicalAssessment).where(ClinicalAssessment.callback_id == callback_id)
    return session.exec(query.order_by(col(ClinicalAssessment.at).desc()).limit(1)).first()


def _assessment_text(keyring: Keyring, found: ClinicalAssessment | None) -> dict[str, str | None]:
    if found is None:
        return {}
    return {
        "history": _open(keyring, found.history, HISTORY_CONTEXT),
        "reasoning": _open(keyring, found.reasoning, REASONING_CONTEXT),
        "lowering_reason": _open(keyring, found.lowering_reason, LOWERING_CONTEXT),
    }


def _open(keyring: Keyring, sealed: str | None, context: str) -> str | None:
    return None if sealed is None else keyring.open(sealed, context)
