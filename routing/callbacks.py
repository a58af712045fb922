"""The clinician callback queue: where every callback is written, with its priority band, deadline and skill.

Everything that queues a callback (routing when no service can see the patient in time, a CLINICAL_ASSESSMENT
triage, a call handler's choice, notify for an unreachable patient) goes through `enqueue`, so the terms of an
item are decided in one place. Working the queue (claims, call attempts, assessments) is clinical/'s.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from sqlmodel import Session, select

from models.audit import record
from models.crypto import Keyring
from models.routing_tables import CallbackRequest, CallbackStatus
from models.types import utcnow
from models.vocabulary import Acuity, Disposition
from patients.encounters import patient_of_triage

NAME_CONTEXT = "callbacks.caller_name"
PHONE_CONTEXT = "callbacks.phone"


class Band(IntEnum):
    """Priority bands, most urgent first: the queue is ordered by band, then by deadline."""

    EMERGENCY = 1
    URGENT = 2
    ROUTINE = 3


class Skill(StrEnum):
    """Who should make the call."""

    GP = "GP"
    NURSE = "NURSE"
    PARAMEDIC = "PARAMEDIC"
    PHARMACIST = "PHARMACIST"
    MENTAL_HEALTH = "MENTAL_HEALTH"
    DENTAL_NURSE = "DENTAL_NURSE"


# The longest a patient in each band should wait for a clinician's call (NHS 111 clinical callback standards:
# the most urgent within 20 minutes, "within the hour" for a clinical assessment, 2 hours for the rest).
CALLBACK_TARGET: dict[Band, timedelta] = {
    Band.EMERGENCY: timedelta(minutes=20),
    Band.URGENT: timedelta(hours=1),
    Band.ROUTINE: timedelta(hours=2),
}
BAND_OF_ACUITY: dict[Acuity, Band] = {
    Acuity.EMERGENCY: Band.EMERGENCY,
    Acuity.WITHIN_1_DAY: Band.URGENT,
    Acuity.WITHIN_1_WEEK: Band.ROUTINE,
    Acuity.SELF_CARE: Band.ROUTINE,
}
SKILL_OF: dict[Disposition, Skill] = {
    Disposition.CALL_999: Skill.PARAMEDIC,
    Disposition.ED: Skill.PARAMEDIC,
    Disposition.MENTAL_HEALTH_CRISIS: Skill.MENTAL_HEALTH,
    Disposition.CLINICAL_ASSESSMENT: Skill.NURSE,
    Disposition.UTC: Skill.NURSE,
    Disposition.GP_OOH: Skill.GP,
    Disposition.DENTAL: Skill.DENTAL_NURSE,
    Disposition.GP_ROUTINE: Skill.GP,
    Disposition.PHARMACY: Skill.PHARMACIST,
    Disposition.SELF_CARE: Skill.PHARMACIST,
}


@dataclass(frozen=True, slots=True)
class Caller:
    """Who the clinician calls back: sealed on the item, so the queue works without a patient record."""

    name: str
    phone: str


def band_of(disposition: Disposition) -> Band:
    return BAND_OF_ACUITY[disposition.acuity]


def deadline_for(disposition: Disposition, queued_at: datetime) -> datetime:
    """The band's callback target, or the disposition's own time to care if that is sooner."""
    target = CALLBACK_TARGET[band_of(disposition)]
    own = disposition.deadline
    return queued_at + (min(target, own) if own is not None else target)


def enqueue(
    session: Session,
    disposition: Disposition,
    area: str,
    reason: str,
    actor: str,
    triage_id: str | None = None,
    detail: dict[str, Any] | None = None,
    policy_version: str | None = None,
    *,
    caller: Caller | None = None,
    keyring: Keyring | None = None,
    skill: Skill | None = None,
    patient_id: str | None = None,
) -> CallbackRequest:
    """Queue a callback and audit it, in the caller's transaction (commit is the caller's).

    A triage already waiting in the queue is not queued twice: its open item is returned, given the caller's
    details if it had none. Caller details need the keyring that seals them. An item whose triage is linked to a
    patient on record carries the patient's id (the clinician sees their summary)."""
    existing = open_for_triage(session, triage_id)
    if existing is not None:
        if caller is not None and existing.callback_phone is None:
            _seal_caller(existing, caller, keyring)
            session.add(existing)
            record(session, actor, "callback.contact_added", ("callback", existing.id))
        return existing
    now = utcnow()
    row = CallbackRequest(
        id=str(uuid.uuid4()),
        created_at=now,
        status=CallbackStatus.OPEN,
        disposition=disposition,
        triage_id=triage_id,
        area=area[:8],
        reason=reason[:500],
        actor=actor,
        detail=detail or {},
        patient_id=patient_id or (patient_of_triage(session, triage_id) if triage_id else None),
        skill=(skill or SKILL_OF[disposition]).value,
        band=int(band_of(disposition)),
        deadline=deadline_for(disposition, now),
    )
    if caller is not None:
        _seal_caller(row, caller, keyring)
    audit = {"disposition": disposition.value, "area": row.area, "policy": policy_version, "band": row.band}
    record(session, actor, "callback.queued", ("callback", row.id), audit, reason=row.reason)
    session.add(row)
    return row


def _seal_caller(row: CallbackRequest, caller: Caller, keyring: Keyring | None) -> None:
    if keyring is None:
        raise ValueError("caller details are patient data: give the keyring that seals them")
    row.caller_name = keyring.seal(caller.name.strip()[:200], NAME_CONTEXT)
    row.callback_phone = keyring.seal(caller.phone.strip()[:40], PHONE_CONTEXT)


def open_for_triage(session: Session, triage_id: str | None) -> CallbackRequest | None:
    if triage_id is None:
        return None
    query = select(CallbackRequest).where(
        CallbackRequest.triage_id == triage_id, CallbackRequest.status != CallbackStatus.CLOSED
    )
    return session.exec(query.limit(1)).first()
