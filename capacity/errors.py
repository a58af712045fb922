"""What can go wrong with a capacity update, or a slot: each mapped once in web/errors.py."""

from __future__ import annotations

from models.errors import Conflict, DomainError


class NotYourService(DomainError):
    """A provider tried to change a service it does not run."""


class InvalidUpdate(DomainError):
    """A capacity update or opening-hours schedule that fails validation."""


class MalformedFrame(DomainError):
    """A websocket frame that is not JSON, not text, or not a frame type we know."""


class FrameTooLarge(DomainError):
    """A websocket frame over the size limit."""


class StaleSequence(Conflict):
    """A sequence number at or below the last one accepted for the service, that is not an exact replay."""


class NoFreeSlot(Conflict):
    """The window is full, closed, or not on the board."""


class CapacityUnknown(Conflict):
    """The board has no fresh state for the service, so nothing can be taken from it."""


class InvalidWatch(DomainError):
    """A console asked to watch nothing, or too much."""
