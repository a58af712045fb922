"""The words every layer shares: dispositions, acuity, service types and which service can meet which need."""

from __future__ import annotations

from datetime import timedelta
from enum import IntEnum, StrEnum


class Disposition(StrEnum):
    """Where and how soon a patient must be seen, most urgent first."""

    CALL_999 = "CALL_999"
    ED = "ED"
    MENTAL_HEALTH_CRISIS = "MENTAL_HEALTH_CRISIS"  # a warm transfer to the local crisis line or team, now
    CLINICAL_ASSESSMENT = "CLINICAL_ASSESSMENT"  # a clinician calls back: for reports the model cannot place
    UTC = "UTC"
    GP_OOH = "GP_OOH"
    DENTAL = "DENTAL"  # urgent dental care
    GP_ROUTINE = "GP_ROUTINE"
    PHARMACY = "PHARMACY"
    SELF_CARE = "SELF_CARE"

    @property
    def urgency(self) -> int:
        """Higher is more urgent: CALL_999 is the highest, SELF_CARE is 0."""
        return len(DISPOSITIONS_BY_URGENCY) - 1 - DISPOSITIONS_BY_URGENCY.index(self)

    @property
    def acuity(self) -> Acuity:
        return ACUITY_OF[self]

    @property
    def deadline(self) -> timedelta | None:
        """The longest a patient with this disposition should wait for care; None means no deadline."""
        return TIME_TO_CARE[self]


DISPOSITIONS_BY_URGENCY: tuple[Disposition, ...] = tuple(Disposition)


def most_urgent(*dispositions: Disposition) -> Disposition:
    return max(dispositions, key=lambda d: d.urgency)


class Acuity(StrEnum):
    EMERGENCY = "emergency"
    WITHIN_1_DAY = "within_1_day"
    WITHIN_1_WEEK = "within_1_week"
    SELF_CARE = "self_care"


ACUITY_OF: dict[Disposition, Acuity] = {
    Disposition.CALL_999: Acuity.EMERGENCY,
    Disposition.ED: Acuity.EMERGENCY,
    Disposition.MENTAL_HEALTH_CRISIS: Acuity.EMERGENCY,
    Disposition.CLINICAL_ASSESSMENT: Acuity.WITHIN_1_DAY,
    Disposition.UTC: Acuity.WITHIN_1_DAY,
    Disposition.GP_OOH: Acuity.WITHIN_1_DAY,
    Disposition.DENTAL: Acuity.WITHIN_1_DAY,
    Disposition.GP_ROUTINE: Acuity.WITHIN_1_WEEK,
    Disposition.PHARMACY: Acuity.SELF_CARE,
    Disposition.SELF_CARE: Acuity.SELF_CARE,
}

# Time-to-care targets follow the NHS 111 / Pathways disposition timeframes: an ED disposition
# means "be seen within 1 hour", UTC and GP OOH "within 4 to 12 hours", pharmacy "today". A mental-health
# crisis is put through to the crisis line at once; an uncertain report gets a clinician's call back within the
# hour; urgent dental care is within 24 hours (NHS England's urgent dental care standard).
TIME_TO_CARE: dict[Disposition, timedelta | None] = {
    Disposition.CALL_999: timedelta(minutes=0),
    Disposition.ED: timedelta(hours=1),
    Disposition.MENTAL_HEALTH_CRISIS: timedelta(minutes=0),
    Disposition.CLINICAL_ASSESSMENT: timedelta(hours=1),
    Disposition.UTC: timedelta(hours=4),
    Disposition.GP_OOH: timedelta(hours=6),
    Disposition.DENTAL: timedelta(hours=24),
    Disposition.GP_ROUTINE: timedelta(days=7),
    Disposition.PHARMACY: timedelta(hours=12),
    Disposition.SELF_CARE: None,
}


