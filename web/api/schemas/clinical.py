"""The clinical hub's bodies: the queue, one item's detail, claims, call attempts and assessments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from clinical.assessment import AssessmentInput, AssessmentOutcome
from clinical.attempts import Attempted
from clinical.contact import CallResult, GiveUp, Retry
from clinical.deadlines import DeadlineState
from clinical.queue import Detail, Entry, entry
from models.routing_tables import CallbackStatus
from models.text import Line, Text
from models.types import utcnow
from models.vocabulary import Disposition
from routing.callbacks import Caller, Skill
from triage.schemas import Observations
from web.api.schemas.routing import Out


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CallbackOut(Out):
    """One line of the queue: enough to choose, nothing that identifies the patient."""

    id: str
    created_at: datetime
    status: CallbackStatus
    disposition: Disposition
    band: int
    skill: str
    deadline: datetime
    deadline_state: DeadlineState
    area: str
    reason: str
    queued_by: str
    triage_id: str | None
    patient_id: str | None
    red_flags: list[str]
    holder: str | None
    lease_until: datetime | None
    failed_attempts: int
    next_attempt_at: datetime | None
    outcome: str | None

    @classmethod
    def from_entry(cls, e: Entry) -> CallbackOut:
        row = e.item
        fields = {name: getattr(row, name) for name in cls.model_fields if hasattr(row, name)}
        extra = {"deadline_state": e.state, "holder": e.holder, "queued_by": row.actor, "red_flags": e.red_flags}
        return cls.model_validate({**fields, **extra, "lease_until": row.lease_until if e.holder else None})


class AttemptOut(Out):
    number: int
    at: datetime
    clinician: str
    result: CallResult
    note: str | None


class AssessmentOut(Out):
    id: str
    at: datetime
    clinician: str
    history: str | None = None
    observations: dict[str, Any]
    news2: int | None
    prior: Disposition
    disposition: Disposition
    reasoning: str | None = None
    lowering_reason: str | None = None
    safety_netting: str
    outcome: AssessmentOutcome


class TriageSummaryOut(BaseModel):
    id: str
    disposition: Disposition
    text: str
    age: float | None
    red_flags: list[str]
    model_version: str
    safety_netting: str


class CallbackDetailOut(CallbackOut):
    caller_name: str | None
    callback_phone: str | None
    patient: dict[str, Any] | None = Field(
        default=None,
        description="The linked patient's summary (allergies, medicines, conditions, notes, consent; `provisional`: "
        "given in a chat), shown to a clinician while the item is queued, the read logged on the record; null when "
        "no patient is linked",
    )
    triage: TriageSummaryOut | None
    attempts: list[AttemptOut]
    assessment: AssessmentOut | None

    @classmethod
    def from_detail(cls, d: Detail) -> CallbackDetailOut:
        base = CallbackOut.from_entry(d.entry).model_dump()
        triage = None
        if d.triage is not None:
            t = d.triage
            report = t.report or {}
            triage = TriageSummaryOut(
                id=t.id,
                disposition=t.disposition,
                text=str(report.get("text", "")),
                age=report.get("age"),
                red_flags=list(t.red_flags),
                model_version=t.model_version,
                safety_netting=t.safety_netting,
            )
        attempts = [
            AttemptOut(number=a.number, at=a.at, clinician=a.clinician, result=CallResult(a.result), note=note)
            for a, note in d.attempts
        ]
        assessment = None
        if d.assessment is not None:
            assessment = AssessmentOut.model_validate({**d.assessment.model_dump(), **d.assessment_text})
        return cls.model_validate(
            {
                **base,
                "caller_name": d.caller_name,
                "callback_phone": d.callback_phone,
                "patient": None if d.patient_summary is None else {"id": d.patient_id, **d.patient_summary},
                "triage": triage,
                "attempts": attempts,
                "assessment": assessment,
            }
        )


class CallbackIn(_In):
    """A call handler queues a patient for a clinician's call back."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"triage_id": "…", "postcode": "LS1 4AP", "caller_name": "Sam Patel", "callback_phone": "07700 900123"}
            ]
        },
    )

    triage_id: Line | None = Field(default=None, max_length=36)
    disposition: Disposition | None = Field(default=None, description="Give this or triage_id")
    postcode: Line = Field(min_length=2, max_length=12)
    caller_name: Line = Field(min_length=1, max_length=200)
    callback_phone: Line = Field(min_length=6, max_length=40, pattern=r"^\+?[0-9 ()-]{6,40}$")
    skill: Skill | None = None
    reason: Text = Field(default="Queued by the call handler for a clinician's call back.", max_length=500)
    patient_id: Line | None = Field(default=None, max_length=36)

    @model_validator(mode="after")
    def one_source(self) -> CallbackIn:
        if (self.disposition is None) == (self.triage_id is None):
            raise ValueError("give exactly one of disposition and triage_id")
        return self

    @property
    def caller(self) -> Caller:
        return Caller(self.caller_name, self.callback_phone)


class AttemptIn(_In):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"result": "NO_ANSWER", "note": "Rang 10 times, no voicemail"}]}
    )

    result: CallResult
    note: Text | None = Field(default=None, max_length=1000)


class AttemptResultOut(BaseModel):
    attempt: AttemptOut
    callback: CallbackOut
    retry_at: datetime | None
    failed_contact_action: str | None

    @classmethod
    def of(cls, done: Attempted, *, note: str | None) -> AttemptResultOut:
        a = done.attempt
        return cls(
            attempt=AttemptOut(number=a.number, at=a.at, clinician=a.clinician, result=CallResult(a.result), note=note),
            callback=CallbackOut.from_entry(entry(done.item, utcnow())),
            retry_at=done.next.at if isinstance(done.next, Retry) else None,
            failed_contact_action=done.next.action if isinstance(done.next, GiveUp) else None,
        )


class AssessmentIn(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "history": "Sore throat 3 days, eating and drinking, no breathing difficulty.",
                    "observations": {"temperature": 37.9, "pulse": 88},
                    "disposition": "PHARMACY",
                    "reasoning": "Centor 1; no red flags on questioning.",
                    "lowering_reason": "Clinical assessment found no features needing a GP today.",
                    "safety_netting": "Call 111 if you cannot swallow fluids or find breathing hard.",
                    "outcome": "BOOK",
                }
            ]
        },
    )

    history: Text = Field(min_length=1, max_length=5000)
    observations: Observations | None = None
    disposition: Disposition
    reasoning: Text = Field(min_length=1, max_length=5000)
    lowering_reason: Text | None = Field(default=None, max_length=500)
    safety_netting: Text = Field(min_length=1, max_length=2000)
    outcome: AssessmentOutcome

    def value(self) -> AssessmentInput:
        return AssessmentInput(
            self.history,
            self.observations,
            self.disposition,
            self.reasoning,
            self.safety_netting,
            self.outcome,
            self.lowering_reason,
        )


class ClinicalHoldIn(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"service_id": "FFP17-PHA", "window_start": "2026-12-06T10:00:00Z"}]},
    )

    service_id: Line = Field(max_length=24)
    window_start: AwareDatetime | None = None


class ClinicalBookIn(_In):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"hold_id": "7f9c2a4e-1b3d-4c5e-9f60-2a1b3c4d5e6f"}]}
    )

    hold_id: Line = Field(max_length=36)
