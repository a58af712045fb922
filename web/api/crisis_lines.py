"""Mental-health crisis lines over HTTP: admins keep them per ICB; a call handler records a warm transfer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from capacity.crisis_lines import CrisisLine, lines, retire_line, save_line
from capacity.geography import UnknownPostcode
from capacity.listing import UnknownService
from identity.principal import Principal
from models.database import blocking
from models.text import Line
from models.vocabulary import Role
from routing.errors import NeverBook
from routing.transfers import warm_transfer
from triage.records import UnknownTriage
from web.api.services import ServiceOut
from web.auth import STAFF, allow
from web.db import read
from web.deps import EngineDep, GazetteerDep, SitesDep
from web.errors import problem_responses

router = APIRouter(tags=["crisis lines"])
Admin = Annotated[Principal, allow(Role.ADMIN)]
Handler = Annotated[Principal, allow(Role.CALL_HANDLER, Role.CLINICIAN, Role.ADMIN)]


class CrisisLineOut(ServiceOut):
    icb_code: str | None
    min_age: int | None
    max_age: int | None


class TransferIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"service_id": "QWO-ADULT-MHC"}]})

    service_id: Line = Field(max_length=24, description="A crisis line's id, from POST /v1/route (outcome transfer)")
    triage_id: Line | None = Field(default=None, max_length=36)


class TransferOut(BaseModel):
    service_id: str
    name: str
    phone: str | None
    triage_id: str | None
    transferred_at: datetime


@router.get(
    "/v1/crisis-lines", response_model=list[CrisisLineOut], responses=problem_responses(), dependencies=[allow(*STAFF)]
)
async def crisis_lines(
    engine: EngineDep, icb: Annotated[str | None, Query(max_length=8, description="Only this ICB's")] = None
) -> list[CrisisLineOut]:
    return [CrisisLineOut.model_validate(s.model_dump()) for s in await read(engine, lines, icb)]


@router.put("/v1/crisis-lines", response_model=CrisisLineOut, responses=problem_responses(UnknownPostcode, body=True))
async def put_crisis_line(
    who: Admin, body: CrisisLine, engine: EngineDep, gazetteer: GazetteerDep, sites: SitesDep
) -> CrisisLineOut:
    """Add a crisis line for an ICB, or update the one with this code. Routing offers it from the next index read."""
    saved = await blocking(save_line, engine, gazetteer, body, who.subject)
    sites.forget()
    return CrisisLineOut.model_validate(saved.model_dump())


@router.delete(
    "/v1/crisis-lines/{service_id}", response_model=CrisisLineOut, responses=problem_responses(UnknownService)
)
async def delete_crisis_line(who: Admin, service_id: str, engine: EngineDep, sites: SitesDep) -> CrisisLineOut:
    retired = await blocking(retire_line, engine, service_id, who.subject)
    sites.forget()
    return CrisisLineOut.model_validate(retired.model_dump())


@router.post(
    "/v1/transfers",
    status_code=201,
    response_model=TransferOut,
    responses=problem_responses(UnknownService, UnknownTriage, NeverBook, body=True),
)
async def transfer(who: Handler, body: TransferIn, engine: EngineDep) -> TransferOut:
    """Record a warm transfer: the handler has put the caller through to the crisis line."""
    done = await blocking(warm_transfer, engine, body.service_id, body.triage_id, who.subject)
    return TransferOut.model_validate(done, from_attributes=True)
