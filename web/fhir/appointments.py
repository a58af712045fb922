"""Bookings as FHIR Appointments, each based on a ServiceRequest that carries the triage handover.

ServiceRequest (not Encounter or Observation) because the triage is a referral: "see this patient in this
setting within this time", with a priority, the reasons (red flags) and what the patient was told. The
receiving clinician's summary goes in its notes; one111 holds no patient identity, so `subject` is display-only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.servicerequest import ServiceRequest

from capacity.board import utc
from models.tables import Booking, Service, TriageRecord
from models.vocabulary import BookingStatus
from web.fhir import codes
from web.fhir.slots import WINDOW, slot_id

UNIDENTIFIED = {"display": "Patient not identified: one111 holds no patient identity"}
REFERRAL = {"system": codes.SNOMED, "code": "3457005", "display": "Patient referral"}


def appointment(booking: Booking, service: Service) -> Appointment:
    start = utc(booking.window_start)
    return Appointment.model_validate(
        {
            "resourceType": "Appointment",
            "id": booking.id,
            "meta": {"lastUpdated": (booking.cancelled_at or booking.created_at).isoformat()},
            "identifier": [{"system": codes.BOOKING_REFERENCE, "value": booking.reference}],
            "status": codes.APPOINTMENT_STATUS[booking.status],
            "cancelationReason": _cancelled(booking),
            "serviceType": [codes.service_type(service.type)],
            "start": start.isoformat(),
            "end": (start + WINDOW).isoformat(),
            "created": booking.created_at.isoformat(),
            "slot": [{"reference": f"Slot/{slot_id(service.id, start)}"}],
            "basedOn": [{"reference": f"ServiceRequest/{booking.triage_id}"}] if booking.triage_id else None,
            "participant": [
                {
                    "actor": {"reference": f"HealthcareService/{service.id}", "display": service.name},
                    "status": "accepted",
                }
            ],
        }
    )


def _cancelled(booking: Booking) -> dict[str, Any] | None:
    if booking.status is BookingStatus.MOVED:
        return {"text": "Moved to another appointment"}
    return {"text": "Cancelled"} if booking.status is BookingStatus.CANCELLED else None


def service_request(triage: TriageRecord) -> ServiceRequest:
    """The triage decision as a referral: disposition, priority, deadline, red flags and the handover notes."""
    deadline = triage.time_to_care_minutes
    return ServiceRequest.model_validate(
        {
            "resourceType": "ServiceRequest",
            "id": triage.id,
            "meta": {"lastUpdated": triage.created_at.isoformat()},
            "status": "active",
            "intent": "order",
            "category": [{"coding": [REFERRAL]}],
            "priority": codes.PRIORITY[triage.acuity],
            "code": codes.disposition(triage.disposition),
            "subject": UNIDENTIFIED,
            "authoredOn": triage.created_at.isoformat(),
            "occurrencePeriod": None
            if deadline is None
            else {
                "start": triage.created_at.isoformat(),
                "end": (triage.created_at + timedelta(minutes=deadline)).isoformat(),
            },
            "requester": {"display": "one111 urgent care triage"},
            "reasonCode": [{"text": flag} for flag in triage.red_flags] or None,
            "note": [{"text": line} for line in handover_notes(triage)] or None,
            "patientInstruction": triage.safety_netting or None,
        }
    )


def handover_notes(triage: TriageRecord) -> list[str]:
    """What the patient already told 111, so the receiving clinician never asks again; nothing else."""
    report = triage.report or {}
    notes = [f"Patient's words: {report['text']}"] if report.get("text") else []
    about = [f"age {report['age']}" if report.get("age") is not None else "", f"sex {report.get('sex', 'unknown')}"]
    notes.append("Patient: " + ", ".join(part for part in about if part))
    answers = report.get("answers") or {}
    if answers:
        notes.append("Answers: " + ", ".join(f"{q} {a}" for q, a in sorted(answers.items())))
    observations = {k: v for k, v in (report.get("observations") or {}).items() if v not in (None, False)}
    if observations:
        notes.append("Observations: " + ", ".join(f"{k} {v}" for k, v in observations.items()))
    notes.append(f"Triage model {triage.model_version}; disposition {triage.disposition.value}")
    return notes
