"""The code systems one111's FHIR resources use, and how its own vocabulary maps onto them."""

from __future__ import annotations

from typing import Any

from models.vocabulary import Acuity, BookingStatus, Disposition, ServiceType

BASE = "https://one111.nhs.example/fhir"
SERVICE_TYPE = f"{BASE}/CodeSystem/service-type"
DISPOSITION = f"{BASE}/CodeSystem/disposition"
BOOKING_REFERENCE = f"{BASE}/Id/booking-reference"
FREE_COUNT = f"{BASE}/StructureDefinition/free-count"
ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
LOCATION_DISTANCE = "http://hl7.org/fhir/StructureDefinition/location-distance"

SERVICE_TYPE_DISPLAY: dict[ServiceType, str] = {
    ServiceType.EMERGENCY_DEPARTMENT: "Emergency department (type 1 A&E)",
    ServiceType.URGENT_TREATMENT_CENTRE: "Urgent treatment centre",
    ServiceType.MENTAL_HEALTH_CRISIS: "Mental health crisis line",
    ServiceType.GP_OUT_OF_HOURS: "GP out of hours",
    ServiceType.GP_PRACTICE: "GP practice",
    ServiceType.DENTAL_PRACTICE: "Dental practice",
    ServiceType.COMMUNITY_PHARMACY: "Community pharmacy",
}

DISPOSITION_DISPLAY: dict[Disposition, str] = {
    Disposition.CALL_999: "Call 999: emergency ambulance",
    Disposition.ED: "Emergency department within 1 hour",
    Disposition.MENTAL_HEALTH_CRISIS: "Mental health crisis line now",
    Disposition.CLINICAL_ASSESSMENT: "Clinician call back within 1 hour",
    Disposition.UTC: "Urgent treatment centre within 4 hours",
    Disposition.GP_OOH: "GP out of hours within 6 hours",
    Disposition.DENTAL: "Urgent dental care within 24 hours",
    Disposition.GP_ROUTINE: "Routine GP appointment within 7 days",
    Disposition.PHARMACY: "Community pharmacist within 12 hours",
    Disposition.SELF_CARE: "Self care",
}

# FHIR request-priority (a required binding): an emergency need is `stat`, a same-day need `urgent`.
PRIORITY: dict[Acuity, str] = {
    Acuity.EMERGENCY: "stat",
    Acuity.WITHIN_1_DAY: "urgent",
    Acuity.WITHIN_1_WEEK: "routine",
    Acuity.SELF_CARE: "routine",
}

# FHIR appointmentstatus: a booking moved to another slot is cancelled here, and its successor is booked.
APPOINTMENT_STATUS: dict[BookingStatus, str] = {
    BookingStatus.CONFIRMED: "booked",
    BookingStatus.CANCELLED: "cancelled",
    BookingStatus.MOVED: "cancelled",
}


def service_type(value: ServiceType) -> dict[str, Any]:
    return {
        "coding": [{"system": SERVICE_TYPE, "code": value.value, "display": SERVICE_TYPE_DISPLAY[value]}],
        "text": SERVICE_TYPE_DISPLAY[value],
    }


def disposition(value: Disposition) -> dict[str, Any]:
    return {
        "coding": [{"system": DISPOSITION, "code": value.value, "display": DISPOSITION_DISPLAY[value]}],
        "text": DISPOSITION_DISPLAY[value],
    }


def parse_service_type(token: str) -> ServiceType:
    """`[system|]code` as FHIR token search gives it; raises ValueError for anything else."""
    system, _, code = token.rpartition("|")
    if system not in ("", SERVICE_TYPE) or code not in ServiceType.__members__:
        raise ValueError(f"service-type must be one of {', '.join(ServiceType)} (system {SERVICE_TYPE})")
    return ServiceType(code)
