"""Routing and booking over HTTP: rank services, hold a slot, book it once, cancel, rebook, the callback queue.

Every mutating request honours an `Idempotency-Key` header (required on holds and bookings): a replay
returns the first result, the same key with a different body is 409.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.requests import HTTPConnection
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from sqlmodel import Session

from capacity.errors import NotYourService
from capacity.geography import UnknownPostcode
from capacity.listing import UnknownService
from identity.errors import InvalidToken
from identity.principal import Principal, check_owner
from models.errors import DomainError, Unavailable
from models.routing_tables import CallbackRequest, CallbackStatus
from models.tables import Booking, Hold
from models.vocabulary import BookingStatus, Disposition, HoldStatus, Role, ServiceType, Sex
from routing import booking as bk
from routing import idempotency
from routing.callbacks import open_callbacks
from routing.errors import (
    AlreadyCancelled,
    DoubleBooking,
    HoldExpired,
    HoldNotActive,
    IdempotencyInProgress,
    IdempotencyKeyRequired,
    IdempotencyMismatch,
    NeverBook,
    NoCapacity,
    OverrideNeedsReason,
    UnknownBooking,
    UnknownHold,
)
from routing.handover import bookings_for
from routing.policy import DEFAULT_POLICY, TravelMode
from routing.ranking import CALL_999_INSTRUCTION, Outcome
from routing.route import route as route_patient
from routing.sites import load_index
from routing.spatial import SiteIndex
from triage.records import UnknownTriage
from triage.records import load as load_triage
from web.api.capacity import ProviderDep
from web.auth import STAFF, allow
from web.deps import BoardDep, EngineDep, GazetteerDep, SettingsDep
from web.errors import PROBLEM_JSON, problem_body, problem_for, problem_responses
from web.metrics import BOOKINGS

router = APIRouter(tags=["routing"])

# Staff, and a patient's own chat: each record's actor is the caller's subject, so a patient session
# reaches only the triage records, holds and bookings it made (403 not-yours for anyone else's).
Caller = Annotated[Principal, allow(*STAFF, Role.PATIENT)]
INDEX_MAX_AGE_S = 300.0  # the directory is re-read at most this often; opening hours changes show within it
KeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=idempotency.MAX_KEY_LENGTH, pattern=r"^[\x21-\x7e]+$"),
]


class RouteIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"postcode": "LS1 4AP", "disposition": "UTC", "age": 34}]}
    )

    postcode: str = Field(min_length=2, max_length=12, description="Full postcode or outward code, e.g. LS1 4AP")
    disposition: Disposition | None = Field(default=None, description="Give this or triage_id")
    triage_id: str | None = Field(default=None, max_length=36, description="A triage record's id, from POST /v1/triage")
    age: int | None = Field(default=None, ge=0, le=130, description="Recorded; the current policy does not use it")
    sex: Sex | None = None
    mode: TravelMode = TravelMode.CAR

    @model_validator(mode="after")
    def one_source(self) -> RouteIn:
        if (self.disposition is None) == (self.triage_id is None):
            raise ValueError("give exactly one of disposition and triage_id")
        return self


class PlaceOut(BaseModel):
    matched: str
    precision: str
    latitude: float
    longitude: float


class OptionOut(BaseModel):
    rank: int
    service_id: str
    name: str
    type: ServiceType
    distance_km: float
    travel_minutes: float
    wait_minutes: int
    time_to_care_minutes: float
    window_start: datetime
    free: int
    meets_deadline: bool
    reasons: list[str]


class ExclusionOut(BaseModel):
    service_id: str
    name: str
    type: ServiceType
    distance_km: float
    why: str
    detail: str


class RouteOut(BaseModel):
    outcome: Outcome
    instruction: str | None
    disposition: Disposition
    routed_as: Disposition
    deadline_minutes: float | None
    place: PlaceOut
    options: list[OptionOut]
    exclusions: list[ExclusionOut]
    excluded_counts: dict[str, int]
    notes: list[str]
    callback_id: str | None
    triage_id: str | None
    policy_version: str


class HoldIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"service_id": "RR801-ED", "window_start": "2026-11-23T20:00:00Z"}]},
    )

    service_id: str = Field(max_length=24)
    window_start: AwareDatetime | None = Field(
        default=None, description="Default: the earliest window with a free slot"
    )
    triage_id: str | None = Field(default=None, max_length=36)
    override_reason: str | None = Field(
        default=None, max_length=500, description="Required to book a setting that cannot meet the triaged need"
    )


class HoldOut(BaseModel):
    id: str
    service_id: str
    triage_id: str | None
    window_start: datetime
    seat: int
    status: HoldStatus
    expires_at: datetime

    @classmethod
    def of(cls, hold: Hold) -> HoldOut:
        return cls.model_validate(hold.model_dump())


class BookingIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"hold_id": "3f2b8a64-5a4e-4c1e-9a43-1f0f6f0e8d21"}]}
    )

    hold_id: str = Field(max_length=36)


class BookingOut(BaseModel):
    id: str
    reference: str
    hold_id: str
    service_id: str
    triage_id: str | None
    window_start: datetime
    seat: int
    status: BookingStatus
    created_at: datetime
    cancelled_at: datetime | None
    replaces_id: str | None

    @classmethod
    def of(cls, booking: Booking) -> BookingOut:
        return cls.model_validate(booking.model_dump())


class CallbackOut(BaseModel):
    id: str
    created_at: datetime
    status: CallbackStatus
    disposition: Disposition
    triage_id: str | None
    area: str
    reason: str

    @classmethod
    def of(cls, row: CallbackRequest) -> CallbackOut:
        return cls.model_validate(row.model_dump())


async def site_index(request: HTTPConnection, engine: EngineDep) -> SiteIndex:
    """The directory's spatial index, built once per worker and refreshed every few minutes."""
    state = request.app.state
    cached: tuple[float, SiteIndex] | None = getattr(state, "routing_index", None)
    if cached is None or time.monotonic() - cached[0] > INDEX_MAX_AGE_S:
        lock: asyncio.Lock | None = getattr(state, "routing_index_lock", None)
        if lock is None:  # no await since the check: one lock per worker
            lock = state.routing_index_lock = asyncio.Lock()
        async with lock:
            cached = getattr(state, "routing_index", None)
            if cached is None or time.monotonic() - cached[0] > INDEX_MAX_AGE_S:
                cached = (time.monotonic(), await asyncio.to_thread(load_index, engine))
                state.routing_index = cached
    return cached[1]


