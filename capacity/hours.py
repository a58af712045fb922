"""Weekly opening hours, in local (UK) time, and the defaults used where the data has none."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple, TypedDict
from zoneinfo import ZoneInfo

from models.vocabulary import ServiceType

UK = ZoneInfo("Europe/London")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Session(TypedDict):
    """One opening on one weekday. A close at or before the open runs past midnight."""

    day: int
    open: str
    close: str


def every_day(open_: str, close: str, days: range = range(7)) -> list[Session]:
    return [Session(day=d, open=open_, close=close) for d in days]


# Defaults where the directory has no hours (documented in README and docs/architecture.md):
# EDs never close; UTCs must open at least 12 hours a day; GP out-of-hours covers
# 18:30-08:00 on weekdays and the whole weekend; pharmacies 09:00-18:00 Monday to Saturday; GP practices
# 08:00-18:30 and dentists 09:00-17:30 on weekdays; crisis lines never close.
DEFAULT_HOURS: dict[ServiceType, list[Session]] = {
    ServiceType.EMERGENCY_DEPARTMENT: every_day("00:00", "24:00"),
    ServiceType.URGENT_TREATMENT_CENTRE: every_day("08:00", "22:00"),
    ServiceType.GP_OUT_OF_HOURS: every_day("18:30", "08:00", range(5))
    + every_day("00:00", "24:00", range(5, 7))
    + every_day("00:00", "08:00", range(1)),  # the weekend runs on until Monday 08:00
    ServiceType.COMMUNITY_PHARMACY: every_day("09:00", "18:00", range(6)),
    ServiceType.GP_PRACTICE: every_day("08:00", "18:30", range(5)),  # the GP contract's core hours
    ServiceType.DENTAL_PRACTICE: every_day("09:00", "17:30", range(5)),
    ServiceType.MENTAL_HEALTH_CRISIS: every_day("00:00", "24:00"),  # NHS crisis lines answer 24/7
}


def parse_days(spec: str) -> range:
    """'Mon-Sun' -> range(0, 7); 'Sat' -> range(5, 6)."""
    first, _, last = spec.partition("-")
    start = DAYS.index(first.strip())
    return range(start, DAYS.index(last.strip()) + 1 if last else start + 1)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60 or int(minutes) >= 60:
        raise ValueError(f"{clock!r} is not a time of day (HH:MM, 00:00 to 24:00)")
    return value


class Opening(NamedTuple):
    """A session parsed for fast checks: weekday and minutes since local midnight."""

    day: int
    opens: int
    closes: int


def parse(hours: Any) -> tuple[Opening, ...]:
    """Sessions as Openings, parsed once (ranking checks thousands of sites per request)."""
    return tuple(Opening(int(s["day"]), _minutes(str(s["open"])), _minutes(str(s["close"]))) for s in hours)


def is_open(hours: Any, at: datetime) -> bool:
    local = at.astimezone(UK)
    return open_at(parse(hours), local.weekday(), local.hour * 60 + local.minute)


def open_at(openings: tuple[Opening, ...], weekday: int, minute: int) -> bool:
    """Whether any opening covers this local weekday and minute; a close at or before the open runs past midnight."""
    for day, opens, closes in openings:
        if closes > opens:
            if day == weekday and opens <= minute < closes:
                return True
        elif (day == weekday and minute >= opens) or ((day + 1) % 7 == weekday and minute < closes):
            return True
    return False
