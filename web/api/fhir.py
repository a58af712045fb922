"""FHIR R4 read-only endpoints: the directory, free slots and bookings in the standard shape, under /fhir.

Searches answer a searchset Bundle, reads one resource, errors an OperationOutcome, all application/fhir+json.
Unknown search parameters are refused (400), as with FHIR's `Prefer: handling=strict`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fhir.resources.R4B.resource import Resource
from starlette.exceptions import HTTPException

from identity.principal import Principal
from models.database import blocking
from models.errors import DomainError
from models.types import utcnow
from models.vocabulary import Role
from web.api.services import ServiceId
from web.auth import STAFF, allow, public
from web.db import read
from web.deps import BoardDep, EngineDep, SettingsDep
from web.errors import field_errors, problem_for
from web.fhir import params, search
from web.fhir.bundle import outcome
from web.fhir.capability import capability_statement
from web.fhir.openapi import FHIR_JSON, fhir_responses

ALWAYS_ALLOWED = {"_format", "_pretty"}
STARTED = utcnow()
Count = Annotated[int, Query(alias="_count", ge=0, le=100, description="Page size (0: only the total)")]
Ids = Annotated[str | None, Query(alias="_id", max_length=400, description="Comma-separated ids")]
ServiceTypeQ = Annotated[
    str | None, Query(alias="service-type", max_length=120, description="[system|]code, e.g. EMERGENCY_DEPARTMENT")
]


class FhirResponse(JSONResponse):
    media_type = FHIR_JSON

    def render(self, content: Any) -> bytes:
        body = content.model_dump(mode="json") if isinstance(content, Resource) else content
        return super().render(body)


class FhirRoute(APIRoute):
    """Every failure on a FHIR route, whatever raised it, answers an OperationOutcome."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler, allowed = super().get_route_handler(), _query_names(self.dependant) | ALWAYS_ALLOWED

        async def fhir_handler(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - allowed)
            try:
                if unknown:
                    raise params.InvalidSearch(f"Unknown search parameter(s): {', '.join(unknown)}.")
                return await handler(request)
            except (DomainError, RequestValidationError, HTTPException) as error:
                return _outcome_response(error)

        return fhir_handler


def _query_names(dependant: Dependant) -> set[str]:
    names = {str(p.alias) for p in dependant.query_params}
    return names.union(*(_query_names(sub) for sub in dependant.dependencies))


def _outcome_response(error: Exception) -> FhirResponse:
    headers: dict[str, str] = {}
    if isinstance(error, RequestValidationError):
        status, detail = 400, "; ".join(f"{e['field']}: {e['message']}" for e in field_errors(list(error.errors())))
    elif isinstance(error, HTTPException):
        status, detail, headers = error.status_code, str(error.detail), dict(error.headers or {})
    else:
        assert isinstance(error, DomainError)
        status, detail = problem_for(error).status, error.detail
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return FhirResponse(outcome(status, detail), status_code=status, headers=headers)


# Staff and providers read FHIR; a provider reads only its own services' Appointments and ServiceRequests.
READERS = (*STAFF, Role.PROVIDER)
Reader = Annotated[Principal, allow(*READERS)]


def scope(who: Principal) -> str | None:
    """The provider whose records a caller may read, None for staff (all of them)."""
    return who.provider_id if who.role is Role.PROVIDER else None


router = APIRouter(prefix="/fhir", tags=["fhir"], route_class=FhirRoute, default_response_class=FhirResponse)


async def where(request: Request) -> search.Where:
    return search.Where(str(request.base_url).rstrip("/") + "/fhir", str(request.url))


WhereDep = Annotated[search.Where, Depends(where)]


async def staleness(settings: SettingsDep) -> timedelta:
    return timedelta(hours=settings.staleness_hours)


@router.get("/metadata", responses=fhir_responses("CapabilityStatement", found=False), dependencies=[public()])
async def metadata(at: WhereDep) -> Response:
    """What this server reads and searches (FHIR capabilities interaction)."""
    return FhirResponse(capability_statement(at.base, STARTED))


@router.get("/HealthcareService", responses=fhir_responses("Bundle", 401, 403), dependencies=[allow(*READERS)])
async def healthcare_services(
    engine: EngineDep,
    at: WhereDep,
    ids: Ids = None,
    service_type: ServiceTypeQ = None,
    near: Annotated[
        str | None, Query(max_length=80, description="latitude|longitude|distance|units, e.g. 53.8|-1.55|10|km")
    ] = None,
    count: Count = 20,
) -> Response:
    """Search the directory; with `near`, only services within the distance, nearest first."""
    found = await read(engine, search.located, ids, params.service_type(service_type), params.near(near), count)
    return FhirResponse(search.healthcare_services(at, found))


