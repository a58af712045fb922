"""Rank the services that can see a patient in time. Pure: no I/O, every input passed in, `now` included.

Order: services that meet the disposition's deadline first; among those, one not at OPEL 4 before one that is;
then the least acute setting that can meet the need (pharmacy, dental, the patient's own GP practice, GP out of
hours, UTC, ED); then live capacity before a service with no feed; then the shortest time to care; then the
service id. Every option carries the reasons for its place and the words for how to use it (book, walk in,
phone, a call back, a warm transfer); every exclusion carries why. Every time in a sentence is Europe/London.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from capacity.board import BoardState, Status, Window
from capacity.hours import clock
from models.vocabulary import CAN_MEET, Acuity, BookingMode, Disposition, Opel, ServiceType, Sex
from routing.eligibility import PHARMACY_FIRST, Pathway, service_refusal
from routing.policy import Policy, TravelMode
from routing.spatial import Nearby, Site
from routing.travel import minutes_at


class Outcome(StrEnum):
    BOOK = "book"  # at least one option meets the deadline: hold and book it (or walk in, or phone)
    CALL_999 = "call_999"  # never booked: the patient (or handler) calls 999 now
    CALLBACK = "callback"  # nothing can see the patient in time: a clinician calls back
    SELF_CARE = "self_care"  # advice and safety-netting, with pharmacies suggested: never a booking
    TRANSFER = "transfer"  # a warm transfer to the caller's mental-health crisis line, now


class Why(StrEnum):
    WRONG_TYPE = "wrong_type"
    INELIGIBLE = "ineligible"
    TOO_FAR = "too_far"
    UNKNOWN = "unknown"
    CLOSED = "closed"
    CLOSED_AT_ARRIVAL = "closed_at_arrival"
    FULL = "full"


class Access(StrEnum):
    """How the patient uses the option: the words on the console, in the chat and in the handover follow it."""

    BOOK = "book"  # a timed slot, held and booked here
    WALK_IN = "walk_in"  # turn up in the window (or, with no feed, while it is open)
    PHONE = "phone"  # no feed: the patient phones the service when it is open
    CALL_BACK = "call_back"  # not a place to go: the service phones the patient
    TRANSFER = "transfer"  # the handler puts the caller through to a crisis line now


CALL_999_INSTRUCTION = "Call 999 now. This needs an ambulance, not a booking: do not travel to a service yourself."
CLINICIAN_CALLBACK_NOTE = (
    "This needs a clinician's assessment, not a booking: queued for a clinician to call back within the hour."
)
SELF_CARE_ADVICE = (
    "This can be looked after at home: rest, drink fluids, and take paracetamol or ibuprofen as the packet says "
    "if you need them. A pharmacist can advise without an appointment."
)
SAFETY_NET = (
    "Call 111 again if it gets worse, if new symptoms appear or if you are worried. "
    "Call 999 if you have chest pain, difficulty breathing, or you cannot stay awake."
)
# Services with no live feed may still be offered, with their hours, to needs that can wait this long.
NO_FEED_MIN_DEADLINE = timedelta(hours=12)
SUGGESTION_HORIZON = timedelta(hours=24)  # how far ahead a self-care pharmacy suggestion may open
OWN_PRACTICE_NEEDS = frozenset({Disposition.GP_OOH, Disposition.GP_ROUTINE})
NO_FEED_TYPES = frozenset({ServiceType.COMMUNITY_PHARMACY, ServiceType.DENTAL_PRACTICE})
REMOTE = frozenset({ServiceType.MENTAL_HEALTH_CRISIS})  # a telephone service: no journey
UNFED_CLOSED = "closed, no feed"  # a marker: the sentence needs the next opening, found only if it is listed
MODE_WORDS = {TravelMode.CAR: "car", TravelMode.PUBLIC_TRANSPORT: "public transport", TravelMode.WALK: "walking"}


@dataclass(frozen=True, slots=True)
class RouteQuery:
    disposition: Disposition
    latitude: float
    longitude: float
    now: datetime
    mode: TravelMode = TravelMode.CAR
    staleness: timedelta = timedelta(hours=4)
    age: float | None = None
    sex: Sex | None = None
    pathway: Pathway | None = None
    registered_practice: str | None = None  # the service id of the patient's own GP practice
    icb_code: str | None = None  # the caller's ICB: crisis lines serve one ICB each


@dataclass(frozen=True, slots=True)
class Option:
    rank: int
    service_id: str
    name: str
    type: ServiceType
    distance_km: float
    travel_minutes: float
    wait_minutes: int | None
    time_to_care_minutes: float
    window_start: datetime
    free: int | None
    meets_deadline: bool
    reasons: tuple[str, ...]
    access: Access
    bookable: bool
    how: str
    phone: str | None
    opel: int | None
    address_is_destination: bool  # False for call-backs and crisis lines: never shown as a place to go


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
    wait: int | None  # None: no feed, so no reported wait
    ttc: float
    start: datetime  # when the patient can be seen from: the window, or the opening time
    free: int | None  # None: no feed
    opel: Opel | None
    access: Access

    @property
    def no_feed(self) -> bool:
        return self.free is None


@dataclass(frozen=True, slots=True)
class _Excluded:
    nearby: Nearby
    why: Why
    travel: float = 0.0
    when: datetime | None = None  # arrival time (closed at arrival) or the last report (unknown)
    detail: str = ""


def rank(query: RouteQuery, nearby: Sequence[Nearby], states: Mapping[str, BoardState], policy: Policy) -> Ranking:
    disposition = query.disposition
    limit = _limit(disposition)
    if disposition is Disposition.CALL_999:
        return Ranking(
            Outcome.CALL_999, disposition, disposition, limit, (), (), {}, (CALL_999_INSTRUCTION,), policy.version
        )
    if disposition is Disposition.CLINICAL_ASSESSMENT:  # met by a clinician's call back, never a service
        return Ranking(
            Outcome.CALLBACK, disposition, disposition, limit, (), (), {}, (CLINICIAN_CALLBACK_NOTE,), policy.version
        )
    reach = _reach(disposition, limit, policy)  # a crisis need's A&E fallback is weighed against A&E's own hour
    assessed = [_assess(n, states.get(n.site.id), query, policy, reach) for n in nearby]
    if disposition is Disposition.SELF_CARE:
        usable = [a for a in assessed if isinstance(a, _Usable) and a.nearby.site.type in CAN_MEET[disposition]]
        allowed = set(CAN_MEET[disposition])
        return _ranking(Outcome.SELF_CARE, query, disposition, limit, usable, assessed, allowed, _advice(), policy)
    return _escalate(query, assessed, limit, policy)


def _escalate(query: RouteQuery, assessed: list[_Usable | _Excluded], limit: float | None, policy: Policy) -> Ranking:
    """The disposition's own settings, then one more urgent step at a time, never to A&E for want of a report."""
    disposition, allowed, notes = query.disposition, set[ServiceType](), list[str]()
    usable: list[_Usable] = []
    for step, level in enumerate(policy.ladder(disposition)):
        if step and ServiceType.EMERGENCY_DEPARTMENT in CAN_MEET[level] - allowed and _unknown(assessed, allowed):
            notes.append(
                "Some services that could meet the need have not reported their capacity: "
                "unknown capacity is never a reason to send someone to A&E."
            )
            break
        allowed |= _allowed(level, query)
        step_limit = _step_limit(disposition, level, limit)
        usable = [a for a in assessed if isinstance(a, _Usable) and a.nearby.site.type in allowed]
        if any(step_limit is None or u.ttc <= step_limit for u in usable):
            if step:
                notes.append(
                    f"No {_settings(CAN_MEET[disposition])} can see the patient within {_minutes(limit)}: "
                    f"escalated to {level.value} settings ({_settings(allowed)}), never to a less urgent one."
                )
            outcome = Outcome.TRANSFER if level is Disposition.MENTAL_HEALTH_CRISIS else Outcome.BOOK
            return _ranking(outcome, query, level, step_limit, usable, assessed, allowed, notes, policy)
    if disposition.acuity is Acuity.EMERGENCY:
        notes.append(f"No emergency department can see the patient in time. {CALL_999_INSTRUCTION}")
        return _ranking(Outcome.CALL_999, query, Disposition.CALL_999, limit, [], assessed, allowed, notes, policy)
    what = "can see the patient in time" if usable else "has capacity"
    notes.append(
        f"No service within {policy.search_radius_km:g} km {what} (deadline {_minutes(limit)}): "
        "queued for a clinician to call back."
    )
    top = policy.ladder(disposition)[-1]
    return _ranking(Outcome.CALLBACK, query, top, limit, usable, assessed, allowed, notes, policy)


