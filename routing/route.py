"""One routing request: place the patient, find nearby sites, read the live board, rank, queue a callback if needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.board import Board
from capacity.geography import Gazetteer, Place, normalise
from models.crypto import Keyring
from models.database import blocking, read_session, session_scope
from models.routing_tables import CallbackRequest
from models.types import utcnow
from models.vocabulary import CAN_MEET, Disposition, ServiceType
from routing.booking import expire_due
from routing.callbacks import Caller, enqueue
from routing.idempotency import Once, claim, keep
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


def triage_disposition(engine: Engine, triage_id: str, check_owner: Callable[[str], None] | None = None) -> Disposition:
    """The triage record's disposition; `check_owner` hears the record's actor first and may refuse."""
    with read_session(engine) as session:
        record = load_triage(session, triage_id)
    if check_owner is not None:
        check_owner(record.actor)
    return record.disposition


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
    check_owner: Callable[[str], None] | None = None,
    once: Once[Routed] | None = None,
    caller: Caller | None = None,
    keyring: Keyring | None = None,
) -> Routed:
    """Rank services for a disposition (given, or read from a triage record) at a postcode.

    Reads first (the triage record, due holds, the board); then one transaction, only if there is something to
    write: the callback a CALLBACK outcome queues, and the answer to the request's idempotency key. A
    CALLBACK outcome for a triage already in the queue answers with its queued item. `caller` (who to call back,
    sealed with `keyring`) goes on a queued item."""
    place = gazetteer.locate(postcode)
    if triage_id is not None:
        disposition = await blocking(triage_disposition, engine, triage_id, check_owner)
    if disposition is None:
        raise ValueError("give a disposition or a triage id")
    now = now or utcnow()
    await expire_due(engine, board)  # expired holds give their slots back before the board is read
    nearby = nearby_sites(index, place, disposition, policy)
    states = await board.get_many([n.site.id for n in nearby]) if nearby else {}
    query = RouteQuery(disposition, place.latitude, place.longitude, now, mode, staleness)
    ranking = rank(query, nearby, states, policy)
    routed = Routed(place, ranking, triage_id, None)
    queue = None
    if ranking.outcome is Outcome.CALLBACK:
        queue = partial(
            enqueue,
            disposition=disposition,
            area=normalise(postcode)[0],
            reason=" ".join(ranking.notes),
            actor=actor,
            triage_id=triage_id,
            detail={"excluded": dict(ranking.excluded_counts), "mode": mode.value},
            policy_version=policy.version,
            caller=caller,
            keyring=keyring,
        )
    if queue is None and once is None:
        return routed  # nothing to write: no transaction at all
    return await blocking(_conclude, engine, routed, queue, once)


def _conclude(
    engine: Engine, routed: Routed, queue: Callable[[Session], CallbackRequest] | None, once: Once[Routed] | None
) -> Routed:
    with session_scope(engine) as session:
        claim(session, once)
        if queue is not None:
            routed = replace(routed, callback_id=queue(session).id)
        return keep(session, once, routed)
