"""Notify-and-rebook: record the bookings a service can no longer keep, then move each, most urgent first, to the
best alternative the live board offers, or, when none can see the patient in time, cancel it and queue a
clinician callback. A patient's own request for another time is a swap, not a disruption (`Rebooker.swap`): the
new booking or none, and with none the booking they have stands.

Nothing moves without a record: a `Disruption` row is written (with its audit event) before its booking is
touched, and says what became of it. Each move is routing's own (routing.booking: hold, then rebook, one
transaction that also writes the patient's message through the outbox), so the patient hears exactly once: the
new booking's `rebooked` message, or the cancellation's. A disruption is claimed under a lease, so with many
workers each is handled by one, and one left half-done by a dead worker is finished by another.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.board import Board
from capacity.updates import snapshot_state
from models.audit import record
from models.database import blocking, read_session, session_scope
from models.errors import DomainError
from models.notify_tables import Disruption, DisruptionState
from models.tables import Booking, CapacitySnapshot, Service, TriageRecord
from models.types import utcnow
from models.vocabulary import BookingStatus, Disposition, can_meet
from notify.another import PATIENT_ASKED, elsewhere, other_windows
from notify.disruption import GRACE, Affected, affected, can_disrupt, disposition_for
from notify.escalate import to_callback
from routing import booking as bk
from routing.errors import AlreadyCancelled
from routing.policy import DEFAULT_POLICY, Policy
from routing.ranking import Option, RouteQuery, rank
from routing.route import settings_for
from routing.spatial import Nearby, SiteIndex

logger = logging.getLogger("one111.notify")
ACTOR = "notify"
OVERRIDE = {ACTOR: "moved by notify after a service disruption"}  # audited with a setting that cannot meet the need


@dataclass
class Rebooker:
    engine: Engine
    board: Board
    index: Callable[[], Awaitable[SiteIndex]]
    hold_seconds: int = 120
    staleness: timedelta = timedelta(hours=4)
    lease: timedelta = timedelta(seconds=60)
    policy: Policy = DEFAULT_POLICY
    on_settled: Callable[[str, DisruptionState], object] = field(default=lambda cause, state: None)

    async def service_changed(self, service_id: str, now: datetime | None = None) -> int:
        """After a capacity update: record what it disrupts, and move those bookings now."""
        now = now or utcnow()
        await blocking(record_disruptions, self.engine, service_id, now)
        return await self.resolve_due(now)

    async def sweep(self, now: datetime | None = None) -> int:
        """What any worker finds on its rounds: disruptions a dead worker missed, or left half-done."""
        now = now or utcnow()
        for service_id in await blocking(services_with_bookings, self.engine, now):
            await blocking(record_disruptions, self.engine, service_id, now)
        for booking_id, cause in await blocking(callbacks_not_cancelled, self.engine):
            await self._cancel(booking_id, cause)
        return await self.resolve_due(now)

    async def forever(self, interval_s: float) -> None:
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.sweep()
            except Exception:  # keep sweeping; the next round retries
                logger.exception("disruption sweep failed")

    async def resolve_due(self, now: datetime) -> int:
        claimed = await blocking(claim_pending, self.engine, now, self.lease)
        for disruption_id in claimed:
            state, cause = await self.resolve(disruption_id)
            self.on_settled(cause, state)
        return len(claimed)

    async def resolve(self, disruption_id: str) -> tuple[DisruptionState, str]:
        d, booking, service, disposition = await blocking(_load, self.engine, disruption_id)
        if booking.status is not BookingStatus.CONFIRMED:
            return await blocking(_settle_gone, self.engine, d.id, booking), d.cause
        for option in await self._options(service, disposition, booking, d.cause):
            moved = await self._move(booking, option, disposition, ACTOR)
            if isinstance(moved, Booking):
                return await blocking(_settle_moved, self.engine, d.id, moved), d.cause
            if moved == "gone":
                return await blocking(_settle_gone, self.engine, d.id, booking), d.cause
        if d.cause == PATIENT_ASKED:  # recorded before asking became a swap: the patient's booking stands
            return await blocking(_settle_kept, self.engine, d.id), d.cause
        await blocking(_settle_callback, self.engine, d.id, booking)
        # After the callback is recorded, so the cancellation's message says a clinician will call; if this
        # worker dies first, the sweep cancels it (callbacks_not_cancelled).
        await self._cancel(booking.id, d.cause)
        return DisruptionState.CALLBACK, d.cause

    async def swap(self, booking_id: str, actor: str) -> Booking | None:
        """The patient's own change: the first option that takes is confirmed and the old booking marked moved in
        one transaction (routing's rebook, with its audit events and the outbox's message), else nothing changes
        and None says the booking stands. Raises AlreadyCancelled if the booking changed under us (a second
        click, a disruption's move, a cancellation): it is never moved twice."""
        booking, service, disposition = await blocking(_facts, self.engine, booking_id)
        if booking.status is not BookingStatus.CONFIRMED:
            raise AlreadyCancelled(f"Booking {booking_id!r} is {booking.status.value.lower()}.")
        for option in await self._options(service, disposition, booking, PATIENT_ASKED):
            moved = await self._move(booking, option, disposition, actor)
            if isinstance(moved, Booking):
                return moved
            if moved == "gone":
                raise AlreadyCancelled(f"Booking {booking_id!r} changed while another was being found.")
        return None

    async def _cancel(self, booking_id: str, cause: str) -> None:
        with contextlib.suppress(AlreadyCancelled):  # another worker's sweep won: one cancellation, one message
            await bk.cancel(self.engine, self.board, booking_id, ACTOR, reason=f"service disruption: {cause}")

    async def _options(self, service: Service, disposition: Disposition, booking: Booking, cause: str) -> list[Option]:
        """The live ranking from where the patient was going, never the same service and window again; the own
        service's other windows first only when the patient asked (notify/another.py)."""
        now = utcnow()
        types = settings_for(disposition, self.policy)
        index = await self.index()
        nearby = index.near(
            service.latitude, service.longitude, types, self.policy.search_radius_km, self.policy.per_type_limit
        )
        ids = {n.site.id for n in nearby} | {service.id}
        states = await self.board.get_many(sorted(ids))
        query = RouteQuery(disposition, service.latitude, service.longitude, now, staleness=self.staleness)
        others = elsewhere(rank(query, nearby, states, self.policy), booking.service_id)
        site = index.get(service.id)
        if cause != PATIENT_ASKED or site is None:
            return others
        own = other_windows(query, Nearby(site, 0.0), states.get(service.id), booking.window_start, self.policy)
        return own + others

    async def _move(
        self, booking: Booking, option: Option, disposition: Disposition, actor: str
    ) -> Booking | str | None:
        """The new booking; "gone" when the booking changed under us; None to try the next option."""
        override = None if can_meet(option.type, disposition) else OVERRIDE.get(actor, "moved at the patient's request")
        request = bk.HoldRequest(option.service_id, option.window_start, booking.triage_id, override)
        try:
            hold = await bk.place_hold(self.engine, self.board, request, actor, self.hold_seconds)
        except DomainError:
            return None
        try:
            return await bk.rebook(self.engine, self.board, booking.id, hold.id, actor)
        except AlreadyCancelled:
            await bk.release(self.engine, self.board, hold.id, actor)
            return "gone"
        except DomainError:
            await _release_quietly(self.engine, self.board, hold.id, actor)
            return None


async def _release_quietly(engine: Engine, board: Board, hold_id: str, actor: str) -> None:
    with contextlib.suppress(DomainError):  # it expired or was confirmed meanwhile: nothing to give back
        await bk.release(engine, board, hold_id, actor)


def record_disruptions(engine: Engine, service_id: str, now: datetime) -> list[str]:
    """Record the bookings the service's latest report disrupts (each once, whichever worker sees it first)."""
    with session_scope(engine) as session:
        snapshot = _latest(session, service_id)
        state = snapshot_state(snapshot) if snapshot is not None else None
        if state is None or not can_disrupt(state):
            return []  # the usual report: open, below OPEL 4, so no booking of the service's need be read
        service = session.get(Service, service_id)
        if service is None:
            return []
        rows = session.exec(
            select(Booking, TriageRecord.disposition)
            .join(TriageRecord, col(TriageRecord.id) == col(Booking.triage_id), isouter=True)
            .where(Booking.service_id == service_id, Booking.status == BookingStatus.CONFIRMED)
        ).all()
        default = disposition_for(service.type)
        found = affected(state, [(b, Disposition(d) if d else default) for b, d in rows], now)
        return [a.booking_id for a in found if _insert(session, service_id, a)]


def disrupt(session: Session, booking: Booking, cause: str, urgency: int) -> bool:
    """Record one disruption in the caller's transaction (a provider's decline); whether it is new."""
    return _insert(session, booking.service_id, Affected(booking.id, cause, urgency))


def _insert(session: Session, service_id: str, found: Affected) -> bool:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    row = {
        "id": str(uuid.uuid4()),
        "booking_id": found.booking_id,
        "service_id": service_id,
        "cause": found.cause,
        "state": DisruptionState.PENDING,
        "urgency": found.urgency,
        "needs_action": True,
        "created_at": utcnow(),
    }
    statement = dialect.insert(Disruption).values(row).on_conflict_do_nothing(index_elements=["booking_id"])
    inserted = session.execute(statement.returning(col(Disruption.id))).first() is not None
    if inserted:
        detail = {"service_id": service_id, "cause": found.cause, "disruption_id": row["id"]}
        record(session, ACTOR, "booking.disrupted", ("booking", found.booking_id), detail)
    return inserted


def _latest(session: Session, service_id: str) -> CapacitySnapshot | None:
    query = (
        select(CapacitySnapshot)
        .where(CapacitySnapshot.service_id == service_id)
        .order_by(col(CapacitySnapshot.version).desc())
        .limit(1)
    )
    return session.exec(query).first()


def services_with_bookings(engine: Engine, now: datetime) -> list[str]:
    """Services with bookings still to come whose latest report is closed or at OPEL 4: the only ones a sweep
    can find disrupted bookings at (one query, however many services report)."""
    latest = (
        select(CapacitySnapshot.service_id, func.max(CapacitySnapshot.version).label("version"))
        .group_by(col(CapacitySnapshot.service_id))
        .subquery()
    )
    strained = (
        select(CapacitySnapshot.service_id)
        .join(
            latest,
            (col(CapacitySnapshot.service_id) == latest.c.service_id)
            & (col(CapacitySnapshot.version) == latest.c.version),
        )
        .where(or_(col(CapacitySnapshot.is_open).is_(False), col(CapacitySnapshot.opel) == 4))
    )
    with read_session(engine) as session:
        query = select(func.distinct(Booking.service_id)).where(
            Booking.status == BookingStatus.CONFIRMED,
            col(Booking.window_start) >= now - GRACE,
            col(Booking.service_id).in_(strained),
        )
        return list(session.exec(query).all())


def callbacks_not_cancelled(engine: Engine) -> list[tuple[str, str]]:
    """Bookings whose patient was queued for a callback but that are still confirmed (a worker died between)."""
    with read_session(engine) as session:
        query = (
            select(Disruption.booking_id, Disruption.cause)
            .join(Booking, col(Booking.id) == col(Disruption.booking_id))
            .where(Disruption.state == DisruptionState.CALLBACK, Booking.status == BookingStatus.CONFIRMED)
        )
        return [(booking_id, cause) for booking_id, cause in session.exec(query).all()]


def claim_pending(engine: Engine, now: datetime, lease: timedelta, limit: int = 50) -> list[str]:
    """Pending disruptions this worker now owns for `lease`, most urgent first."""
    with session_scope(engine) as session:
        free = or_(col(Disruption.claimed_until).is_(None), col(Disruption.claimed_until) < now)
        pending = (Disruption.state == DisruptionState.PENDING, free)
        query = (
            select(Disruption.id)
            .where(*pending)
            .order_by(col(Disruption.urgency).desc(), col(Disruption.created_at))
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list(session.exec(query).all())
        if ids:
            session.execute(update(Disruption).where(col(Disruption.id).in_(ids)).values(claimed_until=now + lease))
        return ids


def _load(engine: Engine, disruption_id: str) -> tuple[Disruption, Booking, Service, Disposition]:
    with read_session(engine) as session:
        d = session.get(Disruption, disruption_id)
        if d is None:
            raise LookupError(disruption_id)
        return (d, *_facts_in(session, d.booking_id))


def _facts(engine: Engine, booking_id: str) -> tuple[Booking, Service, Disposition]:
    with read_session(engine) as session:
        return _facts_in(session, booking_id)


def _facts_in(session: Session, booking_id: str) -> tuple[Booking, Service, Disposition]:
    """The booking, its service, and the need it must meet (its triage's, else what its setting is for)."""
    booking = session.get(Booking, booking_id)
    service = session.get(Service, booking.service_id) if booking else None
    if booking is None or service is None:
        raise LookupError(booking_id)
    triage = session.get(TriageRecord, booking.triage_id) if booking.triage_id else None
    return booking, service, triage.disposition if triage else disposition_for(service.type)


def _settle(session: Session, disruption_id: str, state: DisruptionState, **values: object) -> Disruption:
    d = session.get(Disruption, disruption_id, with_for_update=True)
    if d is None:
        raise LookupError(disruption_id)
    d.state, d.resolved_at, d.claimed_until = state, utcnow(), None
    for name, value in values.items():
        setattr(d, name, value)
    session.add(d)
    detail = {"cause": d.cause, "service_id": d.service_id, **{k: str(v) for k, v in values.items()}}
    record(session, ACTOR, f"disruption.{state.value.lower()}", ("booking", d.booking_id), detail)
    return d


def _settle_moved(engine: Engine, disruption_id: str, new: Booking) -> DisruptionState:
    with session_scope(engine) as session:
        _settle(session, disruption_id, DisruptionState.MOVED, new_booking_id=new.id)
    return DisruptionState.MOVED


def _settle_callback(engine: Engine, disruption_id: str, booking: Booking) -> None:
    with session_scope(engine) as session:
        callback_id = to_callback(session, booking, "No service could see the patient in time after a disruption.")
        _settle(session, disruption_id, DisruptionState.CALLBACK, callback_id=callback_id)


def _settle_kept(engine: Engine, disruption_id: str) -> DisruptionState:
    """A patient's request with nothing better: nothing is cancelled and no one need act."""
    with session_scope(engine) as session:
        _settle(session, disruption_id, DisruptionState.DONE, needs_action=False)
    return DisruptionState.DONE


def _settle_gone(engine: Engine, disruption_id: str, booking: Booking) -> DisruptionState:
    """The booking changed under us: moved (by us before a crash, or by someone) or cancelled by the patient."""
    with session_scope(engine) as session:
        new = session.exec(select(Booking).where(Booking.replaces_id == booking.id)).first()
        if new is not None:
            _settle(session, disruption_id, DisruptionState.MOVED, new_booking_id=new.id)
            return DisruptionState.MOVED
        _settle(session, disruption_id, DisruptionState.DONE, needs_action=False)
        return DisruptionState.DONE
