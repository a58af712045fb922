"""A hold whose COMMIT goes unanswered: the board never shows more free than the record.

A hold takes its slot on the board first and gives it back if the database write fails. When the connection dies
while the COMMIT is in flight, the write may have landed: giving the slot back then sells it twice (the PostgreSQL
crash storm once found a board one slot above the record). A proxy cuts the real connection at the COMMIT."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from capacity.memory_board import MemoryBoard
from models.database import CommitUnknown, make_engine
from models.tables import Hold
from models.types import utcnow
from routing import booking as bk
from tests.routing.conftest import state
from tests.support.cut_proxy import cut_proxy

pytestmark = pytest.mark.postgres
SERVICE = "RR813-ED"
CAPACITY = 3


def hold_once(url: str, board: MemoryBoard, window: datetime, cut: str) -> tuple[BaseException, int]:
    """One hold through a proxy that cuts its COMMIT (`cut`: "after" it landed, "before" it was sent, or "before,
    then down"); the error the caller saw and the board's free count after it."""

    async def scenario() -> tuple[BaseException, int]:
        with cut_proxy(url) as proxy:
            engine = make_engine(proxy.url(url))
            try:
                if cut == "after":
                    proxy.cut_after_commit()
                else:
                    proxy.cut_before_commit(then_down=cut == "before, then down")
                with pytest.raises(OperationalError) as raised:
                    await bk.place_hold(engine, board, bk.HoldRequest(SERVICE, window), "cut", 120, utcnow())
                assert proxy.cuts == 1
            finally:
                engine.dispose()
        current = await board.get(SERVICE)
        assert current is not None
        return raised.value, current.slots[0].free

    return asyncio.run(scenario())


def holds_in(engine: Engine, window: datetime) -> int:
    with Session(engine) as session:
        found = session.exec(select(Hold).where(Hold.service_id == SERVICE, col(Hold.window_start) == window)).all()
        return len(found)


def fresh_board(window: datetime) -> MemoryBoard:
    board = MemoryBoard(timedelta(hours=4))
    asyncio.run(board.put(state(SERVICE, utcnow(), free=CAPACITY, start=window, age=timedelta(0))))
    return board


def test_a_hold_whose_commit_landed_unheard_keeps_its_slot_off_the_board(
    postgres_url: str, postgres_engine: Engine
) -> None:
    window = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    board = fresh_board(window)
    error, free = hold_once(postgres_url, board, window, "after")

    assert isinstance(error, CommitUnknown), repr(error)
    assert holds_in(postgres_engine, window) == 1  # the work landed, though the caller heard an error
    assert free == CAPACITY - 1  # so the board must not offer its slot again


def test_a_hold_whose_commit_never_arrived_gives_its_slot_back(postgres_url: str, postgres_engine: Engine) -> None:
    window = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    board = fresh_board(window)
    error, free = hold_once(postgres_url, board, window, "before")

    assert isinstance(error, CommitUnknown), repr(error)
    assert holds_in(postgres_engine, window) == 0
    assert free == CAPACITY  # the record says it did not land: the slot is offered again


def test_a_hold_whose_commit_is_unknown_and_unreadable_keeps_its_slot_off_the_board(
    postgres_url: str, postgres_engine: Engine
) -> None:
    """The database went away at the COMMIT and stays away: nobody can say whether the hold landed, so the board
    under-sells one slot (until the next provider update or rebuild) rather than risk selling it twice."""
    window = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
    board = fresh_board(window)
    error, free = hold_once(postgres_url, board, window, "before, then down")

    assert isinstance(error, CommitUnknown), repr(error)
    assert holds_in(postgres_engine, window) == 0
    assert free == CAPACITY - 1
