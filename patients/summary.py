"""The shared summary: allergies, current medicines, long-term conditions, special notes and consent to share.

Each item is one sealed entry with its author. An edit writes a new entry that supersedes the old; a withdrawal
marks it entered in error. Nothing is deleted: clinical history is kept (docs/security.md, retention).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from models import audit
from models.crypto import Keyring
from models.patient_tables import EntryKind, EntryStatus, PatientEntry
from models.types import utcnow
from patients.errors import UnknownEntry
from patients.records import load

BODY = "patient_entries.body"
REASON = "audit_events.reason"  # the same context as patients.access.REASON: one column, one context
SECTIONS = {
    EntryKind.ALLERGY: "allergies",
    EntryKind.MEDICATION: "medicines",
    EntryKind.CONDITION: "conditions",
    EntryKind.NOTE: "notes",
    EntryKind.CONSENT: "consent",
}


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: EntryKind
    body: dict[str, Any]
    author: str
    source: str
    status: EntryStatus
    created_at: str
    replaces_id: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            **self.body,
            "author": self.author,
            "source": self.source,
            "status": self.status.value,
            "recorded_at": self.created_at,
            "replaces_id": self.replaces_id,
        }


def add(
    session: Session,
    keyring: Keyring,
    patient_id: str,
    kind: EntryKind,
    body: dict[str, Any],
    author: str,
    source: str = "api",
    replaces: str | None = None,
) -> Entry:
    load(session, keyring, patient_id)  # an unknown patient is refused before anything is written
    row = PatientEntry(
        id=str(uuid.uuid4()),
        patient_id=patient_id,
        kind=kind,
        status=EntryStatus.CURRENT,
        sealed=keyring.seal(json.dumps(body), BODY),
        source=source,
        author=author,
        replaces_id=replaces,
    )
    session.add(row)
    detail = {"kind": kind.value, "entry": row.id, "source": source, "replaces": replaces}
    audit.record(session, author, "patient.summary.recorded", ("patient", patient_id), detail)
    return _entry(row, keyring)


def edit(
    session: Session, keyring: Keyring, patient_id: str, entry_id: str, body: dict[str, Any], author: str
) -> Entry:
    """Supersede a current entry with a new version of it; the old one stays in the history."""
    old = _current(session, patient_id, entry_id)
    _end(session, old, EntryStatus.SUPERSEDED)
    return add(session, keyring, patient_id, old.kind, body, author, replaces=old.id)


def withdraw(session: Session, keyring: Keyring, patient_id: str, entry_id: str, author: str, reason: str) -> None:
    """Mark an entry entered in error (kept, never deleted), with who and why in the audit trail."""
    _end(session, _current(session, patient_id, entry_id), EntryStatus.ENTERED_IN_ERROR)
    detail = {"entry": entry_id}
    sealed = keyring.seal(reason, REASON)
    audit.record(session, author, "patient.summary.withdrawn", ("patient", patient_id), detail, reason=sealed)


def entries(session: Session, keyring: Keyring, patient_id: str, everything: bool = False) -> list[Entry]:
    """Current entries (or, with `everything`, the whole history), oldest first."""
    query = select(PatientEntry).where(PatientEntry.patient_id == patient_id)
    if not everything:
        query = query.where(PatientEntry.status == EntryStatus.CURRENT)
    rows = session.exec(query.order_by(col(PatientEntry.created_at), col(PatientEntry.id))).all()
    return [_entry(row, keyring) for row in rows]


def summary_for(session: Session, keyring: Keyring, patient_id: str) -> dict[str, Any]:
    """The current summary as plain values, for whoever sees the patient next (the callback queue, a handover):
    {"allergies": [...], "medicines": [...], "conditions": [...], "notes": [...], "consent": {...} or None}.
    Reading it is a read of the record: the caller logs it (patients.access.log_read)."""
    grouped: dict[str, Any] = {name: [] for kind, name in SECTIONS.items() if kind is not EntryKind.CONSENT}
    grouped["consent"] = None
    for entry in entries(session, keyring, patient_id):
        if entry.kind is EntryKind.CONSENT:
            grouped["consent"] = entry.as_json()  # oldest first, so the newest consent wins
        else:
            grouped[SECTIONS[entry.kind]].append(entry.as_json())
    return grouped


def kind_of(session: Session, patient_id: str, entry_id: str) -> EntryKind:
    return _current(session, patient_id, entry_id).kind


def _current(session: Session, patient_id: str, entry_id: str) -> PatientEntry:
    row = session.get(PatientEntry, entry_id)
    if row is None or row.patient_id != patient_id or row.status is not EntryStatus.CURRENT:
        raise UnknownEntry(f"No current summary entry {entry_id!r} on this record.")
    return row


def _end(session: Session, row: PatientEntry, status: EntryStatus) -> None:
    row.status, row.ended_at = status, utcnow()
    session.add(row)


def _entry(row: PatientEntry, keyring: Keyring) -> Entry:
    return Entry(
        row.id,
        row.kind,
        json.loads(keyring.open(row.sealed, BODY)),
        row.author,
        row.source,
        row.status,
        row.created_at.isoformat(),
        row.replaces_id,
    )
