"""The service directory over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from capacity.geography import UnknownPostcode
from capacity.listing import Located, UnknownService, get_service, list_services
from models.vocabulary import BookingMode, Role, ServiceType
from web.auth import STAFF, allow
from web.db import read
from web.deps import EngineDep, GazetteerDep
from web.errors import problem_responses

# The directory is public NHS information: every signed-in caller may read it, a patient's chat included.
router = APIRouter(prefix="/v1/services", tags=["directory"], dependencies=[allow(*STAFF, Role.PROVIDER, Role.PATIENT)])
# The example is a real service, so generated requests (schemathesis) reach the found path too.
ServiceId = Annotated[str, Path(max_length=24, examples=["RR801-ED"])]


class ServiceOut(BaseModel):
    id: str
    ods_code: str
    name: str
    type: ServiceType
    subtype: str | None
    address: str
    postcode: str
    latitude: float
    longitude: float
    booking_mode: BookingMode
    phone: str | None
    provider_id: str
    opening_hours: list[dict[str, Any]]
    distance_km: float | None = None

    @classmethod
    def of(cls, item: Located) -> ServiceOut:
        return cls.model_validate({**item.service.model_dump(), "distance_km": _round(item.distance_km)})


class ServicePage(BaseModel):
    items: list[ServiceOut]
    total: int


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@router.get("", response_model=ServicePage, responses=problem_responses(UnknownPostcode))
async def services(
    engine: EngineDep,
    gazetteer: GazetteerDep,
    near: Annotated[str | None, Query(max_length=12, description="Postcode or outward code, e.g. LS1")] = None,
    type: Annotated[ServiceType | None, Query(description="Only services of this type")] = None,
    radius_km: Annotated[float, Query(gt=0, le=200)] = 50.0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ServicePage:
    """The directory, nearest first when `near` is given, paged."""
    place = gazetteer.locate(near) if near else None
    page = await read(engine, list_services, type, place, radius_km, limit, offset)
    return ServicePage(items=[ServiceOut.of(item) for item in page.items], total=page.total)


@router.get("/{service_id}", response_model=ServiceOut, responses=problem_responses(UnknownService))
async def service(service_id: ServiceId, engine: EngineDep) -> ServiceOut:
    return ServiceOut.of(Located(await read(engine, get_service, service_id), None))
