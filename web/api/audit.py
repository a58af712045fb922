"""The audit trail for admins: who did what and when, filtered; never the patient's own words."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field
from sqlmodel import Session

from models.audit import AuditQuery, events
from models.tables import AuditEvent
from models.vocabulary import Role
from web.auth import allow
from web.db import read
from web.deps import EngineDep
from web.errors import problem_responses

router = APIRouter(prefix="/v1/audit", tags=["audit"])
# Detail keys that are codes, ids, numbers or times: anything else (free text) is left out of the listing.
SHOWN_DETAIL = frozenset(
    {
        "disposition", "acuity", "red_flags", "service_id", "service", "hold_id", "triage_id", "window_start",
        "seat", "expires_at", "role", "days", "through_id", "through_seq", "last_hash", "removed", "override",
        "reference", "status", "area", "model_disposition", "policy",
    }
)  # fmt: skip


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    model_version: str | None
    has_reason: bool = Field(description="A reason was recorded; read it in the clinical record, not here")
    detail: dict[str, Any]
    seq: int | None = Field(description="Its place in the sealed chain; null for about a second, until sealed")
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, event: AuditEvent) -> AuditOut:
        shown = {key: value for key, value in event.detail.items() if key in SHOWN_DETAIL}
        return cls.model_validate({**event.model_dump(), "has_reason": bool(event.reason), "detail": shown})


@router.get("", response_model=list[AuditOut], responses=problem_responses(), dependencies=[allow(Role.ADMIN)])
async def audit(
    engine: EngineDep,
    kind: Annotated[str | None, Query(max_length=48, description="An action, or its prefix: `booking`")] = None,
    actor: Annotated[str | None, Query(max_length=64, description="e.g. `call_handler:jo`")] = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditOut]:
    """Audit events, newest first. Admins only."""
    return await read(engine, _listing, AuditQuery(kind, actor, since, until, limit))


def _listing(session: Session, query: AuditQuery) -> list[AuditOut]:
    return [AuditOut.of(event) for event in events(session, query)]
