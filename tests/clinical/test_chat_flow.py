"""A patient whose report needs a clinician: the chat asks for a name and number instead of offering services, and
the triage lands in the clinicians' queue with those details sealed on it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from capacity.backends import open_board
from capacity.geography import Gazetteer
from chat import assistant
from chat import conversation as conv
from chat.conversation import Conversation, InvalidChatInput, Need, Step, Triaged
from models import crypto
from models.routing_tables import CallbackRequest
from models.vocabulary import Disposition
from routing.callbacks import NAME_CONTEXT, PHONE_CONTEXT
from routing.sites import load_index
from tests.clinical.support import triage_record
from tests.conftest import DATA_DIR
from triage import decide
from triage.groups import Answer, SymptomGroup
from triage.service import Triager
from web.db import Database
from web.settings import ROOT

PHONE = "07700 900123"


def uncertain(triage_id: str = "t-1") -> Conversation:
    """A conversation the triage could not place, at the point where it asks for a postcode."""
    c = conv.describe(conv.start(), 0, "I feel odd and shaky", 47)
    c = conv.choose_group(c, c.turn, next(iter(SymptomGroup)))
    while c.step is Step.QUESTION:
        assert c.question_id is not None
        c = conv.answer(c, c.turn, c.question_id, Answer.NO)
    netting = decide.safety_netting(Disposition.CLINICAL_ASSESSMENT, [])
    return conv.triaged(
        c, Triaged(triage_id=triage_id, disposition=Disposition.CLINICAL_ASSESSMENT, safety_netting=netting)
    )


def test_an_uncertain_report_asks_who_to_call_back_instead_of_offering_services() -> None:
    c = uncertain()
    assert c.step is Step.POSTCODE and "call you back within the hour" in c.messages[-2].text
    c = conv.give_postcode(c, c.turn, "LS1 4AP")
    assert c.step is Step.CONTACT and conv.prompt(c).kind == "contact" and conv.need(c) is None
    with pytest.raises(InvalidChatInput, match="phone number"):
        conv.give_contact(c, c.turn, "Sam Patel", "call me maybe")
    c = conv.give_contact(c, c.turn, "Sam Patel", PHONE)
    assert conv.need(c) is Need.QUEUE and PHONE not in " ".join(m.text for m in c.messages)
    done = conv.queued(c)
    assert done.finished and done.contact is None and "clinician will call you" in done.messages[-2].text
    assert done.messages[-1].kind == "safety"


def test_the_chat_queues_the_triage_with_the_caller_sealed(sqlite_engine: Engine) -> None:
    triage_id = triage_record(sqlite_engine)
    c = conv.give_postcode(uncertain(triage_id), uncertain(triage_id).turn, "LS1 4AP")
    c = conv.give_contact(c, c.turn, "Sam Patel", PHONE)
    keyring = crypto.parse(f"{crypto.new_key_line('k1')}\n{crypto.new_key_line(crypto.LOOKUP)}")
    world = assistant.World(
        engine=sqlite_engine,
        db=Database(sqlite_engine),
        board=open_board("memory://", "test:", timedelta(hours=4)),
        gazetteer=Gazetteer.from_dir(DATA_DIR),
        index=load_index(sqlite_engine),
        triager=Triager.load(ROOT / "triage" / "artifacts"),
        keyring=keyring,
    )
    chat = assistant.open_chat(sqlite_engine, "patient:uncertain")
    chat = assistant.save(sqlite_engine, chat, c)
    chat = asyncio.run(assistant.settle_needs(world, chat, "patient:uncertain"))
    assert chat.conversation.finished and chat.conversation.contact is None
    assert chat.conversation.messages[-2].text == conv.CALLING_BACK
    with Session(sqlite_engine) as session:
        rows = session.exec(select(CallbackRequest).where(CallbackRequest.triage_id == triage_id)).all()
    assert len(rows) == 1 and rows[0].area == "LS1" and rows[0].actor == "patient:uncertain"
    assert keyring.open(rows[0].callback_phone or "", PHONE_CONTEXT) == PHONE
    assert keyring.open(rows[0].caller_name or "", NAME_CONTEXT) == "Sam Patel"
