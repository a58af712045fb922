"""Capacity over plain HTTP, for provider systems that cannot hold a websocket open."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from capacity.errors import InvalidUpdate, NotYourService, StaleSequence
from capacity.listing import UnknownService, get_service
from capacity.updates import MAX_SEQ, CapacityReport, apply_update
from identity.errors import InvalidToken
from identity.principal import Principal
from models.vocabulary import Role
from web.api.services import ServiceId
from web.auth import STAFF, allow
from web.db import read
from web.deps import BoardDep, EngineDep, ResourcesDep, SettingsDep
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
