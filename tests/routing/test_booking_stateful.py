"""Random sequences of hold / confirm / cancel / release / expire / provider update across several clients.

Invariants after every step: the board's free count is exactly what the model says (no slot lost or
doubled), confirmed bookings plus active holds never exceed the capacity the provider reported, every
booking the model thinks is confirmed is confirmed in the database, and the audit chain is intact.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.board import BoardState, Window
from capacity.memory_board import MemoryBoard
from models.tables import Booking, Hold
from models.types import utcnow
from models.vocabulary import BookingStatus, HoldStatus, Opel
from routing import booking as bk
from routing.errors import AlreadyCancelled, HoldExpired, HoldNotActive, NoCapacity, UnknownHold
from tests.support.audit import sealed_report

SERVICE = "RR801-ED"
CLIENTS = ("alice", "bob", "carol")
HOLD_SECONDS = 120
_windows = itertools.count()
_versions = itertools.count(1)
T = TypeVar("T")


class Booking_(RuleBasedStateMachine):
    holds = Bundle("holds")
    bookings = Bundle("bookings")

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.loop = asyncio.new_event_loop()
        self.board = MemoryBoard(timedelta(hours=4))
        n = next(_windows)
        # each example gets its own window and a clock far past every earlier example's holds
        self.window = datetime(2026, 11, 23, 20, 0, tzinfo=UTC) + timedelta(minutes=n)
        self.now = datetime(2026, 11, 23, 0, 0, tzinfo=UTC) + timedelta(days=n)
        self.free = 0
        self.active: dict[str, tuple[str, datetime]] = {}  # hold id -> (actor, expires)
        self.confirmed: set[str] = set()
        self.run(bk.expire_due(engine, self.board, self.now))  # earlier examples' holds end before this one starts

    def run(self, coro: Coroutine[object, object, T]) -> T:
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        self.loop.close()

    def _expire_model(self) -> None:
        for hold_id, (_, expires) in list(self.active.items()):
            if expires <= self.now:
                del self.active[hold_id]
                self.free += 1

    @initialize(capacity=st.integers(0, 4))
    def provider_reports(self, capacity: int) -> None:
        self.update(capacity)

    @rule(capacity=st.integers(0, 4))
    def update(self, capacity: int) -> None:
        state = BoardState(SERVICE, next(_versions), True, (Window(self.window, capacity),), 5, Opel.NORMAL, utcnow())
        assert self.run(self.board.put(state)) is not None
        self.free = capacity  # the provider's figure is authoritative: free now, after its own bookings

    @rule(target=holds, client=st.sampled_from(CLIENTS))
    def hold(self, client: str) -> str:
        if self.free == 0:
            self._expire_model()  # a hold the board refuses sweeps due holds, then tries once more
        request = bk.HoldRequest(SERVICE, self.window)
        try:
            held = self.run(
                bk.place_hold(self.engine, self.board, request, client, HOLD_SECONDS, self.now, sweep_every_s=0)
            )
        except NoCapacity:
            assert self.free == 0
            return "none"
        assert self.free > 0
        self.free -= 1
        self.active[held.id] = (client, held.expires_at)
        return held.id

    @rule(target=bookings, hold_id=holds, client=st.sampled_from(CLIENTS))
    def confirm(self, hold_id: str, client: str) -> str:
        expected = self.active.get(hold_id)
        try:
            booking = self.run(bk.confirm(self.engine, self.board, hold_id, client, self.now))
        except UnknownHold:
            assert hold_id == "none" or (expected is not None and expected[0] != client) or expected is None
            return "none"
        except HoldExpired:
            if expected is not None:
                assert expected[1] <= self.now
                del self.active[hold_id]
                self.free += 1
            return "none"
        except HoldNotActive:
            assert expected is None
            return "none"
        assert expected is not None and expected[0] == client and expected[1] > self.now
        del self.active[hold_id]
        self.confirmed.add(booking.id)
        return booking.id

    @rule(booking_id=bookings)
    def cancel(self, booking_id: str) -> None:
        if booking_id == "none":
            return
        try:
            self.run(bk.cancel(self.engine, self.board, booking_id, "handler"))
        except AlreadyCancelled:
            assert booking_id not in self.confirmed
            return
        assert booking_id in self.confirmed
        self.confirmed.discard(booking_id)
        self.free += 1

    @rule(hold_id=holds, client=st.sampled_from(CLIENTS))
    def release(self, hold_id: str, client: str) -> None:
        expected = self.active.get(hold_id)
        try:
            self.run(bk.release(self.engine, self.board, hold_id, client))
        except (UnknownHold, HoldNotActive):
            assert expected is None or expected[0] != client
            return
        assert expected is not None and expected[0] == client
        del self.active[hold_id]
        self.free += 1

    @rule(seconds=st.sampled_from([1, 30, 90, 119, 120, 121, 300]))
    def tick(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)

    @rule()
    def sweep(self) -> None:
        expired = self.run(bk.expire_due(self.engine, self.board, self.now))
        due = sum(1 for _, expires in self.active.values() if expires <= self.now)
        assert expired == due
        self._expire_model()

    @invariant()
    def board_matches_the_model(self) -> None:
        state = self.run(self.board.get(SERVICE))
        if state is None:
            return
        [window] = state.slots
        assert window.free == self.free >= 0

    @invariant()
    def the_database_agrees(self) -> None:
        with Session(self.engine) as session:
            confirmed = set(
                session.exec(
                    select(Booking.id).where(
                        Booking.window_start == self.window, Booking.status == BookingStatus.CONFIRMED
                    )
                ).all()
            )
            active = set(
                session.exec(
                    select(Hold.id).where(Hold.window_start == self.window, Hold.status == HoldStatus.ACTIVE)
                ).all()
            )
            seats = session.exec(
                select(Booking.seat).where(col(Booking.id).in_(confirmed) if confirmed else col(Booking.id).is_(None))
            ).all()
        assert confirmed == self.confirmed
        assert active == set(self.active)
        assert len(seats) == len(set(seats))


def on(engine: Engine) -> type[Booking_]:
    """The machine bound to one database: hypothesis builds a fresh one per example from a class."""

    class Bound(Booking_):
        def __init__(self) -> None:
            super().__init__(engine)

    return Bound


def test_holds_and_bookings_keep_every_slot(sqlite_engine: Engine) -> None:
    run_state_machine_as_test(
        on(sqlite_engine),
        settings=settings(max_examples=25, stateful_step_count=20, deadline=None),
    )
    assert sealed_report(sqlite_engine).intact
