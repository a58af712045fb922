"""Calls in the record, made the way the tables hold them: triage records with the patient's report, and for some
a hold and a booking at a real service from the loaded directory (Leeds and Manchester)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.routing_tables import CallbackRequest, CallbackStatus
from models.tables import Booking, Hold, TriageRecord
from models.vocabulary import BookingStatus, Disposition, HoldStatus

# A name, an NHS number and a full postcode in what the patient said: none of them may leave in an export.
SAID = "Jane Smythe-Example, NHS number 943 476 5919, lives at LS1 4AP, has had a cough for three days"
LEEDS = "RR801-ED"  # Leeds General Infirmary's A&E: West Yorkshire ICB (QWO), North East and Yorkshire
MANCHESTER = "R0A02-ED"  # Manchester Royal Infirmary's A&E: Greater Manchester ICB (QOP), North West


@dataclass(frozen=True, slots=True)
class Call:
    triage_id: str
    at: datetime
    disposition: Disposition
    booked: bool


def seed(
    engine: Engine,
    service_id: str,
    at: datetime,
    n: int,
    seed: int = 1,
    callback_area: str | None = None,
    every: timedelta = timedelta(minutes=1),
    book: bool = True,
) -> list[Call]:
    """`n` calls from `at`, one each `every`; most booked at `service_id`, the rest left or queued for a call back."""
    rng = random.Random(seed)
    calls = []
    with Session(engine) as session:
        for i in range(n):
            when = at + i * every
            disposition = rng.choice([Disposition.ED, Disposition.UTC, Disposition.SELF_CARE])
            triage_id = _triage(session, when, disposition, rng)
            booked = book and disposition is not Disposition.SELF_CARE and rng.random() < 0.8
            if booked:
                _book(session, service_id, triage_id, when, i)
            elif callback_area and disposition is not Disposition.SELF_CARE:
                _callback(session, triage_id, when, disposition, callback_area)
            calls.append(Call(triage_id, when, disposition, booked))
        session.commit()
    return calls


def _triage(session: Session, when: datetime, disposition: Disposition, rng: random.Random) -> str:
    row = TriageRecord(
        id=str(uuid.uuid4()),
        created_at=when,
        actor="call_handler:jo",
        disposition=disposition,
        acuity=disposition.acuity,
        model_version="test",
        report={"text": SAID, "age": rng.choice([4, 30, 70, 88]), "sex": rng.choice(["female", "male"])},
    )
    session.add(row)
    session.flush()  # no ORM relationships to order the inserts: the record goes first, for the foreign keys
    return row.id


def _book(session: Session, service_id: str, triage_id: str, when: datetime, seat: int) -> None:
    window = when + timedelta(minutes=90)
    hold = Hold(
        id=str(uuid.uuid4()),
        service_id=service_id,
        triage_id=triage_id,
        window_start=window,
        seat=seat,
        status=HoldStatus.CONFIRMED,
        actor="call_handler:jo",
        created_at=when,
        expires_at=when + timedelta(minutes=2),
    )
    session.add(hold)
    session.flush()
    session.add(
        Booking(
            id=str(uuid.uuid4()),
            reference=uuid.uuid4().hex[:10].upper(),
            hold_id=hold.id,
            service_id=service_id,
            triage_id=triage_id,
            window_start=window,
            seat=seat,
            status=BookingStatus.CONFIRMED,
            actor="call_handler:jo",
            created_at=when,
        )
    )


def _callback(session: Session, triage_id: str, when: datetime, disposition: Disposition, area: str) -> None:
    session.add(
        CallbackRequest(
            id=str(uuid.uuid4()),
            created_at=when,
            status=CallbackStatus.OPEN,
            disposition=disposition,
            triage_id=triage_id,
            area=area,
            reason="no service in time",
            actor="call_handler:jo",
        )
    )
