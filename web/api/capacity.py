"""Capacity over plain HTTP, for provider systems that cannot hold a websocket open."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from capacity.declared import Closure, Hours, declare_closure, declare_hours
from capacity.errors import InvalidUpdate, NotYourService, StaleSequence
from capacity.listing import UnknownService, get_service
from capacity.updates import MAX_SEQ, CapacityReport, apply_update
from identity.errors import InvalidToken
from identity.principal import Principal
from models.database import blocking
from models.vocabulary import Role
from web.api.services import ServiceId, ServiceOut
from web.auth import STAFF, allow
from web.db import read
from web.deps import BoardDep, EngineDep, ResourcesDep, SettingsDep, SitesDep
from web.errors import problem_responses
from web.ws.frames import ServiceBoard

router = APIRouter(prefix="/v1/services", tags=["capacity"])
PROBLEMS = problem_responses(InvalidToken, NotYourService, UnknownService, StaleSequence, InvalidUpdate, body=True)


class CapacityPut(CapacityReport):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "is_open": True,
                    "slots": [{"start": "2026-11-23T20:00:00Z", "free": 3}],
                    "wait_minutes": 45,
                    "opel": 2,
                    "seq": 17,
                }
            ]
        },
    )

    seq: int | None = Field(
        default=None, ge=1, le=MAX_SEQ, description="Optional, per service: a retry with the same seq is applied once"
    )


class Accepted(BaseModel):
    service_id: str
    version: int = Field(description="The board version of the service after this update")
    replay: bool = Field(description="True when this seq had already been applied: nothing changed")


# A provider's token; the domain checks the service is one of its own (403 not-your-service otherwise).
ProviderDep = Annotated[Principal, allow(Role.PROVIDER)]


@router.put("/{service_id}/capacity", response_model=Accepted, responses=PROBLEMS)
async def put_capacity(
    service_id: str, body: CapacityPut, who: ProviderDep, engine: EngineDep, board: BoardDep, resources: ResourcesDep
) -> Accepted:
    """Replace the service's live capacity. Needs `Authorization: Bearer <provider token>`."""
    report = CapacityReport.model_validate(body.model_dump(exclude={"seq"}))
    assert who.provider_id is not None
    applied = await apply_update(engine, board, who.provider_id, service_id, report, body.seq)
    resources.notifier.service_changed(service_id)
    return Accepted(service_id=applied.service_id, version=applied.version, replay=applied.replay)


async def known_service(service_id: str, engine: EngineDep) -> None:
    await read(engine, get_service, service_id)


@router.get(
    "/{service_id}/capacity",
    response_model=ServiceBoard,
    responses=problem_responses(UnknownService),
    dependencies=[allow(*STAFF, Role.PROVIDER), Depends(known_service)],
)
async def capacity(service_id: ServiceId, board: BoardDep, settings: SettingsDep) -> ServiceBoard:
    """The service's live state; `unknown` when no update arrived within the staleness limit."""
    state = await board.get(service_id)
    return ServiceBoard.of(service_id, state, timedelta(hours=settings.staleness_hours))


class ServiceRulesOut(ServiceOut):
    hours_source: str
    closed_from: datetime | None
    closed_until: datetime | None
    closure_reason: str | None


@router.put("/{service_id}/hours", response_model=ServiceRulesOut, responses=PROBLEMS)
async def put_hours(
    service_id: str, body: Hours, who: ProviderDep, engine: EngineDep, sites: SitesDep
) -> ServiceRulesOut:
    """Declare the service's weekly opening hours (Europe/London); a directory re-import keeps them."""
    assert who.provider_id is not None
    service = await blocking(declare_hours, engine, who.provider_id, service_id, body)
    sites.forget()
    return ServiceRulesOut.model_validate(service.model_dump())


@router.put("/{service_id}/closure", response_model=ServiceRulesOut, responses=PROBLEMS)
async def put_closure(
    service_id: str, body: Closure, who: ProviderDep, engine: EngineDep, sites: SitesDep
) -> ServiceRulesOut:
    """Close the service temporarily, with the reason routing shows."""
    assert who.provider_id is not None
    service = await blocking(declare_closure, engine, who.provider_id, service_id, body)
    sites.forget()
    return ServiceRulesOut.model_validate(service.model_dump())


@router.delete("/{service_id}/closure", response_model=ServiceRulesOut, responses=PROBLEMS)
async def delete_closure(service_id: str, who: ProviderDep, engine: EngineDep, sites: SitesDep) -> ServiceRulesOut:
    """Reopen a temporarily closed service."""
    assert who.provider_id is not None
    service = await blocking(declare_closure, engine, who.provider_id, service_id, None)
    sites.forget()
    return ServiceRulesOut.model_validate(service.model_dump())
