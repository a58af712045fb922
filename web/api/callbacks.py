"""The clinical hub over HTTP: the callback queue, claims, call attempts, assessments, and booking from them.

Clinicians (and admins) see and work every item; a call handler queues items and sees the ones they queued.
Only the clinician holding an item's live claim may record an outcome on it (409 not-holder otherwise).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from capacity.geography import UnknownPostcode
from clinical import assessment, attempts, claims, intake, queue, referral
from clinical.assessment import InvalidAssessment
from clinical.errors import CallbackClosed, HeldByAnother, LoweringNeedsReason, NotAssessed, NotHolder, UnknownCallback
from identity.principal import Principal
from models.database import blocking
from models.routing_tables import ClinicalAssessment
from models.vocabulary import Role
from routing.errors import NeverBook, NoCapacity, OverrideNeedsReason
from triage.records import UnknownTriage
from web.api.idempotency import REPLAYED, KeyHeader, answer, keyed
from web.api.schemas.clinical import (
    AssessmentIn,
    AssessmentOut,
    AttemptIn,
    AttemptResultOut,
    CallbackDetailOut,
    CallbackIn,
    CallbackOut,
    ClinicalBookIn,
    ClinicalHoldIn,
)
from web.api.schemas.routing import BookingOut, HoldOut, PlaceOut, RouteOut
from web.auth import allow
from web.deps import BoardDep, EngineDep, GazetteerDep, IndexDep, KeyringDep, SettingsDep
from web.errors import problem_responses
from web.settings import Settings

T = TypeVar("T")
router = APIRouter(tags=["clinical"])
Clinician = Annotated[Principal, allow(Role.CLINICIAN)]
Reader = Annotated[Principal, allow(Role.CLINICIAN, Role.ADMIN, Role.CALL_HANDLER)]
HELD = (UnknownCallback, NotHolder, CallbackClosed)


def _viewer(who: Principal) -> queue.Viewer:
    return queue.Viewer(who.subject, sees_all=who.role in (Role.CLINICIAN, Role.ADMIN), role=who.role)


def _lease(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.claim_lease_seconds)


@router.get("/v1/callbacks", response_model=list[CallbackOut], responses=problem_responses())
async def callbacks(
    who: Reader, engine: EngineDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[CallbackOut]:
    """The queue, most urgent band first, then the nearest deadline. A call handler sees what they queued."""
    return [CallbackOut.from_entry(e) for e in await blocking(queue.entries, engine, _viewer(who), limit)]


@router.post(
    "/v1/callbacks",
    status_code=201,
    response_model=CallbackOut,
    responses=problem_responses(UnknownPostcode, UnknownTriage, body=True),
)
async def queue_callback(
    who: Annotated[Principal, allow(Role.CALL_HANDLER, Role.CLINICIAN)],
    body: CallbackIn,
    engine: EngineDep,
    keyring: KeyringDep,
    gazetteer: GazetteerDep,
) -> CallbackOut:
    """A handler's choice: queue the patient for a clinician's call back (name and number sealed at rest)."""
    gazetteer.locate(body.postcode)
    request = intake.HandlerRequest(
        body.postcode, body.caller, body.reason, body.triage_id, body.disposition, body.skill, body.patient_id
    )
    row = await blocking(intake.queue_for_clinician, engine, keyring, request, who.subject)
    return CallbackOut.from_entry(queue.entry(row, row.created_at))


@router.get(
    "/v1/callbacks/{callback_id}", response_model=CallbackDetailOut, responses=problem_responses(UnknownCallback)
)
async def callback(who: Reader, callback_id: str, engine: EngineDep, keyring: KeyringDep) -> CallbackDetailOut:
    """One item with the caller's name and number, the triage and every attempt; the read is audited."""
    return CallbackDetailOut.from_detail(await blocking(queue.detail, engine, keyring, callback_id, _viewer(who)))


@router.post(
    "/v1/callbacks/{callback_id}/claim",
    response_model=CallbackDetailOut,
    responses=problem_responses(UnknownCallback, HeldByAnother, CallbackClosed),
)
async def claim(
    who: Clinician, callback_id: str, engine: EngineDep, keyring: KeyringDep, settings: SettingsDep
) -> CallbackDetailOut:
    """Take the item for `ONE111_CLAIM_LEASE_SECONDS`; claiming it again (or any action on it) renews the lease."""
    await blocking(claims.claim, engine, callback_id, who.subject, _lease(settings))
    return CallbackDetailOut.from_detail(await blocking(queue.detail, engine, keyring, callback_id, _viewer(who)))


