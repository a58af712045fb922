"""Fan-out of board changes to watching consoles, without ever waiting on one.

Each watcher has a bounded queue that one sender task (per connection, at the edge) drains. The hub
only ever does put_nowait: a watcher whose queue fills has fallen too far behind, so its queue is
dropped and replaced by a single OVERFLOW signal, and the edge closes it with a clear code.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from enum import Enum

from capacity.board import Board, BoardState, Changes
from models.types import utcnow

logger = logging.getLogger("one111.capacity.hub")


class Signal(Enum):
    RESYNC = "resync"
    OVERFLOW = "overflow"


Outgoing = str | Signal


class Watcher:
    """One console: the services it watches and its queue of encoded frames."""

    def __init__(self, services: frozenset[str], limit: int, on_overflow: Callable[[], None] = lambda: None) -> None:
        self.services = services
        self.queue: asyncio.Queue[Outgoing] = asyncio.Queue(limit)
        self.overflowed = False
        self.on_overflow = on_overflow  # told once, when the console falls behind (the edge counts it)

    def offer(self, item: Outgoing) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.overflowed = True
            self.on_overflow()
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(Signal.OVERFLOW)


class Hub:
    def __init__(
        self,
        board: Board,
        encode: Callable[[BoardState], str],
        rebuild: Callable[[], Awaitable[int]],
        check_every_s: float,
        staleness: timedelta,
    ) -> None:
        self.board = board
        self.encode = encode
        self.rebuild = rebuild
        self.check_every_s = check_every_s
        self.staleness = staleness
        self.watchers: set[Watcher] = set()
        self.ageing: dict[str, BoardState] = {}  # the last fresh state consoles were shown, per service
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Restore a lost board, then listen. If the board is unreachable now, the background tasks keep trying."""
        await self.check()
        try:
            changes: Changes | None = await self.board.changes()
        except Exception as error:
            logger.warning("board change feed unavailable at start", extra={"error_type": type(error).__qualname__})
            changes = None
        self._tasks = [asyncio.create_task(self._pump(changes)), asyncio.create_task(self._watchdog())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    def join(self, services: frozenset[str], limit: int, on_overflow: Callable[[], None] = lambda: None) -> Watcher:
        watcher = Watcher(services, limit, on_overflow)
        self.watchers.add(watcher)
        return watcher

    def leave(self, watcher: Watcher) -> None:
        self.watchers.discard(watcher)

    def resync_all(self) -> None:
        for watcher in list(self.watchers):
            watcher.offer(Signal.RESYNC)

    def broadcast(self, state: BoardState) -> None:
        self.shown([state])
        self._fan(state)

    def shown(self, states: Iterable[BoardState]) -> None:
        """Remember states consoles now hold, so they can be told when each goes stale."""
        now = utcnow()
        for state in states:
            held = self.ageing.get(state.service_id)
            if (held is None or held.version <= state.version) and now < state.stale_at(self.staleness):
                self.ageing[state.service_id] = state

    def expire(self, now: datetime) -> int:
        """Send the consoles a delta for each state that has aged past the limit (it now reads as unknown)."""
        stale = [state for state in self.ageing.values() if now >= state.stale_at(self.staleness)]
        for state in stale:
            del self.ageing[state.service_id]
            self._fan(state)
        return len(stale)

    def _fan(self, state: BoardState) -> None:
        frame: str | None = None
        for watcher in list(self.watchers):
            if state.service_id in watcher.services:
                frame = frame or self.encode(state)
                watcher.offer(frame)

    async def _pump(self, changes: Changes | None) -> None:
        changes = changes or await self._resubscribe()
        while True:
            try:
                async for state in changes:
                    self.broadcast(state)
                    # A feed read from a buffer never suspends, so a burst of changes (read at once after the
                    # worker was busy) would fill the queues of consoles that keep up before their senders ran.
                    await asyncio.sleep(0)
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await changes.aclose()
                raise
            except Exception as error:
                # The notifier dropped (Redis restarted?): listen again, and as deltas may be lost, resync all.
                logger.warning("board change feed lost; resubscribing", extra={"error_type": type(error).__qualname__})
                with contextlib.suppress(Exception):
                    await changes.aclose()
                changes = await self._resubscribe()
                self.resync_all()

    async def _resubscribe(self) -> Changes:
        while True:
            try:
                return await self.board.changes()
            except Exception as error:
                logger.warning("board resubscribe failed", extra={"error_type": type(error).__qualname__})
                await asyncio.sleep(1)

    async def _watchdog(self) -> None:
        while True:
            await asyncio.sleep(self.check_every_s)
            self.expire(utcnow())
            await self.check()

    async def check(self) -> None:
        """Rebuild the board from the database if its store lost it (or it is new), and tell every console."""
        try:
            if not await self.board.is_intact():
                applied = await self.rebuild()
                logger.warning("board rebuilt from the database", extra={"event": "board-rebuilt", "count": applied})
                self.resync_all()
        except Exception as error:
            logger.warning("board check failed", extra={"error_type": type(error).__qualname__})
