"""Patient identities in the database: create, find, correct. Values are sealed with the keyring on the way in
and opened on the way out; lookups go through keyed digests, so the database never holds a readable identifier.

Functions that write take a session and add to the caller's transaction (the web edge owns the one
`session_scope`, with the audit event and the read log); functions that read take a session too.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from models import audit
from models.crypto import Keyring
from models.patient_tables import Patient, PatientRevision
from models.tables import Service
from models.types import utcnow
from models.vocabulary import ServiceType
from patients import matching
from patients.demographics import Demographics, check, name_key, postcode, tidy
from patients.errors import DuplicatePatient, UnknownPatient, UnknownPractice

IDENTITY = "patients.identity"
NHS = "patients.nhs_number"
FAMILY_DOB = "patients.family_dob"
BEFORE = "patient_revisions.before"
REASON = "patient_revisions.reason"
PATIENT_ACTOR = "patient:"  # records a patient gave in a chat are provisional


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    demographics: Demographics
    version: int
    created_at: str
    updated_at: str
    provisional: bool  # given by the patient in a chat, not yet confirmed by staff: never trusted as identity


def nhs_digest(keyring: Keyring, number: str) -> str:
    return keyring.digest(number, NHS)


def match_digest(keyring: Keyring, family_name: str, birth_date: str) -> str:
    return keyring.digest(f"{name_key(family_name)}|{birth_date}", FAMILY_DOB)


def create(
    session: Session, keyring: Keyring, given: Demographics, actor: str, confirm_new_person: bool = False
) -> Record:
    """A new record; refused naming the field for a bad value, or naming the candidates for a possible duplicate."""
    d = _valid(session, given)
    _refuse_duplicates(session, keyring, d, confirm_new_person)
    row = Patient(id=str(uuid.uuid4()), sealed="", match_digest="", created_by=actor)
    _seal_into(row, keyring, d)
    session.add(row)
    audit.record(session, actor, "patient.created", ("patient", row.id), {"confirmed_new_person": confirm_new_person})
    return _record(row, d)


def correct(
    session: Session, keyring: Keyring, patient_id: str, changes: dict[str, Any], actor: str, reason: str | None
) -> Record:
    """Rectify the identity: the old values are kept sealed in a revision with who changed what and why."""
    row = row_of(session, patient_id)
    before = _open(row, keyring)
    after = _valid(session, before.corrected(changes))
    changed = before.changed_fields(after)
    if not changed:
        return _record(row, before)
    if "nhs_number" in changed and after.nhs_number:
        _refuse_duplicates(session, keyring, after, False, exclude=patient_id, nhs_only=True)
    row.version += 1
    session.add(_revision(keyring, row, before, changed, actor, reason))
    _seal_into(row, keyring, after)
    row.updated_at = utcnow()
    session.add(row)
    audit.record(session, actor, "patient.corrected", ("patient", row.id), {"fields": changed}, reason=None)
    return _record(row, after)


def load(session: Session, keyring: Keyring, patient_id: str) -> Record:
    row = row_of(session, patient_id)
    return _record(row, _open(row, keyring))


def search(session: Session, keyring: Keyring, query: matching.Query) -> list[matching.Candidate]:
    """Candidates for an NHS number, or for family name + date of birth (scored with given name and postcode)."""
    query = matching.Query(
        query.nhs_number,
        query.family_name,
        query.given_name,
        query.birth_date,
        postcode(query.postcode) if query.postcode else None,
    )
    rows: list[Patient] = []
    if query.nhs_number:
        rows += session.exec(select(Patient).where(Patient.nhs_digest == nhs_digest(keyring, query.nhs_number))).all()
    if query.family_name and query.birth_date:
        digest = match_digest(keyring, query.family_name, query.birth_date)
        rows += session.exec(select(Patient).where(Patient.match_digest == digest).limit(50)).all()
    unique = {row.id: row for row in rows}
    return matching.ranked([(pid, _open(row, keyring)) for pid, row in unique.items()], query)


def revisions(session: Session, keyring: Keyring, patient_id: str) -> list[dict[str, Any]]:
    """Every correction, oldest first, with the values before it (for a subject access request)."""
    rows = session.exec(
        select(PatientRevision).where(PatientRevision.patient_id == patient_id).order_by(col(PatientRevision.id))
    ).all()
    return [
        {
            "version": r.version,
            "author": r.author,
            "at": r.at.isoformat(),
            "changed": list(r.changed),
            "before": {k: v for k, v in json.loads(keyring.open(r.sealed_before, BEFORE)).items() if k in r.changed},
            "reason": keyring.open(r.sealed_reason, REASON) if r.sealed_reason else None,
        }
        for r in rows
    ]


def contact_for(session: Session, keyring: Keyring, patient_id: str) -> dict[str, str | None]:
    """How to reach the patient (for notify): {"phone": ..., "email": ..., "language": ...}; None where unknown."""
    d = load(session, keyring, patient_id).demographics
    return {"phone": d.phone, "email": d.email, "language": d.language}


def postcode_sectors(session: Session, keyring: Keyring, patient_ids: Sequence[str]) -> dict[str, str]:
    """Patient id -> the postcode sector of their address ("LS1 4AP" -> "LS1 4"), for statistics (insight): the
    full postcode never leaves this module. Patients with no postcode are left out."""
    out: dict[str, str] = {}
    for start in range(0, len(patient_ids), 500):
        rows = session.exec(select(Patient).where(col(Patient.id).in_(list(patient_ids[start : start + 500]))))
        for row in rows:
            code = _open(row, keyring).postcode
            if code and " " in code:
                out[row.id] = code[:-2]  # canonical "OUTWARD INWARD": the sector keeps the inward code's digit
    return out


def registered_practice(session: Session, patient_id: str) -> str | None:
    """The ODS code of the patient's registered GP practice (for routing), without opening anything sealed."""
    return row_of(session, patient_id).gp_practice


