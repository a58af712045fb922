"""Slots one111 has taken that a provider's figures do not know about, so the board never shows them as free.

A provider reports free slots as its own system sees them: after the bookings one111 handed over before the
report, but not one111's holds (a hold is never handed over) nor bookings confirmed after the report. The board
shows the provider's figure less those, both when an update arrives and when the board is rebuilt from the
database after Redis lost it; otherwise a rebuild would sell every held or newly booked slot a second time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session, col, select

from capacity.board import BoardState, Window, window_key
from models.tables import Booking, Hold
from models.vocabulary import BookingStatus, HoldStatus

Taken = Counter[tuple[str, str]]  # (service id, window key) -> slots taken


def taken_since(session: Session, reported_at: Mapping[str, datetime]) -> Taken:
    """Active holds, and bookings confirmed after each service's report, per service and window."""
    if not reported_at:
        return Counter()
    ids = list(reported_at)
    held = session.exec(
        select(Hold.service_id, Hold.window_start).where(
            col(Hold.service_id).in_(ids), Hold.status == HoldStatus.ACTIVE
        )
    ).all()
    booked = session.exec(
        select(Booking.service_id, Booking.window_start, Booking.created_at).where(
            col(Booking.service_id).in_(ids),
            Booking.status == BookingStatus.CONFIRMED,
            # Only bookings newer than the oldest report can count: history stays in the database.
            col(Booking.created_at) > min(reported_at.values()),
        )
    ).all()
    taken: Taken = Counter((service, window_key(start)) for service, start in held)
    taken.update((service, window_key(start)) for service, start, at in booked if at > reported_at[service])
    return taken


def net(state: BoardState, taken: Taken) -> BoardState:
    slots = tuple(Window(w.start, max(0, w.free - taken[(state.service_id, window_key(w.start))])) for w in state.slots)
    return replace(state, slots=slots)


def net_all(session: Session, states: Iterable[BoardState]) -> list[BoardState]:
    states = list(states)
    taken = taken_since(session, {s.service_id: s.updated_at for s in states})
    return [net(state, taken) for state in states]
