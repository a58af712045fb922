"""One routing request: place the patient, find nearby sites, read the live board, rank, queue a callback if needed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.board import Board
from capacity.geography import Gazetteer, Place, normalise
from models.types import utcnow
from models.vocabulary import CAN_MEET, Disposition, ServiceType
from routing.booking import expire_due
from routing.callbacks import enqueue
from routing.policy import DEFAULT_POLICY, Policy, TravelMode
from routing.ranking import Outcome, Ranking, RouteQuery, rank
from routing.spatial import Nearby, SiteIndex
from triage.records import load as load_triage


@dataclass(frozen=True, slots=True)
class Routed:
    place: Place
    ranking: Ranking
    triage_id: str | None
    callback_id: str | None


def settings_for(disposition: Disposition, policy: Policy) -> list[ServiceType]:
    """Every setting any step of the escalation ladder may offer, least acute first."""
    wanted = {t for level in policy.ladder(disposition) for t in CAN_MEET[level]}
    return [t for t in policy.setting_order if t in wanted]


def nearby_sites(index: SiteIndex, place: Place, disposition: Disposition, policy: Policy) -> list[Nearby]:
    types = settings_for(disposition, policy)
    return index.near(place.latitude, place.longitude, types, policy.search_radius_km, policy.per_type_limit)


def triage_disposition(engine: Engine, triage_id: str) -> Disposition:
    with Session(engine) as session:
        return load_triage(session, triage_id).disposition


async def route(
    engine: Engine,
    board: Board,
    gazetteer: Gazetteer,
    index: SiteIndex,
    *,
    postcode: str,
    disposition: Disposition | None = None,
    triage_id: str | None = None,
    mode: TravelMode = TravelMode.CAR,
    staleness: timedelta = timedelta(hours=4),
    actor: str = "api",
    now: datetime | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Routed:
    """Rank services for a disposition (given, or read from a triage record) at a postcode."""
    place = gazetteer.locate(postcode)
    if triage_id is not None:
        disposition = await asyncio.to_thread(triage_disposition, engine, triage_id)
    if disposition is None:
        raise ValueError("give a disposition or a triage id")
    now = now or utcnow()
    await expire_due(engine, board)  # expired holds give their slots back before the board is read
    nearby = nearby_sites(index, place, disposition, policy)
    states = await board.get_many([n.site.id for n in nearby]) if nearby else {}
    query = RouteQuery(disposition, place.latitude, place.longitude, now, mode, staleness)
    ranking = rank(query, nearby, states, policy)
    callback_id = None
    if ranking.outcome is Outcome.CALLBACK:
        callback = await asyncio.to_thread(
            enqueue,
            engine,
            disposition,
            normalise(postcode)[0],
            " ".join(ranking.notes),
            actor,
            triage_id,
            {"excluded": dict(ranking.excluded_counts), "mode": mode.value},
            policy.version,
        )
        callback_id = callback.id
    return Routed(place, ranking, triage_id, callback_id)
