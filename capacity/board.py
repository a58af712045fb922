"""The live capacity board: value types and the `Board` protocol both backends keep.

Versions: each service has a board version that goes up by at least one on every change (a provider
update, a slot taken or given back). A provider update carries the version of its database record;
the board applies it only if that record is newer than the last one applied, so a late or repeated
record never overwrites a newer one, and the board version becomes max(board version + 1, record version).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from models.vocabulary import Opel


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Window:
    """Free bookable slots in the window starting at `start` (UTC)."""

    start: datetime
    free: int


@dataclass(frozen=True, slots=True)
class BoardState:
    service_id: str
    version: int
    is_open: bool
    slots: tuple[Window, ...]
    wait_minutes: int
    opel: Opel
    updated_at: datetime

    def stale_at(self, staleness: timedelta) -> datetime:
        return self.updated_at + staleness

    def status(self, now: datetime, staleness: timedelta) -> Status:
        """Unknown once older than the staleness limit: an old state is never reported as available."""
        if now >= self.stale_at(staleness):
            return Status.UNKNOWN
        return Status.OPEN if self.is_open else Status.CLOSED


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
    return moment.astimezone(UTC)


def window_key(start: datetime) -> str:
    """The one spelling of a window start, used as a hash field and in frames: sortable UTC ISO 8601."""
    return utc(start).strftime("%Y-%m-%dT%H:%M:%SZ")


class Changes(Protocol):
    """A live subscription to board changes, already listening when returned."""

    def __aiter__(self) -> AsyncIterator[BoardState]: ...

    async def aclose(self) -> None: ...


class Board(Protocol):
    """Current capacity per service. Every method is atomic in both backends."""

    async def put(self, state: BoardState) -> int | None:
        """Apply a provider's record (state.version = record version); the new board version, or None if older."""
        ...

    async def load(self, states: Iterable[BoardState]) -> int:
        """Put many records (a rebuild); how many were newer than the board's and so applied."""
        ...

    async def get(self, service_id: str) -> BoardState | None: ...

    async def get_many(self, service_ids: Iterable[str]) -> dict[str, BoardState]: ...

    async def take_slot(self, service_id: str, window_start: datetime) -> int:
        """Take one free slot; the new version. Raises NoFreeSlot, or CapacityUnknown if stale or absent."""
        ...

    async def release_slot(self, service_id: str, window_start: datetime) -> int:
        """Give one slot back; the new version. A window the provider has since dropped is left alone."""
        ...

    async def changes(self) -> Changes:
        """Subscribe to every change from now on, in version order per service."""
        ...

    async def is_intact(self) -> bool:
        """False when the backing store lost the board (flushed, restarted empty) and it needs a rebuild."""
        ...

    async def mark_intact(self) -> None: ...

    async def close(self) -> None: ...
