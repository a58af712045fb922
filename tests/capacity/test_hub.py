"""Fan-out: each console has its own bounded queue, so one that stops reading never holds up the others."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from capacity.board import BoardState
from capacity.hub import Hub, Signal, Watcher
from capacity.memory_board import MemoryBoard
from models.types import utcnow
from models.vocabulary import Opel
from tests.capacity.conftest import STALENESS

WAIT_S = 5.0


def change(service_id: str, version: int) -> BoardState:
    return BoardState(service_id, version, True, (), version, Opel.NORMAL, utcnow())


def encode(state: BoardState) -> str:
    return f"{state.service_id}@{state.version}"


def drain(watcher: Watcher) -> list[object]:
    items: list[object] = []
    while not watcher.queue.empty():
        items.append(watcher.queue.get_nowait())
    return items


def test_a_console_that_falls_behind_is_told_to_reconnect_and_the_others_get_everything() -> None:
    async def body() -> tuple[list[object], list[object], list[object]]:
        board = MemoryBoard(STALENESS)
        hub = Hub(board, encode, lambda: asyncio.sleep(0, 0), check_every_s=60, staleness=STALENESS)
        slow = hub.join(frozenset({"A"}), limit=3)
        fast = hub.join(frozenset({"A"}), limit=3)
        other = hub.join(frozenset({"B"}), limit=3)
        received: list[object] = []
        for version in range(1, 11):
            hub.broadcast(change("A", version))
            received += drain(fast)  # a console keeping up
            hub.broadcast(change("A", version))  # the same change twice is still one frame each time
            received += drain(fast)
        return drain(slow), received, drain(other)

    slow, fast, other = asyncio.run(body())
    assert slow == [Signal.OVERFLOW]
    assert fast == [f"A@{v}" for v in range(1, 11) for _ in range(2)]
    assert other == []


def test_the_hub_relays_board_changes_to_watchers_of_that_service_and_forgets_those_that_leave() -> None:
    async def body() -> tuple[object, list[object], int]:
        board = MemoryBoard(STALENESS)
        rebuilt: list[int] = []

        async def rebuild() -> int:
            rebuilt.append(1)
            await board.mark_intact()
            return 0

        hub = Hub(board, encode, rebuild, check_every_s=60, staleness=STALENESS)
        await hub.start()
        try:
            watcher = hub.join(frozenset({"A"}), limit=10)
            gone = hub.join(frozenset({"A"}), limit=10)
            hub.leave(gone)
            await board.put(change("B", 1))
            await board.put(change("A", 1))
            got = await asyncio.wait_for(watcher.queue.get(), WAIT_S)
            return got, drain(gone), len(rebuilt)
        finally:
            await hub.stop()

    got, gone, rebuilt = asyncio.run(body())
    assert (got, gone, rebuilt) == ("A@1", [], 1)


def test_an_overflowed_watcher_ignores_further_frames_until_it_is_gone() -> None:
    watcher = Watcher(frozenset({"A"}), limit=1)
    watcher.offer("one")
    watcher.offer("two")
    watcher.offer("three")
    assert drain(watcher) == [Signal.OVERFLOW] and watcher.overflowed
    assert timedelta(0) < STALENESS


def test_consoles_are_sent_a_state_again_once_when_it_goes_stale() -> None:
    async def body() -> tuple[list[int], list[object]]:
        hub = Hub(MemoryBoard(STALENESS), encode, lambda: asyncio.sleep(0, 0), check_every_s=60, staleness=STALENESS)
        watcher = hub.join(frozenset({"A"}), limit=10)
        fresh = change("A", 4)
        hub.broadcast(fresh)
        hub.shown([change("A", 3)])  # an older state shown later (a snapshot that raced) does not replace it
        stale_at = fresh.updated_at + STALENESS
        counts = [hub.expire(stale_at - timedelta(seconds=1)), hub.expire(stale_at), hub.expire(stale_at)]
        return counts, drain(watcher)

    counts, frames = asyncio.run(body())
    assert counts == [0, 1, 0]
    assert frames == ["A@4", "A@4"]


def test_a_console_that_keeps_up_is_not_dropped_by_a_burst_of_changes() -> None:
    """Changes can arrive in a burst (a worker busy with a big snapshot meanwhile, then many notices read at once):
    the hub lets each console's sender run between them, so one whose queue holds 3 frames still gets all 12."""

    async def body() -> list[object]:
        board = MemoryBoard(STALENESS)
        hub = Hub(board, encode, lambda: asyncio.sleep(0, 0), check_every_s=60, staleness=STALENESS)
        await hub.start()
        watcher = hub.join(frozenset({"A"}), limit=3)
        sent: list[object] = []

        async def sender() -> None:  # what the edge's per-connection sender does, with a socket that keeps up
            while True:
                sent.append(await watcher.queue.get())

        task = asyncio.create_task(sender())
        for version in range(1, 13):
            await board.put(change("A", version))  # no wait between them: the hub reads them as one burst
        await asyncio.wait_for(_until(lambda: len(sent) >= 12 or Signal.OVERFLOW in sent), WAIT_S)
        task.cancel()
        await hub.stop()
        return sent

    assert asyncio.run(body()) == [f"A@{v}" for v in range(1, 13)]


async def _until(done: Callable[[], bool]) -> None:
    while not done():
        await asyncio.sleep(0.01)
