"""Holds and bookings: take a slot on the board, record it, confirm it exactly once, give it back on cancel or expiry.

Order of effects, chosen so a failure never doubles a slot:
- hold: take the slot on the board first, then write the hold row; if the write fails the slot goes back. If the
  connection died during the COMMIT (CommitUnknown), the slot goes back only when the record shows no hold.
- confirm: one database transaction writes the booking and marks the hold confirmed; the partial unique
  indexes on bookings refuse a second confirmed booking for the same seat or the same triage.
- cancel, expiry, release, rebook: change the database first (a conditional update, so only one caller
  wins), then give the slot back on the board.
Every change writes an audit event in the same transaction; writing one takes no lock, so writers serialise only
where they must: a hold takes a lock on its (service, window) before it picks a seat, and a cancel or move locks
the booking's row before it reads its status (on SQLite the first write takes the database's one write lock).

One request, one transaction: each change runs in a single `session_scope` that also claims and answers the
request's idempotency key (routing/idempotency.py), so the key, the change and its audit event commit together.
Functions that write own exactly one `session_scope`; functions that only read take a session.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, func, literal, union_all, update
from sqlalchemy import select as select_columns
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from capacity.board import Board, BoardState, utc
from capacity.errors import CapacityUnknown, NoFreeSlot
from capacity.listing import UnknownService, get_service
from models.audit import record
from models.database import CommitUnknown, blocking, read_session, session_scope
from models.tables import Booking, Hold, Service, TriageRecord
from models.types import utcnow
from models.vocabulary import BookingStatus, Disposition, HoldStatus, ServiceType, can_meet
from routing.errors import (
    AlreadyCancelled,
    DoubleBooking,
    HoldExpired,
    HoldNotActive,
    NeverBook,
    NoCapacity,
    OverrideNeedsReason,
    UnknownBooking,
    UnknownHold,
)
from routing.idempotency import Once, claim, keep
from routing.policy import DEFAULT_POLICY, Policy

logger = logging.getLogger("one111.routing")
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone


@dataclass(frozen=True, slots=True)
class HoldRequest:
    service_id: str
    window_start: datetime | None = None
    triage_id: str | None = None
    override_reason: str | None = None
    # A clinician's assessed disposition (clinical/): it replaces the triage's as the need a setting must meet.
    # Only clinical/ sets it, after recording the assessment; a lowering's reason comes as override_reason.
    clinician_disposition: Disposition | None = None


def first_free_window(state: BoardState | None, now: datetime, policy: Policy) -> datetime | None:
    if state is None:
        return None
    earliest = now - policy.window_grace
    return next((w.start for w in state.slots if w.free > 0 and w.start >= earliest), None)


async def place_hold(
    engine: Engine,
    board: Board,
    request: HoldRequest,
    actor: str,
    hold_seconds: int,
    now: datetime | None = None,
    policy: Policy = DEFAULT_POLICY,
    sweep_every_s: float = 1.0,
    once: Once[Hold] | None = None,
) -> Hold:
    """Hold one slot for `hold_seconds`. Raises NoCapacity when the service is full, closed or unknown.

    When the board refuses, expired holds are swept and the take retried, at most once per `sweep_every_s`
    per process (0: every time). The checks (service, triage, override) run in the hold's own transaction."""
    now = now or utcnow()
    start = request.window_start
    if start is None:
        await expire_due(engine, board, now)
        start = first_free_window(await board.get(request.service_id), now, policy)
        if start is None:
            await blocking(_check_known, engine, request)  # an unknown service is 404, not "no capacity"
            raise NoCapacity(f"Service {request.service_id!r} has no free slot in any current or future window.")
    start = utc(start)
    await _take(engine, board, request, start, now, sweep_every_s)
    expires, hold_id = now + timedelta(seconds=hold_seconds), str(uuid.uuid4())
    try:
        return await blocking(_insert_hold, engine, request, hold_id, start, actor, expires, once)
    except CommitUnknown:
        if not await _landed(engine, hold_id):
            await _give_back(board, request.service_id, start)
        raise
    except BaseException:
        await _give_back(board, request.service_id, start)
        raise


