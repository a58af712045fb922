"""Bookings a service can no longer keep, found from its latest capacity report, and what to do about each.

A confirmed booking (its window not yet past) is disrupted when its service's latest report
- is closed (`is_open: false`): cause `closed`;
- declares OPEL 4 and no longer lists the booking's window: cause `opel4` (capacity withdrawn under extreme
  pressure).
Below OPEL 4 a window missing from a report is read as full, not withdrawn: providers report free slots after the
bookings they were handed, and a full window may simply be left out. A provider that cannot keep one booking
declines it (notify/lifecycle.py), which disrupts it with cause `declined`.

Pure here: which bookings, and in what order (most urgent first, then the earliest booked).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from capacity.board import BoardState, window_key
from models.tables import Booking
from models.vocabulary import CAN_MEET, Disposition, ServiceType

GRACE = timedelta(minutes=30)  # a window that started this long ago may still have the patient on the way


@dataclass(frozen=True, slots=True)
class Affected:
    booking_id: str
    cause: str
    urgency: int


def can_disrupt(state: BoardState) -> bool:
    """Whether this report can disrupt any booking at all: an open service below OPEL 4 keeps every one, so its
    bookings need not even be read (most reports)."""
    return not state.is_open or state.opel == 4


def cause_for(state: BoardState, booking: Booking, listed: frozenset[str]) -> str | None:
    """Why this report means the service cannot keep this booking, or None. `listed` is the report's window keys,
    worked out once for all of a service's bookings (once per booking cost O(bookings x windows))."""
    if not state.is_open:
        return "closed"
    if state.opel == 4 and window_key(booking.window_start) not in listed:
        return "opel4"
    return None


def affected(state: BoardState, bookings: Iterable[tuple[Booking, Disposition]], now: datetime) -> list[Affected]:
    """The bookings this report disrupts, most urgent first."""
    if not can_disrupt(state):
        return []
    listed = frozenset(window_key(w.start) for w in state.slots)
    found = [
        (Affected(b.id, cause, disposition.urgency), b.created_at)
        for b, disposition in bookings
        if b.window_start >= now - GRACE and (cause := cause_for(state, b, listed)) is not None
    ]
    return [a for a, _ in sorted(found, key=lambda pair: (-pair[0].urgency, pair[1]))]


def disposition_for(service_type: ServiceType) -> Disposition:
    """For a booking made without a triage record: the most urgent need its setting meets (the same care again)."""
    return next((d for d in Disposition if service_type in CAN_MEET[d]), Disposition.CLINICAL_ASSESSMENT)
