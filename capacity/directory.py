"""Load the shipped NHS site lists into the services table: idempotent, and it says what it skipped and why."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from capacity.hours import DAYS, DEFAULT_HOURS, every_day, parse_days, parse_ranges
from capacity.hours import Session as Opening
from models.database import session_scope
from models.tables import Provider, Service
from models.types import utcnow
from models.vocabulary import BookingMode, ServiceType

Progress = Callable[[int], object]


@dataclass(frozen=True, slots=True)
class Source:
    """One shipped CSV and how its columns map onto a service."""

    file: str
    type: ServiceType
    suffix: str
    code_column: str


SOURCES = (
    Source("emergency_departments_type1.csv", ServiceType.EMERGENCY_DEPARTMENT, "ED", "ods_site_code"),
    Source("urgent_treatment_centres.csv", ServiceType.URGENT_TREATMENT_CENTRE, "UTC", "ods_code"),
    Source("gp_out_of_hours.csv", ServiceType.GP_OUT_OF_HOURS, "OOH", "ods_code"),
    Source("community_pharmacies.csv", ServiceType.COMMUNITY_PHARMACY, "PHA", "ods_code"),
    Source("gp_practices.csv", ServiceType.GP_PRACTICE, "GP", "ods_code"),
    Source("dental_practices.csv", ServiceType.DENTAL_PRACTICE, "DEN", "ods_code"),
)
# Rows that are real NHS contracts but never a place 111 sends the public (data/reference/README.md, files 11-12).
NOT_FOR_THE_PUBLIC = {
    "special_allocation_scheme": "special allocation scheme (patients are assigned to it, never offered)",
    "prison": "prison dental service (not open to the public)",
    "orthodontic": "orthodontic practice (referral only, no urgent care)",
    "community_dental_service": "community dental service (referral only)",
    "hospital_or_trust": "hospital dental service (referral only)",
}
PUBLISHED_HOURS = "pharmacy_opening_hours.csv"
CHILDREN_ONLY = "Children's emergency department: under 16s only."
# Fields a re-import may overwrite. Opening hours are left alone once a provider has set its own.
DIRECTORY_FIELDS = (
    "ods_code",
    "name",
    "type",
    "subtype",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "booking_mode",
    "phone",
    "provider_id",
    "min_age",
    "max_age",
    "eligibility_note",
    "icb_code",
)
HOURS_FROM_FILES = ("default", "published")  # a re-import may refresh these; a provider's own hours it leaves alone
# Columns a bulk insert must fill itself, as it skips the model's Python-side defaults.
SERVICE_DEFAULTS = {"active": True}
INSERT_BATCH = 2000


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    providers_added: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def summary(self) -> str:
        lines = [
            f"services: {self.inserted} added, {self.updated} updated, {self.unchanged} unchanged "
            f"({self.total} in the directory); providers added: {self.providers_added}"
        ]
        lines += [f"skipped {count}: {reason}" for reason, count in sorted(self.skipped.items())]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Parsed:
    service: dict[str, Any]
    provider: tuple[str, str]


class Skip(Exception):
    """A row the directory will not carry, with the reason."""


def service_id(ods_code: str, source: Source) -> str:
    return f"{ods_code}-{source.suffix}"


def read_rows(data_dir: Path) -> Iterator[tuple[Source, dict[str, str]]]:
    for source in SOURCES:
        with (data_dir / source.file).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                yield source, row


def count_rows(data_dir: Path) -> int:
    return sum(1 for _ in read_rows(data_dir))


def parse(source: Source, row: dict[str, str], overrides: Hours) -> Parsed:
    code = row[source.code_column].strip()
    if not code or not row.get("name", "").strip():
        raise Skip("row has no ODS code or no name")
    if "moved to" in row.get("note", ""):
        raise Skip("service has moved to another site (see the file's note)")
    if (subtype := row.get("subtype", "")) in NOT_FOR_THE_PUBLIC:
        raise Skip(NOT_FOR_THE_PUBLIC[subtype])
    latitude, longitude = _coordinates(row)
    sid = service_id(code, source)
    return Parsed(
        service={
            "id": sid,
            "ods_code": code,
            "name": row["name"].strip(),
            "type": source.type,
            "subtype": _subtype(source, row),
            "address": row.get("address", "").strip(),
            "postcode": row.get("postcode", "").strip().upper(),
            "latitude": latitude,
            "longitude": longitude,
            "booking_mode": _booking_mode(source, row),
            "phone": row.get("phone") or None,
            "provider_id": _provider(source, row)[0],
            "opening_hours": list(overrides.get(sid, DEFAULT_HOURS[source.type])),
            "hours_source": "published" if sid in overrides.published else "default",
            **_eligibility(row),
            "icb_code": row.get("icb_code") or None,
        },
        provider=_provider(source, row),
    )


def _coordinates(row: dict[str, str]) -> tuple[float, float]:
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except (KeyError, ValueError):
        raise Skip("no usable latitude/longitude") from None
    if not (49.8 <= latitude <= 60.9 and -8.7 <= longitude <= 1.8):
        raise Skip("coordinates outside Great Britain")
    return latitude, longitude


def _subtype(source: Source, row: dict[str, str]) -> str | None:
    if row.get("paediatric_only") == "yes":
        return "paediatric"
    return row.get("subtype") or None


def _eligibility(row: dict[str, str]) -> dict[str, Any]:
    if row.get("paediatric_only") == "yes":
        return {"min_age": 0, "max_age": 15, "eligibility_note": CHILDREN_ONLY}
    return {"min_age": None, "max_age": None, "eligibility_note": None}


def _booking_mode(source: Source, row: dict[str, str]) -> BookingMode:
    # Half the OOH rows are head offices, not places to go: they book as telephone call-backs.
    if row.get("address_kind") == "administrative_office":
        return BookingMode.CALLBACK
    if source.type is ServiceType.EMERGENCY_DEPARTMENT:
        return BookingMode.WALK_IN
    return BookingMode.SLOT


def _provider(source: Source, row: dict[str, str]) -> tuple[str, str]:
    if source.type is ServiceType.EMERGENCY_DEPARTMENT:
        return row["trust_ods_code"], row["trust_name"]
    if source.type is ServiceType.COMMUNITY_PHARMACY:
        return row["ods_code"], row["name"].strip()
    code = row.get("provider_purchaser_code") or row["ods_code"]
    return code, f"Provider {code}"


class Hours(dict[str, list[Opening]]):
    """Opening hours by service id from the shipped files; `published` are the NHSBSA pharmacy list's."""

    published: set[str]

    def __init__(self) -> None:
        super().__init__()
        self.published = set()