async def _landed(engine: Engine, hold_id: str) -> bool:
    """Whether a hold whose COMMIT went unanswered is in the record. When the record cannot be read either, say it
    is: a slot kept off the board until the next provider update or rebuild beats a slot sold twice."""
    try:
        return await blocking(_hold_exists, engine, hold_id)
    except Exception:
        logger.warning("a hold's commit went unanswered and the record cannot say if it landed; its slot stays taken")
        return True


def _hold_exists(engine: Engine, hold_id: str) -> bool:
    with read_session(engine) as session:
        return session.get(Hold, hold_id) is not None


async def _take(
    engine: Engine, board: Board, request: HoldRequest, start: datetime, now: datetime, sweep_every_s: float
) -> None:
    """Take the slot. A losing racer hears from the board at once; expired holds are swept (at most once a
    second per process on this path) and the take retried; only an unknown service costs a database read."""
    try:
        await board.take_slot(request.service_id, start)
        return
    except (NoFreeSlot, CapacityUnknown) as error:
        refused: NoFreeSlot | CapacityUnknown = error
    if _sweep_due(engine, sweep_every_s) and await expire_due(engine, board, now):
        try:
            await board.take_slot(request.service_id, start)
            return
        except (NoFreeSlot, CapacityUnknown) as error:
            refused = error
    if isinstance(refused, CapacityUnknown):
        await blocking(_check_known, engine, request)  # an unknown service is 404, not "no capacity"
    raise NoCapacity(refused.detail)


_last_sweep: dict[str, float] = {}


def _sweep_due(engine: Engine, every_s: float) -> bool:
    """Rate-limit the refusal path's sweep so a crowd of losing racers does not become a crowd of queries."""
    key, now = str(engine.url), time.monotonic()
    if every_s > 0 and now - _last_sweep.get(key, -every_s) < every_s:
        return False
    _last_sweep[key] = now
    return True


def _check_known(engine: Engine, request: HoldRequest) -> None:
    with read_session(engine) as session:
        _check_hold(session, request)


def _check_hold(session: Session, request: HoldRequest, lock: datetime | None = None) -> None:
    """The hold's checks in one statement: the service (404 when unknown or inactive) and the clinical rule for its
    triage. With `lock` (a window start) the same statement takes the lock on that window, before the seat is
    picked (`_free_seat`), so a hold costs one round trip for all three."""
    columns: list[Any] = [
        select(Service.type).where(col(Service.id) == request.service_id, col(Service.active)).scalar_subquery()
    ]
    if request.triage_id is not None:
        columns.append(
            select(TriageRecord.disposition).where(col(TriageRecord.id) == request.triage_id).scalar_subquery()
        )
    if lock is not None and session.get_bind().dialect.name == "postgresql":
        columns.append(_window_lock(request.service_id, lock))
    row = session.execute(select_columns(*columns)).one()
    if row[0] is None:
        raise UnknownService(f"There is no service with id {request.service_id!r}.")
    need = row[1] if request.triage_id is not None else None
    _clinical_rule(row[0], request.triage_id, need, request.override_reason, request.clinician_disposition)


def _check_clinical(
    session: Session,
    setting: ServiceType,
    triage_id: str | None,
    reason: str | None,
    clinician: Disposition | None = None,
) -> None:
    """The clinical rule for a triage record read by id (a rebook's)."""
    triage = session.get(TriageRecord, triage_id) if triage_id is not None else None
    _clinical_rule(setting, triage_id, triage.disposition if triage is not None else None, reason, clinician)


