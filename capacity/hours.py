"""Weekly opening hours, in local (UK) time, and the defaults used where the data has none."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict
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
# 18:30-08:00 on weekdays and the whole weekend; pharmacies 09:00-18:00 Monday to Saturday.
DEFAULT_HOURS: dict[ServiceType, list[Session]] = {
    ServiceType.EMERGENCY_DEPARTMENT: every_day("00:00", "24:00"),
    ServiceType.URGENT_TREATMENT_CENTRE: every_day("08:00", "22:00"),
    ServiceType.GP_OUT_OF_HOURS: every_day("18:30", "08:00", range(5))
    + every_day("00:00", "24:00", range(5, 7))
    + every_day("00:00", "08:00", range(1)),  # the weekend runs on until Monday 08:00
    ServiceType.COMMUNITY_PHARMACY: every_day("09:00", "18:00", range(6)),
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


def validate(hours: list[dict[str, Any]]) -> list[Session]:
    """Check a schedule a provider sends; raises ValueError with a sentence on the first bad entry."""
    checked: list[Session] = []
    for entry in hours:
        day = entry.get("day")
        if not isinstance(day, int) or not 0 <= day <= 6:
            raise ValueError("day must be 0 (Monday) to 6 (Sunday)")
        _minutes(str(entry.get("open"))), _minutes(str(entry.get("close")))
        checked.append(Session(day=day, open=str(entry["open"]), close=str(entry["close"])))
    return checked


def is_open(hours: list[Session], at: datetime) -> bool:
    local = at.astimezone(UK)
    minute = local.hour * 60 + local.minute
    return any(_covers(session, local.weekday(), minute) for session in hours)


def _covers(session: Session, weekday: int, minute: int) -> bool:
    opens, closes = _minutes(session["open"]), _minutes(session["close"])
    if closes > opens:
        return session["day"] == weekday and opens <= minute < closes
    # Overnight: open from `opens` on its day until `closes` on the next day.
    today = session["day"] == weekday and minute >= opens
    spill = (session["day"] + 1) % 7 == weekday and minute < closes
    return today or spill
