"""The patient record over HTTP: register, trace, open (with the access rules), correct, the summary's
sub-resources, a GP system's FHIR import, encounters, the subject access export and the access log.

Routes only wire HTTP to patients/service.py. A reader without a legitimate relationship may break glass by
sending `One111-Break-Glass: <reason>`: allowed, audited with the reason, flagged for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from pydantic import BaseModel, ValidationError

from identity.principal import Principal
from models.database import blocking
from models.patient_tables import EntryKind
from models.vocabulary import Role
from patients import matching, service
from patients.access import Viewer
from patients.errors import (
    DetailsAlreadyGiven,
    DuplicatePatient,
    InvalidBundle,
    InvalidPatientField,
    NoRelationship,
    UnknownEntry,
    UnknownPatient,
    UnknownPractice,
)
from web.api.fhir import FhirResponse
from web.api.schemas.patients import (
    WHY,
    AccessOut,
    AllergyIn,
    BundleIn,
    ChatDetailsIn,
    ChatDetailsOut,
    ConditionIn,
    ConsentIn,
    EncounterIn,
    EntryEdit,
    EntryOut,
    MedicineIn,
    NoteIn,
    PatientIn,
    PatientOut,
    PatientPatch,
    RecordOut,
    SearchOut,
)
from web.auth import STAFF, allow
from web.deps import EngineDep, KeyringDep
from web.errors import field_errors, problem_responses
from web.fhir.openapi import FHIR_JSON

router = APIRouter(prefix="/v1/patients", tags=["patients"])

Staff = Annotated[Principal, allow(*STAFF)]
Reader = Annotated[Principal, allow(*STAFF, Role.PROVIDER)]
Admin = Annotated[Principal, allow(Role.ADMIN)]
Patient = Annotated[Principal, allow(Role.PATIENT)]
BreakGlass = Annotated[
    str | None,
    Header(alias="One111-Break-Glass", max_length=300, description="Your reason to read without a relationship"),
]
PatientId = Annotated[str, "patient id"]
GUARDED = (UnknownPatient, NoRelationship)


def viewer(who: Principal) -> Viewer:
    return Viewer(who.subject, who.role, who.provider_id)


@router.post(
    "",
    status_code=201,
    response_model=PatientOut,
    responses=problem_responses(InvalidPatientField, UnknownPractice, DuplicatePatient, body=True),
)
async def register(who: Staff, body: PatientIn, engine: EngineDep, keyring: KeyringDep) -> PatientOut:
    """A new record, after tracing found none. A near match is refused (409, with the candidates) unless the
    caller confirmed they are someone else (`confirm_new_person`); records are never merged."""
    act = partial(service.register, engine, keyring, body.demographics(), viewer(who), body.confirm_new_person)
    return PatientOut.of(await blocking(act))


@router.post(
    "/chat-details",
    status_code=201,
    response_model=ChatDetailsOut,
    responses=problem_responses(InvalidPatientField, DetailsAlreadyGiven, body=True),
)
async def chat_details(who: Patient, body: ChatDetailsIn, engine: EngineDep, keyring: KeyringDep) -> ChatDetailsOut:
    """A patient chat may give the patient's details, with this reason shown: "So that we can send you your booking
    confirmation and tell you if your appointment changes." The record is provisional until staff confirm it on a
    call, and this chat's triages (and so its bookings) join it. The chat cannot read any record back."""
    assert who.chat_session_id is not None
    act = partial(service.chat_details, engine, keyring, body.demographics(), who.chat_session_id, who.subject)
    return ChatDetailsOut(id=await blocking(act), provisional=True, why=WHY)


@router.get("/chat-details/access-log", response_model=list[AccessOut], responses=problem_responses(UnknownPatient))
async def chat_access_log(who: Patient, engine: EngineDep, keyring: KeyringDep) -> list[AccessOut]:
    """The patient, from the chat that left their details, sees who looked at that record."""
    assert who.chat_session_id is not None
    found = await blocking(service.chat_access_log, engine, keyring, who.chat_session_id)
    return [AccessOut.model_validate(e) for e in found]


