"""Authentication and authorisation failures, shaped at the web edge as 401 or 403 problem+json."""

from __future__ import annotations

from models.errors import Conflict, DomainError


class Unauthenticated(DomainError):
    """No credentials, or credentials that are wrong, expired or revoked (401)."""


class Forbidden(DomainError):
    """Known caller, but its role may not do this (403)."""


class NotYours(Forbidden):
    """The record belongs to another patient session (403)."""


class CsrfRejected(Forbidden):
    """A cookie-authenticated change without the session's CSRF token, or from another origin (403)."""


class InvalidUsername(DomainError):
    """Usernames are 2 to 40 of a-z, 0-9, dot, dash and underscore."""


class UsernameTaken(Conflict):
    """A staff user with that username already exists."""


class TooManyLogins(DomainError):
    """Too many login attempts for one account or from one address in the window (429)."""

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class InvalidToken(DomainError):
    """A provider's bearer token is missing, wrong or revoked."""
