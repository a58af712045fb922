"""Triage over HTTP: score a report, keep the decision in the record, read it back by id."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, status
from pydantic import BaseModel

from identity.principal import Principal, check_owner
from models.tables import TriageRecord
from models.vocabulary import Acuity, Disposition, Role
from triage import records
from triage.errors import ModelUnavailable
from triage.records import UnknownTriage
from triage.schemas import TriageReport
from web.auth import STAFF, allow
from web.deps import SessionDep, TriagerDep
from web.errors import problem_responses
from web.metrics import TRIAGE_DECISIONS

router = APIRouter(prefix="/v1/triage", tags=["triage"])

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
    responses=problem_responses(ModelUnavailable, body=True),
)
def triage(who: Caller, report: TriageReport, session: SessionDep, triager: TriagerDep) -> TriageOut:
    """Score a symptom report into a disposition; red-flag rules can raise its urgency, never lower it."""
    record = records.save(session, report, triager.assess(report), who.subject)
    TRIAGE_DECISIONS.labels(record.disposition.value).inc()
    return TriageOut.of(record)


@router.get("/{triage_id}", response_model=TriageOut, responses=problem_responses(UnknownTriage))
def triage_record(who: Caller, triage_id: str, session: SessionDep) -> TriageOut:
    row = records.load(session, triage_id)
    check_owner(who, row.actor, "triage record")
    return TriageOut.of(row)
