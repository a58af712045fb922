"""A booking that belongs to a patient on record reaches them through the record when it carried no contact of its
own: the seam between notify and the patient record, on real SQLite."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy.engine import Engine

from capacity.memory_board import MemoryBoard
from models.crypto import Keyring
from models.database import session_scope
from models.notify_tables import MessageState
from models.patient_tables import EncounterKind
from notify.channels import Embedded
from notify.contacts import Contact, remember
from notify.dispatch import Dispatcher
from patients import encounters, records
from patients.demographics import Demographics
from routing import booking as bk
from tests.notify.conftest import messages, put, soon, triage

LGI = "RR801-ED"


def linked_triage(engine: Engine, keyring: Keyring, email: str | None, phone: str | None = None) -> str:
    """A patient on record, and a triage linked to them as `POST /v1/triage?patient_id=` links it."""
    triage_id = triage(engine)
    person = Demographics("Ada", "Quillfeather", date(1968, 4, 2), email=email, phone=phone)
    with session_scope(engine) as session:
        patient = records.create(session, keyring, person, "call_handler:jo")
        encounters.link(session, patient.id, EncounterKind.TRIAGE, triage_id, "call_handler:jo")
    return triage_id


def booked(engine: Engine, board: MemoryBoard, keyring: Keyring, triage_id: str, contact: Contact | None) -> str:
    start = soon()
    put(board, LGI, {start: 1})
    hold = asyncio.run(bk.place_hold(engine, board, bk.HoldRequest(LGI, start, triage_id), "handler", 120))
    if contact is not None:
        remember(engine, keyring, hold.id, "handler", contact)
    return asyncio.run(bk.confirm(engine, board, hold.id, "handler")).id


def sent_to(engine: Engine, keyring: Keyring, booking_id: str) -> list[tuple[MessageState, str | None]]:
    asyncio.run(Dispatcher(engine, keyring, Embedded(), "https://111.example").run_once())
    found = messages(engine, booking_id)
    return [(m.state, keyring.open(m.recipient, "notify.recipient") if m.recipient else None) for m in found]


def test_a_patients_booking_without_a_contact_is_confirmed_to_the_email_on_their_record(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    triage_id = linked_triage(sqlite_engine, keyring, "ada.q@example.org", phone="0113 243 2799")
    booking_id = booked(sqlite_engine, board, keyring, triage_id, contact=None)
    assert sent_to(sqlite_engine, keyring, booking_id) == [(MessageState.SENT, "ada.q@example.org")]


def test_the_contact_given_with_the_booking_wins_over_the_record_even_a_no(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    triage_id = linked_triage(sqlite_engine, keyring, "ada.q@example.org")
    refused = booked(sqlite_engine, board, keyring, triage_id, Contact("other@example.org", None, consent=False))
    assert sent_to(sqlite_engine, keyring, refused) == [(MessageState.UNREACHABLE, None)]


def test_a_record_with_only_a_landline_cannot_be_messaged(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    triage_id = linked_triage(sqlite_engine, keyring, None, phone="0113 243 2799")
    booking_id = booked(sqlite_engine, board, keyring, triage_id, contact=None)
    assert sent_to(sqlite_engine, keyring, booking_id) == [(MessageState.UNREACHABLE, None)]


def test_a_record_mobile_is_texted_in_international_form(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    triage_id = linked_triage(sqlite_engine, keyring, None, phone="07700 900123")
    booking_id = booked(sqlite_engine, board, keyring, triage_id, contact=None)
    assert sent_to(sqlite_engine, keyring, booking_id) == [(MessageState.SENT, "+447700900123")]