async def idempotent(
    engine: Any,
    scope: str,
    key: str | None,
    endpoint: str,
    body: Any,
    action: Callable[[], Awaitable[tuple[int, BaseModel]]],
) -> JSONResponse:
    """Run `action` once per caller and key: store its result (or its problem) and replay it for a repeat."""
    if key is None:
        status, model = await action()
        return JSONResponse(model.model_dump(mode="json"), status_code=status)
    digest = idempotency.request_hash(endpoint, body)
    stored = await asyncio.to_thread(idempotency.begin, engine, scope, key, endpoint, digest)
    if stored is not None:
        media = PROBLEM_JSON if stored.status_code >= 400 else "application/json"
        headers = {"Idempotent-Replayed": "true"}
        return JSONResponse(stored.body, status_code=stored.status_code, media_type=media, headers=headers)
    try:
        status, model = await action()
    except DomainError as error:
        if isinstance(error, Unavailable):
            await asyncio.to_thread(idempotency.abandon, engine, scope, key)
        else:
            problem = problem_for(error)
            problem_json = problem_body(problem, error.detail)
            await asyncio.to_thread(idempotency.finish, engine, scope, key, problem.status, problem_json)
        raise
    except BaseException:
        await _abandon(engine, scope, key)
        raise
    payload = model.model_dump(mode="json")
    await asyncio.to_thread(idempotency.finish, engine, scope, key, status, payload)
    return JSONResponse(payload, status_code=status)


async def _abandon(engine: Any, scope: str, key: str) -> None:
    """Free the key for a retry. If the database is what failed, keep trying in the background: a claim left
    behind would answer every retry "in progress" until it goes stale."""
    try:
        await asyncio.to_thread(idempotency.abandon, engine, scope, key)
    except Exception:
        task = asyncio.create_task(_abandon_later(engine, scope, key))
        _ABANDONING.add(task)
        task.add_done_callback(_ABANDONING.discard)


_ABANDONING: set[asyncio.Task[None]] = set()  # strong references, so pending retries are not collected