def _clinical_rule(
    setting: ServiceType,
    triage_id: str | None,
    disposition: Disposition | None,
    reason: str | None,
    clinician: Disposition | None = None,
) -> None:
    """The one clinical rule for every path that puts a triaged patient in a setting (a hold, a rebook): never
    a CALL_999, and a setting that cannot meet the disposition only with an override reason (audited). A
    clinician's assessed disposition, when given, is the need (clinical/ records why it differs). `disposition`
    is the triage record's, None when no record has that id."""
    if triage_id is None:
        return
    if disposition is None:
        raise UnknownHold(f"No triage record has the id {triage_id!r}.")
    need = clinician or disposition
    if need is Disposition.CALL_999:
        raise NeverBook("A CALL_999 disposition is never booked: call 999 now.")
    if not can_meet(setting, need) and not _reason(reason):
        raise OverrideNeedsReason(
            f"A {setting.value} is not a setting that can meet a {need.value} need; "
            "to book it anyway, give an override_reason (it is audited)."
        )


def _reason(reason: str | None) -> str:
    return (reason or "").strip()[:500]


def _record_override(
    session: Session, actor: str, subject: tuple[str, str], detail: dict[str, str], reason: str
) -> None:
    """Every override of the ranking or the clinical rule leaves one `routing.override` event with its reason."""
    if reason:
        record(session, actor, "routing.override", subject, detail, reason=reason)


def _insert_hold(
    engine: Engine,
    request: HoldRequest,
    hold_id: str,
    start: datetime,
    actor: str,
    expires: datetime,
    once: Once[Hold] | None,
) -> Hold:
    with session_scope(engine) as session:
        claim(session, once)
        detail = {"service_id": request.service_id, "window_start": start.isoformat()}
        record(session, actor, "hold.placed", ("hold", hold_id), {**detail, "expires_at": expires.isoformat()})
        _record_override(session, actor, ("hold", hold_id), _override_detail(request), _reason(request.override_reason))
        _check_hold(session, request, lock=start)
        hold = Hold(
            id=hold_id,
            service_id=request.service_id,
            triage_id=request.triage_id,
            window_start=start,
            seat=_free_seat(session, request.service_id, start),
            status=HoldStatus.ACTIVE,
            actor=actor,
            expires_at=expires,
        )
        session.add(hold)
        return keep(session, once, hold)


def _override_detail(request: HoldRequest) -> dict[str, str]:
    detail = {"service_id": request.service_id}
    if request.clinician_disposition is not None:
        detail["clinician_disposition"] = request.clinician_disposition.value
    return detail


def _lowest_free_seat() -> Select[tuple[int]]:
    """The lowest of 0 and every used seat + 1 that is not itself used, for the window bound as :service_id and
    :start. Built once: building it per hold cost as much CPU as running it."""
    held = select(Hold.seat).where(
        Hold.service_id == bindparam("service_id"),
        Hold.window_start == bindparam("start"),
        Hold.status == HoldStatus.ACTIVE,
    )
    booked = select(Booking.seat).where(
        Booking.service_id == bindparam("service_id"),
        Booking.window_start == bindparam("start"),
        Booking.status == BookingStatus.CONFIRMED,
    )
    used = union_all(held, booked).cte("used")
    after = select((used.c.seat + 1).label("seat"))
    candidates = union_all(select(literal(0).label("seat")), after).subquery("candidates")
    return select_columns(func.min(candidates.c.seat)).where(candidates.c.seat.not_in(select(used.c.seat)))


LOWEST_FREE_SEAT = _lowest_free_seat()


def _free_seat(session: Session, service_id: str, start: datetime) -> int:
    """The lowest seat number no active hold or confirmed booking uses in this window (one query for both), read
    under the window's lock (`_check_hold` took it in the statement before, so this one sees every seat taken).
    Worked out by the database: reading every used seat back cost the worker CPU in proportion to the window's
    bookings (4% of a flow's at a few hundred)."""
    seat: int = session.execute(LOWEST_FREE_SEAT, {"service_id": service_id, "start": start}).scalar_one()
    return seat


async def confirm(
    engine: Engine,
    board: Board,
    hold_id: str,
    actor: str,
    now: datetime | None = None,
    once: Once[Booking] | None = None,
) -> Booking:
    """Turn an active hold into a booking, once. Raises HoldExpired (its slot goes back) or HoldNotActive."""
    now = now or utcnow()
    moved = await blocking(_confirm, engine, hold_id, actor, now, None, once)
    return await _confirmed(engine, board, hold_id, now, moved)