def _limit(disposition: Disposition) -> float | None:
    deadline = disposition.deadline
    return None if deadline is None else deadline.total_seconds() / 60.0


def _step_limit(disposition: Disposition, level: Disposition, limit: float | None) -> float | None:
    # A crisis line is "now"; when the caller's ICB has none, the fallback is A&E within its own hour.
    if disposition is Disposition.MENTAL_HEALTH_CRISIS and level is not disposition:
        return _limit(level)
    return limit


def _reach(disposition: Disposition, limit: float | None, policy: Policy) -> float | None:
    limits = [_step_limit(disposition, level, limit) for level in policy.ladder(disposition)]
    return None if any(x is None for x in limits) else max(x for x in limits if x is not None)


def _allowed(level: Disposition, query: RouteQuery) -> set[ServiceType]:
    allowed = set(CAN_MEET[level])
    if query.registered_practice and query.disposition in OWN_PRACTICE_NEEDS:
        allowed.add(ServiceType.GP_PRACTICE)
    return allowed


def _unknown(assessed: list[_Usable | _Excluded], allowed: set[ServiceType]) -> bool:
    return any(isinstance(a, _Excluded) and a.why is Why.UNKNOWN and a.nearby.site.type in allowed for a in assessed)


def _advice() -> list[str]:
    return [SELF_CARE_ADVICE, SAFETY_NET]


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
    def key(u: _Usable) -> tuple[int, int, int, int, float, str]:
        meets = limit is None or u.ttc <= limit
        acuity = policy.acuity_rank(u.nearby.site.type) if meets else 0
        extreme = int(meets and u.opel is Opel.EXTREME)
        return (0 if meets else 1, extreme, acuity, int(u.no_feed), u.ttc, u.nearby.site.id)

    ordered = sorted(usable, key=key)[: policy.max_options]
    others = any(key(u)[:2] == (0, 0) for u in ordered)
    options = tuple(_option(i + 1, u, limit, query, policy, outcome, others) for i, u in enumerate(ordered))
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


