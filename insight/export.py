"""The anonymised daily dataset: counts of triaged calls by hour, place, age band, sex, deprivation decile,
disposition and whether the first booking stood. No row is about one person.

Disclosure control as in NHS England's published statistics (the HES analysis guide's rule): a count from 1 to 7
is suppressed (no number, `suppressed` true) and every other count is rounded to the nearest 5. Identifiers never
enter: a patient's postcode becomes its ICB, NHS region and IMD decile (the sector itself is not a column, since with
the hour it would single people out), where they were cared for becomes that service's ICB, an age becomes a band,
and a time becomes its hour. No totals are published
alongside, so suppressed cells cannot be recovered by subtraction.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date
from pathlib import Path
from typing import NamedTuple

from insight.equity import CareEvent
from insight.errors import InvalidExport
from insight.forecast import LONDON

SUPPRESS_BELOW = 8  # counts 1-7 are suppressed
ROUND_TO = 5
LOWEST_THRESHOLD = 3
SCHEMA_VERSION = "1"


class Cell(NamedTuple):
    date: str
    hour: str
    nhs_region: str  # the patient's, from their postcode sector
    icb_code: str
    imd_decile: str
    care_icb_code: str  # where the call was cared for: the booked service, or the callback's district
    age_band: str
    sex: str
    disposition: str
    booked_first_time: str


@dataclass(frozen=True, slots=True)
class Row:
    date: str  # the local (Europe/London) calendar day, YYYY-MM-DD
    hour: str  # the local hour the call started in, HH:00
    nhs_region: str  # the patient's, from their postcode sector
    icb_code: str
    imd_decile: str
    care_icb_code: str  # where the call was cared for: the booked service, or the callback's district
    age_band: str
    sex: str
    disposition: str
    booked_first_time: str  # yes / no / not_applicable
    count: int | None  # None when suppressed
    suppressed: bool


COLUMNS = tuple(f.name for f in fields(Row))


def anonymise(events: Sequence[CareEvent], threshold: int = SUPPRESS_BELOW) -> list[Row]:
    if threshold < LOWEST_THRESHOLD:
        raise InvalidExport(f"The suppression threshold must be at least {LOWEST_THRESHOLD}; {threshold} discloses.")
    cells = Counter(_cell(e) for e in events)
    return [_row(cell, n, threshold) for cell, n in sorted(cells.items())]


def _cell(event: CareEvent) -> Cell:
    local = event.at.astimezone(LONDON)
    booked = "not_applicable" if event.booked_first_time is None else ("yes" if event.booked_first_time else "no")
    return Cell(
        local.date().isoformat(),
        f"{local.hour:02d}:00",
        event.region,
        event.icb,
        event.imd_decile,
        event.care_icb,
        event.age_band,
        event.sex,
        event.disposition,
        booked,
    )


def _row(cell: Cell, n: int, threshold: int) -> Row:
    if n < threshold:
        return Row(*cell, count=None, suppressed=True)
    return Row(*cell, count=max(threshold, ROUND_TO * round(n / ROUND_TO)), suppressed=False)


def write_csv(rows: Sequence[Row], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(_plain(row) for row in rows)
    return path


def _plain(row: Row) -> tuple[object, ...]:
    values = astuple(row)
    return (*values[:-2], "" if row.count is None else row.count, "true" if row.suppressed else "false")


def write_parquet(rows: Sequence[Row], path: Path, day: date) -> Path:
    """Typed columns (count a nullable int32) with the schema version and day in the file's metadata."""
    import pyarrow as pa  # imported here: only the export needs it, a serving worker never does
    import pyarrow.parquet as pq

    schema = pa.schema(
        [pa.field(name, pa.string(), nullable=False) for name in COLUMNS[:-2]]
        + [pa.field("count", pa.int32()), pa.field("suppressed", pa.bool_(), nullable=False)],
        metadata={"one111.schema": SCHEMA_VERSION, "one111.day": day.isoformat()},
    )
    table = pa.Table.from_pylist([_record(row) for row in rows], schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def _record(row: Row) -> dict[str, object]:
    return dict(zip(COLUMNS, astuple(row), strict=True))
