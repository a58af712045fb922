"""Patient record bodies: identity in and out, search results, summary entries, encounters, the access log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.patient_tables import EncounterKind
from models.text import Line, Text, check_json
from patients.demographics import Demographics
from patients.records import Record

BUNDLE_EXAMPLE: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "resource": {
                "resourceType": "AllergyIntolerance",
                "patient": {"reference": "Patient/1"},
                "code": {"text": "Penicillin"},
                "reaction": [{"manifestation": [{"text": "rash"}], "severity": "moderate"}],
            }
        }
    ],
}
Name = Field(min_length=1, max_length=100)
TextField = Field(min_length=1, max_length=1000)
EXAMPLE: dict[str, Any] = {
    "nhs_number": "943 476 5919",
    "given_name": "Ada",
    "family_name": "Quillfeather",
    "birth_date": "1968-04-02",
    "sex": "female",
    "postcode": "LS1 4AP",
    "phone": "07700 900123",
}


class PatientFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nhs_number: Line | None = Field(default=None, min_length=10, max_length=12, description="10 digits, spaces allowed")
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    gender: Line | None = Field(default=None, max_length=100, description="In the patient's words, if not `sex`")
    postcode: Line | None = Field(default=None, min_length=5, max_length=8, pattern=r"^[A-Za-z0-9 ]+$")
    phone: Line | None = Field(default=None, min_length=6, max_length=20, pattern=r"^\+?[0-9 ()-]+$")
    email: Line | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    gp_practice: Line | None = Field(default=None, min_length=3, max_length=10, description="ODS code of the practice")
    language: Line | None = Field(default=None, min_length=2, max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$")
    interpreter_needed: bool = False
    adjustments: list[Text] = Field(default_factory=list, max_length=10)


class PatientIn(PatientFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    given_name: Line = Name
    family_name: Line = Name
    birth_date: date
    confirm_new_person: bool = Field(
        default=False, description="The caller confirmed they are not the near match we hold: make a new record"
    )

    def demographics(self) -> Demographics:
        return Demographics(**self.model_dump(exclude={"confirm_new_person"}))


class PatientPatch(BaseModel):
    """A correction: only the fields sent change; `reason` is kept with the old values."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"family_name": "Quill", "reason": "caller spelt it"}]}
    )

    given_name: Line | None = Field(default=None, min_length=1, max_length=100)
    family_name: Line | None = Field(default=None, min_length=1, max_length=100)
    birth_date: date | None = None
    nhs_number: Line | None = Field(default=None, min_length=10, max_length=12)
    sex: Literal["female", "male", "other", "unknown"] | None = None
    gender: Line | None = Field(default=None, max_length=100)
    postcode: Line | None = Field(default=None, min_length=5, max_length=8, pattern=r"^[A-Za-z0-9 ]+$")
    phone: Line | None = Field(default=None, min_length=6, max_length=20, pattern=r"^\+?[0-9 ()-]+$")
    email: Line | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    gp_practice: Line | None = Field(default=None, min_length=3, max_length=10)
    language: Line | None = Field(default=None, min_length=2, max_length=35)
    interpreter_needed: bool | None = None
    adjustments: list[Text] | None = Field(default=None, max_length=10)
    reason: Text | None = Field(default=None, max_length=500, description="Why the record is corrected")

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True, exclude={"reason"})


class PatientOut(BaseModel):
    id: str
    provisional: bool = Field(description="Given by the patient in a chat, not yet confirmed by staff")
    version: int
    created_at: datetime
    updated_at: datetime
    nhs_number: str | None
    given_name: str
    family_name: str
    birth_date: date
    sex: str
    gender: str | None
    postcode: str | None
    phone: str | None
    email: str | None
    gp_practice: str | None
    language: str | None
    interpreter_needed: bool
    adjustments: list[str]

    @classmethod
    def of(cls, record: Record) -> PatientOut:
        d = record.demographics.to_json()
        return cls.model_validate(
            {
                **d,
                "id": record.id,
                "provisional": record.provisional,
                "version": record.version,
                "created_at": record.created_at,
                "updated_at": record.updated_at,
            }
        )