@router.get("", response_model=SearchOut, responses=problem_responses(InvalidPatientField))
async def trace(
    who: Staff,
    engine: EngineDep,
    keyring: KeyringDep,
    nhs_number: Annotated[str | None, Query(min_length=10, max_length=12)] = None,
    family_name: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    given_name: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    birth_date: date | None = None,
    postcode: Annotated[str | None, Query(min_length=2, max_length=8)] = None,
) -> SearchOut:
    """Find the caller: by NHS number, or family name + date of birth (given name and postcode add to the score).
    Two matches are both shown and none is chosen; confirm identity with the caller either way."""
    if not nhs_number and not (family_name and birth_date):
        raise InvalidPatientField("nhs_number", "send an NHS number, or family_name and birth_date")
    number = "".join(nhs_number.split()) if nhs_number else None
    query = matching.Query(number, family_name, given_name, birth_date.isoformat() if birth_date else None, postcode)
    found = await blocking(service.trace, engine, keyring, query, viewer(who))
    scored = [matching.Candidate(c["id"], c["score"], c["basis"]) for c in found]
    return SearchOut.model_validate({"candidates": found, "chosen": matching.chosen(scored)})


@router.get("/{patient_id}", response_model=RecordOut, responses=problem_responses(*GUARDED))
async def read(
    who: Reader, patient_id: PatientId, engine: EngineDep, keyring: KeyringDep, glass: BreakGlass = None
) -> RecordOut:
    """The record: identity, summary, last encounters and the answers of the last 24 hours to confirm."""
    opened = await blocking(service.open_record, engine, keyring, patient_id, viewer(who), glass)
    return RecordOut(
        patient=PatientOut.of(opened.record),
        basis=opened.basis,
        summary=opened.summary,
        encounters=opened.encounters,
        prefill=opened.prefill,
    )


@router.patch(
    "/{patient_id}",
    response_model=PatientOut,
    responses=problem_responses(*GUARDED, InvalidPatientField, UnknownPractice, DuplicatePatient, body=True),
)
async def correct(
    who: Staff,
    patient_id: PatientId,
    body: PatientPatch,
    engine: EngineDep,
    keyring: KeyringDep,
    glass: BreakGlass = None,
) -> PatientOut:
    """Correct the identity (rectification): the values before, who and why are kept."""
    act = partial(service.correct, engine, keyring, patient_id, body.changes(), viewer(who), glass, body.reason)
    return PatientOut.of(await blocking(act))


@router.get("/{patient_id}/summary", responses=problem_responses(*GUARDED))
async def summary(
    who: Reader, patient_id: PatientId, engine: EngineDep, keyring: KeyringDep, glass: BreakGlass = None
) -> dict[str, Any]:
    """Allergies, current medicines, conditions, special notes and consent to share, each with its author."""
    opened = await blocking(service.open_record, engine, keyring, patient_id, viewer(who), glass, "summary")
    return opened.summary


@dataclass(frozen=True, slots=True)
class SubResource:
    """One kind of summary entry: where it is added (`POST /v1/patients/{id}/<path>`), its body, and the
    operation's name and description in the OpenAPI."""

    path: str
    kind: EntryKind
    schema: type[BaseModel]
    name: str
    description: str | None = None


SUB_RESOURCES = (
    SubResource("allergies", EntryKind.ALLERGY, AllergyIn, "add_allergy"),
    SubResource("medicines", EntryKind.MEDICATION, MedicineIn, "add_medicine"),
    SubResource("conditions", EntryKind.CONDITION, ConditionIn, "add_condition"),
    SubResource(
        "notes",
        EntryKind.NOTE,
        NoteIn,
        "add_note",
        "Special patient notes: end-of-life plans, safeguarding flags, DNACPR recorded elsewhere.",
    ),
    SubResource(
        "consent",
        EntryKind.CONSENT,
        ConsentIn,
        "record_consent",
        "Consent to share the record; the newest counts, the earlier ones are kept.",
    ),
)
SCHEMAS: dict[EntryKind, type[BaseModel]] = {entry.kind: entry.schema for entry in SUB_RESOURCES}
ENTRY_RESPONSES = problem_responses(*GUARDED, body=True)


def _wire_add(entry: SubResource) -> None:
    """Staff add an entry of this kind: validated by its schema, recorded with its author (audited)."""

    async def add(
        who: Staff,
        patient_id: PatientId,
        body: BaseModel,
        engine: EngineDep,
        keyring: KeyringDep,
        glass: BreakGlass = None,
    ) -> EntryOut:
        data = body.model_dump(mode="json")
        act = partial(service.record_entry, engine, keyring, patient_id, entry.kind, data, viewer(who), glass)
        return EntryOut.model_validate((await blocking(act)).as_json())

    add.__annotations__["body"] = entry.schema  # FastAPI validates and documents the body by its annotation
    router.add_api_route(
        f"/{{patient_id}}/{entry.path}",
        add,
        methods=["POST"],
        status_code=201,
        response_model=EntryOut,
        responses=ENTRY_RESPONSES,
        name=entry.name,
        description=entry.description,
    )


