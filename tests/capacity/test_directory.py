"""`one111 directory import`: the real NHS site lists, loaded idempotently, with skips explained."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from capacity.directory import import_directory
from capacity.geography import Gazetteer, UnknownPostcode
from capacity.hours import DEFAULT_HOURS, is_open
from models.tables import Provider, Service
from models.vocabulary import BookingMode, ServiceType
from tests.conftest import DATA_DIR
from tests.support.server import ROOT

MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MONDAY_2AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SUNDAY_NOON = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def one111(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *args],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


def test_import_twice_from_the_command_line_changes_nothing_the_second_time(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    assert one111("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    first = one111("directory", "import", env=env, cwd=tmp_path)
    second = one111("directory", "import", env=env, cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "services: 26504 added, 0 updated, 0 unchanged" in first.stdout
    assert "services: 0 added, 0 updated, 26504 unchanged" in second.stdout
    assert "skipped 2: emergency_departments_type1.csv: service has moved to another site" in second.stdout
    assert "skipped 10: gp_practices.csv: special allocation scheme" in second.stdout
    assert "skipped 54: dental_practices.csv: prison dental service" in second.stdout
    assert "directory import" in first.stderr  # the progress bar


def test_every_service_type_is_loaded_with_its_provider(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as session:
        counts = {t: len(session.exec(select(Service.id).where(Service.type == t)).all()) for t in ServiceType}
        leeds = session.get(Service, "RR801-ED")
        trust = session.get(Provider, "RR8")
    assert {t: n for t, n in counts.items() if n} == {
        ServiceType.EMERGENCY_DEPARTMENT: 177,
        ServiceType.URGENT_TREATMENT_CENTRE: 166,
        ServiceType.GP_OUT_OF_HOURS: 236,
        ServiceType.COMMUNITY_PHARMACY: 11106,
        ServiceType.GP_PRACTICE: 6210,
        ServiceType.DENTAL_PRACTICE: 8609,
    }
    assert leeds is not None and leeds.name == "Leeds General Infirmary" and leeds.provider_id == "RR8"
    assert trust is not None and "Leeds Teaching Hospitals" in trust.name


def test_opening_hour_defaults_per_type() -> None:
    ed, utc = (
        DEFAULT_HOURS[ServiceType.EMERGENCY_DEPARTMENT],
        DEFAULT_HOURS[ServiceType.URGENT_TREATMENT_CENTRE],
    )
    ooh, pharmacy = DEFAULT_HOURS[ServiceType.GP_OUT_OF_HOURS], DEFAULT_HOURS[ServiceType.COMMUNITY_PHARMACY]
    assert is_open(ed, MONDAY_2AM) and is_open(ed, SUNDAY_NOON)
    assert is_open(utc, MONDAY_NOON) and not is_open(utc, MONDAY_2AM)
    assert is_open(ooh, MONDAY_2AM) and not is_open(ooh, MONDAY_NOON) and is_open(ooh, SUNDAY_NOON)
    assert is_open(pharmacy, MONDAY_NOON) and not is_open(pharmacy, SUNDAY_NOON)


def test_reduced_hours_sites_and_head_offices(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as session:
        weston = session.get(Service, "RA301-ED")
        offices = session.exec(select(Service).where(Service.booking_mode == BookingMode.CALLBACK)).all()
    assert weston is not None and not is_open(weston.opening_hours, MONDAY_2AM)
    assert len(offices) == 116


def test_hours_a_provider_set_survive_a_reimport(sqlite_engine: Engine) -> None:
    own_hours = [{"day": 0, "open": "10:00", "close": "16:00"}]
    with Session(sqlite_engine) as session:
        pharmacy = session.exec(select(Service).where(Service.type == ServiceType.COMMUNITY_PHARMACY)).first()
        assert pharmacy is not None
        pharmacy.opening_hours, pharmacy.hours_source = own_hours, "provider"
        session.add(pharmacy)
        session.commit()
        pharmacy_id = pharmacy.id
    report = import_directory(sqlite_engine, DATA_DIR)
    assert report.updated == 0 and report.inserted == 0
    with Session(sqlite_engine) as session:
        stored = session.get(Service, pharmacy_id)
        assert stored is not None and stored.opening_hours == own_hours


@pytest.mark.parametrize(("postcode", "suggested"), [("LS0 1AA", "LS1"), ("B0 1AA", "B1"), ("M0 1AA", "M1")])
def test_an_unknown_postcode_suggests_districts_in_the_same_area(postcode: str, suggested: str) -> None:
    with pytest.raises(UnknownPostcode, match=rf"Districts we know in \w+ include {suggested},"):
        Gazetteer.from_dir(DATA_DIR).locate(postcode)


def test_pharmacies_carry_their_published_hours_and_children_eds_their_ages(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as session:
        rowlands = session.get(Service, "FA002-PHA")  # Mon-Fri 09:00-13:00 and 14:00-17:30, Sat 09:00-12:00
        sheffield_children = session.get(Service, "RCUEF-ED")
        published = session.exec(select(Service.id).where(Service.hours_source == "published")).all()
    assert rowlands is not None and rowlands.hours_source == "published"
    assert is_open(rowlands.opening_hours, MONDAY_NOON) is True  # 12:00 GMT
    assert not is_open(rowlands.opening_hours, datetime(2026, 11, 23, 13, 30, tzinfo=UTC))  # lunch closure
    assert not is_open(rowlands.opening_hours, SUNDAY_NOON)
    assert len(published) > 8000
    assert sheffield_children is not None
    assert (sheffield_children.min_age, sheffield_children.max_age) == (0, 15)
    assert "under 16s" in (sheffield_children.eligibility_note or "")


def test_practices_and_dentists_carry_their_icb(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as session:
        practice = session.get(Service, "A81001-GP")
        dentist = session.get(Service, "V00003-DEN")
        special = session.get(Service, next(iter(_special_allocation_codes())) + "-GP")
    assert practice is not None and practice.icb_code == "QHM" and practice.phone == "01642 672351"
    assert dentist is not None and dentist.icb_code == "QNX"
    assert special is None  # a special allocation scheme is never in the directory


def _special_allocation_codes() -> set[str]:
    import csv

    with (DATA_DIR / "gp_practices.csv").open(newline="", encoding="utf-8") as handle:
        return {row["ods_code"] for row in csv.DictReader(handle) if row["subtype"] == "special_allocation_scheme"}