def practice_known(session: Session, ods_code: str) -> bool:
    found = select(Service.id).where(Service.ods_code == ods_code, Service.type == ServiceType.GP_PRACTICE)
    return session.exec(found.limit(1)).first() is not None


def _valid(session: Session, given: Demographics) -> Demographics:
    d = tidy(given)
    check(d, date.today())
    if d.gp_practice and not practice_known(session, d.gp_practice):
        raise UnknownPractice("gp_practice", "is not a GP practice in the directory: check the ODS code")
    return d


def _refuse_duplicates(
    session: Session,
    keyring: Keyring,
    d: Demographics,
    confirmed: bool,
    exclude: str | None = None,
    nhs_only: bool = False,
) -> None:
    query = matching.as_query(d) if not nhs_only else matching.Query(nhs_number=d.nhs_number)
    found = [c for c in search(session, keyring, query) if c.patient_id != exclude]
    same_number = [c.patient_id for c in found if c.basis == "nhs_number"]
    if same_number:
        raise DuplicatePatient("nhs_number: a record with this NHS number already exists", same_number)
    likely = [c.patient_id for c in found if c.score >= matching.DUPLICATE]
    if likely and not confirmed:
        raise DuplicatePatient(
            "This looks like a person already on record: open the candidate, or send confirm_new_person: true "
            "once the caller has confirmed they are someone else.",
            likely,
        )


def _seal_into(row: Patient, keyring: Keyring, d: Demographics) -> None:
    row.sealed = keyring.seal(json.dumps(d.to_json()), IDENTITY)
    row.nhs_digest = nhs_digest(keyring, d.nhs_number) if d.nhs_number else None
    row.match_digest = match_digest(keyring, d.family_name, d.birth_date.isoformat())
    row.gp_practice = d.gp_practice


def _revision(
    keyring: Keyring, row: Patient, before: Demographics, changed: list[str], actor: str, reason: str | None
) -> PatientRevision:
    return PatientRevision(
        patient_id=row.id,
        version=row.version,
        author=actor,
        changed=changed,
        sealed_before=keyring.seal(json.dumps(before.to_json()), BEFORE),
        sealed_reason=keyring.seal(reason, REASON) if reason else None,
    )


def row_of(session: Session, patient_id: str) -> Patient:
    row = session.get(Patient, patient_id)
    if row is None:
        raise UnknownPatient(f"No patient record {patient_id!r}.")
    return row


def _open(row: Patient, keyring: Keyring) -> Demographics:
    return Demographics.from_json(json.loads(keyring.open(row.sealed, IDENTITY)))


def _record(row: Patient, d: Demographics) -> Record:
    provisional = row.created_by.startswith(PATIENT_ACTOR)
    return Record(row.id, d, row.version, row.created_at.isoformat(), row.updated_at.isoformat(), provisional)
