"""A warm transfer: the call handler puts the caller through to a crisis line and the record says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from capacity.listing import get_service
from models.audit import record
from models.database import session_scope
from models.types import utcnow
from models.vocabulary import ServiceType
from routing.errors import NeverBook
from triage.records import load as load_triage


@dataclass(frozen=True, slots=True)
class Transfer:
    service_id: str
    name: str
    phone: str | None
    triage_id: str | None
    transferred_at: datetime


def warm_transfer(engine: Engine, service_id: str, triage_id: str | None, actor: str) -> Transfer:
    """Record that the caller was put through (one transaction: the audit event is the record; no free text, so
    nothing about the patient is written outside their triage record)."""
    now = utcnow()
    with session_scope(engine) as session:
        service = get_service(session, service_id)
        if service.type is not ServiceType.MENTAL_HEALTH_CRISIS:
            raise NeverBook(f"{service.name} is not a crisis line: a warm transfer goes to a crisis line.")
        if triage_id is not None:
            load_triage(session, triage_id)
        detail = {"triage_id": triage_id, "icb": service.icb_code}
        record(session, actor, "routing.warm_transfer", ("service", service_id), detail)
        return Transfer(service.id, service.name, service.phone, triage_id, now)