async def _abandon_later(engine: Any, scope: str, key: str, tries: int = 30, every_s: float = 1.0) -> None:
    for _ in range(tries):
        await asyncio.sleep(every_s)
        with contextlib.suppress(Exception):
            await asyncio.to_thread(idempotency.abandon, engine, scope, key)
            return


def required(key: str | None) -> str:
    if key is None:
        raise IdempotencyKeyRequired(
            "Send an Idempotency-Key header (any unique string, e.g. a UUID) so a retry can never act twice."
        )
    return key


IndexDep = Annotated[SiteIndex, Depends(site_index)]
# Any request with an Idempotency-Key can meet these; the board behind holds and bookings can be unavailable.
REPLAYED = (IdempotencyMismatch, IdempotencyInProgress, Unavailable)


def _owned_triage(engine: Any, who: Principal, triage_id: str | None) -> None:
    """A patient may route and hold only on its own triage record; staff on any."""
    if triage_id is None or who.role is not Role.PATIENT:
        return
    with Session(engine) as session:
        check_owner(who, load_triage(session, triage_id).actor, "triage record")


def _owned_booking(engine: Any, who: Principal, booking_id: str) -> None:
    if who.role is Role.PATIENT:
        check_owner(who, bk.booking_of(engine, booking_id).actor, "booking")


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
    key: KeyHeader = None,
) -> JSONResponse:
    """Rank the services that can see the patient in time, with reasons; exclusions say why.

    `outcome` is `book` (hold the first option), `call_999` (never booked) or `callback` (queued for a clinician).
    """

    async def act() -> tuple[int, BaseModel]:
        await asyncio.to_thread(_owned_triage, engine, who, body.triage_id)
        routed = await route_patient(
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
        )
        r, place = routed.ranking, routed.place
        out = RouteOut(
            outcome=r.outcome,
            instruction=CALL_999_INSTRUCTION if r.outcome is Outcome.CALL_999 else None,
            disposition=r.disposition,
            routed_as=r.routed_as,
            deadline_minutes=r.deadline_minutes,
            place=PlaceOut(
                matched=place.matched, precision=place.precision, latitude=place.latitude, longitude=place.longitude
            ),
            options=[OptionOut.model_validate({**_fields(o), "reasons": list(o.reasons)}) for o in r.options],
            exclusions=[ExclusionOut.model_validate({**_fields(e), "why": e.why.value}) for e in r.exclusions],
            excluded_counts=dict(r.excluded_counts),
            notes=list(r.notes),
            callback_id=routed.callback_id,
            triage_id=routed.triage_id,
            policy_version=r.policy_version,
        )
        return 200, out

    return await idempotent(engine, who.subject, key, "POST /v1/route", body.model_dump(mode="json"), act)


def _fields(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__}


@router.post(
    "/v1/holds",
    status_code=201,
    response_model=HoldOut,
    responses=problem_responses(
        IdempotencyKeyRequired,
        UnknownService,
        UnknownHold,
        NoCapacity,
        NeverBook,
        OverrideNeedsReason,
        *REPLAYED,
        body=True,
    ),
)
async def place_hold(
    who: Caller, body: HoldIn, engine: EngineDep, board: BoardDep, settings: SettingsDep, key: KeyHeader = None
) -> JSONResponse:
    """Hold one slot for `ONE111_HOLD_SECONDS` (default 120 s); confirm it with POST /v1/bookings."""
    request = bk.HoldRequest(body.service_id, body.window_start, body.triage_id, body.override_reason)

    async def act() -> tuple[int, BaseModel]:
        await asyncio.to_thread(_owned_triage, engine, who, body.triage_id)
        held = await bk.place_hold(engine, board, request, who.subject, settings.hold_seconds, policy=DEFAULT_POLICY)
        return 201, HoldOut.of(held)

    return await idempotent(engine, who.subject, required(key), "POST /v1/holds", body.model_dump(mode="json"), act)


@router.get("/v1/holds/{hold_id}", response_model=HoldOut, responses=problem_responses(UnknownHold))
async def get_hold(who: Caller, hold_id: str, engine: EngineDep, board: BoardDep) -> HoldOut:
    await bk.expire_due(engine, board)
    hold = await asyncio.to_thread(bk.hold_of, engine, hold_id)
    check_owner(who, hold.actor, "hold")
    return HoldOut.of(hold)


