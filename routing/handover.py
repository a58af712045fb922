"""Handover: what a receiving service sees with each booking, so the patient never repeats their story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.errors import NotYourService
from capacity.hours import clock
from capacity.listing import get_service
from models.tables import Booking, Service, TriageRecord
from models.vocabulary import BookingMode, BookingStatus, ServiceType
from triage.records import UnknownTriage

# What the receiving service should expect, by how it takes patients; the time is Europe/London.
EXPECT = {
    BookingMode.SLOT: "Booked for {when}: the patient comes at that time.",
    BookingMode.WALK_IN: "The patient will walk in from {when}.",
    BookingMode.CALLBACK: "Phone the patient back from {when}: they are not coming in.",
}


def expectation(mode: BookingMode, window_start: datetime) -> str:
    return EXPECT[mode].format(when=clock(window_start, window_start))


@dataclass(frozen=True, slots=True)
class Handover:
    booking: Booking
    triage: TriageRecord | None
    mode: BookingMode = BookingMode.SLOT

    @property
    def expect(self) -> str:
        return expectation(self.mode, self.booking.window_start)

    def summary(self) -> dict[str, Any] | None:
        """Disposition, red flags, the model's reasons, key answers and the patient's own words."""
        t = self.triage
        if t is None:
            return None
        report = t.report or {}
        return {
            "triage_id": t.id,
            "disposition": t.disposition.value,
            "acuity": t.acuity.value,
            "red_flags": list(t.red_flags),
            "explanation": list(t.explanation),
            "safety_netting": t.safety_netting,
            "age": report.get("age"),
            "sex": report.get("sex"),
            "answers": report.get("answers") or {},
            "observations": report.get("observations"),
            "text": report.get("text"),
            "model_version": t.model_version,
        }


def bookings_for(engine: Engine, provider_id: str, service_id: str, since: datetime | None = None) -> list[Handover]:
    """Confirmed bookings at one of the provider's services, oldest first, each with its triage summary."""
    with Session(engine) as session:
        service = get_service(session, service_id)
        if service.provider_id != provider_id:
            raise NotYourService(f"Service {service_id!r} is not run by provider {provider_id!r}.")
        query = select(Booking).where(Booking.service_id == service_id, Booking.status == BookingStatus.CONFIRMED)
        if since is not None:
            query = query.where(col(Booking.created_at) >= since)
        rows = session.exec(query.order_by(col(Booking.window_start), col(Booking.created_at)).limit(500)).all()
        triage = {b.id: session.get(TriageRecord, b.triage_id) if b.triage_id else None for b in rows}
        return [Handover(b, triage[b.id], service.booking_mode) for b in rows]


@dataclass(frozen=True, slots=True)
class BookingQuery:
    """Which bookings to find; every field narrows, None leaves it open."""

    booking_id: str | None = None
    reference: str | None = None
    service_id: str | None = None
    service_type: ServiceType | None = None
    provider_id: str | None = None
    statuses: tuple[BookingStatus, ...] = ()
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    limit: int = 20


def find_bookings(engine: Engine, q: BookingQuery) -> tuple[list[tuple[Booking, Service]], int]:
    """Bookings (any status) with their service, earliest window first, and how many matched in all."""
    query = select(Booking, Service).join(Service, col(Service.id) == col(Booking.service_id))
    for clause in _clauses(q):
        query = query.where(clause)
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        ordered = query.order_by(col(Booking.window_start), col(Booking.id)).limit(q.limit)
        return [(booking, service) for booking, service in session.exec(ordered).all()], total


def _clauses(q: BookingQuery) -> list[ColumnElement[bool]]:
    clauses = [
        col(Booking.id) == q.booking_id if q.booking_id is not None else None,
        col(Booking.reference) == q.reference if q.reference is not None else None,
        col(Booking.service_id) == q.service_id if q.service_id is not None else None,
        col(Service.type) == q.service_type if q.service_type is not None else None,
        col(Service.provider_id) == q.provider_id if q.provider_id is not None else None,
        col(Booking.status).in_(q.statuses) if q.statuses else None,
        col(Booking.window_start) >= q.starts_from if q.starts_from is not None else None,
        col(Booking.window_start) < q.starts_before if q.starts_before is not None else None,
    ]
    return [clause for clause in clauses if clause is not None]


def referral_of(engine: Engine, triage_id: str, provider_id: str | None) -> TriageRecord:
    """A triage record; for a provider, only one booked (at any time) into one of its services."""
    with Session(engine) as session:
        triage = session.get(TriageRecord, triage_id)
        booked = select(Booking.id).join(Service, col(Service.id) == col(Booking.service_id))
        booked = booked.where(Booking.triage_id == triage_id, Service.provider_id == provider_id)
        if triage is None or (provider_id is not None and session.exec(booked.limit(1)).first() is None):
            raise UnknownTriage(triage_id)
        return triage
