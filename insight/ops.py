"""Gather the live readings for the operations summary: the directory's places, the board, the last day's calls,
the callbacks waiting and this hour's forecast. Reads only; the board read is the one await."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.board import Board
from insight.demand import ENGLAND, area_share, demand_from, history
from insight.equity import CareEvent
from insight.forecast import Point
from insight.reference import Reference
from insight.sources import ServicePlace, Waiting, callbacks_waiting, care_events, service_places
from insight.summary import Readings, Summary, summarise
from models.database import blocking, read_session

DAY = timedelta(days=1)


async def summary(
    engine: Engine, board: Board, ref: Reference, region: str | None, now: datetime, staleness: timedelta
) -> Summary:
    scope, names, key_of = _scope(ref, region)
    places, events, waiting, expected = await blocking(_read, engine, ref, names, key_of, now)
    states = await board.get_many(p.id for p in places)
    readings = Readings(now, staleness, places, states, events, waiting, expected)
    return summarise(scope, names, key_of, readings)


def _scope(ref: Reference, region: str | None) -> tuple[str, dict[str, str], str]:
    """England by NHS region, or one region by ICB."""
    if region is None or region == ENGLAND:
        return ENGLAND, {name: name for name in sorted(ref.regions().values())}, "region"
    code, name, _ = area_share(ref, region)
    if code not in ref.regions():
        code, name, _ = area_share(ref, ref.icbs[code].region_code if code in ref.icbs else region)
    icbs = {a.icb_code: a.icb_name for a in ref.icbs.values() if a.region_code == code}
    return name, icbs, "icb"


def _read(
    engine: Engine, ref: Reference, names: dict[str, str], key_of: str, now: datetime
) -> tuple[list[ServicePlace], list[CareEvent], list[tuple[str, Waiting]], dict[str, Point]]:
    with read_session(engine) as session:
        places = [p for p in service_places(session, ref) if getattr(p, key_of) in names]
        events = care_events(session, ref, now - DAY, now)
        waiting = [(_key(ref, w.area, key_of), w) for w in callbacks_waiting(session)]
        return places, events, waiting, _expected(session, ref, names, key_of, now)


def _key(ref: Reference, district: str, key_of: str) -> str:
    area = ref.area(district)
    if area is None:
        return "unknown"
    return area.region_name if key_of == "region" else area.icb_code


def _expected(session: Session, ref: Reference, names: dict[str, str], key_of: str, now: datetime) -> dict[str, Point]:
    codes = {name: code for code, name in ref.regions().items()}
    calls = history(session, now)
    return {key: demand_from(ref, calls, codes.get(key, key), now, hours=1).points[0] for key in names}
