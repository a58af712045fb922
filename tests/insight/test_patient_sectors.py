"""Insight hears the patient record: a call whose triage was linked to a patient takes the postcode sector on their
record (opened with the keyring, sector only), so its deprivation decile, region and ICB are known (real SQLite)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from insight.reference import load
from insight.sources import care_events
from models.crypto import Keyring, new_key_line, parse
from models.database import session_scope
from models.patient_tables import EncounterKind
from patients import encounters, records
from patients.demographics import Demographics
from tests.conftest import DATA_DIR
from tests.insight.conftest import seed

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_a_linked_calls_deprivation_decile_comes_from_the_patients_postcode_sector(sqlite_engine: Engine) -> None:
    keyring: Keyring = parse(f"{new_key_line('k1')}\n{new_key_line('lookup')}")
    linked, unlinked = seed(sqlite_engine, "unused", START, 2, book=False)
    with session_scope(sqlite_engine) as session:
        person = Demographics("Ada", "Quillfeather", date(1968, 4, 2), postcode="ls1 4ap")
        patient = records.create(session, keyring, person, "call_handler:jo")
        encounters.link(session, patient.id, EncounterKind.TRIAGE, linked.triage_id, "call_handler:jo")
    ref = load(DATA_DIR)
    with Session(sqlite_engine) as session:
        events = care_events(session, ref, START, START + timedelta(hours=1), keyring)
        without_keyring = care_events(session, ref, START, START + timedelta(hours=1))

    by_time = {e.at: e for e in events}
    known, unknown = by_time[linked.at], by_time[unlinked.at]
    assert known.imd_decile == str(ref.deciles["LS1 4"]) == "7"  # LS1 4: IMD 2025 decile 7
    assert (known.region, known.icb) == ("North East and Yorkshire", "QWO")
    assert (unknown.imd_decile, unknown.region, unknown.icb) == ("unknown", "unknown", "unknown")
    assert all("4AP" not in str(v) for e in events for v in asdict(e).values())  # the full postcode never arrives
    assert {e.imd_decile for e in without_keyring} == {"unknown"}
