"""The forecast for an ICB, an NHS region or England, from the reference data and one111's own call history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import Session

from insight.errors import UnknownArea
from insight.forecast import Level, Point, Shape, fit, predict
from insight.reference import NATIONAL_111_CALLS_A_YEAR, WEEKS_A_YEAR, Reference
from insight.sources import calls_by_hour

HISTORY = timedelta(days=28)
ENGLAND = "England"


@dataclass(frozen=True, slots=True)
class Demand:
    area: str  # an ICB code, an NHS region code or "England"
    name: str
    share: float  # of England's population
    level: Level  # for the area
    points: list[Point]


def shape_of(ref: Reference) -> Shape:
    return Shape(ref.weekly_shape, ref.bank_holidays)


def area_share(ref: Reference, area: str | None) -> tuple[str, str, float]:
    """(code, name, population share) of an ICB code, an NHS region code or name, or England (None)."""
    if area is None or area == ENGLAND:
        return ENGLAND, ENGLAND, 1.0
    if area in ref.icbs:
        return area, ref.icbs[area].icb_name, ref.share(area)
    for code, name in ref.regions().items():
        if area in (code, name):
            return code, name, ref.population[code]["all"] / ref.population[ENGLAND]["all"]
    raise UnknownArea(area)


def demand(session: Session, ref: Reference, area: str | None, now: datetime, hours: int = 48) -> Demand:
    return demand_from(ref, history(session, now), area, now, hours)


def history(session: Session, now: datetime) -> list[tuple[datetime, int]]:
    return calls_by_hour(session, now - HISTORY, now)


def demand_from(
    ref: Reference, history: Sequence[tuple[datetime, int]], area: str | None, now: datetime, hours: int = 48
) -> Demand:
    code, name, share = area_share(ref, area)
    shape = shape_of(ref)
    national = fit(shape, history, NATIONAL_111_CALLS_A_YEAR / WEEKS_A_YEAR)
    # A call carries no ICB yet, so an area's level is its population share of the national level.
    level = replace(national, calls_a_week=national.calls_a_week * share)
    return Demand(code, name, share, level, predict(shape, level, now, hours))
