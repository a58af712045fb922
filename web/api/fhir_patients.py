"""The patient record as FHIR R4: Patient search by NHS number and read, and the handover Bundle a receiving
service gets with a booking (Patient, AllergyIntolerance, MedicationStatement, Condition, Flag, Encounter,
ServiceRequest, Appointment), on FHIR and on the bookings API. Same access rules as /v1/patients."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from identity.principal import Principal
from models.database import blocking
from models.vocabulary import Role
from patients import fhir, nhs, service
from patients.errors import InvalidPatientField, NoRelationship, UnknownBooking, UnknownPatient
from web.api.fhir import FhirResponse, FhirRoute
from web.api.patients import viewer
from web.auth import STAFF, allow
from web.deps import EngineDep, KeyringDep
from web.errors import problem_responses
from web.fhir.appointments import appointment, service_request
from web.fhir.openapi import FHIR_JSON, fhir_responses

router = APIRouter(prefix="/fhir", tags=["fhir"], route_class=FhirRoute, default_response_class=FhirResponse)
bookings = APIRouter(tags=["handover"])

Staff = Annotated[Principal, allow(*STAFF)]
Reader = Annotated[Principal, allow(*STAFF, Role.PROVIDER)]
BreakGlass = Annotated[
    str | None,
    Header(alias="One111-Break-Glass", max_length=300, description="Your reason to read without a relationship"),
]


@router.get("/Patient", responses=fhir_responses("Bundle", 401, 403))
async def patients(
    who: Staff,
    engine: EngineDep,
    keyring: KeyringDep,
    request: Request,
    identifier: Annotated[str, Query(max_length=80, description=f"{nhs.SYSTEM}|<NHS number>")],
) -> Response:
    """Trace by NHS number (UK Core): a searchset of the matching Patient (each match is logged as a trace)."""
    system, _, number = identifier.rpartition("|")
    if system not in ("", nhs.SYSTEM) or nhs.problem(number):
        raise InvalidPatientField("identifier", f"must be {nhs.SYSTEM}|<a valid NHS number>")
    found = await blocking(service.fhir_patients, engine, keyring, nhs.normalise(number), viewer(who))
    base = str(request.base_url).rstrip("/") + "/fhir"
    out = fhir.bundle("searchset", found, base).model_dump(mode="json", exclude_none=True)
    return FhirResponse({**out, "total": len(found), "link": [{"relation": "self", "url": str(request.url)}]})


@router.get("/Patient/{patient_id}", responses=fhir_responses("Patient", 401, 403))
async def patient(
    patient_id: str, who: Reader, engine: EngineDep, keyring: KeyringDep, glass: BreakGlass = None
) -> Response:
    """One Patient, under the record's access rules (a relationship, or break glass); logged as a read."""
    opened = await blocking(service.open_record, engine, keyring, patient_id, viewer(who), glass, "fhir")
    return FhirResponse(fhir.patient_resource(patient_id, opened.record.demographics))


async def _handover(engine: Any, keyring: Any, booking_id: str, who: Principal, glass: str | None) -> FhirResponse:
    found = await blocking(service.handover, engine, keyring, booking_id, viewer(who), glass)
    subject = {"reference": f"Patient/{found.patient_id}"} if found.patient_id else None
    booked = appointment(found.booking, found.service).model_dump(mode="json", exclude_none=True)
    resources = [*found.resources, booked]
    if subject is not None:
        booked["participant"].append({"actor": subject, "status": "accepted"})
    if found.triage is not None:
        referral = service_request(found.triage).model_dump(mode="json", exclude_none=True)
        resources.append({**referral, "subject": subject or referral["subject"]})
    return FhirResponse(fhir.bundle("collection", resources).model_dump(mode="json", exclude_none=True))


@router.get("/Appointment/{booking_id}/$handover", responses=fhir_responses("Bundle", 401, 403))
async def fhir_handover(
    booking_id: str, who: Reader, engine: EngineDep, keyring: KeyringDep, glass: BreakGlass = None
) -> Response:
    """The handover Bundle for a booking: the patient's record (when known) with the referral and appointment."""
    return await _handover(engine, keyring, booking_id, who, glass)


@bookings.get(
    "/v1/bookings/{booking_id}/handover",
    response_class=FhirResponse,
    responses={
        200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}},
        **problem_responses(UnknownBooking, UnknownPatient, NoRelationship),
    },
)
async def booking_handover(
    booking_id: str, who: Reader, engine: EngineDep, keyring: KeyringDep, glass: BreakGlass = None
) -> FhirResponse:
    """The handover Bundle (Patient, AllergyIntolerance, MedicationStatement, Condition, Flag, Encounter,
    ServiceRequest, Appointment) for a booking: a provider gets its own services' bookings only."""
    return await _handover(engine, keyring, booking_id, who, glass)