for _sub in SUB_RESOURCES:
    _wire_add(_sub)


@router.put(
    "/{patient_id}/entries/{entry_id}",
    status_code=201,
    response_model=EntryOut,
    responses=problem_responses(*GUARDED, UnknownEntry, body=True),
)
async def edit_entry(
    who: Staff,
    patient_id: PatientId,
    entry_id: str,
    engine: EngineDep,
    keyring: KeyringDep,
    body: EntryEdit,
    glass: BreakGlass = None,
) -> EntryOut:
    """A new version of a summary entry, in the same shape as its kind's POST body; the old one is kept."""
    checked = partial(_checked, body.model_dump())
    act = partial(service.edit_entry, engine, keyring, patient_id, entry_id, checked, viewer(who), glass)
    return EntryOut.model_validate((await blocking(act)).as_json())


def _checked(body: dict[str, Any], kind: EntryKind) -> dict[str, Any]:
    """The body, validated by its kind's schema (known only once the entry is read)."""
    try:
        return SCHEMAS[kind].model_validate(body).model_dump(mode="json")
    except ValidationError as error:
        first = field_errors(list(error.errors()))[0]
        raise InvalidPatientField(first["field"], first["message"]) from None


@router.delete("/{patient_id}/entries/{entry_id}", status_code=204, responses=problem_responses(*GUARDED, UnknownEntry))
async def withdraw_entry(
    who: Staff,
    patient_id: PatientId,
    entry_id: str,
    engine: EngineDep,
    keyring: KeyringDep,
    reason: Annotated[str, Query(min_length=5, max_length=300, description="Why it was entered in error")],
    glass: BreakGlass = None,
) -> None:
    """Mark an entry entered in error. It is kept (clinical history is never deleted), out of the summary."""
    await blocking(service.withdraw_entry, engine, keyring, patient_id, entry_id, viewer(who), glass, reason)


@router.post(
    "/{patient_id}/fhir-import", status_code=201, responses=problem_responses(*GUARDED, InvalidBundle, body=True)
)
async def import_bundle(
    who: Staff,
    patient_id: PatientId,
    engine: EngineDep,
    keyring: KeyringDep,
    bundle: BundleIn,
    glass: BreakGlass = None,
) -> dict[str, Any]:
    """Import a GP system's summary (AllergyIntolerance, MedicationStatement, Condition, Flag) from a FHIR R4
    Bundle. A Bundle that does not validate, or is about another patient, is refused whole: nothing is saved."""
    data = bundle.model_dump()
    return await blocking(service.import_bundle, engine, keyring, patient_id, data, viewer(who), glass)


@router.post("/{patient_id}/encounters", status_code=201, responses=problem_responses(*GUARDED, InvalidPatientField))
async def link_encounter(
    who: Staff, patient_id: PatientId, body: EncounterIn, engine: EngineDep, keyring: KeyringDep
) -> dict[str, Any]:
    """`CALL`: you confirmed the caller's identity; this opens your relationship for 12 hours. `TRIAGE`,
    `BOOKING`, `CALLBACK`, `CHAT`: link that record (by `ref_id`) to the patient."""
    return await blocking(service.link, engine, keyring, patient_id, body.kind, body.ref_id, viewer(who))


@router.get(
    "/{patient_id}/export",
    responses={200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}}, **problem_responses(*GUARDED)},
    response_class=FhirResponse,
)
async def export(
    who: Admin, patient_id: PatientId, engine: EngineDep, keyring: KeyringDep, glass: BreakGlass = None
) -> FhirResponse:
    """A subject access request: the whole record as a FHIR collection Bundle (corrections as Provenance)."""
    found = await blocking(service.export, engine, keyring, patient_id, viewer(who), glass)
    return FhirResponse(found)


@router.get("/{patient_id}/access-log", response_model=list[AccessOut], responses=problem_responses(UnknownPatient))
async def access_log(who: Admin, patient_id: PatientId, engine: EngineDep, keyring: KeyringDep) -> list[AccessOut]:
    """Who read, traced or changed the record, newest first; break-glass reads carry their reason."""
    return [AccessOut.model_validate(e) for e in await blocking(service.access_log, engine, keyring, patient_id)]
