"""The directory as FHIR: a service is a HealthcareService (its site a contained Location) with one Schedule."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.schedule import Schedule

from capacity.hours import HolidayRule, holiday_rule
from models.tables import Service
from models.vocabulary import BookingMode, ServiceType
from routing.eligibility import PHARMACY_FIRST, Criteria, ages
from web.fhir import codes

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def healthcare_service(service: Service) -> HealthcareService:
    return HealthcareService.model_validate(
        {
            "resourceType": "HealthcareService",
            "id": service.id,
            "meta": {"lastUpdated": service.updated_at.isoformat()},
            "identifier": [{"system": codes.ODS, "value": service.ods_code}],
            "active": service.active,
            "providedBy": {"identifier": {"system": codes.ODS, "value": service.provider_id}},
            "type": [codes.service_type(service.type)],
            "name": service.name,
            "contained": [_site(service)],
            "location": [{"reference": "#site"}],
            "telecom": [{"system": "phone", "value": service.phone, "use": "work"}] if service.phone else None,
            "availableTime": available_times(service.opening_hours) or None,
            "availabilityExceptions": HOLIDAY_WORDS[holiday_rule(service.type, service.hours_source)],
            "notAvailable": _closure(service),
            "eligibility": eligibility(service) or None,
            "appointmentRequired": service.booking_mode is BookingMode.SLOT,
        }
    )


HOLIDAY_WORDS = {
    HolidayRule.CLOSED: "Closed on bank holidays in England (contracted hours exclude them).",
    HolidayRule.AS_USUAL: "Usual hours on bank holidays.",
    HolidayRule.ALL_DAY: "Open all day on bank holidays in England.",
}


def eligibility(service: Service) -> list[dict[str, Any]]:
    """Who the service sees: its own age and sex limits, and for a pharmacy each Pharmacy First pathway."""
    found = []
    if service.min_age is not None or service.max_age is not None:
        ages_text = ages(service.min_age, service.max_age)
        found.append(
            {"code": {"text": "Age"}, "comment": f"{service.eligibility_note or ''} Sees {ages_text}.".strip()}
        )
    if service.sex:
        found.append({"code": {"text": "Sex"}, "comment": f"Sees {service.sex} patients only."})
    if service.type is ServiceType.COMMUNITY_PHARMACY:
        found += [
            {"code": {"text": f"Pharmacy First: {c.label}"}, "comment": _criteria(c)} for c in PHARMACY_FIRST.values()
        ]
    return found


def _criteria(criteria: Criteria) -> str:
    who = (
        "anyone" if criteria.min_age is None and criteria.max_age is None else ages(criteria.min_age, criteria.max_age)
    )
    sexes = "" if criteria.sexes is None else " (" + " and ".join(sorted(s.value for s in criteria.sexes)) + ")"
    return f"For {who}{sexes}."


def _closure(service: Service) -> list[dict[str, Any]] | None:
    if service.closed_until is None:
        return None
    during = {"end": service.closed_until.isoformat()}
    if service.closed_from is not None:
        during["start"] = service.closed_from.isoformat()
    return [{"description": service.closure_reason or "Temporarily closed.", "during": during}]


def schedule(service: Service) -> Schedule:
    """One Schedule per service: the Slots under it are the live board's windows."""
    return Schedule.model_validate(
        {
            "resourceType": "Schedule",
            "id": service.id,
            "active": service.active,
            "serviceType": [codes.service_type(service.type)],
            "actor": [{"reference": f"HealthcareService/{service.id}", "display": service.name}],
            "comment": "Free capacity is published as Slot resources from the live capacity board.",
        }
    )


def _site(service: Service) -> dict[str, Any]:
    return {
        "resourceType": "Location",
        "id": "site",
        "name": service.name,
        "address": {"text": service.address or None, "postalCode": service.postcode, "country": "GB"},
        "position": {"latitude": service.latitude, "longitude": service.longitude},
    }


def available_times(hours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Opening sessions in UK local time; one that runs past midnight becomes two, as FHIR times stop at 24:00."""
    times: list[dict[str, Any]] = []
    for session in hours:
        day, opens, closes = int(session["day"]), str(session["open"]), str(session["close"])
        if closes <= opens and closes != "00:00":
            times.append(_time(day, opens, "24:00"))
            times.append(_time((day + 1) % 7, "00:00", closes))
        else:
            times.append(_time(day, opens, "24:00" if closes == "00:00" else closes))
    return times


def _time(day: int, opens: str, closes: str) -> dict[str, Any]:
    if opens == "00:00" and closes == "24:00":
        return {"daysOfWeek": [DAY_CODES[day]], "allDay": True}
    end = "23:59:59" if closes == "24:00" else f"{closes}:00"
    return {"daysOfWeek": [DAY_CODES[day]], "availableStartTime": f"{opens}:00", "availableEndTime": end}
