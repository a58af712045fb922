"""The root of every domain error. Each domain defines its own subclasses; the web edge shapes them once."""

from __future__ import annotations


class DomainError(Exception):
    """An expected failure with a sentence a person understands."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The thing asked for does not exist."""


class Conflict(DomainError):
    """The request clashes with the current state."""


class Unavailable(DomainError):
    """A backing service is down; the caller may retry."""

    def __init__(self, detail: str, retry_after_s: int = 5) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s
