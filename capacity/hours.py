"""Weekly opening hours, in local (UK) time, and the defaults used where the data has none."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypedDict
from zoneinfo import ZoneInfo

from models.vocabulary import ServiceType

UK = ZoneInfo("Europe/London")
BANK_HOLIDAYS = Path(__file__).resolve().parent.parent / "data" / "reference" / "bank_holidays_england.csv"
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


_CLOCK = re.compile(r"([0-9]{1,2}):([0-5][0-9])")


def _minutes(clock: str) -> int:
    match = _CLOCK.fullmatch(clock)
    value = int(match[1]) * 60 + int(match[2]) if match else -1
    if not 0 <= value <= 24 * 60:
        raise ValueError(f"{clock!r} is not a time of day (HH:MM, 00:00 to 24:00)")
    return value


class Opening(NamedTuple):
    """A session parsed for fast checks: weekday and minutes since local midnight."""

    day: int
    opens: int
    closes: int


def parse(hours: Any) -> tuple[Opening, ...]:
    """Sessions as Openings, parsed once (ranking checks thousands of sites per request)."""
    if type(hours) is not tuple:  # a list may yet change: only the sites' tuples are remembered
        return _parse(hours)
    seen = _PARSED.get(id(hours))
    if seen is not None and seen[0] is hours:  # the object itself is kept in the entry, so its id is not reused
        return seen[1]
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.clear()
    parsed = _parse(hours)
    _PARSED[id(hours)] = (hours, parsed)
    return parsed


# Timetables already parsed, by object: the directory's sites share one tuple per timetable (routing.sites), so a
# read of 26,000 sites parses about 2,700. Bounded, as each read brings new objects.
_PARSED: dict[int, tuple[tuple[Any, ...], tuple[Opening, ...]]] = {}
_PARSED_MAX = 8192


def _parse(hours: Any) -> tuple[Opening, ...]:
    sessions = tuple((s["day"], s["open"], s["close"]) for s in hours)
    try:
        return _openings(sessions)
    except TypeError:  # a value that cannot be a cache key (a list where a time should be): parsed, and refused
        return _openings.__wrapped__(sessions)


@lru_cache(maxsize=4096)
def _openings(sessions: tuple[tuple[Any, Any, Any], ...]) -> tuple[Opening, ...]:
    # Most of the directory's 26,000 services share a handful of weekly timetables: each is parsed once.
    return tuple(Opening(int(day), _minutes(str(opens)), _minutes(str(closes))) for day, opens, closes in sessions)


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


def parse_ranges(day: int, spec: str) -> list[Session]:
    """One weekday of the NHSBSA list: '09:00-13:00,14:00-17:30' or 'closed'. Raises ValueError if unreadable."""
    text = spec.strip().lower()
    if text in ("", "closed"):
        return []
    sessions = []
    for part in text.split(","):
        open_, _, close = part.strip().partition("-")
        _minutes(open_.strip()), _minutes(close.strip())  # refuse anything that is not HH:MM-HH:MM
        sessions.append(Session(day=day, open=open_.strip(), close=close.strip()))
    return sessions


class HolidayRule(StrEnum):
    """What a service does on an English bank holiday."""

    CLOSED = "closed"  # GP and dental contracts, and a pharmacy's contracted hours, exclude bank holidays
    AS_USUAL = "as_usual"  # EDs, UTCs and crisis lines keep their hours
    ALL_DAY = "all_day"  # GP out of hours covers the whole of a bank holiday


HOLIDAY_RULE: dict[ServiceType, HolidayRule] = {
    ServiceType.EMERGENCY_DEPARTMENT: HolidayRule.AS_USUAL,
    ServiceType.URGENT_TREATMENT_CENTRE: HolidayRule.AS_USUAL,
    ServiceType.MENTAL_HEALTH_CRISIS: HolidayRule.AS_USUAL,
    ServiceType.GP_OUT_OF_HOURS: HolidayRule.ALL_DAY,
    ServiceType.GP_PRACTICE: HolidayRule.CLOSED,
    ServiceType.DENTAL_PRACTICE: HolidayRule.CLOSED,
    ServiceType.COMMUNITY_PHARMACY: HolidayRule.CLOSED,
}


def holiday_rule(service_type: ServiceType, hours_source: str) -> HolidayRule:
    # Hours a provider declared itself are its real hours, bank holidays included.
    return HolidayRule.AS_USUAL if hours_source == "provider" else HOLIDAY_RULE[service_type]


@cache
def england_bank_holidays(path: Path = BANK_HOLIDAYS) -> frozenset[date]:
    """GOV.UK's England and Wales bank holidays (data/reference/bank_holidays_england.csv)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return frozenset(date.fromisoformat(row["date"]) for row in csv.DictReader(handle))


