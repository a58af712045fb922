"""A patient a message cannot reach, or a booking no alternative can replace, goes to the clinician callback queue
(routing/callbacks.py): a person phones them. The queue holds the booked service's postcode district, no more."""

from __future__ import annotations

from sqlmodel import Session

from capacity.geography import normalise
from models.tables import Booking, Service, TriageRecord
from models.vocabulary import Disposition
from routing.callbacks import enqueue

ACTOR = "notify"


def to_callback(session: Session, booking: Booking, reason: str) -> str:
    """Queue a callback for the patient of `booking`, in the caller's transaction; its id."""
    triage = session.get(TriageRecord, booking.triage_id) if booking.triage_id else None
    service = session.get(Service, booking.service_id)
    disposition = triage.disposition if triage is not None else Disposition.CLINICAL_ASSESSMENT
    area = normalise(service.postcode)[0] if service is not None else "UNKNOWN"
    detail = {"booking_id": booking.id, "reference": booking.reference}
    row = enqueue(session, disposition, area, reason, ACTOR, triage_id=booking.triage_id, detail=detail)
    return row.id
