"""Triage over HTTP: score a report, keep the decision in the record, read it back by id.

POST honours an `Idempotency-Key`: the decision, its audit event and the key's answer commit in one
transaction, and a retry with the key hears the first decision (web/api/idempotency.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from identity.principal import Principal, check_owner
from models.database import blocking, read_session, session_scope
from models.patient_tables import EncounterKind
from models.tables import TriageRecord
from models.types import utcnow
from models.vocabulary import Acuity, Disposition, Role
from patients import access
from patients.access import Viewer
from patients.errors import NoRelationship, UnknownPatient
from routing.idempotency import Once, claim, keep
from triage import records
from triage.errors import ModelUnavailable
from triage.records import UnknownTriage
from triage.schemas import TriageReport
from triage.service import Triager
from web.api.idempotency import REPLAYED, KeyHeader, answer, keyed
from web.auth import STAFF, allow
from web.deps import EngineDep, TriagerDep
from web.errors import problem_responses
from web.metrics import TRIAGE_DECISIONS

router = APIRouter(prefix="/v1/triage", tags=["triage"])

PatientQuery = Annotated[
    str | None, Query(max_length=36, description="Link the triage to this patient's record (an open call needed)")
]
# Staff and a patient's own chat; the record's actor is its owner, so a patient sees only its own.
Caller = Annotated[Principal, allow(*STAFF, Role.PATIENT)]


class TriageOut(BaseModel):
    id: str
    created_at: datetime
    disposition: Disposition
    acuity: Acuity
    time_to_care_minutes: int | None
    probabilities: dict[str, float]
    red_flags: list[str]
    explanation: list[dict[str, Any]]
    safety_netting: str
    model_version: str

    @classmethod
    def of(cls, row: TriageRecord) -> TriageOut:
        return cls.model_validate(row.model_dump(exclude={"report", "actor"}))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TriageOut,
    responses=problem_responses(ModelUnavailable, UnknownPatient, NoRelationship, *REPLAYED, body=True),
)
async def triage(
    who: Caller,
    report: TriageReport,
    engine: EngineDep,
    triager: TriagerDep,
    key: KeyHeader = None,
    patient_id: PatientQuery = None,
) -> JSONResponse:
    """Score a symptom report into a disposition; red-flag rules can raise its urgency, never lower it.

    With `patient_id` (a record you have an open call with) the triage is linked to the patient's record."""
    k = keyed(who.subject, key, "POST /v1/triage", {**report.model_dump(mode="json"), "patient_id": patient_id})
    patient = (Viewer(who.subject, who.role, who.provider_id), patient_id) if patient_id else None

    async def decide(once: Once[TriageRecord] | None) -> TriageRecord:
        row = await blocking(_decide, engine, triager, report, who.subject, once, patient)
        TRIAGE_DECISIONS.labels(row.disposition.value).inc()
        return row

    return await answer(engine, k, 201, TriageOut.of, decide)


def _decide(
    engine: Engine,
    triager: Triager,
    report: TriageReport,
    actor: str,
    once: Once[TriageRecord] | None,
    patient: tuple[Viewer, str] | None = None,
) -> TriageRecord:
    """Score the report, then keep the decision, its audit event, its link to the patient (when known) and the
    key's answer in one transaction."""
    result = triager.assess(report)
    with session_scope(engine) as session:
        claim(session, once)
        row = records.add(session, report, result, actor)
        if patient is not None:
            access.attach(session, patient[0], patient[1], EncounterKind.TRIAGE, row.id, utcnow())
        return keep(session, once, row)


@router.get("/{triage_id}", response_model=TriageOut, responses=problem_responses(UnknownTriage))
async def triage_record(who: Caller, triage_id: str, engine: EngineDep) -> TriageOut:
    row = await blocking(_load, engine, triage_id)
    check_owner(who, row.actor, "triage record")
    return TriageOut.of(row)


def _load(engine: Engine, triage_id: str) -> TriageRecord:
    with read_session(engine) as session:
        return records.load(session, triage_id)
