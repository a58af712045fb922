"""Insight's errors, shaped at the web edge like every other domain error."""

from __future__ import annotations

from models.errors import DomainError, NotFound


class UnknownArea(NotFound):
    def __init__(self, area: str) -> None:
        super().__init__(f"{area!r} is neither an ICB code (like QWO) nor an NHS region (code like Y63, or name).")


class InvalidExport(DomainError):
    """An export asked for with settings that would break disclosure control."""