@router.delete(
    "/v1/holds/{hold_id}", response_model=HoldOut, responses=problem_responses(UnknownHold, HoldNotActive, *REPLAYED)
)
async def release_hold(
    who: Caller, hold_id: str, engine: EngineDep, board: BoardDep, key: KeyHeader = None
) -> JSONResponse:
    """Let go of a hold early (only the caller who placed it); its slot goes straight back on the board."""

    async def act() -> tuple[int, BaseModel]:
        return 200, HoldOut.of(await bk.release(engine, board, hold_id, who.subject))

    return await idempotent(engine, who.subject, key, f"DELETE /v1/holds/{hold_id}", {}, act)


@router.post(
    "/v1/bookings",
    status_code=201,
    response_model=BookingOut,
    responses=problem_responses(
        IdempotencyKeyRequired, UnknownHold, HoldExpired, HoldNotActive, DoubleBooking, *REPLAYED, body=True
    ),
)
async def book(who: Caller, body: BookingIn, engine: EngineDep, board: BoardDep, key: KeyHeader = None) -> JSONResponse:
    """Confirm a hold: one transaction, and the database refuses a second booking of the same seat or triage."""

    async def act() -> tuple[int, BaseModel]:
        return 201, BookingOut.of(await bk.confirm(engine, board, body.hold_id, who.subject))

    endpoint = "POST /v1/bookings"
    return counted(
        "book", await idempotent(engine, who.subject, required(key), endpoint, body.model_dump(mode="json"), act)
    )


@router.get("/v1/bookings/{booking_id}", response_model=BookingOut, responses=problem_responses(UnknownBooking))
async def get_booking(who: Caller, booking_id: str, engine: EngineDep) -> BookingOut:
    booking = await asyncio.to_thread(bk.booking_of, engine, booking_id)
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

    async def act() -> tuple[int, BaseModel]:
        await asyncio.to_thread(_owned_booking, engine, who, booking_id)
        return 200, BookingOut.of(await bk.cancel(engine, board, booking_id, who.subject, reason))

    return await idempotent(engine, who.subject, key, f"DELETE /v1/bookings/{booking_id}", {"reason": reason}, act)


@router.post(
    "/v1/bookings/{booking_id}/rebook",
    status_code=201,
    response_model=BookingOut,
    responses=problem_responses(
        IdempotencyKeyRequired,
        UnknownHold,
        UnknownBooking,
        HoldExpired,
        HoldNotActive,
        AlreadyCancelled,
        DoubleBooking,
        *REPLAYED,
        body=True,
    ),
)
async def rebook(
    who: Caller, booking_id: str, body: BookingIn, engine: EngineDep, board: BoardDep, key: KeyHeader = None
) -> JSONResponse:
    """Move a booking onto a new hold in one transaction; the old slot goes back afterwards."""

    async def act() -> tuple[int, BaseModel]:
        await asyncio.to_thread(_owned_booking, engine, who, booking_id)
        return 201, BookingOut.of(await bk.rebook(engine, board, booking_id, body.hold_id, who.subject))

    endpoint = f"POST /v1/bookings/{booking_id}/rebook"
    return counted(
        "rebook", await idempotent(engine, who.subject, required(key), endpoint, body.model_dump(mode="json"), act)
    )


def counted(kind: str, response: JSONResponse) -> JSONResponse:
    """Count a booking made now; a replayed answer made none."""
    if response.status_code == 201 and "idempotent-replayed" not in response.headers:
        BOOKINGS.labels(kind).inc()
    return response


@router.get(
    "/v1/callbacks",
    response_model=list[CallbackOut],
    responses=problem_responses(),
    dependencies=[allow(Role.CLINICIAN, Role.ADMIN)],
)
async def callbacks(engine: EngineDep, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[CallbackOut]:
    """The clinician callback queue: open requests, oldest first."""
    return [CallbackOut.of(row) for row in await asyncio.to_thread(open_callbacks, engine, limit)]


class HandoverOut(BookingOut):
    triage: dict[str, Any] | None = Field(description="What the patient already told 111: never ask them again")


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
    found = await asyncio.to_thread(bookings_for, engine, who.provider_id, service_id, since)
    return [HandoverOut.model_validate({**BookingOut.of(h.booking).model_dump(), "triage": h.summary()}) for h in found]
