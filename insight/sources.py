"""What insight reads from the tables of record: one function per measure, each taking a session and never writing.

Each function is the one seam its measure's data comes through. Where one111 does not record something yet the
function says so instead of inventing it:
- the patient's postcode sector (so deprivation decile) is not on a triage or route request: it comes from the
  patient record of a call whose triage was linked to a patient (`_patient_sectors`, opened with the keyring and
  reduced to the sector at once); an unlinked call's `imd_decile` is "unknown";
- the patient's own region and ICB come from that sector too, so they are "unknown" for unlinked calls; where the
  call was cared for (the booked service's postcode, or the district a callback was queued for) is known, and the
  dashboard counts calls by it;
- calls per hour are national: a call carries no ICB yet, so an ICB's history is the national one scaled by its
  population share (`calls_by_hour` is the seam).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from insight.equity import UNKNOWN, CareEvent
from insight.forecast import HOUR, hour_floor
from insight.reference import Area, Reference, age_band
from models.crypto import Keyring
from models.routing_tables import CallbackRequest, CallbackStatus
from models.tables import Booking, Service, TriageRecord
from models.vocabulary import CAN_MEET, BookingStatus, Disposition, ServiceType
from patients.encounters import patients_of_triages
from patients.records import postcode_sectors

NEVER_BOOKED = frozenset(d for d, settings in CAN_MEET.items() if not settings) | {Disposition.SELF_CARE}


def calls_by_hour(session: Session, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
    """Triaged calls in each hour from the first call after `since` up to (not including) `until`'s hour."""
    query = select(TriageRecord.created_at).where(TriageRecord.created_at >= since, TriageRecord.created_at < until)
    counts = Counter(hour_floor(when) for when in session.exec(query))
    if not counts:
        return []
    first, last = min(counts), hour_floor(until)
    return [(first + i * HOUR, counts.get(first + i * HOUR, 0)) for i in range(int((last - first) / HOUR))]


@dataclass(frozen=True, slots=True)
class _Triage:
    id: str
    at: datetime
    disposition: Disposition
    age: float | None
    sex: str


def care_events(
    session: Session, ref: Reference, since: datetime, until: datetime, keyring: Keyring | None = None
) -> list[CareEvent]:
    """One event per triaged call; the patient's own place is known only with the keyring (linked calls)."""
    triages = _triages(session, since, until)
    ids = [t.id for t in triages]
    bookings = _standing_bookings(session, ids)
    cared = {**_booked_places(session, ref, bookings), **_callback_places(session, ref, ids)}
    sectors = _patient_sectors(session, keyring, ids) if keyring is not None else {}
    return [_event(t, bookings.get(t.id), ref, sectors.get(t.id), cared.get(t.id)) for t in triages]


def _triages(session: Session, since: datetime, until: datetime) -> list[_Triage]:
    query = (
        select(TriageRecord.id, TriageRecord.created_at, TriageRecord.disposition, TriageRecord.report)
        .where(TriageRecord.created_at >= since, TriageRecord.created_at < until)
        .order_by(col(TriageRecord.created_at))
    )
    return [
        _Triage(i, at, Disposition(d), report.get("age"), str(report.get("sex") or UNKNOWN))
        for i, at, d, report in session.exec(query)
    ]


def _standing_bookings(session: Session, triage_ids: Sequence[str]) -> dict[str, tuple[Booking, bool]]:
    """Per triage, the booking that stands (or the last one made) and whether it was the first one made."""
    out: dict[str, tuple[Booking, bool]] = {}
    for chunk in _chunks(triage_ids):
        query = select(Booking).where(col(Booking.triage_id).in_(chunk)).order_by(col(Booking.created_at))
        made: Counter[str] = Counter()
        for booking in session.exec(query):
            key = str(booking.triage_id)
            made[key] += 1
            out[key] = (booking, made[key] == 1)
    return out


def _booked_places(session: Session, ref: Reference, bookings: dict[str, tuple[Booking, bool]]) -> dict[str, Area]:
    service_ids = {b.service_id for b, _ in bookings.values()}
    postcodes: dict[str, str] = {}
    for chunk in _chunks(sorted(service_ids)):
        postcodes.update(session.exec(select(Service.id, Service.postcode).where(col(Service.id).in_(chunk))).all())
    out = {t: ref.area(postcodes.get(b.service_id)) for t, (b, _) in bookings.items()}
    return {t: a for t, a in out.items() if a is not None}


def _callback_places(session: Session, ref: Reference, triage_ids: Sequence[str]) -> dict[str, Area]:
    out: dict[str, Area] = {}
    for chunk in _chunks(triage_ids):
        query = select(CallbackRequest.triage_id, CallbackRequest.area).where(col(CallbackRequest.triage_id).in_(chunk))
        for triage_id, district in session.exec(query):
            area = ref.area(district)
            if triage_id is not None and area is not None:
                out[triage_id] = area
    return out


def _patient_sectors(session: Session, keyring: Keyring, triage_ids: Sequence[str]) -> dict[str, str]:
    """Triage id -> the postcode sector on the record of the patient the triage was linked to (sector only: the
    full postcode never reaches insight). Unlinked triages, and patients with no postcode, are left out."""
    patients: dict[str, str] = {}
    for chunk in _chunks(triage_ids):
        patients.update(patients_of_triages(session, chunk))
    sectors = postcode_sectors(session, keyring, sorted(set(patients.values())))
    return {t: sectors[p] for t, p in patients.items() if p in sectors}


def _event(
    t: _Triage, booking: tuple[Booking, bool] | None, ref: Reference, sector: str | None, cared: Area | None
) -> CareEvent:
    standing = booking is not None and booking[0].status is BookingStatus.CONFIRMED
    first_time = None if t.disposition in NEVER_BOOKED else bool(standing and booking is not None and booking[1])
    minutes = (booking[0].window_start - t.at) / timedelta(minutes=1) if standing and booking is not None else None
    home = ref.sectors.get(sector) if sector else None
    decile = ref.deciles.get(sector) if sector else None
    return CareEvent(
        at=t.at,
        age_band=age_band(t.age),
        sex=t.sex,
        imd_decile=str(decile) if decile else UNKNOWN,
        region=home.region_name if home else UNKNOWN,
        icb=home.icb_code if home else UNKNOWN,
        disposition=t.disposition.value,
        booked_first_time=first_time,
        minutes_to_care=max(0.0, round(minutes, 1)) if minutes is not None else None,
        care_region=cared.region_name if cared else UNKNOWN,
        care_icb=cared.icb_code if cared else UNKNOWN,
    )


@dataclass(frozen=True, slots=True)
class ServicePlace:
    id: str
    type: ServiceType
    icb: str
    region: str


def service_places(session: Session, ref: Reference) -> list[ServicePlace]:
    """Every active service with the ICB and NHS region its postcode lies in."""
    query = select(Service.id, Service.type, Service.postcode).where(col(Service.active).is_(True))
    out = []
    for service_id, kind, postcode in session.exec(query):
        area = ref.area(postcode)
        out.append(
            ServicePlace(
                service_id, ServiceType(kind), area.icb_code if area else UNKNOWN, area.region_name if area else UNKNOWN
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Waiting:
    disposition: Disposition
    area: str
    created_at: datetime


def callbacks_waiting(session: Session) -> list[Waiting]:
    query = select(CallbackRequest.disposition, CallbackRequest.area, CallbackRequest.created_at).where(
        CallbackRequest.status == CallbackStatus.OPEN
    )
    return [Waiting(Disposition(d), area, at) for d, area, at in session.exec(query)]


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
