"""Where a booking being moved may go, by why it is moving. Pure.

A disruption (the service closed, cut its windows at OPEL 4, or declined the booking) never goes back into the
service that caused it: under OPEL 4 its remaining windows are for the patients it still expects, and a disrupted
booking moved into them would take them all. A patient who asked for another time through their link is offered
their own service's other windows first, each as the ranking would offer it (open when they get there, within the
deadline), soonest first and never the window they have; then the other services, as ranked. Any cause this
module does not know is treated as a disruption.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from capacity.board import BoardState, window_key
from routing.policy import Policy
from routing.ranking import Option, Outcome, Ranking, RouteQuery, rank
from routing.spatial import Nearby

PATIENT_ASKED = "patient_asked"


def elsewhere(ranking: Ranking, service_id: str) -> list[Option]:
    """The ranked services other than the booking's own that can see the patient in time."""
    if ranking.outcome is not Outcome.BOOK:
        return []
    return [o for o in ranking.options if o.service_id != service_id and o.meets_deadline]


def other_windows(
    query: RouteQuery, own: Nearby, state: BoardState | None, booked: datetime, policy: Policy
) -> list[Option]:
    """The own service's windows other than `booked` that can see the patient in time, soonest first."""
    left = [] if state is None else [w for w in state.slots if window_key(w.start) != window_key(booked)]
    found: list[Option] = []
    while left and state is not None and len(found) < policy.max_options:
        ranking = rank(query, [own], {own.site.id: replace(state, slots=tuple(left))}, policy)
        first = ranking.options[0] if ranking.outcome is Outcome.BOOK and ranking.options else None
        if first is None or not first.meets_deadline:
            break  # a later window is no nearer the deadline
        found.append(first)
        left = [w for w in left if window_key(w.start) != window_key(first.window_start)]
    return found
