"""Routing hears the patient record: a triage linked to a patient offers their own registered practice first in
hours, with no practice named in the request (real directory, real SQLite, the in-memory board)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.geography import Gazetteer
from capacity.memory_board import MemoryBoard
from models.crypto import Keyring, new_key_line, parse
from models.database import session_scope
from models.patient_tables import EncounterKind
from models.tables import TriageRecord
from models.vocabulary import Acuity, Disposition
from patients import encounters, records
from patients.demographics import Demographics
from routing.route import Patient, route
from routing.spatial import SiteIndex

TUESDAY_11AM = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Europe/London"))
PRACTICE = "B86017"  # a Leeds practice in the directory, not the nearest to LS1 4AP


def gp_triage(engine: Engine) -> str:
    with Session(engine) as session:
        row = TriageRecord(
            id=str(uuid.uuid4()),
            actor="call_handler:jo",
            disposition=Disposition.GP_OOH,
            acuity=Acuity.WITHIN_1_DAY,
            model_version="t",
            report={"age": 45, "sex": "female"},
        )
        session.add(row)
        session.commit()
        return row.id


def linked(engine: Engine, triage_id: str) -> None:
    keyring: Keyring = parse(f"{new_key_line('k1')}\n{new_key_line('lookup')}")
    person = Demographics("Ada", "Quillfeather", date(1981, 4, 2), gp_practice=PRACTICE)
    with session_scope(engine) as session:
        patient = records.create(session, keyring, person, "call_handler:jo")
        encounters.link(session, patient.id, EncounterKind.TRIAGE, triage_id, "call_handler:jo")


def offered(engine: Engine, gazetteer: Gazetteer, index: SiteIndex, triage_id: str, patient: Patient) -> list[str]:
    board = MemoryBoard(timedelta(hours=4))
    try:
        routed = asyncio.run(
            route(engine, board, gazetteer, index, postcode="LS1 4AP", triage_id=triage_id, now=TUESDAY_11AM,
                  patient=patient)
        )  # fmt: skip
    finally:
        asyncio.run(board.close())
    return [o.service_id for o in routed.ranking.options]


def test_a_linked_patients_own_practice_is_offered_first_in_hours(
    sqlite_engine: Engine, gazetteer: Gazetteer, index: SiteIndex
) -> None:
    unlinked = gp_triage(sqlite_engine)
    assert f"{PRACTICE}-GP" not in offered(sqlite_engine, gazetteer, index, unlinked, Patient())
    triage_id = gp_triage(sqlite_engine)
    linked(sqlite_engine, triage_id)
    assert offered(sqlite_engine, gazetteer, index, triage_id, Patient())[0] == f"{PRACTICE}-GP"


def test_a_practice_named_in_the_request_wins_over_the_record(
    sqlite_engine: Engine, gazetteer: Gazetteer, index: SiteIndex
) -> None:
    triage_id = gp_triage(sqlite_engine)
    linked(sqlite_engine, triage_id)
    named = Patient(registered_practice="B86025")
    assert offered(sqlite_engine, gazetteer, index, triage_id, named)[0] == "B86025-GP"
