"""Each FHIR search and read, from parsed parameters to a searchset Bundle or one resource."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.slot import Slot
from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.board import Board
from capacity.geography import haversine_km
from capacity.listing import Located, get_service, list_services, reported_since
from models.errors import NotFound
from models.tables import Service
from models.types import utcnow
from models.vocabulary import ServiceType
from routing.handover import BookingQuery, find_bookings, referral_of
from web.db import read
from web.fhir import appointments, directory, params
from web.fhir.bundle import Match, searchset
from web.fhir.slots import slots

ALL = 1_000_000  # "no limit" for list_services: slot searches page after filtering by time


class UnknownResource(NotFound):
    pass


@dataclass(frozen=True, slots=True)
class Where:
    """Where the answer is served from, for fullUrl and the self link."""

    base: str
    self_url: str


def located(
    session: Session, ids: str | None, kind: ServiceType | None, near: params.Near | None, count: int
) -> tuple[list[Located], int]:
    """Services by id, type and distance (nearest first when `near` is given)."""
    if ids is None:
        page = list_services(session, kind, near.place if near else None, near.radius_km if near else 0, count, 0)
        return page.items, page.total
    found = [item for sid in dict.fromkeys(ids.split(",")) if (item := _one(session, sid, kind, near))]
    found.sort(key=lambda item: (item.distance_km or 0.0, item.service.id))
    return found[:count], len(found)


def _one(session: Session, service_id: str, kind: ServiceType | None, near: params.Near | None) -> Located | None:
    service = session.get(Service, service_id)
    if service is None or not service.active or kind not in (None, service.type):
        return None
    if near is None:
        return Located(service, None)
    km = haversine_km(near.place.latitude, near.place.longitude, service.latitude, service.longitude)
    return Located(service, km) if km <= near.radius_km else None


def slot_services(
    session: Session, schedule_id: str | None, kind: ServiceType | None, staleness: timedelta
) -> list[Located]:
    """The services a Slot search looks at: the one asked for, else every one with a fresh capacity report."""
    ids = schedule_id if schedule_id is not None else ",".join(reported_since(session, utcnow() - staleness))
    return located(session, ids, kind, None, ALL)[0]


def healthcare_services(where: Where, found: tuple[list[Located], int]) -> Bundle:
    items, total = found
    return searchset(
        where.base,
        where.self_url,
        [Match(directory.healthcare_service(i.service), i.distance_km) for i in items],
        total,
    )


def schedules(where: Where, found: tuple[list[Located], int]) -> Bundle:
    items, total = found
    return searchset(where.base, where.self_url, [Match(directory.schedule(i.service)) for i in items], total)


def healthcare_service(session: Session, service_id: str) -> HealthcareService:
    return directory.healthcare_service(get_service(session, service_id))


def schedule(session: Session, service_id: str) -> Schedule:
    return directory.schedule(get_service(session, service_id))


async def slot_list(
    board: Board,
    staleness: timedelta,
    services: list[Located],
    span: params.Span,
    status: str | None,
) -> list[Slot]:
    now = utcnow()
    states = await board.get_many([item.service.id for item in services])
    found = [
        slot
        for item in services
        for slot in slots(item.service, states.get(item.service.id), now, staleness)
        if span.admits(_instant(slot.start)) and (status is None or slot.status == status)
    ]
    return sorted(found, key=lambda slot: (_instant(slot.start), str(slot.id)))


def slot_bundle(where: Where, found: list[Slot], count: int) -> Bundle:
    return searchset(where.base, where.self_url, [Match(slot) for slot in found[:count]], len(found))


async def slot(engine: Engine, board: Board, staleness: timedelta, slot_id: str) -> Slot:
    try:
        service = await read(engine, get_service, slot_id.rpartition(".")[0])
    except NotFound:
        raise UnknownResource(f"There is no Slot {slot_id!r}.") from None
    for found in slots(service, await board.get(service.id), utcnow(), staleness):
        if found.id == slot_id:
            return found
    raise UnknownResource(f"There is no Slot {slot_id!r} on the live board (it may have passed or gone stale).")


def appointment_bundle(engine: Engine, where: Where, query: BookingQuery) -> Bundle:
    found, total = find_bookings(engine, query)
    matches = [Match(appointments.appointment(booking, service)) for booking, service in found]
    return searchset(where.base, where.self_url, matches, total)


def appointment(engine: Engine, booking_id: str, provider_id: str | None) -> Appointment:
    found, _ = find_bookings(engine, BookingQuery(booking_id=booking_id, provider_id=provider_id, limit=1))
    if not found:
        raise UnknownResource(f"There is no Appointment {booking_id!r} you may read.")
    return appointments.appointment(*found[0])


def service_request(engine: Engine, triage_id: str, provider_id: str | None) -> ServiceRequest:
    return appointments.service_request(referral_of(engine, triage_id, provider_id))


def booking_query(
    booking_id: str | None,
    actor: str | None,
    kind: ServiceType | None,
    status: str | None,
    dates: list[str],
    identifier: str | None,
    provider_id: str | None,
    count: int,
) -> BookingQuery:
    span = params.span(dates)
    return BookingQuery(
        booking_id=booking_id,
        reference=identifier.rpartition("|")[2] if identifier else None,
        service_id=params.reference(actor, "HealthcareService"),
        service_type=kind,
        provider_id=provider_id,
        statuses=params.appointment_statuses(status),
        starts_from=span.start,
        starts_before=span.before,
        limit=count,
    )


def _instant(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value