@router.post("/v1/callbacks/{callback_id}/release", response_model=CallbackOut, responses=problem_responses(*HELD))
async def release(who: Clinician, callback_id: str, engine: EngineDep) -> CallbackOut:
    """Put the item back in the queue for anyone to claim."""
    row = await blocking(claims.release, engine, callback_id, who.subject)
    return CallbackOut.from_entry(queue.entry(row, row.created_at))


@router.post(
    "/v1/callbacks/{callback_id}/attempts",
    status_code=201,
    response_model=AttemptResultOut,
    responses=problem_responses(*HELD, *REPLAYED, body=True),
)
async def attempt(
    who: Clinician,
    callback_id: str,
    body: AttemptIn,
    engine: EngineDep,
    keyring: KeyringDep,
    settings: SettingsDep,
    key: KeyHeader = None,
) -> JSONResponse:
    """Record a call: unanswered ones are retried on the band's schedule, then the failed-contact action.
    Send an `Idempotency-Key` so a retried request never records the call twice."""
    k = keyed(who.subject, key, f"POST /v1/callbacks/{callback_id}/attempts", body.model_dump(mode="json"))
    act = partial(attempts.attempt, engine, keyring, callback_id, who.subject, body.result, body.note, _lease(settings))
    return await answer(engine, k, 201, partial(AttemptResultOut.of, note=body.note), _off_loop(act))


@router.post(
    "/v1/callbacks/{callback_id}/assessment",
    status_code=201,
    response_model=AssessmentOut,
    responses=problem_responses(*HELD, LoweringNeedsReason, InvalidAssessment, *REPLAYED, body=True),
)
async def assess(
    who: Clinician,
    callback_id: str,
    body: AssessmentIn,
    engine: EngineDep,
    keyring: KeyringDep,
    settings: SettingsDep,
    key: KeyHeader = None,
) -> JSONResponse:
    """Record the assessment. A disposition lower than the triage's needs `lowering_reason` (audited)."""
    k = keyed(who.subject, key, f"POST /v1/callbacks/{callback_id}/assessment", body.model_dump(mode="json"))
    act = partial(assessment.assess, engine, keyring, callback_id, who.subject, body.value(), _lease(settings))
    text = {"history": body.history, "reasoning": body.reasoning, "lowering_reason": body.lowering_reason}

    def render(made: ClinicalAssessment) -> AssessmentOut:
        return AssessmentOut.model_validate({**made.model_dump(), **text})

    return await answer(engine, k, 201, render, _off_loop(act))


def _off_loop(work: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    """A writer that owns its transaction, run in a thread, as `answer` calls it (with `once=`)."""

    async def run(**kwargs: Any) -> T:
        return await blocking(work, **kwargs)

    return run


@router.post(
    "/v1/callbacks/{callback_id}/route",
    response_model=RouteOut,
    responses=problem_responses(*HELD, NotAssessed, UnknownPostcode),
)
async def route(
    who: Clinician,
    callback_id: str,
    engine: EngineDep,
    board: BoardDep,
    gazetteer: GazetteerDep,
    index: IndexDep,
    settings: SettingsDep,
) -> RouteOut:
    """Services that can see the patient for the clinician's disposition (never queues another callback)."""
    act = referral.options(engine, board, gazetteer, index, callback_id, who.subject, _lease(settings))
    place, ranking = await act
    fields = {name: getattr(ranking, name) for name in ranking.__slots__}
    extra = {"place": PlaceOut.of(place), "callback_id": callback_id, "instruction": None}
    return RouteOut.model_validate({**fields, **extra, "triage_id": None})


@router.post(
    "/v1/callbacks/{callback_id}/hold",
    status_code=201,
    response_model=HoldOut,
    responses=problem_responses(*HELD, NotAssessed, NoCapacity, NeverBook, OverrideNeedsReason, body=True),
)
async def hold(
    who: Clinician, callback_id: str, body: ClinicalHoldIn, engine: EngineDep, board: BoardDep, settings: SettingsDep
) -> HoldOut:
    """Hold a slot for the clinician's disposition (a lowered one is booked under the assessment)."""
    service = (body.service_id, body.window_start)
    made = await referral.hold_slot(
        engine, board, callback_id, who.subject, service, settings.hold_seconds, _lease(settings)
    )
    return HoldOut.of(made)


@router.post(
    "/v1/callbacks/{callback_id}/booking",
    status_code=201,
    response_model=BookingOut,
    responses=problem_responses(*HELD, NotAssessed, body=True),
)
async def book(
    who: Clinician, callback_id: str, body: ClinicalBookIn, engine: EngineDep, board: BoardDep, settings: SettingsDep
) -> BookingOut:
    """Book the held slot and close the callback as BOOKED."""
    made = await referral.book(engine, board, callback_id, who.subject, body.hold_id, _lease(settings))
    return BookingOut.of(made)
