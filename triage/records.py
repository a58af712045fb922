"""Triage decisions as clinical records: saved with their report and an audit event, read back by id."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from models.audit import record
from models.errors import NotFound
from models.tables import TriageRecord
from triage.schemas import TriageReport, TriageResult


class UnknownTriage(NotFound):
    def __init__(self, triage_id: str) -> None:
        super().__init__(f"No triage record has the id {triage_id!r}.")


def save(session: Session, report: TriageReport, result: TriageResult, actor: str) -> TriageRecord:
    """Store the decision and audit it in one transaction, so neither exists without the other."""
    row = add(session, report, result, actor)
    session.commit()
    return row


def add(session: Session, report: TriageReport, result: TriageResult, actor: str) -> TriageRecord:
    """The decision and its audit event, in the caller's transaction (commit is the caller's)."""
    row = TriageRecord(
        id=str(uuid.uuid4()),
        actor=actor,
        disposition=result.disposition,
        acuity=result.acuity,
        time_to_care_minutes=result.time_to_care_minutes,
        model_version=result.model_version,
        probabilities={str(k): v for k, v in result.probabilities.items()},
        red_flags=list(result.red_flags),
        explanation=[item.model_dump() for item in result.explanation],
        safety_netting=result.safety_netting,
        report=report.model_dump(mode="json"),
    )
    session.add(row)
    record(session, actor, "triage.decided", ("triage", row.id), _audit_detail(result), model_version=row.model_version)
    return row


def _audit_detail(result: TriageResult) -> dict[str, object]:
    # What was decided and why, never what the patient said: the report stays in the clinical record only.
    return {
        "disposition": str(result.disposition),
        "model_disposition": str(result.model_disposition),
        "red_flags": len(result.red_flags),
    }


def load(session: Session, triage_id: str) -> TriageRecord:
    row = session.get(TriageRecord, triage_id)
    if row is None:
        raise UnknownTriage(triage_id)
    return row
