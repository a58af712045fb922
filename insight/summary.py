"""The operations summary per NHS region (or per ICB within one region). Pure: readings in, one summary out.

The national 111 mix is IUC ADC 2024-25 (volumes.md): ambulance 12%, ED 7%, primary care 44%, dental 6%,
self care 8%, everything else 23%. one111's dispositions are grouped the same way: CALL_999 is ambulance, ED is ED,
GP out of hours and routine GP are primary care, DENTAL is dental, SELF_CARE is self care, and UTC, pharmacy,
mental-health crisis and a clinician's call back are "other".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from capacity.board import BoardState, Status
from insight.equity import UNKNOWN, CareEvent
from insight.forecast import Point
from insight.sources import ServicePlace, Waiting
from models.vocabulary import Disposition, ServiceType

NATIONAL_111_MIX = {
    "ambulance": 0.12,
    "ed": 0.07,
    "primary_care": 0.44,
    "dental": 0.06,
    "self_care": 0.08,
    "other": 0.23,
}
MIX_GROUP = {
    Disposition.CALL_999: "ambulance",
    Disposition.ED: "ed",
    Disposition.GP_OOH: "primary_care",
    Disposition.GP_ROUTINE: "primary_care",
    Disposition.DENTAL: "dental",
    Disposition.SELF_CARE: "self_care",
}
NOT_RECORDED = {"messages_failing": "outbound messages are not recorded yet (the notify work)"}


@dataclass(frozen=True, slots=True)
class Capacity:
    services: int = 0
    open: int = 0
    closed: int = 0
    unknown: int = 0  # never reported, or reported longer ago than the staleness limit
    free_slots: int = 0


@dataclass(frozen=True, slots=True)
class AreaSummary:
    code: str
    name: str
    capacity: dict[str, Capacity]
    opel: dict[str, int]  # OPEL level -> services reporting it (fresh reports only)
    stale_or_unknown_share: float
    calls_last_hour: int
    expected_this_hour: Point | None
    mix: dict[str, float]  # one111's dispositions in the national groups, last 24 hours
    booked: int
    referred: int  # bookable dispositions with no booking standing: told where to go, not booked
    callbacks_waiting: int
    callbacks_breached: int  # waiting longer than their disposition's time to care


@dataclass(frozen=True, slots=True)
class Summary:
    at: datetime
    scope: str
    areas: list[AreaSummary]
    calls_last_hour: int  # every call, including those whose area is not known
    calls_area_unknown: int
    national_mix: dict[str, float] = field(default_factory=lambda: dict(NATIONAL_111_MIX))
    not_recorded: dict[str, str] = field(default_factory=lambda: dict(NOT_RECORDED))


@dataclass(frozen=True, slots=True)
class Readings:
    now: datetime
    staleness: timedelta
    places: Sequence[ServicePlace]
    states: Mapping[str, BoardState]
    events: Sequence[CareEvent]  # the last 24 hours
    waiting: Sequence[tuple[str, Waiting]]  # (area key, callback)
    expected: Mapping[str, Point]  # area key -> this hour's forecast


def summarise(scope: str, names: Mapping[str, str], key_of: str, readings: Readings) -> Summary:
    """One AreaSummary per area in `names` (key -> name); `key_of` is "region" or "icb"."""
    recent = [e for e in readings.events if e.at >= readings.now - timedelta(hours=1)]
    areas = [_area(key, name, key_of, readings) for key, name in names.items()]
    unknown = sum(1 for e in recent if getattr(e, f"care_{key_of}") == UNKNOWN)
    return Summary(readings.now, scope, areas, len(recent), unknown)


def _area(key: str, name: str, key_of: str, r: Readings) -> AreaSummary:
    places = [p for p in r.places if getattr(p, key_of) == key]
    events = [e for e in r.events if getattr(e, f"care_{key_of}") == key]  # calls counted where they were cared for
    statuses = {p.id: _status(r.states.get(p.id), r.now, r.staleness) for p in places}
    waiting = [w for k, w in r.waiting if k == key]
    return AreaSummary(
        code=key,
        name=name,
        capacity=_capacity(places, statuses, r.states),
        opel=_opel(places, statuses, r.states),
        stale_or_unknown_share=round(sum(s is Status.UNKNOWN for s in statuses.values()) / max(1, len(places)), 4),
        calls_last_hour=sum(1 for e in events if e.at >= r.now - timedelta(hours=1)),
        expected_this_hour=r.expected.get(key),
        mix=_mix(events),
        booked=sum(1 for e in events if e.minutes_to_care is not None),
        referred=sum(1 for e in events if e.booked_first_time is not None and e.minutes_to_care is None),
        callbacks_waiting=len(waiting),
        callbacks_breached=sum(1 for w in waiting if _breached(w, r.now)),
    )


def _status(state: BoardState | None, now: datetime, staleness: timedelta) -> Status:
    return Status.UNKNOWN if state is None else state.status(now, staleness)


def _capacity(
    places: Sequence[ServicePlace], statuses: Mapping[str, Status], states: Mapping[str, BoardState]
) -> dict[str, Capacity]:
    out: dict[str, Capacity] = {}
    for kind in ServiceType:
        ours = [p for p in places if p.type is kind]
        if not ours:
            continue
        count = Counter(statuses[p.id] for p in ours)
        free = sum(w.free for p in ours if statuses[p.id] is Status.OPEN for w in states[p.id].slots)
        out[kind.value] = Capacity(len(ours), count[Status.OPEN], count[Status.CLOSED], count[Status.UNKNOWN], free)
    return out


def _opel(
    places: Sequence[ServicePlace], statuses: Mapping[str, Status], states: Mapping[str, BoardState]
) -> dict[str, int]:
    fresh = Counter(int(states[p.id].opel) for p in places if statuses[p.id] is not Status.UNKNOWN)
    return {str(level): fresh.get(level, 0) for level in range(1, 5)}


def _mix(events: Sequence[CareEvent]) -> dict[str, float]:
    groups: dict[str, int] = defaultdict(int)
    for e in events:
        groups[MIX_GROUP.get(Disposition(e.disposition), "other")] += 1
    total = sum(groups.values())
    return {g: round(groups[g] / total, 4) if total else 0.0 for g in NATIONAL_111_MIX}


def _breached(waiting: Waiting, now: datetime) -> bool:
    deadline = waiting.disposition.deadline
    return deadline is not None and now - waiting.created_at > deadline