class CandidateOut(BaseModel):
    id: str
    score: int = Field(description="100 NHS number; else 60 family name + birth date, +20 given name, +20 postcode")
    basis: str
    provisional: bool = Field(description="Given in a patient chat, not yet confirmed by staff")
    given_name: str
    family_name: str
    birth_date: date
    postcode: str | None


class SearchOut(BaseModel):
    candidates: list[CandidateOut]
    chosen: str | None = Field(description="Set only when exactly one candidate scores 90 or more")


class RecordOut(BaseModel):
    patient: PatientOut
    basis: str = Field(description="relationship, or break-glass (audited and reviewed)")
    summary: dict[str, Any]
    encounters: list[dict[str, Any]]
    prefill: dict[str, Any] = Field(description="Answers given in linked triages of the last 24 hours, to confirm")


class AllergyIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"substance": "Penicillin", "reaction": "rash", "severity": "moderate"}]},
    )
    substance: Line = Name
    reaction: Text | None = Field(default=None, max_length=200)
    severity: Literal["mild", "moderate", "severe"] | None = None


class MedicineIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Ramipril 5mg", "dose": "one daily"}]}
    )
    name: Line = Name
    dose: Line | None = Field(default=None, max_length=200)


class ConditionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Type 2 diabetes", "since": "2015-06-01"}]}
    )
    name: Line = Name
    since: date | None = None


class NoteIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"category": "dnacpr", "text": "DNACPR form held by the GP practice"}]},
    )
    category: Literal["end_of_life", "safeguarding", "dnacpr", "care_plan", "other"] = "other"
    text: Text = TextField


class ConsentIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"share": True, "recorded_from": "patient"}]}
    )
    share: bool = Field(description="Whether the patient agrees to share this record with those who care for them")
    recorded_from: Literal["patient", "representative", "clinician"] = "patient"


class EncounterIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"kind": "CALL"}]})
    kind: EncounterKind
    ref_id: Line | None = Field(default=None, max_length=64, description="Triage, booking, callback or chat id")


class AccessOut(BaseModel):
    at: datetime
    actor: str
    action: str
    part: str | None
    basis: str | None
    break_glass: bool
    reason: str | None


class EntryEdit(BaseModel):
    """A new version of a summary entry: the body its kind's POST takes (checked once the entry's kind is known)."""

    model_config = ConfigDict(
        extra="allow", json_schema_extra={"examples": [{"substance": "Penicillin", "severity": "severe"}]}
    )


class BundleIn(BaseModel):
    """A FHIR R4 Bundle; validated whole with fhir.resources before anything is read from it."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [BUNDLE_EXAMPLE]})

    resourceType: Literal["Bundle"]

    @model_validator(mode="after")
    def _no_control_characters(self) -> BundleIn:
        check_json(self.model_extra or {})
        return self


class EntryOut(BaseModel):
    """A summary entry: its kind's fields, plus who recorded it, where from, and which entry it replaces."""

    model_config = ConfigDict(extra="allow")

    id: str
    kind: str
    author: str
    source: str
    status: str
    recorded_at: datetime
    replaces_id: str | None


WHY = (
    "So that we can send you your booking confirmation and tell you if your appointment changes. Only the staff "
    "and services caring for you can see these details; giving them is up to you."
)


class ChatDetailsIn(BaseModel):
    """What a patient may give in a chat. No NHS number or practice: those are confirmed by staff, on a call."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "given_name": "Ada",
                    "family_name": "Quillfeather",
                    "birth_date": "1968-04-02",
                    "phone": "07700 900123",
                }
            ]
        },
    )

    given_name: Line = Name
    family_name: Line = Name
    birth_date: date
    postcode: Line | None = Field(default=None, min_length=5, max_length=8, pattern=r"^[A-Za-z0-9 ]+$")
    phone: Line | None = Field(default=None, min_length=6, max_length=20, pattern=r"^\+?[0-9 ()-]+$")
    email: Line | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    language: Line | None = Field(default=None, min_length=2, max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$")
    interpreter_needed: bool = False

    def demographics(self) -> Demographics:
        return Demographics(**self.model_dump())


class ChatDetailsOut(BaseModel):
    id: str
    provisional: bool
    why: str = Field(description="Why we ask, to show the patient")
