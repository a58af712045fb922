"""The clinician callback queue over HTTP: what routing queued when no service could see the patient in time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from models.database import blocking
from models.vocabulary import Role
from routing.callbacks import open_callbacks
from web.api.schemas.routing import CallbackOut
from web.auth import allow
from web.deps import EngineDep
from web.errors import problem_responses

router = APIRouter(tags=["routing"])


@router.get(
    "/v1/callbacks",
    response_model=list[CallbackOut],
    responses=problem_responses(),
    dependencies=[allow(Role.CLINICIAN, Role.ADMIN)],
)
async def callbacks(engine: EngineDep, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[CallbackOut]:
    """The clinician callback queue: open requests, oldest first."""
    return [CallbackOut.of(row) for row in await blocking(open_callbacks, engine, limit)]
