"""The anonymised daily export: no NHS number, name, full postcode or exact time, and no count below the
suppression threshold, in the CSV and the Parquet alike."""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from insight.errors import InvalidExport
from insight.export import COLUMNS, SUPPRESS_BELOW, anonymise
from models.tables import AuditEvent
from tests.insight.conftest import LEEDS, MANCHESTER, SAID, seed
from web.cli import main

DAY = date(2026, 11, 24)  # a Tuesday in GMT: local time is UTC
TIME = re.compile(r"\d{1,2}:\d{2}")


@pytest.fixture
def exported(sqlite_url: str, sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A busy hour in Leeds (300 calls) and a quiet one in Manchester (12 calls), exported by the CLI."""
    seed(sqlite_engine, LEEDS, datetime(2026, 11, 24, 9, 0, tzinfo=UTC), 300, seed=1)
    seed(sqlite_engine, MANCHESTER, datetime(2026, 11, 24, 14, 7, tzinfo=UTC), 12, seed=2)
    seed(sqlite_engine, LEEDS, datetime(2026, 11, 25, 9, 0, tzinfo=UTC), 50, seed=3)  # the next day: not exported
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["insight", "export", "--date", DAY.isoformat(), "--out", str(tmp_path / "out")]) == 0
    return tmp_path / "out"


def test_the_export_has_no_identifier_no_exact_time_and_no_small_count(exported: Path, sqlite_engine: Engine) -> None:
    text = (exported / "one111-2026-11-24.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))

    assert tuple(rows[0]) == COLUMNS
    for needle in ("943 476 5919", "9434765919", "Smythe", "LS1 4AP", "LS1 4", "cough", "call_handler"):
        assert needle not in text
    assert {r["hour"] for r in rows} <= {f"{h:02d}:00" for h in range(24)}
    assert not [v for r in rows for k, v in r.items() if k != "hour" and TIME.search(v)]  # no minutes anywhere
    counted = [int(r["count"]) for r in rows if r["suppressed"] == "false"]
    assert counted and min(counted) >= SUPPRESS_BELOW and all(c % 5 == 0 for c in counted)
    assert all(r["count"] == "" for r in rows if r["suppressed"] == "true")
    assert {r["date"] for r in rows} == {DAY.isoformat()}


def test_the_parquet_file_holds_the_same_cells_typed(exported: Path) -> None:
    table = pq.read_table(exported / "one111-2026-11-24.parquet")
    with (exported / "one111-2026-11-24.csv").open() as f:
        rows = list(csv.DictReader(f))

    assert table.column_names == list(COLUMNS)
    assert table.num_rows == len(rows)
    counts = [c for c in table.column("count").to_pylist() if c is not None]
    assert min(counts) >= SUPPRESS_BELOW
    assert table.schema.metadata[b"one111.day"] == DAY.isoformat().encode()


def test_places_are_icbs_and_regions_and_the_quiet_city_is_all_suppressed(exported: Path) -> None:
    with (exported / "one111-2026-11-24.csv").open() as f:
        rows = list(csv.DictReader(f))

    # Where the call was cared for is known from its booking; the patient's own place waits for their postcode
    assert {r["care_icb_code"] for r in rows} == {"QWO", "QOP", "unknown"}
    assert {r["icb_code"] for r in rows} == {r["nhs_region"] for r in rows} == {r["imd_decile"] for r in rows}
    assert {r["icb_code"] for r in rows} == {"unknown"}
    manchester = [r for r in rows if r["care_icb_code"] == "QOP"]
    assert manchester and all(r["suppressed"] == "true" for r in manchester)
    assert {r["age_band"] for r in rows} <= {"0-4", "25-44", "65-74", "85+"}


def test_every_export_is_audited_without_patient_data(exported: Path, sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "insight.exported")).all()

    assert [(e.actor, e.subject_id) for e in events] == [("cli:insight-export", DAY.isoformat())]
    assert SAID not in str(events[0].detail)


def test_a_threshold_that_would_disclose_is_refused() -> None:
    with pytest.raises(InvalidExport):
        anonymise([], threshold=1)
