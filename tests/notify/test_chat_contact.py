"""A patient who gives their email in the chat, with consent, gets the booking by email (a real SMTP server);
the address is kept sealed with their triage record, never in the conversation and never in the logs."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlmodel import Session, select

from models.database import make_engine
from models.notify_tables import BookingContact
from models.tables import Booking
from tests.support.chat import (
    PHARMACY,
    PHARMACY_REPORT,
    POSTCODE,
    Patient,
    chat_socket,
    new_chat,
    open_all_day,
    provide,
)
from tests.support.mailers import smtp_server
from tests.support.server import LiveServer

EMAIL = "edith.cavell@example.org"


def test_an_email_given_in_the_chat_brings_the_booking_by_email(tmp_path: Path, sqlite_url: str) -> None:
    open_all_day(sqlite_url)
    with smtp_server() as (inbox, port):
        env = {"DATABASE_URL": sqlite_url, "ONE111_NOTIFY_CHANNEL": "smtp", "ONE111_SMTP_PORT": str(port)}
        live = LiveServer(env, tmp_path).start()
        try:
            provide(live.url, sqlite_url, free=3)
            chat = new_chat(live.url)

            async def scenario() -> None:
                async with chat_socket(live, chat) as socket:
                    patient = Patient(socket)
                    await patient.hello()
                    await patient.say("describe", text=PHARMACY_REPORT, age=30)
                    await patient.answer_all(yes=("allergic_reaction.spreading_hives",))
                    await patient.say("postcode", postcode=POSTCODE)
                    bad = await patient.say("book", service_id=PHARMACY, contact={"email": "not-an-address"})
                    assert bad["type"] == "error" and bad["code"] == "bad-contact"
                    contact = {"email": EMAIL, "mobile": None, "consent": True}
                    done = await patient.say("book", service_id=PHARMACY, contact=contact)
                    assert done["finished"]

            asyncio.run(scenario())
            [mail] = inbox.wait_for(1, timeout=20)
        finally:
            live.stop()
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        booking = session.exec(select(Booking).where(Booking.actor == chat.subject)).one()
        stored = session.exec(select(BookingContact)).one()
    engine.dispose()
    assert mail["To"] == EMAIL and booking.reference in str(mail["Subject"])
    assert stored.subject_id == booking.triage_id and stored.email is not None and EMAIL not in stored.email
    assert EMAIL not in live.logs()
