"""The provider's side of a booking over HTTP: its confirmed bookings with what the patient already told 111."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from capacity.errors import NotYourService
from capacity.listing import UnknownService
from identity.errors import InvalidToken
from models.database import blocking
from routing.handover import bookings_for
from web.api.capacity import ProviderDep
from web.api.schemas.routing import BookingOut, HandoverOut
from web.deps import EngineDep
from web.errors import problem_responses

router = APIRouter(tags=["handover"])


@router.get(
    "/v1/services/{service_id}/bookings",
    response_model=list[HandoverOut],
    tags=["handover"],
    responses=problem_responses(InvalidToken, NotYourService, UnknownService),
)
async def service_bookings(
    service_id: str,
    who: ProviderDep,
    engine: EngineDep,
    since: Annotated[AwareDatetime | None, Query(description="Only bookings made at or after this time")] = None,
) -> list[HandoverOut]:
    """The provider's confirmed bookings at one service, each with the triage handover. Needs the provider token."""
    assert who.provider_id is not None
    found = await blocking(bookings_for, engine, who.provider_id, service_id, since)
    return [
        HandoverOut.model_validate({**BookingOut.of(h.booking).model_dump(), "triage": h.summary(), "expect": h.expect})
        for h in found
    ]
