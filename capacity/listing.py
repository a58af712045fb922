"""Directory look-ups: one service, or a page of services, optionally nearest first."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from capacity.geography import Place, haversine_km
from models.errors import NotFound
from models.tables import CapacitySnapshot, Service
from models.vocabulary import ServiceType

KM_PER_DEGREE_LAT = 111.32


class UnknownService(NotFound):
    pass


@dataclass(frozen=True, slots=True)
class Located:
    service: Service
    distance_km: float | None


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Located]
    total: int


def get_service(session: Session, service_id: str) -> Service:
    service = session.get(Service, service_id)
    if service is None or not service.active:
        raise UnknownService(f"There is no service with id {service_id!r}.")
    return service


def list_services(
    session: Session,
    service_type: ServiceType | None,
    near: Place | None,
    radius_km: float,
    limit: int,
    offset: int,
) -> Page:
    query = select(Service).where(col(Service.active))
    if service_type is not None:
        query = query.where(Service.type == service_type)
    if near is None:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = session.exec(query.order_by(col(Service.id)).offset(offset).limit(limit)).all()
        return Page([Located(s, None) for s in rows], total)
    located = _within(session, query.where(*_box(near, radius_km)), near, radius_km)
    return Page(located[offset : offset + limit], len(located))


def _box(near: Place, radius_km: float) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    # A bounding box lets the database discard most rows before the exact distance is computed.
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(near.latitude)), 0.01))
    return (
        col(Service.latitude).between(near.latitude - dlat, near.latitude + dlat),
        col(Service.longitude).between(near.longitude - dlon, near.longitude + dlon),
    )


def _within(session: Session, query: object, near: Place, radius_km: float) -> list[Located]:
    rows = session.exec(query).all()  # type: ignore[call-overload]
    located = [Located(s, haversine_km(near.latitude, near.longitude, s.latitude, s.longitude)) for s in rows]
    located = [item for item in located if item.distance_km is not None and item.distance_km <= radius_km]
    return sorted(located, key=lambda item: (item.distance_km, item.service.id))


def reported_since(session: Session, since: datetime) -> list[str]:
    """Services with a capacity report newer than `since`: the only ones the board can show as fresh."""
    query = select(CapacitySnapshot.service_id).where(col(CapacitySnapshot.updated_at) > since).distinct()
    return sorted(session.exec(query).all())
