"""The equity report and the export's events for a period, read from the record with the reference data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from insight.equity import Equity, monitor
from insight.export import anonymise, write_csv, write_parquet
from insight.forecast import LONDON
from insight.reference import Reference
from insight.sources import care_events
from models.audit import record
from models.crypto import Keyring
from models.database import session_scope


def equity_report(
    session: Session, ref: Reference, since: datetime, until: datetime, keyring: Keyring | None = None
) -> Equity:
    """The equity monitor over the period; with the keyring, linked calls carry their patient's sector."""
    return monitor(care_events(session, ref, since, until, keyring), lambda d, g: people(ref, d, g))


def people(ref: Reference, dimension: str, group: str) -> int | None:
    """The population a group's rate per 100,000 is over: England by age band, or a region's or an ICB's people.
    None for sex and deprivation decile (the population file has neither)."""
    codes = {name: code for code, name in ref.regions().items()}
    if dimension == "age_band":
        return ref.population["England"].get(group)
    if dimension == "region" and group in codes:
        return ref.population[codes[group]]["all"]
    if dimension == "icb" and group in ref.icbs:
        return ref.population[group]["all"]
    return None


def local_day(day: date) -> tuple[datetime, datetime]:
    """A calendar day in England as UTC bounds (23 or 25 hours on the clock-change days)."""
    start = datetime.combine(day, time(), LONDON)
    end = datetime.combine(day + timedelta(days=1), time(), LONDON)
    return start, end


@dataclass(frozen=True, slots=True)
class Exported:
    day: date
    rows: int
    suppressed: int
    files: tuple[Path, ...]


def export_day(engine: Engine, ref: Reference, day: date, folder: Path, threshold: int, actor: str) -> Exported:
    """Write the day's anonymised dataset as CSV and Parquet; the export itself is audited (who, which day, how
    many rows), in the same transaction that read the day."""
    with session_scope(engine) as session:
        rows = anonymise(care_events(session, ref, *local_day(day)), threshold)
        stem = folder / f"one111-{day.isoformat()}"
        files = (write_csv(rows, stem.with_suffix(".csv")), write_parquet(rows, stem.with_suffix(".parquet"), day))
        suppressed = sum(r.suppressed for r in rows)
        detail = {"rows": len(rows), "suppressed": suppressed, "threshold": threshold}
        record(session, actor, "insight.exported", ("export", day.isoformat()), detail)
    return Exported(day, len(rows), suppressed, files)
