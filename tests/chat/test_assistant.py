"""The assistant's own unit of work: opening a conversation is one transaction, and a race for it has one winner."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from chat.assistant import open_chat
from models.chat_tables import ChatConversation

OWNER = "patient:two-tabs"


@pytest.mark.parametrize("engine_fixture", ["sqlite_engine", "postgres_engine"])
def test_tabs_opening_one_chat_at_the_same_moment_all_get_the_same_conversation(
    engine_fixture: str, request: pytest.FixtureRequest
) -> None:
    engine: Engine = request.getfixturevalue(engine_fixture)
    tabs = 6
    start = threading.Barrier(tabs)

    def open_tab(_: int) -> str:
        start.wait()
        return open_chat(engine, OWNER).id

    with ThreadPoolExecutor(tabs) as pool:
        ids = set(pool.map(open_tab, range(tabs)))
    with Session(engine) as session:
        rows = session.exec(select(func.count()).where(ChatConversation.owner == OWNER)).one()
    assert (len(ids), rows) == (1, 1)
    assert open_chat(engine, OWNER).id in ids
