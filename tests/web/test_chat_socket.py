"""The patient chat over `/ws/chat` with a real websocket client against a real `one111 serve`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select
from websockets.asyncio.client import connect

from chat.conversation import Conversation, Step
from models.chat_tables import ChatConversation
from models.database import make_engine
from models.tables import AuditEvent, Booking, Hold, TriageRecord
from models.vocabulary import Disposition, Role
from routing.ranking import CALL_999_INSTRUCTION
from tests.support.auth import bearer, staff_token
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
from tests.support.server import LiveServer

SECOND_PHARMACY = "FDN73-PHA"  # Superdrug, Kirkgate, Leeds (LS1 6BY)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    open_all_day(module_sqlite_url)
    open_all_day(module_sqlite_url, SECOND_PHARMACY)
    server = LiveServer({"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("chat")).start()
    try:
        provide(server.url, module_sqlite_url, free=5)
        provide(server.url, module_sqlite_url, free=2, service_id=SECOND_PHARMACY)
        yield server
    finally:
        server.stop()


def texts(frame: dict[str, Any]) -> list[str]:
    return [m["text"] for m in frame["messages"]]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_bad_frames_get_error_frames_and_the_socket_stays_open(live: LiveServer) -> None:
    async def scenario() -> None:
        async with chat_socket(live, new_chat(live.url)) as socket:
            patient = Patient(socket)
            await socket.send("not json")
            assert (await patient.receive())["code"] == "malformed-frame"
            early = await patient.send({"type": "describe", "turn": 0, "text": "cough", "age": 30})
            assert early["type"] == "error" and "hello" in early["detail"]
            await patient.hello()
            wrong = await patient.send({"type": "shout", "turn": 0})
            assert wrong["type"] == "error" and wrong["code"] == "malformed-frame"
            blank = await patient.say("describe", text="   ", age=30)
            assert blank["type"] == "error" and blank["detail"].startswith("Please tell me what is wrong")
            old = await patient.say("describe", text="cough", age=150)
            assert old["type"] == "error" and old["detail"].startswith("Please give the age in years")
            assert (await patient.send({"type": "ping"}))["type"] == "pong"

    run(scenario())


def test_the_socket_needs_a_patient_chat_token(live: LiveServer) -> None:
    async def refused(headers: dict[str, str]) -> tuple[dict[str, Any], int | None]:
        async with connect(live.ws_url + "/ws/chat", additional_headers=headers) as socket:
            frame = json.loads(await socket.recv())
            await socket.wait_closed()
            return frame, socket.close_code

    nobody, code = run(refused({}))
    assert (nobody["status"], code) == (401, 1008)
    wrong, code = run(refused(bearer("o1c_" + "x" * 40)))
    assert (wrong["status"], code) == (401, 1008) and "Start a new one" in wrong["detail"]


def test_emergency_answer_ends_the_chat_with_999_and_no_booking(live: LiveServer, module_sqlite_url: str) -> None:
    chat = new_chat(live.url)

    async def scenario() -> dict[str, Any]:
        async with chat_socket(live, chat) as socket:
            patient = Patient(socket)
            await patient.hello()
            await patient.say("describe", text="pain in my chest since an hour ago", age=58)
            assert patient.state["prompt"]["question_id"] == "chest_pain.crushing"
            return await patient.say("answer", question_id="chest_pain.crushing", answer="yes")

    end = run(scenario())
    assert end["finished"] and end["prompt"]["kind"] == "none"
    said = texts(end)
    assert CALL_999_INSTRUCTION in said and said[-1].startswith("Call 999 now.")
    assert not any(m["kind"] in ("service", "booking") for m in end["messages"])
    engine = make_engine(module_sqlite_url)
    try:
        with Session(engine) as session:  # the decision is in the record, with its audit event
            record = session.exec(select(TriageRecord).where(TriageRecord.actor == chat.subject)).one()
            assert record.disposition == Disposition.CALL_999
            audit = session.exec(select(AuditEvent).where(AuditEvent.subject_id == record.id)).one()
            assert audit.action == "triage.decided" and audit.actor == chat.subject
            assert not session.exec(select(Hold).where(Hold.triage_id == record.id)).all()
    finally:
        engine.dispose()


def test_book_a_pharmacy_once_even_when_frames_are_resent(live: LiveServer, module_sqlite_url: str) -> None:
    chat = new_chat(live.url)

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with chat_socket(live, chat) as socket:
            patient = Patient(socket)
            await patient.hello()
            await patient.say("describe", text=PHARMACY_REPORT, age=30)
            await patient.answer_all(yes=("allergic_reaction.spreading_hives",))
            assert patient.state["prompt"]["kind"] == "postcode"
            unknown = await patient.say("postcode", postcode="ZZ99 9ZZ")
            assert unknown["type"] == "error" and unknown["code"] == "unknown-postcode"
            assert "LS1 4AP" in unknown["detail"]  # the format to follow
            await patient.say("postcode", postcode=POSTCODE)
            offer = patient.state
            assert offer["prompt"]["kind"] == "offer" and offer["prompt"]["choices"][0]["value"] == PHARMACY
            book = {"type": "book", "turn": offer["turn"], "service_id": PHARMACY}
            done = await patient.send(book)
            again = await patient.send(book)  # a resent frame: shows where we are, books nothing
            return offer, done, again

    offer, done, again = run(scenario())
    booking_text = next(m["text"] for m in done["messages"] if m["kind"] == "booking")
    reference = booking_text.rsplit(" ", 1)[-1].rstrip(".")
    assert done["messages"][-1]["kind"] == "safety" and done["finished"]
    assert again["messages"] == done["messages"]
    engine = make_engine(module_sqlite_url)
    try:
        with Session(engine) as session:
            booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
            assert booking.service_id == PHARMACY and booking.actor == chat.subject
            same_triage = session.exec(select(Booking).where(Booking.triage_id == booking.triage_id)).all()
            assert len(same_triage) == 1
            audit = session.exec(select(AuditEvent).where(AuditEvent.subject_id == booking.triage_id)).all()
            assert [e.action for e in audit] == ["triage.decided"]
    finally:
        engine.dispose()
    cards = [m["card"] for m in offer["messages"] if m["kind"] == "service"]
    assert cards[0]["service_id"] == PHARMACY and cards[0]["address"].endswith("LS1 4DT")
    # The booking belongs to this chat session: its own token reads it, another patient's cannot.
    mine = httpx.get(f"{live.url}/v1/bookings/{booking.id}", headers=bearer(chat.token), timeout=30)
    assert mine.status_code == 200 and mine.json()["reference"] == reference
    theirs = httpx.get(f"{live.url}/v1/bookings/{booking.id}", headers=bearer(new_chat(live.url).token), timeout=30)
    assert theirs.status_code == 403


def test_a_dropped_connection_resumes_the_same_conversation(live: LiveServer) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        chat = new_chat(live.url)
        async with chat_socket(live, chat) as socket:
            first = Patient(socket)
            await first.hello()
            await first.say("describe", text="bad headache since this morning", age=35)
            before = first.state
        async with chat_socket(live, new_chat(live.url)) as socket:  # another patient's session: their own chat
            assert len((await Patient(socket).hello())["messages"]) == 2
        async with chat_socket(live, chat) as socket:  # the network came back
            second = Patient(socket)
            after = await second.hello()
            stale = await second.send({"type": "describe", "turn": 0, "text": "resent", "age": 35})
            question = after["prompt"]["question_id"]
            moved = await second.say("answer", question_id=question, answer="no")
            return before, after, {"stale": stale, "moved": moved}

    before, after, later = run(scenario())
    assert after["messages"] == before["messages"] and after["turn"] == before["turn"]
    assert later["stale"]["messages"] == before["messages"]  # the resent description changed nothing
    assert later["moved"]["turn"] == before["turn"] + 1


def take_every_slot(base_url: str, database_url: str, service_id: str) -> int:
    """A call handler holds every free slot at the service for other patients, through the API."""
    handler, taken = bearer(staff_token(database_url, Role.CALL_HANDLER)), 0
    while True:
        response = httpx.post(
            f"{base_url}/v1/holds",
            json={"service_id": service_id},
            headers={**handler, "Idempotency-Key": f"someone-else-{service_id}-{taken}"},
            timeout=30,
        )
        if response.status_code != 201:
            assert response.status_code == 409, response.text
            return taken
        taken += 1


def test_a_slot_taken_meanwhile_says_so_and_offers_the_next_best(live: LiveServer, module_sqlite_url: str) -> None:
    async def scenario() -> dict[str, Any]:
        async with chat_socket(live, new_chat(live.url)) as socket:
            patient = Patient(socket)
            await patient.hello()
            await patient.say("describe", text=PHARMACY_REPORT, age=30)
            await patient.answer_all(yes=("allergic_reaction.spreading_hives",))
            await patient.say("postcode", postcode=POSTCODE)
            offered = [c["value"] for c in patient.state["prompt"]["choices"]]
            assert set(offered) >= {PHARMACY, SECOND_PHARMACY}
            first = offered[0]
            assert take_every_slot(live.url, module_sqlite_url, first) >= 1
            return await patient.say("book", service_id=first) | {"first": first}

    after = run(scenario())
    said = texts(after)
    assert any("has just filled up" in text for text in said)
    assert after["prompt"]["kind"] == "offer"
    assert after["first"] not in [c["value"] for c in after["prompt"]["choices"]]


def test_a_booking_interrupted_before_it_was_saved_is_adopted_not_repeated(
    live: LiveServer, module_sqlite_url: str
) -> None:
    """A worker confirmed the booking, then died before saving the conversation: the resume must not book again."""

    async def book_then_resume() -> tuple[str, dict[str, Any], dict[str, Any]]:
        chat = new_chat(live.url)
        async with chat_socket(live, chat) as socket:
            patient = Patient(socket)
            await patient.hello()
            await patient.say("describe", text=PHARMACY_REPORT, age=30)
            await patient.answer_all(yes=("allergic_reaction.spreading_hives",))
            await patient.say("postcode", postcode=POSTCODE)
            done = await patient.say("book", service_id=patient.state["prompt"]["choices"][0]["value"])
        rewind_to_booking(module_sqlite_url, chat.subject)
        async with chat_socket(live, chat) as socket:
            again = await Patient(socket).hello()
        return chat.token, done, again

    _, done, again = run(book_then_resume())
    assert again["messages"] == done["messages"]
    reference = next(m["text"] for m in again["messages"] if m["kind"] == "booking").rsplit(" ", 1)[-1].rstrip(".")
    engine = make_engine(module_sqlite_url)
    try:
        with Session(engine) as session:
            booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
            assert len(session.exec(select(Booking).where(Booking.triage_id == booking.triage_id)).all()) == 1
    finally:
        engine.dispose()


def rewind_to_booking(database_url: str, owner: str) -> None:
    """Put the stored conversation back to 'booking in progress', as a crash between confirm and save leaves it."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            row = session.exec(select(ChatConversation).where(ChatConversation.owner == owner)).one()
            state = Conversation.model_validate(row.state)
            state = state.model_copy(update={"step": Step.BOOK, "booking": None, "messages": state.messages[:-2]})
            row.state = state.model_dump(mode="json")
            row.version += 1
            session.add(row)
            session.commit()
    finally:
        engine.dispose()


def test_the_patients_words_never_reach_the_logs(live: LiveServer) -> None:
    """Run last in this module: every conversation above has been through this server."""
    logs = live.logs()
    assert '"route": "/ws/chat"' in logs  # the chats were logged, by route only
    for words in (PHARMACY_REPORT, "pain in my chest", "bad headache", "ZZ99 9ZZ", POSTCODE):
        assert words not in logs
