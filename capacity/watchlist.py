"""Which services a console watches: by id, by postcode area ("LS"), or within a distance of a postcode."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from capacity.errors import InvalidWatch
from capacity.geography import Place
from capacity.listing import list_services
from models.tables import Service
from models.vocabulary import ServiceType

MAX_WATCHED = 3000
_AREA = re.compile(r"^[A-Z]{1,2}$")
_LETTERS = re.compile(r"[A-Z]+")


@dataclass(frozen=True, slots=True)
class Watch:
    service_ids: tuple[str, ...] = ()
    near: Place | None = None
    radius_km: float = 30.0
    region: str | None = None
    type: ServiceType | None = None


def watched(session: Session, watch: Watch) -> list[Service]:
    if not (watch.service_ids or watch.near or watch.region):
        raise InvalidWatch(
            "Say what to watch: near=<postcode>&radius_km=<km>, region=<postcode area>, or service=<id>."
        )
    services = _candidates(session, watch)
    if len(services) > MAX_WATCHED:
        raise InvalidWatch(f"That matches {len(services)} services; narrow it (at most {MAX_WATCHED}).")
    return services


def _candidates(session: Session, watch: Watch) -> list[Service]:
    if watch.near is not None:
        page = list_services(session, watch.type, watch.near, watch.radius_km, MAX_WATCHED + 1, 0)
        return [item.service for item in page.items if _in_region(item.service, watch.region)]
    query = select(Service).where(col(Service.active))
    if watch.type is not None:
        query = query.where(Service.type == watch.type)
    if watch.service_ids:
        query = query.where(col(Service.id).in_(watch.service_ids))
    if watch.region is not None:
        query = query.where(col(Service.postcode).startswith(_area(watch.region)))
    rows = session.exec(query.order_by(col(Service.id)).limit(MAX_WATCHED * 2)).all()
    return [s for s in rows if _in_region(s, watch.region)]


def _area(region: str) -> str:
    area = region.strip().upper()
    if not _AREA.match(area):
        raise InvalidWatch(f"region must be a postcode area, one or two letters such as LS or M; not {region[:8]!r}.")
    return area


def _in_region(service: Service, region: str | None) -> bool:
    # The area is the letters before the first digit: region "L" must not match "LS1 4AP".
    leading = _LETTERS.match(service.postcode.upper())
    return region is None or (leading is not None and leading.group(0) == _area(region))
