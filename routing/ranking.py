"""Rank the services that can see a patient in time. Pure: no I/O, every input passed in, `now` included.

Order: services that meet the disposition's deadline first; among those, the least acute setting that
can meet the need (pharmacy, GP out of hours, UTC, ED), then the shortest time to care, then the
service id. Every option carries the reasons for its place; every exclusion carries why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from capacity.board import BoardState, Status, Window
from capacity.hours import UK, open_at
from models.vocabulary import CAN_MEET, Acuity, Disposition, ServiceType
from routing.policy import Policy, Speed, TravelMode
from routing.spatial import Nearby
from routing.travel import minutes_at


class Outcome(StrEnum):
    BOOK = "book"  # at least one option meets the deadline: hold and book it
    CALL_999 = "call_999"  # never booked: the patient (or handler) calls 999 now
    CALLBACK = "callback"  # nothing can see the patient in time: a clinician calls back


class Why(StrEnum):
    WRONG_TYPE = "wrong_type"
    TOO_FAR = "too_far"
    UNKNOWN = "unknown"
    CLOSED = "closed"
    CLOSED_AT_ARRIVAL = "closed_at_arrival"
    FULL = "full"


CALL_999_INSTRUCTION = "Call 999 now. This needs an ambulance, not a booking: do not travel to a service yourself."
CLINICIAN_CALLBACK_NOTE = (
    "This needs a clinician's assessment, not a booking: queued for a clinician to call back within the hour."
)


@dataclass(frozen=True, slots=True)
class RouteQuery:
    disposition: Disposition
    latitude: float
    longitude: float
    now: datetime
    mode: TravelMode = TravelMode.CAR
    staleness: timedelta = timedelta(hours=4)


@dataclass(frozen=True, slots=True)
class Option:
    rank: int
    service_id: str
    name: str
    type: ServiceType
    distance_km: float
    travel_minutes: float
    wait_minutes: int
    time_to_care_minutes: float
    window_start: datetime
    free: int
    meets_deadline: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    service_id: str
    name: str
    type: ServiceType
    distance_km: float
    why: Why
    detail: str


@dataclass(frozen=True, slots=True)
class Ranking:
    outcome: Outcome
    disposition: Disposition
    routed_as: Disposition  # the disposition whose settings were offered: differs only after escalation
    deadline_minutes: float | None
    options: tuple[Option, ...]
    exclusions: tuple[Exclusion, ...]
    excluded_counts: Mapping[str, int]
    notes: tuple[str, ...]
    policy_version: str


@dataclass(frozen=True, slots=True)
class _Usable:
    nearby: Nearby
    travel: float
    wait: int
    ttc: float
    window: Window


def rank(query: RouteQuery, nearby: Sequence[Nearby], states: Mapping[str, BoardState], policy: Policy) -> Ranking:
    disposition = query.disposition
    deadline = disposition.deadline
    limit = None if deadline is None else deadline.total_seconds() / 60.0
    if disposition is Disposition.CALL_999:
        return Ranking(
            Outcome.CALL_999, disposition, disposition, limit, (), (), {}, (CALL_999_INSTRUCTION,), policy.version
        )
    if disposition is Disposition.CLINICAL_ASSESSMENT:  # met by a clinician's call back, never a service
        return Ranking(
            Outcome.CALLBACK, disposition, disposition, limit, (), (), {}, (CLINICIAN_CALLBACK_NOTE,), policy.version
        )
    speed = policy.speed(query.mode)
    earliest = query.now - policy.window_grace  # a window that began this recently can still be booked
    assessed = [_assess(n, states.get(n.site.id), query, policy, limit, speed, earliest) for n in nearby]
    allowed: set[ServiceType] = set()
    notes: list[str] = []
    usable: list[_Usable] = []
    for step, level in enumerate(policy.ladder(disposition)):
        allowed |= CAN_MEET[level]
        usable = [a for a in assessed if isinstance(a, _Usable) and a.nearby.site.type in allowed]
        if any(limit is None or u.ttc <= limit for u in usable):
            if step:
                notes.append(
                    f"No {_settings(CAN_MEET[disposition])} can see the patient within {_minutes(limit)}: "
                    f"escalated to {level.value} settings ({_settings(allowed)}), never to a less urgent one."
                )
            return _ranking(Outcome.BOOK, query, level, limit, usable, assessed, allowed, notes, policy)
    if disposition.acuity is Acuity.EMERGENCY:
        notes.append(f"No emergency department can see the patient within {_minutes(limit)}. {CALL_999_INSTRUCTION}")
        return _ranking(Outcome.CALL_999, query, Disposition.CALL_999, limit, [], assessed, allowed, notes, policy)
    what = "can see the patient in time" if usable else "has capacity"
    notes.append(
        f"No service within {policy.search_radius_km:g} km {what} (deadline {_minutes(limit)}): "
        "queued for a clinician to call back."
    )
    top = policy.ladder(disposition)[-1]
    return _ranking(Outcome.CALLBACK, query, top, limit, usable, assessed, allowed, notes, policy)


def _ranking(
    outcome: Outcome,
    query: RouteQuery,
    level: Disposition,
    limit: float | None,
    usable: list[_Usable],
    assessed: list[_Usable | _Excluded],
    allowed: set[ServiceType],
    notes: list[str],
    policy: Policy,
) -> Ranking:
    def key(u: _Usable) -> tuple[int, int, float, str]:
        meets = limit is None or u.ttc <= limit
        acuity = policy.acuity_rank(u.nearby.site.type) if meets else 0
        return (0 if meets else 1, acuity, u.ttc, u.nearby.site.id)

    ordered = sorted(usable, key=key)[: policy.max_options]
    options = tuple(_option(i + 1, u, limit, query.disposition, policy) for i, u in enumerate(ordered))
    excluded: list[_Excluded] = []
    for item in assessed:
        if item.nearby.site.type not in allowed:
            excluded.append(_Excluded(item.nearby, Why.WRONG_TYPE))
        elif isinstance(item, _Excluded):
            excluded.append(item)
    excluded.sort(key=lambda e: (e.nearby.distance_km, e.nearby.site.id))
    counts = Counter(e.why.value for e in excluded)
    listed = tuple(_describe(e, query, limit) for e in excluded[: policy.max_exclusions_listed])
    return Ranking(
        outcome,
        query.disposition,
        level,
        limit,
        options,
        listed,
        dict(sorted(counts.items())),
        tuple(notes),
        policy.version,
    )


@dataclass(frozen=True, slots=True)
class _Excluded:
    nearby: Nearby
    why: Why
    travel: float = 0.0
    when: datetime | None = None  # arrival time (closed at arrival) or the last report (unknown)


def _describe(e: _Excluded, query: RouteQuery, limit: float | None) -> Exclusion:
    """The sentence is written only for exclusions that are listed: most are just counted."""
    site = e.nearby.site
    if e.why is Why.WRONG_TYPE:
        detail = f"A {site.type.value} cannot meet a {query.disposition.value} need."
    elif e.why is Why.TOO_FAR:
        detail = f"Travel alone takes about {e.travel:.0f} min by {query.mode.value}, over {limit or 0:.0f}."
    elif e.why is Why.UNKNOWN:
        last = "no capacity report" if e.when is None else f"last capacity report at {_hhmm(e.when)} UTC"
        detail = f"Capacity unknown ({last}); an old report is never treated as available."
    elif e.why is Why.CLOSED:
        detail = "The service reports itself closed."
    elif e.why is Why.CLOSED_AT_ARRIVAL:
        detail = f"Closed at the estimated arrival time ({_hhmm(e.when)} UTC)."
    else:
        detail = "No free slot in any current or future window."
    return Exclusion(site.id, site.name, site.type, e.nearby.distance_km, e.why, detail)


def _assess(
    nearby: Nearby,
    state: BoardState | None,
    query: RouteQuery,
    policy: Policy,
    limit: float | None,
    speed: Speed,
    earliest: datetime,
) -> _Usable | _Excluded:
    if state is None:
        return _Excluded(nearby, Why.UNKNOWN)
    status = state.status(query.now, query.staleness)
    if status is Status.UNKNOWN:
        return _Excluded(nearby, Why.UNKNOWN, when=state.updated_at)
    if status is Status.CLOSED:
        return _Excluded(nearby, Why.CLOSED)
    travel = minutes_at(nearby.distance_km, speed, policy.detour_factor)
    if limit is not None and travel > limit:
        return _Excluded(nearby, Why.TOO_FAR, travel)
    arrival = query.now + timedelta(minutes=travel)
    local = arrival.astimezone(UK)
    if not open_at(nearby.site.sessions, local.weekday(), local.hour * 60 + local.minute):
        return _Excluded(nearby, Why.CLOSED_AT_ARRIVAL, travel, arrival)
    window = next((w for w in state.slots if w.free > 0 and w.start >= earliest), None)
    if window is None:
        return _Excluded(nearby, Why.FULL, travel)
    start_in = (window.start - query.now).total_seconds() / 60.0
    ttc = max(travel, start_in) + state.wait_minutes
    return _Usable(nearby, travel, state.wait_minutes, ttc, window)


def _option(position: int, u: _Usable, limit: float | None, disposition: Disposition, policy: Policy) -> Option:
    site = u.nearby.site
    meets = limit is None or u.ttc <= limit
    reasons = [
        f"Can meet a {disposition.value} need ({site.type.value}).",
        f"{u.nearby.distance_km:.1f} km away: about {u.travel:.0f} min to get there, then about {u.wait} min wait.",
        (
            f"Time to care about {u.ttc:.0f} min"
            + ("" if limit is None else f", {'within' if meets else 'over'} the {limit:.0f} min deadline")
            + "."
        ),
        f"{u.window.free} free in the window from {_hhmm(u.window.start)} UTC.",
    ]
    if meets:
        reasons.append(
            f"Setting preference {policy.acuity_rank(site.type) + 1} of {len(policy.setting_order)} "
            "(least acute setting that can meet the need first)."
        )
    return Option(
        position,
        site.id,
        site.name,
        site.type,
        round(u.nearby.distance_km, 2),
        round(u.travel, 1),
        u.wait,
        round(u.ttc, 1),
        u.window.start,
        u.window.free,
        meets,
        tuple(reasons),
    )


def _hhmm(moment: datetime | None) -> str:
    return "--:--" if moment is None else f"{moment.hour:02d}:{moment.minute:02d}"


def _minutes(limit: float | None) -> str:
    if limit is None:
        return "no deadline"
    return f"{limit / 60:g} h" if limit >= 60 else f"{limit:.0f} min"


def _settings(types: set[ServiceType] | frozenset[ServiceType]) -> str:
    return ", ".join(sorted(t.value for t in types)) or "service"