def _describe(e: _Excluded, query: RouteQuery, limit: float | None) -> Exclusion:
    """The sentence is written only for exclusions that are listed: most are just counted."""
    site, now = e.nearby.site, query.now
    if e.detail is UNFED_CLOSED:
        detail = _closed_words(site, e.when or now, now)  # worked out only for the exclusions listed
    elif e.detail:
        detail = e.detail
    elif e.why is Why.WRONG_TYPE:
        detail = f"A {site.type.value} cannot meet a {query.disposition.value} need."
    elif e.why is Why.TOO_FAR:
        detail = f"Travel alone takes about {e.travel:.0f} min by {MODE_WORDS[query.mode]}, over {limit or 0:.0f}."
    elif e.why is Why.UNKNOWN:
        last = "no capacity report" if e.when is None else f"last capacity report at {clock(e.when, now)}"
        detail = f"Capacity unknown ({last}); an old report is never treated as available."
    elif e.why is Why.CLOSED:
        detail = "The service reports itself closed."
    elif e.why is Why.CLOSED_AT_ARRIVAL:
        detail = f"Closed at the estimated arrival time ({clock(e.when or now, now)}) and not open in time."
    else:
        detail = "No free slot in any current or future window."
    return Exclusion(site.id, site.name, site.type, e.nearby.distance_km, e.why, detail)


def _refusal(site: Site, query: RouteQuery) -> str | None:
    """Why this patient may not use this service at all (age, sex, pathway, registration, ICB), or None."""
    found = service_refusal(site.min_age, site.max_age, site.sex, site.eligibility_note, query.age, query.sex)
    if found:
        return found
    if site.type is ServiceType.COMMUNITY_PHARMACY and query.disposition is not Disposition.SELF_CARE:
        return PHARMACY_FIRST[query.pathway or Pathway.MINOR_ILLNESS].refusal(query.age, query.sex)
    if site.type is ServiceType.GP_PRACTICE and site.id != query.registered_practice:
        return "Not the patient's registered practice: a GP practice sees its own registered patients."
    if site.type is ServiceType.MENTAL_HEALTH_CRISIS and query.icb_code and site.icb_code != query.icb_code:
        return f"This crisis line serves ICB {site.icb_code}, not the caller's ({query.icb_code})."
    return None