async def _confirmed(
    engine: Engine, board: Board, hold_id: str, now: datetime, moved: tuple[Booking, Booking | None] | None
) -> Booking:
    if moved is not None:
        return moved[0]
    expired = await blocking(_expire, engine, hold_id, now)
    if expired is not None:  # this caller expired it, so this caller gives the slot back
        await _give_back(board, expired.service_id, expired.window_start)
    raise HoldExpired(f"Hold {hold_id!r} expired before it was confirmed; its slot was released.")


async def rebook(
    engine: Engine,
    board: Board,
    booking_id: str,
    hold_id: str,
    actor: str,
    now: datetime | None = None,
    once: Once[Booking] | None = None,
    override_reason: str | None = None,
) -> Booking:
    """Move a confirmed booking onto a new hold in one transaction; the old slot goes back afterwards.

    The new setting must meet the booking's triage exactly as a first booking must (`_check_clinical`), or carry
    an `override_reason`, audited as `routing.override` on the new booking."""
    now = now or utcnow()
    move = Move(booking_id, override_reason)
    moved = await blocking(_confirm, engine, hold_id, actor, now, move, once)
    booking = await _confirmed(engine, board, hold_id, now, moved)
    if moved is not None and moved[1] is not None:
        await _give_back(board, moved[1].service_id, moved[1].window_start)
    return booking


@dataclass(frozen=True, slots=True)
class Move:
    """A rebook: the booking being moved, and the reason for a setting that cannot meet its triage."""

    booking_id: str
    override_reason: str | None = None


def _confirm(
    engine: Engine, hold_id: str, actor: str, now: datetime, move: Move | None, once: Once[Booking] | None
) -> tuple[Booking, Booking | None] | None:
    """The booking and the booking it replaced; None when the hold had run out (nothing was written)."""
    booking_id = str(uuid.uuid4())
    try:
        with session_scope(engine) as session:
            claim(session, once)
            record(session, actor, "booking.confirmed", ("booking", booking_id), {"hold_id": hold_id})
            hold = _take_hold(session, hold_id, actor, now)
            if hold is None:  # it ran out: roll back (the key too); the caller expires it, then answers HoldExpired
                session.rollback()
                return None
            old = _moving(session, move, hold, booking_id, actor) if move else None
            booking = Booking(
                id=booking_id,
                reference=_reference(),
                hold_id=hold.id,
                service_id=hold.service_id,
                triage_id=old.triage_id if old is not None else hold.triage_id,
                window_start=hold.window_start,
                seat=hold.seat,
                status=BookingStatus.CONFIRMED,
                actor=actor,
                replaces_id=move.booking_id if move else None,
            )
            session.add(booking)
            session.flush()  # the indexes refuse a double booking here, inside the try
            return keep(session, once, booking), old
    except IntegrityError:
        raise DoubleBooking(
            "The database refused this booking: that seat, or this triage, is already booked."
        ) from None


