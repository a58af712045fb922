"""Routing and booking over HTTP: rank services, hold a slot, book it once, cancel, rebook, the callback queue.

Routes only wire HTTP to the domain (routing/): bodies are in web/api/schemas/routing.py, the idempotency
protocol in routing/idempotency.py (the domain's one transaction claims and answers the key), its edge in
web/api/idempotency.py. Every mutating request honours an `Idempotency-Key` (required on holds and bookings).
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from capacity.geography import UnknownPostcode
from capacity.listing import UnknownService
from identity.principal import Principal, check_owner
from models.database import blocking
from models.vocabulary import Role
from notify.contacts import checked, remember
from notify.errors import BadContact
from routing import booking as bk
from routing.errors import (
    AlreadyCancelled,
    DoubleBooking,
    HoldExpired,
    HoldNotActive,
    IdempotencyKeyRequired,
    NeverBook,
    NoCapacity,
    OverrideNeedsReason,
    UnknownBooking,
    UnknownHold,
)
from routing.route import route as route_patient
from triage.records import UnknownTriage
from web.api.idempotency import REPLAYED, KeyHeader, answer, keyed, required
from web.api.schemas.routing import (
    BookingIn,
    BookingOut,
    HoldIn,
    HoldOut,
    RebookIn,
    RouteIn,
    RouteOut,
)
from web.auth import STAFF, allow
from web.auth.ownership import owned_booking, owned_triage, owner_check
from web.deps import BoardDep, EngineDep, GazetteerDep, IndexDep, KeyringDep, SettingsDep
from web.errors import problem_responses
from web.metrics import BOOKINGS

router = APIRouter(tags=["routing"])

# Staff, and a patient's own chat: each record's actor is the caller's subject, so a patient session
# reaches only the triage records, holds and bookings it made (403 not-yours for anyone else's).
Caller = Annotated[Principal, allow(*STAFF, Role.PATIENT)]
HOLD_ERRORS = (IdempotencyKeyRequired, UnknownService, UnknownHold, NoCapacity, NeverBook, OverrideNeedsReason)
BOOK_ERRORS = (IdempotencyKeyRequired, UnknownHold, HoldExpired, HoldNotActive, DoubleBooking, BadContact)
REBOOK_ERRORS = (UnknownBooking, AlreadyCancelled, NeverBook, OverrideNeedsReason)


@router.post(
    "/v1/route",
    response_model=RouteOut,
    responses=problem_responses(UnknownPostcode, UnknownTriage, *REPLAYED, body=True),
)
async def route(
    who: Caller,
    body: RouteIn,
    engine: EngineDep,
    board: BoardDep,
    gazetteer: GazetteerDep,
    index: IndexDep,
    settings: SettingsDep,
    keyring: KeyringDep,
    key: KeyHeader = None,
) -> JSONResponse:
    """Rank the services that can see the patient in time, with reasons; exclusions say why.

    `outcome` is `book` (hold the first option), `call_999` (never booked) or `callback` (queued for a clinician:
    a CLINICAL_ASSESSMENT triage always is; `caller_name` and `callback_phone` go on the queued item, sealed).
    """
    k = keyed(who.subject, key, "POST /v1/route", body.model_dump(mode="json"))
    act = partial(
        route_patient,
        engine,
        board,
        gazetteer,
        index,
        postcode=body.postcode,
        disposition=body.disposition,
        triage_id=body.triage_id,
        mode=body.mode,
        staleness=timedelta(hours=settings.staleness_hours),
        actor=who.subject,
        check_owner=owner_check(who, "triage record"),
        caller=body.caller,
        keyring=keyring,
        patient=body.patient(),
    )
    return await answer(engine, k, 200, RouteOut.from_routed, act)


@router.post(
    "/v1/holds",
    status_code=201,
    response_model=HoldOut,
    responses=problem_responses(*HOLD_ERRORS, *REPLAYED, body=True),
)
async def place_hold(
    who: Caller, body: HoldIn, engine: EngineDep, board: BoardDep, settings: SettingsDep, key: KeyHeader = None
) -> JSONResponse:
    """Hold one slot for `ONE111_HOLD_SECONDS` (default 120 s); confirm it with POST /v1/bookings."""
    k = keyed(who.subject, required(key), "POST /v1/holds", body.model_dump(mode="json"))
    request = bk.HoldRequest(body.service_id, body.window_start, body.triage_id, body.override_reason)
    await owned_triage(engine, who, body.triage_id)
    act = partial(bk.place_hold, engine, board, request, who.subject, settings.hold_seconds)
    return await answer(engine, k, 201, HoldOut.of, act)


@router.get("/v1/holds/{hold_id}", response_model=HoldOut, responses=problem_responses(UnknownHold))
async def get_hold(who: Caller, hold_id: str, engine: EngineDep, board: BoardDep) -> HoldOut:
    await bk.expire_due(engine, board)
    hold = await blocking(bk.hold_of, engine, hold_id)
    check_owner(who, hold.actor, "hold")
    return HoldOut.of(hold)


@router.delete(
    "/v1/holds/{hold_id}", response_model=HoldOut, responses=problem_responses(UnknownHold, HoldNotActive, *REPLAYED)
)
async def release_hold(
    who: Caller, hold_id: str, engine: EngineDep, board: BoardDep, key: KeyHeader = None
) -> JSONResponse:
    """Let go of a hold early (only the caller who placed it); its slot goes straight back on the board."""
    k = keyed(who.subject, key, f"DELETE /v1/holds/{hold_id}", {})
    return await answer(engine, k, 200, HoldOut.of, partial(bk.release, engine, board, hold_id, who.subject))


@router.post(
    "/v1/bookings",
    status_code=201,
    response_model=BookingOut,
    responses=problem_responses(*BOOK_ERRORS, *REPLAYED, body=True),
)
async def book(
    who: Caller, body: BookingIn, engine: EngineDep, board: BoardDep, keyring: KeyringDep, key: KeyHeader = None
) -> JSONResponse:
    """Confirm a hold: one transaction, and the database refuses a second booking of the same seat or triage.
    With a `contact` (and consent), the patient is told of this booking and of any change to it."""
    k = keyed(who.subject, required(key), "POST /v1/bookings", body.model_dump(mode="json"))
    if body.contact is not None:
        contact = checked(body.contact.email, body.contact.mobile, body.contact.consent)
        await blocking(remember, engine, keyring, body.hold_id, who.subject, contact)
    act = partial(bk.confirm, engine, board, body.hold_id, who.subject)
    return counted("book", await answer(engine, k, 201, BookingOut.of, act))


@router.get("/v1/bookings/{booking_id}", response_model=BookingOut, responses=problem_responses(UnknownBooking))
async def get_booking(who: Caller, booking_id: str, engine: EngineDep) -> BookingOut:
    booking = await blocking(bk.booking_of, engine, booking_id)
    check_owner(who, booking.actor, "booking")
    return BookingOut.of(booking)


@router.delete(
    "/v1/bookings/{booking_id}",
    response_model=BookingOut,
    responses=problem_responses(UnknownBooking, AlreadyCancelled, *REPLAYED),
)
async def cancel_booking(
    who: Caller,
    booking_id: str,
    engine: EngineDep,
    board: BoardDep,
    reason: Annotated[str | None, Query(max_length=500)] = None,
    key: KeyHeader = None,
) -> JSONResponse:
    """Cancel a confirmed booking and give its slot back."""
    k = keyed(who.subject, key, f"DELETE /v1/bookings/{booking_id}", {"reason": reason})
    await owned_booking(engine, who, booking_id)
    act = partial(bk.cancel, engine, board, booking_id, who.subject, reason)
    return await answer(engine, k, 200, BookingOut.of, act)


@router.post(
    "/v1/bookings/{booking_id}/rebook",
    status_code=201,
    response_model=BookingOut,
    responses=problem_responses(*BOOK_ERRORS, *REBOOK_ERRORS, *REPLAYED, body=True),
)
async def rebook(
    who: Caller, booking_id: str, body: RebookIn, engine: EngineDep, board: BoardDep, key: KeyHeader = None
) -> JSONResponse:
    """Move a booking onto a new hold in one transaction; the old slot goes back afterwards. The new setting
    must meet the booking's triage, as a first booking's must, or the request gives an `override_reason`."""
    k = keyed(who.subject, required(key), f"POST /v1/bookings/{booking_id}/rebook", body.model_dump(mode="json"))
    await owned_booking(engine, who, booking_id)
    act = partial(bk.rebook, engine, board, booking_id, body.hold_id, who.subject, override_reason=body.override_reason)
    return counted("rebook", await answer(engine, k, 201, BookingOut.of, act))


def counted(kind: str, response: JSONResponse) -> JSONResponse:
    """Count a booking made now; a replayed answer made none."""
    if response.status_code == 201 and "idempotent-replayed" not in response.headers:
        BOOKINGS.labels(kind).inc()
    return response