@router.get(
    "/HealthcareService/{service_id}",
    responses=fhir_responses("HealthcareService", 401, 403),
    dependencies=[allow(*READERS)],
)
async def healthcare_service(service_id: ServiceId, engine: EngineDep) -> Response:
    return FhirResponse(await read(engine, search.healthcare_service, service_id))


@router.get("/Schedule", responses=fhir_responses("Bundle", 401, 403), dependencies=[allow(*READERS)])
async def schedules(
    engine: EngineDep,
    at: WhereDep,
    ids: Ids = None,
    actor: Annotated[str | None, Query(max_length=80, description="HealthcareService/<id>")] = None,
    service_type: ServiceTypeQ = None,
    count: Count = 20,
) -> Response:
    """One Schedule per service; its Slots are the service's live capacity windows."""
    ids = params.reference(actor, "HealthcareService") if actor else ids
    found = await read(engine, search.located, ids, params.service_type(service_type), None, count)
    return FhirResponse(search.schedules(at, found))


@router.get("/Schedule/{service_id}", responses=fhir_responses("Schedule", 401, 403), dependencies=[allow(*READERS)])
async def schedule(service_id: ServiceId, engine: EngineDep) -> Response:
    return FhirResponse(await read(engine, search.schedule, service_id))


@router.get("/Slot", responses=fhir_responses("Bundle", 401, 403), dependencies=[allow(*READERS)])
async def slots(
    engine: EngineDep,
    board: BoardDep,
    at: WhereDep,
    stale: Annotated[timedelta, Depends(staleness)],
    schedule: Annotated[str | None, Query(max_length=80, description="Schedule/<id>")] = None,
    service_type: ServiceTypeQ = None,
    start: Annotated[list[str], Query(description="Prefixed dates, e.g. ge2026-11-23T18:00:00Z")] = [],  # noqa: B006
    status: Annotated[str | None, Query(pattern="^(free|busy|busy-unavailable)$")] = None,
    count: Count = 20,
) -> Response:
    """Free and busy capacity windows from the live board; stale capacity is never shown."""
    span, kind = params.span(start), params.service_type(service_type)
    services = await read(engine, search.slot_services, params.reference(schedule, "Schedule"), kind, stale)
    found = await search.slot_list(board, stale, services, span, status)
    return FhirResponse(search.slot_bundle(at, found, count))


@router.get("/Slot/{slot_id}", responses=fhir_responses("Slot", 401, 403), dependencies=[allow(*READERS)])
async def slot(
    slot_id: str, engine: EngineDep, board: BoardDep, stale: Annotated[timedelta, Depends(staleness)]
) -> Response:
    return FhirResponse(await search.slot(engine, board, stale, slot_id))


@router.get("/Appointment", responses=fhir_responses("Bundle", 401, 403))
async def appointments(
    who: Reader,
    engine: EngineDep,
    at: WhereDep,
    ids: Annotated[str | None, Query(alias="_id", max_length=36)] = None,
    actor: Annotated[str | None, Query(max_length=80, description="HealthcareService/<id>")] = None,
    service_type: ServiceTypeQ = None,
    status: Annotated[str | None, Query(max_length=40, description="booked, cancelled (comma-separated)")] = None,
    date: Annotated[list[str], Query(description="Prefixed dates on the start, e.g. ge2026-11-23")] = [],  # noqa: B006
    identifier: Annotated[str | None, Query(max_length=120, description="[system|]booking reference")] = None,
    count: Count = 20,
) -> Response:
    """Bookings, each based on the ServiceRequest that carries its triage summary."""
    kind = params.service_type(service_type)
    query = search.booking_query(ids, actor, kind, status, date, identifier, scope(who), count)
    return FhirResponse(await blocking(search.appointment_bundle, engine, at, query))


@router.get("/Appointment/{booking_id}", responses=fhir_responses("Appointment", 401, 403))
async def appointment(booking_id: str, who: Reader, engine: EngineDep) -> Response:
    """A booking; for a provider, only one at its own services (any other is 404 to it)."""
    return FhirResponse(await blocking(search.appointment, engine, booking_id, scope(who)))


@router.get("/ServiceRequest/{triage_id}", responses=fhir_responses("ServiceRequest", 401, 403))
async def service_request(triage_id: str, who: Reader, engine: EngineDep) -> Response:
    """The triage summary a booking is based on: disposition, priority, deadline, red flags, handover notes."""
    return FhirResponse(await blocking(search.service_request, engine, triage_id, scope(who)))
