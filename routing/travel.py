"""Travel time from straight-line distance: the documented speed model of the policy."""

from __future__ import annotations

from routing.policy import Policy, Speed, TravelMode


def minutes_at(distance_km: float, speed: Speed, detour_factor: float) -> float:
    """Overhead plus road distance (straight line times the detour factor) at the mode's average speed."""
    return speed.overhead_minutes + distance_km * detour_factor / speed.kmh * 60.0


def travel_minutes(distance_km: float, mode: TravelMode, policy: Policy) -> float:
    return minutes_at(distance_km, policy.speed(mode), policy.detour_factor)


def reach_km(minutes: float, mode: TravelMode, policy: Policy) -> float:
    """The straight-line distance that takes `minutes` to travel: the inverse of travel_minutes."""
    speed = policy.speed(mode)
    return max(0.0, (minutes - speed.overhead_minutes) * speed.kmh / 60.0 / policy.detour_factor)