def _assess(
    nearby: Nearby, state: BoardState | None, query: RouteQuery, policy: Policy, limit: float | None
) -> _Usable | _Excluded:
    site = nearby.site
    refusal = _refusal(site, query)
    if refusal is not None:
        return _Excluded(nearby, Why.INELIGIBLE, detail=refusal)
    travel = _travel(nearby, query, policy)
    if limit is not None and travel > limit:
        return _Excluded(nearby, Why.TOO_FAR, travel)
    go = query.now + timedelta(minutes=travel)
    if site.closed_at(go):
        until = clock(site.closed_until or go, query.now)
        why = f"Temporarily closed until {until}" + (f": {site.closure_reason}" if site.closure_reason else ".")
        return _Excluded(nearby, Why.CLOSED, travel, detail=why)
    if state is None and _no_feed_ok(site, query, limit):
        return _unfed(nearby, query, travel, go, limit)
    if state is None:
        return _Excluded(nearby, Why.UNKNOWN)
    status = state.status(query.now, query.staleness)
    if status is Status.UNKNOWN:
        return _Excluded(nearby, Why.UNKNOWN, when=state.updated_at)
    if status is Status.CLOSED:
        return _Excluded(nearby, Why.CLOSED)
    return _fed(nearby, state, query, policy, travel, go)


def _travel(nearby: Nearby, query: RouteQuery, policy: Policy) -> float:
    if nearby.site.type in REMOTE or nearby.site.booking_mode is BookingMode.CALLBACK:
        return 0.0  # the service phones the patient: no journey
    return minutes_at(nearby.distance_km, policy.speed(query.mode), policy.detour_factor)


def _no_feed_ok(site: Site, query: RouteQuery, limit: float | None) -> bool:
    """No live feed is no reason to refuse a crisis line, the patient's own practice, or a pharmacy or dentist for a
    need that can wait: they are offered with their hours ("walk in", "phone when open")."""
    if site.type in REMOTE or site.id == query.registered_practice:
        return True
    long_enough = limit is None or limit >= NO_FEED_MIN_DEADLINE.total_seconds() / 60
    return site.type in NO_FEED_TYPES and long_enough


def _unfed(nearby: Nearby, query: RouteQuery, travel: float, go: datetime, limit: float | None) -> _Usable | _Excluded:
    site = nearby.site
    horizon = SUGGESTION_HORIZON if limit is None else timedelta(minutes=limit)
    if site.type is ServiceType.GP_PRACTICE and query.disposition is Disposition.GP_OOH:
        horizon = timedelta(0)  # an urgent need goes to the practice only while it is open; else GP out of hours
    opens = site.calendar.next_open(go, max(go, query.now + horizon))
    if opens is None:
        return _Excluded(nearby, Why.CLOSED_AT_ARRIVAL, travel, go, UNFED_CLOSED)
    ttc = (opens - query.now).total_seconds() / 60.0
    return _Usable(nearby, travel, None, ttc, opens, None, None, _unfed_access(site))


def _closed_words(site: Site, go: datetime, now: datetime) -> str:
    later = site.calendar.next_open(go, go + timedelta(days=8))
    then = f"; it next opens {clock(later, now)}" if later else ""
    return f"Closed at {clock(go, now)} and not open within the deadline{then}."


def _unfed_access(site: Site) -> Access:
    if site.type in REMOTE:
        return Access.TRANSFER
    if site.type is ServiceType.COMMUNITY_PHARMACY:
        return Access.WALK_IN
    return Access.PHONE


def _fed(
    nearby: Nearby, state: BoardState, query: RouteQuery, policy: Policy, travel: float, go: datetime
) -> _Usable | _Excluded:
    """The first free window the patient can reach while the service is open."""
    earliest = query.now - policy.window_grace  # a window that began this recently can still be booked
    free = [w for w in state.slots if w.free > 0 and w.start >= earliest]
    window: Window | None = next((w for w in free if nearby.site.calendar.is_open(max(go, w.start))), None)
    if window is None:
        return _Excluded(nearby, Why.CLOSED_AT_ARRIVAL if free else Why.FULL, travel, go)
    start_in = (window.start - query.now).total_seconds() / 60.0
    ttc = max(travel, start_in) + state.wait_minutes
    return _Usable(nearby, travel, state.wait_minutes, ttc, window.start, window.free, state.opel, _fed_access(nearby))


def _fed_access(nearby: Nearby) -> Access:
    site = nearby.site
    if site.type in REMOTE:
        return Access.TRANSFER
    return {BookingMode.SLOT: Access.BOOK, BookingMode.WALK_IN: Access.WALK_IN}.get(site.booking_mode, Access.CALL_BACK)


