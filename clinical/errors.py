"""What can go wrong working the callback queue, each with a sentence for the clinician."""

from __future__ import annotations

from models.errors import Conflict, DomainError, NotFound


class UnknownCallback(NotFound):
    def __init__(self, callback_id: str) -> None:
        super().__init__(f"No callback has the id {callback_id!r}.")


class HeldByAnother(Conflict):
    """Another clinician holds the item and their lease has not lapsed."""


class NotHolder(Conflict):
    """An outcome, assessment or booking on an item the caller does not hold (or whose lease lapsed)."""


class CallbackClosed(Conflict):
    """The item was already closed."""


class LoweringNeedsReason(DomainError):
    """A disposition less urgent than the triage's (or the observations') without a recorded reason."""


class NotAssessed(Conflict):
    """Routing or booking from an item before its assessment is recorded."""
