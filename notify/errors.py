"""notify's typed errors; web/errors.py maps each to a status and problem code."""

from __future__ import annotations

from models.errors import Conflict, DomainError, NotFound


class BadContact(DomainError):
    """An email address or mobile number that cannot be used."""


class BadLink(NotFound):
    """The link was altered, or is not one we made."""


class LinkExpired(DomainError):
    """The link is past its expiry: call 111 for help with this booking."""


class InvalidTransition(Conflict):
    """That lifecycle event cannot follow the booking's last one (e.g. seen before arrived, or after a decline)."""


class ReasonRequired(DomainError):
    """A decline must say why: the reason is audited and the patient is rebooked."""


class FeedbackClosed(Conflict):
    """Feedback is asked for once the outcome is recorded, and given once."""


class UnknownDisruption(NotFound):
    """No disrupted booking has that id."""


class UnknownBookingLink(NotFound):
    """The booking this link names no longer exists."""