def _take_hold(session: Session, hold_id: str, actor: str, now: datetime) -> Hold | None:
    """Mark the caller's active, unexpired hold confirmed and return it, in one statement (a conditional update, so
    of two confirmations of one hold only one wins). None when it has run out; raises when it cannot be confirmed."""
    taken: Hold | None = session.execute(
        update(Hold)
        .where(
            col(Hold.id) == hold_id,
            col(Hold.actor) == actor,
            col(Hold.status) == HoldStatus.ACTIVE,
            col(Hold.expires_at) > now,
        )
        .values(status=HoldStatus.CONFIRMED)
        .returning(Hold),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    if taken is not None:
        return taken
    hold = session.get(Hold, hold_id)  # only on a refusal: say why
    if hold is None or hold.actor != actor:
        raise UnknownHold(f"There is no hold {hold_id!r} of yours.")
    if hold.status is HoldStatus.EXPIRED:
        raise HoldExpired(f"Hold {hold_id!r} expired at {hold.expires_at:%H:%M:%S} UTC.")
    if hold.status is not HoldStatus.ACTIVE:
        raise HoldNotActive(f"Hold {hold_id!r} is already {hold.status.value.lower()}.")
    return None  # active but past its time


def _moving(session: Session, move: Move, hold: Hold, booking_id: str, actor: str) -> Booking:
    """Mark the old booking moved, after the clinical rule for its triage in the hold's setting."""
    old = session.get(Booking, move.booking_id, with_for_update=True)  # one move or cancel at a time wins
    if old is None:
        raise UnknownBooking(f"There is no booking {move.booking_id!r}.")
    if old.status is not BookingStatus.CONFIRMED:
        raise AlreadyCancelled(f"Booking {move.booking_id!r} is {old.status.value.lower()}; it cannot be moved.")
    _check_move(session, old, hold, move, ("booking", booking_id), actor)
    old.status = BookingStatus.MOVED
    old.cancelled_at = utcnow()
    session.add(old)
    record(session, actor, "booking.moved", ("booking", old.id), {"service_id": old.service_id})
    session.flush()  # the old booking stops counting before the new one is checked against the indexes
    return old


def _check_move(session: Session, old: Booking, hold: Hold, move: Move, subject: tuple[str, str], actor: str) -> None:
    """The new booking carries the old one's triage, so the rule runs for that triage in the hold's setting
    (a hold placed for this same triage passed it when it was placed). A reason given is audited, as on a hold."""
    if old.triage_id is not None and old.triage_id != hold.triage_id:
        _check_clinical(session, get_service(session, hold.service_id).type, old.triage_id, move.override_reason)
    _record_override(session, actor, subject, {"service_id": hold.service_id}, _reason(move.override_reason))


def _window_lock(service_id: str, start: datetime) -> Any:
    # Two holds in one window must not both pick the same free seat. PostgreSQL lets them interleave, so each
    # takes a transaction-scoped lock on that window alone; SQLite already holds its single write lock here.
    # The seat is read in a later statement than the lock: under READ COMMITTED it then sees every earlier holder's
    # committed seat (a read in the same statement would use a snapshot taken before the lock was granted).
    return func.pg_advisory_xact_lock(func.hashtextextended(f"{service_id}|{start.isoformat()}", 0))


def _set_status(session: Session, hold_id: str, old: HoldStatus, new: HoldStatus) -> None:
    changed = session.execute(update(Hold).where(col(Hold.id) == hold_id, col(Hold.status) == old).values(status=new))
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise HoldNotActive(f"Hold {hold_id!r} changed while we were confirming it.")


def _reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


async def cancel(
    engine: Engine,
    board: Board,
    booking_id: str,
    actor: str,
    reason: str | None = None,
    once: Once[Booking] | None = None,
) -> Booking:
    booking = await blocking(_cancel, engine, booking_id, actor, reason, once)
    await _give_back(board, booking.service_id, booking.window_start)
    return booking


def _cancel(engine: Engine, booking_id: str, actor: str, reason: str | None, once: Once[Booking] | None) -> Booking:
    with session_scope(engine) as session:
        claim(session, once)
        record(session, actor, "booking.cancelled", ("booking", booking_id), {}, reason=reason)
        booking = session.get(Booking, booking_id, with_for_update=True)  # a second cancel waits, then sees this one
        if booking is None:
            raise UnknownBooking(f"There is no booking {booking_id!r}.")
        if booking.status is not BookingStatus.CONFIRMED:
            raise AlreadyCancelled(f"Booking {booking_id!r} is already {booking.status.value.lower()}.")
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = utcnow()
        session.add(booking)
        return keep(session, once, booking)


async def release(engine: Engine, board: Board, hold_id: str, actor: str, once: Once[Hold] | None = None) -> Hold:
    """Let go of an active hold before it expires; its slot goes back."""
    hold = await blocking(_release, engine, hold_id, actor, once)
    await _give_back(board, hold.service_id, hold.window_start)
    return hold


def _release(engine: Engine, hold_id: str, actor: str, once: Once[Hold] | None) -> Hold:
    with session_scope(engine) as session:
        claim(session, once)
        record(session, actor, "hold.released", ("hold", hold_id), {})
        hold = session.get(Hold, hold_id)
        if hold is None or hold.actor != actor:
            raise UnknownHold(f"There is no hold {hold_id!r} of yours.")
        if hold.status is not HoldStatus.ACTIVE:
            raise HoldNotActive(f"Hold {hold_id!r} is already {hold.status.value.lower()}.")
        _set_status(session, hold_id, HoldStatus.ACTIVE, HoldStatus.RELEASED)
        hold.status = HoldStatus.RELEASED
        return keep(session, once, hold)


def _expire(engine: Engine, hold_id: str, now: datetime) -> Hold | None:
    """Mark one due hold expired; the hold if this caller won (and so must give the slot back), else None."""
    with session_scope(engine) as session:
        record(session, "system", "hold.expired", ("hold", hold_id), {})
        hold = session.get(Hold, hold_id)
        if hold is None or hold.status is not HoldStatus.ACTIVE or hold.expires_at > now:
            session.rollback()
            return None
        _set_status(session, hold_id, HoldStatus.ACTIVE, HoldStatus.EXPIRED)
        hold.status = HoldStatus.EXPIRED
        return hold


def due_holds(session: Session, now: datetime, limit: int = 200) -> list[str]:
    """The ids of active holds past their time, the longest overdue first."""
    query = (
        select(Hold.id)
        .where(Hold.status == HoldStatus.ACTIVE, col(Hold.expires_at) <= now)
        .order_by(col(Hold.expires_at))
        .limit(limit)
    )
    return list(session.exec(query).all())


def _due(engine: Engine, now: datetime, limit: int) -> list[str]:
    with read_session(engine) as session:
        return due_holds(session, now, limit)


async def expire_due(
    engine: Engine, board: Board, now: datetime | None = None, limit: int = 200, due: list[str] | None = None
) -> int:
    """Expire every hold past its time and give its slot back; safe to run from many workers at once. `due`: the
    ids `due_holds` just found, when the caller read them with other work (it saves a query and a thread hop)."""
    now = now or utcnow()
    expired = 0
    for hold_id in due if due is not None else await blocking(_due, engine, now, limit):
        hold = await blocking(_expire, engine, hold_id, now)
        if hold is not None:
            expired += 1
            await _give_back(board, hold.service_id, hold.window_start)
    return expired


async def sweep_forever(
    engine: Engine, board: Board, interval_s: float = 5.0, on_expired: Callable[[int], object] = lambda count: None
) -> None:
    """A background sweeper for a worker's lifespan; lazy expiry on every hold and route covers the rest.
    `on_expired` hears how many holds each round expired (the edge counts them for metrics)."""
    while True:
        try:
            on_expired(await expire_due(engine, board))
        except Exception:  # keep sweeping; the next round or a request retries
            logger.exception("hold sweep failed")
        await asyncio.sleep(interval_s)


async def _give_back(board: Board, service_id: str, start: datetime) -> None:
    """Give a slot back to the board once. Never retried: a give-back is an increment, and one that timed out may
    have landed, so a retry can sell a slot twice (the Redis-killed storm test caught it). The database already
    says the slot is free; the next provider update or a board rebuild restores a board that missed it."""
    try:
        await board.release_slot(service_id, start)
    except Exception as error:
        logger.warning(
            "could not give a slot back to the board",
            extra={"service_id": service_id, "error_type": type(error).__qualname__},
        )


def booking_of(engine: Engine, booking_id: str) -> Booking:
    with read_session(engine) as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise UnknownBooking(f"There is no booking {booking_id!r}.")
        return booking


def hold_of(engine: Engine, hold_id: str) -> Hold:
    with read_session(engine) as session:
        hold = session.get(Hold, hold_id)
        if hold is None:
            raise UnknownHold(f"There is no hold {hold_id!r}.")
        return hold
