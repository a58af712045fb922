"""web.db: a read gives its session back before it returns; a write is seen through even when cancelled."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from capacity.listing import get_service
from models.database import session_scope
from models.tables import Provider
from web.db import read, write


def test_a_read_gives_its_connection_back_before_it_returns(sqlite_engine: Engine) -> None:
    async def body() -> tuple[str, int]:
        service = await read(sqlite_engine, get_service, "RR801-ED")
        return service.name, sqlite_engine.pool.checkedout()  # type: ignore[attr-defined]

    name, checked_out = asyncio.run(body())
    assert name and checked_out == 0


def test_a_cancelled_write_is_seen_through_before_the_cancellation_arrives(sqlite_engine: Engine) -> None:
    started, finished = threading.Event(), threading.Event()

    def slow_writer(engine: Engine) -> None:
        started.set()
        time.sleep(0.3)
        with session_scope(engine) as session:
            session.add(Provider(id="LATE1", name="Written after the cancel"))
        finished.set()

    async def body() -> bool:
        task = asyncio.create_task(write(slow_writer, sqlite_engine))
        await asyncio.to_thread(started.wait)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return finished.is_set()

    assert asyncio.run(body()), "the cancellation must wait for the commit"
    with Session(sqlite_engine) as session:
        assert session.exec(select(Provider.name).where(Provider.id == "LATE1")).one() == "Written after the cancel"
