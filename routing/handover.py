"""Handover: what a receiving service sees with each booking, so the patient never repeats their story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.errors import NotYourService
from capacity.listing import get_service
from models.tables import Booking, TriageRecord
from models.vocabulary import BookingStatus


@dataclass(frozen=True, slots=True)
class Handover:
    booking: Booking
    triage: TriageRecord | None

    def summary(self) -> dict[str, Any] | None:
        """Disposition, red flags, the model's reasons, key answers and the patient's own words."""
        t = self.triage
        if t is None:
            return None
        report = t.report or {}
        return {
            "triage_id": t.id,
            "disposition": t.disposition.value,
            "acuity": t.acuity.value,
            "red_flags": list(t.red_flags),
            "explanation": list(t.explanation),
            "safety_netting": t.safety_netting,
            "age": report.get("age"),
            "sex": report.get("sex"),
            "answers": report.get("answers") or {},
            "observations": report.get("observations"),
            "text": report.get("text"),
            "model_version": t.model_version,
        }


def bookings_for(engine: Engine, provider_id: str, service_id: str, since: datetime | None = None) -> list[Handover]:
    """Confirmed bookings at one of the provider's services, oldest first, each with its triage summary."""
    with Session(engine) as session:
        service = get_service(session, service_id)
        if service.provider_id != provider_id:
            raise NotYourService(f"Service {service_id!r} is not run by provider {provider_id!r}.")
        query = select(Booking).where(Booking.service_id == service_id, Booking.status == BookingStatus.CONFIRMED)
        if since is not None:
            query = query.where(col(Booking.created_at) >= since)
        rows = session.exec(query.order_by(col(Booking.window_start), col(Booking.created_at)).limit(500)).all()
        return [Handover(b, session.get(TriageRecord, b.triage_id) if b.triage_id else None) for b in rows]