@dataclass(frozen=True, slots=True)
class Calendar:
    """A service's week, its bank-holiday rule and the holidays: answers 'open when?' in real time."""

    openings: tuple[Opening, ...]
    rule: HolidayRule
    holidays: frozenset[date]

    def intervals(self, day: date) -> list[tuple[int, int]]:
        """Open [start, end) minutes of local day `day`, an overnight session's morning part included."""
        weekday, before = day.weekday(), day - timedelta(days=1)
        found = []
        if not (self.rule is HolidayRule.CLOSED and before in self.holidays):
            found = [(0, c) for d, o, c in self.openings if c <= o and c > 0 and (d + 1) % 7 == weekday]
        if day in self.holidays and self.rule is not HolidayRule.AS_USUAL:
            return found if self.rule is HolidayRule.CLOSED else [(0, 24 * 60)]
        found += [(o, c if c > o else 24 * 60) for d, o, c in self.openings if d == weekday]
        return sorted(found)

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(UK)
        day = local.date()
        if day not in self.holidays and day - timedelta(days=1) not in self.holidays:
            return open_at(self.openings, local.weekday(), local.hour * 60 + local.minute)  # the fast path
        minute = local.hour * 60 + local.minute
        return any(s <= minute < e for s, e in self.intervals(day))

    def next_open(self, at: datetime, until: datetime) -> datetime | None:
        """The first moment from `at` to `until` when the service is open (`at` itself if open then).

        Works in local wall-clock minutes from `at`'s midnight (ranking asks this for every site it weighs)."""
        if self.is_open(at):
            return at
        local, last = at.astimezone(UK), until.astimezone(UK)
        first_day, start = local.date(), local.hour * 60 + local.minute
        span = (last.date() - first_day).days * 1440 + last.hour * 60 + last.minute
        for offset in range(span // 1440 + 1):
            day = first_day + timedelta(days=offset)
            for opens, closes in self.intervals(day):
                if offset * 1440 + closes > start and offset * 1440 + opens <= span:
                    return at if offset * 1440 + opens <= start else _local(day, opens)
        return None

    def closes_after(self, at: datetime) -> datetime | None:
        """When a service open at `at` next closes: `at` if closed then, None if open all week (24/7)."""
        day, minute = at.astimezone(UK).date(), _minute_of(at)
        for _ in range(8):
            ends = [e for s, e in self.intervals(day) if s <= minute < e]
            if not ends:
                return _local(day, minute)
            if max(ends) < 24 * 60:
                return _local(day, max(ends))
            day, minute = day + timedelta(days=1), 0
        return None


def _minute_of(at: datetime) -> int:
    local = at.astimezone(UK)
    return local.hour * 60 + local.minute


def _local(day: date, minute: int) -> datetime:
    return (datetime.combine(day, time(), tzinfo=UK) + timedelta(minutes=minute)).astimezone(UTC)


def clock(moment: datetime, now: datetime) -> str:
    """A time as a person in England reads it: '14:05' today, 'tomorrow 09:00', 'Sat 28 Dec 09:00' later."""
    local, today = moment.astimezone(UK), now.astimezone(UK).date()
    hhmm = f"{local.hour:02d}:{local.minute:02d}"
    if local.date() == today:
        return hhmm
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {hhmm}"
    return f"{DAYS[local.weekday()]} {local.day} {local.strftime('%b')} {hhmm}"
