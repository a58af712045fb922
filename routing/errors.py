"""Routing's expected failures; web/errors.py maps each to a status and problem code once."""

from __future__ import annotations

from models.errors import Conflict, DomainError, NotFound


class UnknownHold(NotFound):
    """No hold with that id (or not one this caller made)."""


class UnknownBooking(NotFound):
    """No booking with that id."""


class NoCapacity(Conflict):
    """The service has no free slot to hold: full, closed, or its capacity is unknown."""


class HoldExpired(DomainError):
    """The hold ran out before it was confirmed; its slot has gone back on the board."""


class HoldNotActive(Conflict):
    """The hold was already confirmed or released."""


class DoubleBooking(Conflict):
    """The database refused a second confirmed booking for the same seat or the same triage."""


class AlreadyCancelled(Conflict):
    """The booking is no longer confirmed (cancelled or moved), so it cannot be cancelled or moved again."""


class NeverBook(DomainError):
    """A booking that would be unsafe: a CALL_999 disposition, or a setting that cannot meet the need."""


class OverrideNeedsReason(DomainError):
    """A handler chose a service routing would not offer, without saying why."""


class IdempotencyMismatch(Conflict):
    """The Idempotency-Key was already used for a different request."""


class IdempotencyInProgress(Conflict):
    """The first request with this Idempotency-Key is still running."""


class IdempotencyKeyRequired(DomainError):
    """A request that must carry an Idempotency-Key came without one."""