class ServiceType(StrEnum):
    """Ordered from the most to the least acute setting."""

    EMERGENCY_DEPARTMENT = "EMERGENCY_DEPARTMENT"
    URGENT_TREATMENT_CENTRE = "URGENT_TREATMENT_CENTRE"
    MENTAL_HEALTH_CRISIS = "MENTAL_HEALTH_CRISIS"  # a crisis line or team: a warm transfer, never a place to walk into
    GP_OUT_OF_HOURS = "GP_OUT_OF_HOURS"
    GP_PRACTICE = "GP_PRACTICE"  # the patient's own practice, in its hours
    DENTAL_PRACTICE = "DENTAL_PRACTICE"
    COMMUNITY_PHARMACY = "COMMUNITY_PHARMACY"


# Which settings can safely see a patient with each disposition. A more acute setting can always
# see a less acute need; CALL_999 is met by an ambulance and CLINICAL_ASSESSMENT by a clinician's call back,
# never by a booking, so no service meets them.
CAN_MEET: dict[Disposition, frozenset[ServiceType]] = {
    Disposition.CALL_999: frozenset(),
    Disposition.ED: frozenset({ServiceType.EMERGENCY_DEPARTMENT}),
    Disposition.MENTAL_HEALTH_CRISIS: frozenset({ServiceType.MENTAL_HEALTH_CRISIS}),
    Disposition.CLINICAL_ASSESSMENT: frozenset(),
    Disposition.UTC: frozenset({ServiceType.URGENT_TREATMENT_CENTRE, ServiceType.EMERGENCY_DEPARTMENT}),
    Disposition.GP_OOH: frozenset(
        {ServiceType.GP_OUT_OF_HOURS, ServiceType.URGENT_TREATMENT_CENTRE, ServiceType.EMERGENCY_DEPARTMENT}
    ),
    Disposition.DENTAL: frozenset({ServiceType.DENTAL_PRACTICE}),
    Disposition.GP_ROUTINE: frozenset(
        {ServiceType.GP_PRACTICE, ServiceType.GP_OUT_OF_HOURS, ServiceType.URGENT_TREATMENT_CENTRE}
    ),
    Disposition.PHARMACY: frozenset(
        {ServiceType.COMMUNITY_PHARMACY, ServiceType.GP_OUT_OF_HOURS, ServiceType.URGENT_TREATMENT_CENTRE}
    ),
    Disposition.SELF_CARE: frozenset({ServiceType.COMMUNITY_PHARMACY}),
}


def can_meet(service_type: ServiceType, disposition: Disposition) -> bool:
    return service_type in CAN_MEET[disposition]


class BookingMode(StrEnum):
    """How a service takes patients: a timed slot, a walk-in arrival window, or a call back."""

    SLOT = "SLOT"
    WALK_IN = "WALK_IN"
    CALLBACK = "CALLBACK"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Opel(IntEnum):
    """Operational Pressures Escalation Levels: 1 is normal running, 4 is extreme pressure."""

    NORMAL = 1
    MODERATE = 2
    SEVERE = 3
    EXTREME = 4


class HoldStatus(StrEnum):
    ACTIVE = "ACTIVE"
    CONFIRMED = "CONFIRMED"
    RELEASED = "RELEASED"
    EXPIRED = "EXPIRED"


class BookingStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"
    MOVED = "MOVED"


class Role(StrEnum):
    """Who a caller is: three kinds of staff, an operations lead, a provider organisation's system, or an anonymous
    patient chat."""

    CALL_HANDLER = "call_handler"
    CLINICIAN = "clinician"
    ADMIN = "admin"
    LEAD = "lead"  # watches the whole system (the /ops dashboard, /v1/insight); never triages or books
    PROVIDER = "provider"
    PATIENT = "patient"


STAFF_ROLES: frozenset[Role] = frozenset({Role.CALL_HANDLER, Role.CLINICIAN, Role.ADMIN})
# Everyone who signs in with a username and password: the staff who handle calls, and operations leads.
USER_ROLES: frozenset[Role] = STAFF_ROLES | {Role.LEAD}
