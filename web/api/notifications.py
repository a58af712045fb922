"""notify over HTTP: the outbox for admins, the disrupted bookings that need a handler, and marking one done."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from identity.principal import Principal
from models.notify_tables import MessageState
from models.vocabulary import Role
from notify.errors import InvalidTransition, UnknownDisruption
from notify.views import mark_done, outbox
from notify.views import needs_action as disrupted
from web.api.schemas.notify import ActionedIn, NeedsActionOut, NotificationOut
from web.auth import allow
from web.auth.gate import STAFF
from web.db import read, write
from web.deps import EngineDep, KeyringDep
from web.errors import problem_responses

router = APIRouter(tags=["notify"])
Admin = Annotated[Principal, allow(Role.ADMIN)]
Staff = Annotated[Principal, allow(*STAFF)]


@router.get("/v1/notifications", response_model=list[NotificationOut], responses=problem_responses())
async def notifications(
    who: Admin,
    engine: EngineDep,
    keyring: KeyringDep,
    state: MessageState | None = None,
    booking_id: Annotated[str | None, Query(max_length=36)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[NotificationOut]:
    """The outbox, newest first: each message to a patient with its delivery state and the words sent (audited)."""
    return [NotificationOut.of(m) for m in await write(outbox, engine, keyring, who.subject, state, booking_id, limit)]


@router.get("/v1/bookings", response_model=list[NeedsActionOut], responses=problem_responses())
async def bookings_needing_action(
    who: Staff,
    engine: EngineDep,
    needs_action: Annotated[bool, Query(description="true: the handler's list; false: those dealt with")],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[NeedsActionOut]:
    """Bookings a service could not keep: moved (where to) or cancelled with a callback, most urgent first."""
    return [NeedsActionOut.of(item) for item in await read(engine, disrupted, needs_action, limit)]


@router.post(
    "/v1/disruptions/{disruption_id}/done",
    response_model=NeedsActionOut,
    responses=problem_responses(UnknownDisruption, InvalidTransition, body=True),
)
async def actioned(who: Staff, disruption_id: str, body: ActionedIn, engine: EngineDep) -> NeedsActionOut:
    """A handler has dealt with a disrupted booking: it leaves the needs-action list (audited, with the note)."""
    return NeedsActionOut.of(await write(mark_done, engine, disruption_id, who.subject, body.note))