def _option(
    position: int,
    u: _Usable,
    limit: float | None,
    query: RouteQuery,
    policy: Policy,
    outcome: Outcome,
    others: bool,
) -> Option:
    site = u.nearby.site
    meets = limit is None or u.ttc <= limit
    reasons = [
        f"Can meet a {query.disposition.value} need ({site.type.value}).",
        _journey(u, query),
        (
            f"Time to care about {u.ttc:.0f} min"
            + ("" if limit is None else f", {'within' if meets else 'over'} the {limit:.0f} min deadline")
            + "."
        ),
        _capacity(u, query.now),
        *_extra_reasons(u, query, meets, others),
    ]
    if meets:
        reasons.append(
            f"Setting preference {policy.acuity_rank(site.type) + 1} of {len(policy.setting_order)} "
            "(least acute setting that can meet the need first)."
        )
    bookable = not u.no_feed and u.access is not Access.TRANSFER and outcome is Outcome.BOOK
    return Option(
        position,
        site.id,
        site.name,
        site.type,
        round(u.nearby.distance_km, 2),
        round(u.travel, 1),
        u.wait,
        round(u.ttc, 1),
        u.start,
        u.free,
        meets,
        tuple(reasons),
        u.access,
        bookable,
        how(u, query.now),
        site.phone,
        None if u.opel is None else int(u.opel),
        u.access not in (Access.CALL_BACK, Access.TRANSFER),
    )


def _journey(u: _Usable, query: RouteQuery) -> str:
    distance = f"{u.nearby.distance_km:.1f} km away"
    if u.access in (Access.CALL_BACK, Access.TRANSFER):
        return "A telephone service: no journey; the address is an office, not a place to go."
    if query.disposition.acuity is Acuity.EMERGENCY:
        # Never a drive time to someone who may be too ill to drive: how they get there is not theirs to judge.
        return f"{distance}. Do not drive yourself: ask someone to take you, or call 999 if you are too unwell."
    wait = "wait not reported" if u.wait is None else f"about {u.wait} min wait"
    return f"{distance}: about {u.travel:.0f} min by {MODE_WORDS[query.mode]}, then {wait}."


def _capacity(u: _Usable, now: datetime) -> str:
    if u.free is None:
        return f"No live capacity feed: offered with its opening hours ({_hours_words(u, now)})."
    return f"{u.free} free in the window from {clock(u.start, now)}."


def _extra_reasons(u: _Usable, query: RouteQuery, meets: bool, others: bool) -> list[str]:
    extra = []
    if u.nearby.site.id == query.registered_practice:
        extra.append("The patient's own GP practice, open now: in hours a primary-care need goes to it first.")
    if u.opel is Opel.EXTREME and meets and others:
        extra.append("At OPEL 4 (extreme pressure): listed after services under less pressure that meet the deadline.")
    elif u.opel is not None and u.opel >= Opel.SEVERE:
        extra.append(f"At OPEL {int(u.opel)} ({u.opel.name.lower()} pressure).")
    return extra


def _hours_words(u: _Usable, now: datetime) -> str:
    calendar = u.nearby.site.calendar
    if u.start > now + timedelta(minutes=1) and not calendar.is_open(now):
        return f"opens {clock(u.start, now)}"
    closes = calendar.closes_after(u.start)
    return "open 24 hours" if closes is None else f"open until {clock(closes, now)}"


def how(u: _Usable, now: datetime) -> str:
    """One sentence a person acts on, decided by how the service takes patients."""
    site, when = u.nearby.site, clock(u.start, now)
    phone = f" on {site.phone}" if site.phone else ""
    if u.access is Access.TRANSFER:
        return f"Put the caller through now (warm transfer){phone}: a crisis line, not a place to go."
    if u.access is Access.CALL_BACK:
        return f"Not a place to go: the service phones the patient back, from {when}."
    if u.access is Access.BOOK:
        return f"Book a slot from {when} ({u.free} free)."
    hours = _hours_words(u, now)
    if u.access is Access.PHONE:
        return f"Phone when open at {when}{phone}." if hours.startswith("opens") else f"Phone now{phone} ({hours})."
    if u.free is not None:
        return f"Walk in from {when}."
    return f"Walk in when it opens at {when}." if hours.startswith("opens") else f"Walk in: {hours}."


def _minutes(limit: float | None) -> str:
    if limit is None:
        return "no deadline"
    return f"{limit / 60:g} h" if limit >= 60 else f"{limit:.0f} min"


def _settings(types: set[ServiceType] | frozenset[ServiceType]) -> str:
    return ", ".join(sorted(t.value for t in types)) or "service"
