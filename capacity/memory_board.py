"""The in-memory board: one worker's dicts. Atomic because no method awaits between its read and write."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from capacity.board import BoardState, Window, utc, window_key
from capacity.errors import CapacityUnknown, NoFreeSlot
from models.types import utcnow


class MemoryChanges:
    def __init__(self, owner: MemoryBoard) -> None:
        self._owner = owner
        self.queue: asyncio.Queue[BoardState] = asyncio.Queue()

    async def __aiter__(self) -> AsyncIterator[BoardState]:
        while True:
            yield await self.queue.get()

    async def aclose(self) -> None:
        self._owner.listeners.discard(self)


class MemoryBoard:
    def __init__(self, staleness: timedelta) -> None:
        self.staleness = staleness
        self.states: dict[str, BoardState] = {}
        self.records: dict[str, int] = {}
        self.listeners: set[MemoryChanges] = set()
        self.intact = False

    async def put(self, state: BoardState) -> int | None:
        if state.version <= self.records.get(state.service_id, 0):
            return None
        current = self.states.get(state.service_id)
        version = max(current.version + 1 if current else 0, state.version)
        self.records[state.service_id] = state.version
        return self._set(replace(state, version=version, slots=_sorted(state.slots)))

    async def load(self, states: Iterable[BoardState]) -> int:
        return sum([await self.put(state) is not None for state in states])

    async def get(self, service_id: str) -> BoardState | None:
        return self.states.get(service_id)

    async def get_many(self, service_ids: Iterable[str]) -> dict[str, BoardState]:
        return {sid: self.states[sid] for sid in service_ids if sid in self.states}

    async def take_slot(self, service_id: str, window_start: datetime) -> int:
        state = self._fresh(service_id)
        key = window_key(window_start)
        window = next((w for w in state.slots if window_key(w.start) == key), None)
        if not state.is_open or window is None or window.free <= 0:
            raise NoFreeSlot(f"No free slot at {service_id!r} in the window starting {key}.")
        return self._set(_adjusted(state, key, -1))

    async def release_slot(self, service_id: str, window_start: datetime) -> int:
        state = self.states.get(service_id)
        if state is None:
            raise CapacityUnknown(f"The board has no state for {service_id!r}.")
        key = window_key(window_start)
        if all(window_key(w.start) != key for w in state.slots):
            return state.version
        return self._set(_adjusted(state, key, +1))

    async def changes(self) -> MemoryChanges:
        listener = MemoryChanges(self)
        self.listeners.add(listener)
        return listener

    async def is_intact(self) -> bool:
        return self.intact

    async def mark_intact(self) -> None:
        self.intact = True

    async def close(self) -> None:
        self.listeners.clear()

    def _fresh(self, service_id: str) -> BoardState:
        state = self.states.get(service_id)
        if state is None or utcnow() >= state.stale_at(self.staleness):
            raise CapacityUnknown(f"Capacity at {service_id!r} is unknown (no update within the staleness limit).")
        return state

    def _set(self, state: BoardState) -> int:
        self.states[state.service_id] = state
        for listener in self.listeners:
            listener.queue.put_nowait(state)
        return state.version


def _sorted(slots: tuple[Window, ...]) -> tuple[Window, ...]:
    return tuple(sorted((Window(utc(w.start), w.free) for w in slots), key=lambda w: w.start))


def _adjusted(state: BoardState, key: str, delta: int) -> BoardState:
    slots = tuple(Window(w.start, w.free + delta) if window_key(w.start) == key else w for w in state.slots)
    return replace(state, version=state.version + 1, slots=slots)
