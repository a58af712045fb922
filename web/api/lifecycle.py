"""The provider's side of a booking over HTTP (the same events come over /ws/provider as `booking.status` frames)."""

from __future__ import annotations

from fastapi import APIRouter

from capacity.errors import NotYourService
from identity.errors import InvalidToken
from models.notify_tables import LifecycleEvent
from notify.errors import InvalidTransition, ReasonRequired
from notify.lifecycle import record_event
from routing.errors import UnknownBooking
from web.api.capacity import ProviderDep
from web.api.schemas.notify import StatusIn, StatusOut
from web.db import write
from web.deps import ResourcesDep
from web.errors import problem_responses
from web.metrics import BOOKING_EVENTS
from web.resources import Resources

router = APIRouter(tags=["handover"])
STATUS_ERRORS = (InvalidToken, NotYourService, UnknownBooking, InvalidTransition, ReasonRequired)


@router.post(
    "/v1/bookings/{booking_id}/status",
    status_code=201,
    response_model=StatusOut,
    responses=problem_responses(*STATUS_ERRORS, body=True),
)
async def booking_status(booking_id: str, body: StatusIn, who: ProviderDep, resources: ResourcesDep) -> StatusOut:
    """Accept or decline (with a reason: the patient is moved), arrived, seen, did not attend, or the outcome
    (which invites the patient's feedback). Needs the provider token of the booking's service."""
    assert who.provider_id is not None
    return await apply_status(resources, who.provider_id, booking_id, body, who.subject)


async def apply_status(
    resources: Resources, provider_id: str, booking_id: str, body: StatusIn, actor: str
) -> StatusOut:
    row = await write(
        record_event, resources.engine, provider_id, booking_id, body.event, body.reason, body.outcome, actor
    )
    BOOKING_EVENTS.labels(body.event.value).inc()
    declined = body.event is LifecycleEvent.DECLINED
    if declined:
        resources.notifier.declined()
    return StatusOut.model_validate({**StatusOut.of(row).model_dump(), "rebooked": declined})
