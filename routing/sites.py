"""Read the directory into the spatial index ranking uses."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.tables import Service
from routing.spatial import Site, SiteIndex


def load_sites(engine: Engine) -> list[Site]:
    with Session(engine) as session:
        rows = session.exec(select(Service).where(col(Service.active))).all()
        return [
            Site(s.id, s.name, s.type, s.latitude, s.longitude, tuple(s.opening_hours), s.booking_mode, s.postcode)
            for s in rows
        ]


def load_index(engine: Engine) -> SiteIndex:
    return SiteIndex(load_sites(engine))
