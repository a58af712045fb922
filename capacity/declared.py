"""What a provider declares about its own service besides capacity: its weekly opening hours and temporary closures.

Declared hours replace the directory's (`hours_source` becomes `provider`, so a re-import leaves them alone, and
bank holidays follow them as declared). A closure is one interval with a reason; declaring none reopens the service.
Each declaration is one transaction with its audit event. Ranking reads them with the directory (routing/sites.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.board import utc
from capacity.errors import InvalidUpdate, NotYourService
from capacity.hours import parse
from capacity.listing import get_service
from models.audit import record
from models.database import session_scope
from models.tables import Service
from models.text import Line, Text
from models.types import utcnow

MAX_SESSIONS = 21  # three openings a day
MAX_CLOSURE = timedelta(days=366)


class Opening(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday")
    open: Line = Field(pattern=r"^\d{2}:\d{2}$", examples=["08:00"], description="Europe/London, HH:MM")
    close: Line = Field(
        pattern=r"^\d{2}:\d{2}$", examples=["18:30"], description="HH:MM; at or before open runs past midnight"
    )


class Hours(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"sessions": [{"day": d, "open": "08:00", "close": "18:30"} for d in range(5)]}]
        },
    )

    sessions: list[Opening] = Field(max_length=MAX_SESSIONS, description="Every weekly opening; empty: never open")


class Closure(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"closed_until": "2026-12-08T09:00:00Z", "reason": "Flooded: closed for repairs"}]
        },
    )

    closed_from: AwareDatetime | None = Field(default=None, description="Default: now")
    closed_until: AwareDatetime = Field(description="When it opens again")
    reason: Text = Field(min_length=1, max_length=200, examples=["Flooding: closed until the pharmacy is dry"])


def declare_hours(engine: Engine, provider_id: str, service_id: str, hours: Hours) -> Service:
    sessions = [s.model_dump() for s in hours.sessions]
    try:
        parse(sessions)
    except ValueError as error:
        raise InvalidUpdate(f"sessions: {error}") from None
    with session_scope(engine) as session:
        service = _own(session, provider_id, service_id)
        service.opening_hours, service.hours_source, service.updated_at = sessions, "provider", utcnow()
        record(session, provider_id, "service.hours_declared", ("service", service_id), {"sessions": len(sessions)})
        return service


def declare_closure(
    engine: Engine, provider_id: str, service_id: str, closure: Closure | None, now: datetime | None = None
) -> Service:
    """Close the service for an interval (or reopen it, with None)."""
    now = now or utcnow()
    start, until = _interval(closure, now)
    with session_scope(engine) as session:
        service = _own(session, provider_id, service_id)
        service.closed_from, service.closed_until = start, until
        service.closure_reason = closure.reason if closure else None
        service.updated_at = now
        detail = {"from": start and start.isoformat(), "until": until and until.isoformat()}
        record(session, provider_id, "service.closure_declared", ("service", service_id), detail)
        return service


def _interval(closure: Closure | None, now: datetime) -> tuple[datetime | None, datetime | None]:
    if closure is None:
        return None, None
    start, until = utc(closure.closed_from or now), utc(closure.closed_until)
    if until <= start or until <= now:
        raise InvalidUpdate("closed_until must be after closed_from and in the future.")
    if until - start > MAX_CLOSURE:
        raise InvalidUpdate("A temporary closure lasts at most a year: close the service for good through its ICB.")
    return start, until


def _own(session: Session, provider_id: str, service_id: str) -> Service:
    service = get_service(session, service_id)
    if service.provider_id != provider_id:
        raise NotYourService(f"Service {service_id!r} is not run by provider {provider_id!r}.")
    return service
