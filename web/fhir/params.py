"""FHIR search parameter values: references, tokens, prefixed dates and `near`. Bad values raise InvalidSearch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from capacity.geography import Place
from models.errors import DomainError
from models.vocabulary import BookingStatus, ServiceType
from web.fhir import codes

MAX_NEAR_KM = 200.0
KM_PER_UNIT = {"km": 1.0, "m": 0.001, "mi_i": 1.609344, "[mi_i]": 1.609344, "mi": 1.609344}
DATE_PREFIXES = ("ge", "gt", "le", "lt", "eq")
STATUS_OF = {"booked": (BookingStatus.CONFIRMED,), "cancelled": (BookingStatus.CANCELLED, BookingStatus.MOVED)}


class InvalidSearch(DomainError):
    """A search parameter FHIR clients could send, but not in a form one111 understands."""


@dataclass(frozen=True, slots=True)
class Near:
    place: Place
    radius_km: float


@dataclass(frozen=True, slots=True)
class Span:
    """[start, before): the instants a set of prefixed date parameters admits."""

    start: datetime | None = None
    before: datetime | None = None

    def admits(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (self.before is None or moment < self.before)


def reference(value: str | None, resource_type: str) -> str | None:
    """`Type/id` or a bare `id` -> id."""
    if value is None:
        return None
    kind, _, ident = value.rpartition("/")
    if kind not in ("", resource_type) or not ident:
        raise InvalidSearch(f"expected {resource_type}/<id> or <id>, got {value!r}")
    return ident


def service_type(value: str | None) -> ServiceType | None:
    try:
        return None if value is None else codes.parse_service_type(value)
    except ValueError as error:
        raise InvalidSearch(str(error)) from None


def appointment_statuses(value: str | None) -> tuple[BookingStatus, ...]:
    if value is None:
        return ()
    try:
        return tuple(s for part in value.split(",") for s in STATUS_OF[part])
    except KeyError:
        raise InvalidSearch(f"status must be one of {', '.join(STATUS_OF)} (comma-separated)") from None


def near(value: str | None) -> Near | None:
    """`latitude|longitude|distance|units` (FHIR R4 Location `near`); distance defaults to 10 km."""
    if value is None:
        return None
    parts = value.split("|")
    try:
        lat, lon = float(parts[0]), float(parts[1])
        distance = float(parts[2]) if len(parts) > 2 and parts[2] else 10.0
        unit = parts[3] if len(parts) > 3 and parts[3] else "km"
        radius = distance * KM_PER_UNIT[unit]
    except (IndexError, ValueError, KeyError):
        raise InvalidSearch("near must be latitude|longitude|distance|units, e.g. 53.8|-1.55|10|km") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < radius <= MAX_NEAR_KM) or len(parts) > 4:
        raise InvalidSearch(f"near: latitude -90..90, longitude -180..180, distance above 0 and up to {MAX_NEAR_KM} km")
    return Near(Place("near", f"{lat},{lon}", "point", lat, lon, 0.0), radius)


def span(values: list[str]) -> Span:
    """Prefixed dates (`ge2026-11-23`, `lt2026-11-23T12:00:00Z`) narrowed into one [start, before) span."""
    starts: list[datetime] = []
    befores: list[datetime] = []
    for value in values:
        prefix = value[:2] if value[:2] in DATE_PREFIXES else "eq"
        low, high = _bounds(value[2:] if value[:2] in DATE_PREFIXES else value)
        if prefix in ("ge", "eq"):
            starts.append(low)
        if prefix == "gt":
            starts.append(high)
        if prefix in ("le", "eq"):
            befores.append(high)
        if prefix == "lt":
            befores.append(low)
    return Span(max(starts, default=None), min(befores, default=None))


def _bounds(text: str) -> tuple[datetime, datetime]:
    """The instants a FHIR date or dateTime covers: a whole day (UTC) for a date, one second for a dateTime."""
    try:
        if len(text) == 10:
            day = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
            return day, day + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(microsecond=0)
            return moment, moment + timedelta(seconds=1)
    except (ValueError, OverflowError):
        pass
    raise InvalidSearch(f"{text!r} is not a FHIR date (YYYY-MM-DD) or dateTime with a time zone")