def read_overrides(data_dir: Path) -> Hours:
    overrides = Hours()
    path = data_dir / PUBLISHED_HOURS
    if path.exists():
        _read_published(path, overrides)
    path = data_dir / "hours_overrides.csv"
    if path.exists():
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                overrides.setdefault(row["service_id"], []).extend(
                    every_day(row["open"], row["close"], parse_days(row["days"]))
                )
    return overrides


def _read_published(path: Path, hours: Hours) -> None:
    """Each pharmacy's contracted week; a row whose times cannot be read keeps the default (5 rows, as published)."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sid = f"{row['ods_code']}-PHA"
            try:
                week = [s for day, name in enumerate(DAYS) for s in parse_ranges(day, row[name.lower()])]
            except ValueError:
                continue
            hours[sid] = week
            hours.published.add(sid)


def import_directory(engine: Engine, data_dir: Path, progress: Progress | None = None) -> ImportReport:
    """Bring the services table in line with the shipped files. Running it twice changes nothing."""
    report = ImportReport()
    overrides = read_overrides(data_dir)
    new = NewRows()
    with session_scope(engine) as session:
        services = {s.id: s for s in session.exec(select(Service))}
        providers = set(session.exec(select(Provider.id)))
        for parsed in _parsed(read_rows(data_dir), overrides, report, progress):
            _upsert_provider(parsed.provider, providers, new, report)
            _upsert_service(parsed.service, services, new, report)
        new.insert(session)
    return report


@dataclass
class NewRows:
    """Rows the database does not have yet, inserted in bulk: building 20,000 ORM objects took most of a minute."""

    providers: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    now: datetime = field(default_factory=utcnow)

    def insert(self, session: Session) -> None:
        for table, rows in ((Provider, self.providers), (Service, self.services)):
            for start in range(0, len(rows), INSERT_BATCH):
                session.execute(insert(table), rows[start : start + INSERT_BATCH])


def _parsed(
    rows: Iterable[tuple[Source, dict[str, str]]],
    overrides: Hours,
    report: ImportReport,
    progress: Progress | None,
) -> Iterator[Parsed]:
    seen: set[str] = set()
    for source, row in rows:
        if progress:
            progress(1)
        try:
            parsed = parse(source, row, overrides)
        except Skip as skip:
            report.skipped[f"{source.file}: {skip}"] += 1
            continue
        if parsed.service["id"] in seen:
            report.skipped[f"{source.file}: duplicate ODS code"] += 1
            continue
        seen.add(parsed.service["id"])
        yield parsed


def _upsert_provider(provider: tuple[str, str], known: set[str], new: NewRows, report: ImportReport) -> None:
    if provider[0] not in known:
        new.providers.append({"id": provider[0], "name": provider[1][:200], "created_at": new.now})
        known.add(provider[0])
        report.providers_added += 1


def _upsert_service(fields: dict[str, Any], known: dict[str, Service], new: NewRows, report: ImportReport) -> None:
    existing = known.get(fields["id"])
    if existing is None:
        new.services.append({**SERVICE_DEFAULTS, **fields, "updated_at": new.now})
        report.inserted += 1
        return
    changed = {name: fields[name] for name in DIRECTORY_FIELDS if getattr(existing, name) != fields[name]}
    if existing.hours_source in HOURS_FROM_FILES:
        for name in ("opening_hours", "hours_source"):
            if getattr(existing, name) != fields[name]:
                changed[name] = fields[name]
    for name, value in changed.items():
        setattr(existing, name, value)
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1


def directory_size(session: Session) -> int:
    return len(session.exec(select(Service.id)).all())
