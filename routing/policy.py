"""The routing policy: every weight and limit the ranking uses, in one frozen, versioned object.

Change a number here and bump `version`: each route response and audit event names the policy
version it was made under, so a decision can always be explained afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from models.vocabulary import Disposition, ServiceType


class TravelMode(StrEnum):
    CAR = "car"
    PUBLIC_TRANSPORT = "public_transport"
    WALK = "walk"


@dataclass(frozen=True, slots=True)
class Speed:
    """Door-to-door speed over the road distance, plus a fixed overhead (parking, waiting for a bus)."""

    kmh: float
    overhead_minutes: float


# Urban averages, deliberately cautious: a car at 40 km/h with 10 minutes to set off and park;
# public transport at 18 km/h with 15 minutes of walking and waiting; walking at 4.5 km/h.
DEFAULT_SPEEDS: tuple[tuple[TravelMode, Speed], ...] = (
    (TravelMode.CAR, Speed(kmh=40.0, overhead_minutes=10.0)),
    (TravelMode.PUBLIC_TRANSPORT, Speed(kmh=18.0, overhead_minutes=15.0)),
    (TravelMode.WALK, Speed(kmh=4.5, overhead_minutes=0.0)),
)

# Least acute first: keep the most expensive capacity for those who need it.
LEAST_ACUTE_FIRST: tuple[ServiceType, ...] = (
    ServiceType.COMMUNITY_PHARMACY,
    ServiceType.DENTAL_PRACTICE,
    ServiceType.GP_PRACTICE,
    ServiceType.GP_OUT_OF_HOURS,
    ServiceType.MENTAL_HEALTH_CRISIS,
    ServiceType.URGENT_TREATMENT_CENTRE,
    ServiceType.EMERGENCY_DEPARTMENT,
)

# When nothing can meet the deadline, look one step more urgent (never less): the wider set of
# settings that step allows, still against the original, tighter-or-equal deadline.
# Self-care, pharmacy, routine GP and dental needs never escalate: their own settings (pharmacy, GP out of hours
# and UTC for a pharmacy need) or a clinician's call back, never A&E. A crisis line nobody answers for the caller's
# ICB falls back to A&E.
ESCALATION: tuple[tuple[Disposition, Disposition], ...] = (
    (Disposition.GP_OOH, Disposition.UTC),
    (Disposition.UTC, Disposition.ED),
    (Disposition.MENTAL_HEALTH_CRISIS, Disposition.ED),
)


@dataclass(frozen=True, slots=True)
class Policy:
    version: str = "routing-policy/2026-12-06.1"
    speeds: tuple[tuple[TravelMode, Speed], ...] = DEFAULT_SPEEDS
    detour_factor: float = 1.3  # road distance over straight-line distance, a common urban figure
    setting_order: tuple[ServiceType, ...] = LEAST_ACUTE_FIRST
    escalation: tuple[tuple[Disposition, Disposition], ...] = ESCALATION
    search_radius_km: float = 60.0  # no one is sent further than this
    per_type_limit: int = 25  # nearest sites of each type considered per request
    max_options: int = 10
    max_exclusions_listed: int = 25  # nearest exclusions itemised; all are counted by reason
    window_grace: timedelta = field(default=timedelta(minutes=30))  # a window that began this recently is bookable

    def speed(self, mode: TravelMode) -> Speed:
        return dict(self.speeds)[mode]

    def acuity_rank(self, service_type: ServiceType) -> int:
        return self.setting_order.index(service_type)

    def ladder(self, disposition: Disposition) -> tuple[Disposition, ...]:
        """The disposition and each more urgent one escalation may reach, in order."""
        steps, nxt = [disposition], dict(self.escalation)
        while steps[-1] in nxt:
            steps.append(nxt[steps[-1]])
        return tuple(steps)


DEFAULT_POLICY = Policy()
