"""The Board contract: one suite, run against the in-memory and the Redis backend alike."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from capacity.board import Board, BoardState, Status, Window
from capacity.errors import CapacityUnknown, NoFreeSlot
from capacity.rebuild import latest_states, rebuild
from capacity.updates import CapacityReport, SlotWindow, apply_update
from models.types import utcnow
from models.vocabulary import Opel
from tests.capacity.conftest import STALENESS, BoardSpace, two_providers
from web.db import read

T = TypeVar("T")
WAIT_S = 5.0


def run(space: BoardSpace, body: Callable[[Board], Awaitable[T]]) -> T:
    """Open a board, run the test body against it on a fresh event loop, and always close it."""

    async def main() -> T:
        board = space.open()
        try:
            return await body(board)
        finally:
            await board.close()

    return asyncio.run(main())


def window(hours: int = 1) -> datetime:
    return utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours)


def state(
    service_id: str = "SVC1",
    version: int = 1,
    free: int = 2,
    is_open: bool = True,
    age: timedelta = timedelta(0),
) -> BoardState:
    return BoardState(service_id, version, is_open, (Window(window(), free),), 12, Opel.MODERATE, utcnow() - age)


def test_put_then_get_returns_the_state(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        put = state(free=3)
        assert await board.put(put) == 1
        got = await board.get("SVC1")
        assert got is not None
        assert (got.is_open, got.slots, got.wait_minutes, got.opel) == (True, put.slots, 12, Opel.MODERATE)
        assert got.updated_at == put.updated_at
        assert await board.get("NOPE") is None
        assert set(await board.get_many(["SVC1", "NOPE"])) == {"SVC1"}

    run(space, body)


def test_versions_strictly_increase_and_older_records_are_ignored(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        seen = [await board.put(state(version=3))]
        assert await board.put(state(version=2)) is None
        assert await board.put(state(version=3)) is None
        seen.append(await board.take_slot("SVC1", window()))
        seen.append(await board.release_slot("SVC1", window()))
        seen.append(await board.put(state(version=4)))  # a record at or below the board version still moves it on
        seen.append(await board.put(state(version=40)))
        versions = [v for v in seen if v is not None]
        assert versions == sorted(set(versions)) and len(versions) == 5, versions
        assert versions[-1] == 40

    run(space, body)


def test_a_stale_state_reads_as_unknown_and_cannot_be_taken_from(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        await board.put(state(age=STALENESS + timedelta(seconds=1)))
        got = await board.get("SVC1")
        assert got is not None and got.status(utcnow(), STALENESS) is Status.UNKNOWN
        with pytest.raises(CapacityUnknown):
            await board.take_slot("SVC1", window())

    run(space, body)


def test_status_is_open_closed_or_unknown_at_the_staleness_limit() -> None:
    fresh = state()
    assert fresh.status(fresh.updated_at, STALENESS) is Status.OPEN
    assert state(is_open=False).status(fresh.updated_at, STALENESS) is Status.CLOSED
    assert fresh.status(fresh.updated_at + STALENESS, STALENESS) is Status.UNKNOWN


def test_take_slot_never_goes_below_zero(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        await board.put(state(free=1))
        await board.take_slot("SVC1", window())
        with pytest.raises(NoFreeSlot):
            await board.take_slot("SVC1", window())
        got = await board.get("SVC1")
        assert got is not None and got.slots[0].free == 0

    run(space, body)


def test_take_slot_refuses_a_closed_service_a_missing_window_and_an_unknown_service(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        await board.put(state("SHUT", is_open=False))
        await board.put(state("OPEN"))
        with pytest.raises(NoFreeSlot):
            await board.take_slot("SHUT", window())
        with pytest.raises(NoFreeSlot):
            await board.take_slot("OPEN", window(hours=5))
        with pytest.raises(CapacityUnknown):
            await board.take_slot("NOPE", window())

    run(space, body)


def test_release_gives_a_slot_back_but_not_to_a_dropped_window(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        await board.put(state(free=1))
        taken = await board.take_slot("SVC1", window())
        released = await board.release_slot("SVC1", window())
        got = await board.get("SVC1")
        assert got is not None and got.slots[0].free == 1 and released == got.version > taken
        assert await board.release_slot("SVC1", window(hours=7)) == released  # dropped since: left alone
        with pytest.raises(CapacityUnknown):
            await board.release_slot("NOPE", window())

    run(space, body)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capacity=st.integers(0, 12), takers=st.integers(1, 40))
def test_concurrent_takes_never_oversell(space: BoardSpace, capacity: int, takers: int) -> None:
    async def body(board: Board) -> None:
        sid = f"RACE{capacity}x{takers}"
        await board.put(state(sid, free=capacity))
        results = await asyncio.gather(*(board.take_slot(sid, window()) for _ in range(takers)), return_exceptions=True)
        won = [r for r in results if isinstance(r, int)]
        assert all(isinstance(r, int | NoFreeSlot) for r in results), results
        assert len(won) == min(capacity, takers) and len(set(won)) == len(won)
        got = await board.get(sid)
        assert got is not None and got.slots[0].free == capacity - len(won) >= 0

    space.wipe()
    run(space, body)


def test_changes_arrive_in_version_order(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        changes = await board.changes()
        try:
            expected = [
                await board.put(state(version=1)),
                await board.take_slot("SVC1", window()),
                await board.release_slot("SVC1", window()),
            ]
            feed = changes.__aiter__()
            got = [await asyncio.wait_for(anext(feed), WAIT_S) for _ in expected]
        finally:
            await changes.aclose()
        assert [s.version for s in got] == expected
        assert [s.slots[0].free for s in got] == [2, 1, 2]

    run(space, body)


def test_load_applies_only_newer_records(space: BoardSpace) -> None:
    async def body(board: Board) -> None:
        await board.put(state("A", version=5))
        applied = await board.load([state("A", version=4), state("B", version=1), state("C", version=2)])
        assert applied == 2
        assert set(await board.get_many(["A", "B", "C"])) == {"A", "B", "C"}

    run(space, body)


def test_the_board_is_rebuilt_from_the_database_after_it_is_wiped(space: BoardSpace, sqlite_engine: Engine) -> None:
    ours, theirs = two_providers(sqlite_engine)
    report = CapacityReport(is_open=True, slots=[SlotWindow(start=window(), free=4)], wait_minutes=30, opel=Opel.SEVERE)

    async def accept(board: Board) -> list[BoardState | None]:
        await apply_update(sqlite_engine, board, ours.provider_id, ours.service_id, report, seq=1)
        await apply_update(sqlite_engine, board, theirs.provider_id, theirs.service_id, report, seq=1)
        await board.mark_intact()
        return [await board.get(ours.service_id), await board.get(theirs.service_id)]

    async def restore(board: Board) -> list[BoardState | None]:
        assert not await board.is_intact()
        assert await board.get(ours.service_id) is None
        assert await rebuild(board, await read(sqlite_engine, latest_states)) == 2
        assert await board.is_intact()
        return [await board.get(ours.service_id), await board.get(theirs.service_id)]

    before = run(space, accept)
    space.wipe()
    assert run(space, restore) == before
