"""Insight's responses, read straight off the domain's objects."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from web.api.schemas.routing import Out


class PointOut(Out):
    start: datetime = Field(description="The hour's start, UTC")
    expected: float = Field(description="Expected calls in the hour")
    lower80: int
    upper80: int
    lower95: int
    upper95: int


class LevelOut(Out):
    calls_a_week: float
    dispersion: float = Field(description="Negative binomial k: variance = mean + mean^2 / k")
    source: str = Field(description="'one111 history' or 'national 111 share'")


class ForecastOut(Out):
    area: str = Field(description="ICB code, NHS region code, or England")
    name: str
    share: float = Field(description="The area's share of England's population")
    level: LevelOut
    points: list[PointOut]


class GroupOut(Out):
    dimension: str
    group: str
    n: int
    per_100k: float | None = Field(description="Calls per 100,000 people of the group; null where unknown")
    dispositions: dict[str, float]
    booked_first_time: float | None
    median_minutes_to_care: float | None


class TestOut(Out):
    dimension: str
    group: str
    measure: str
    method: str
    effect: float = Field(
        description="Group minus the typical (median) other group: a rate gap, a share gap, or minutes"
    )
    p_value: float
    adjusted_p: float = Field(description="Benjamini-Hochberg adjusted over every test of the report")
    alert: bool


class EquityOut(Out):
    since: datetime
    until: datetime
    events: int
    groups: list[GroupOut]
    tests: list[TestOut]
    alerts: list[TestOut]
    not_recorded: dict[str, str] = Field(description="Measures one111 does not record yet, and why")


class CapacityOut(Out):
    services: int
    open: int
    closed: int
    unknown: int
    free_slots: int


class AreaOut(Out):
    code: str
    name: str
    capacity: dict[str, CapacityOut]
    opel: dict[str, int]
    stale_or_unknown_share: float
    calls_last_hour: int
    expected_this_hour: PointOut | None
    mix: dict[str, float]
    booked: int
    referred: int
    callbacks_waiting: int
    callbacks_breached: int


class SummaryOut(Out):
    at: datetime
    scope: str
    areas: list[AreaOut]
    calls_last_hour: int
    calls_area_unknown: int
    national_mix: dict[str, float]
    not_recorded: dict[str, str]
