"""What one111 holds or booked after a provider's report stays taken, across a provider update and a board rebuild."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.backends import open_board
from capacity.board import Board
from capacity.rebuild import latest_states, rebuild
from capacity.updates import CapacityReport, apply_update
from models.tables import Service
from models.types import utcnow
from routing import booking as bk
from web.db import read

SERVICE = "RR801-ED"
STALENESS = timedelta(hours=4)


@pytest.fixture(params=["memory", "redis"])
def board_url(request: pytest.FixtureRequest) -> str:
    return "memory://" if request.param == "memory" else request.getfixturevalue("redis_url")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def board(board_url: str, request: pytest.FixtureRequest) -> AsyncIterator[Board]:
    prefix = request.getfixturevalue("redis_prefix") if board_url.startswith("redis") else ""
    board = open_board(board_url, prefix, STALENESS)
    yield board
    await board.close()


def provider_of(engine: Engine) -> str:
    with Session(engine) as session:
        service = session.get(Service, SERVICE)
        assert service is not None
        return service.provider_id


async def report(engine: Engine, board: Board, window: datetime, free: int, seq: int) -> None:
    body = CapacityReport.model_validate(
        {"is_open": True, "slots": [{"start": window.isoformat(), "free": free}], "wait_minutes": 30, "opel": 2}
    )
    await apply_update(engine, board, provider_of(engine), SERVICE, body, seq)


async def free(board: Board) -> int:
    state = await board.get(SERVICE)
    assert state is not None
    [window] = state.slots
    return window.free


async def hold(engine: Engine, board: Board, window: datetime) -> str:
    held = await bk.place_hold(engine, board, bk.HoldRequest(SERVICE, window), "handler", 120)
    return held.id


@pytest.mark.anyio
async def test_a_rebuilt_board_still_counts_held_and_newly_booked_slots_as_taken(
    sqlite_engine: Engine, board: Board, board_url: str, request: pytest.FixtureRequest
) -> None:
    window = (utcnow() + timedelta(hours=2)).replace(second=0, microsecond=0)
    await report(sqlite_engine, board, window, free=3, seq=1)
    await bk.confirm(sqlite_engine, board, await hold(sqlite_engine, board, window), "handler")
    await hold(sqlite_engine, board, window)
    assert await free(board) == 1

    prefix = request.getfixturevalue("redis_prefix") if board_url.startswith("redis") else "lost-"
    empty = open_board(board_url, prefix + "rebuilt:", STALENESS)  # the board as Redis comes back: empty
    try:
        await rebuild(empty, await read(sqlite_engine, latest_states))
        assert await free(empty) == 1, "a rebuild must not sell the held and the booked slot again"
    finally:
        await empty.close()


@pytest.mark.anyio
async def test_a_provider_update_does_not_free_a_slot_one111_holds_and_a_release_gives_it_back(
    sqlite_engine: Engine, board: Board
) -> None:
    window = (utcnow() + timedelta(hours=3)).replace(second=0, microsecond=0)
    await report(sqlite_engine, board, window, free=2, seq=1)
    held = await hold(sqlite_engine, board, window)
    await report(sqlite_engine, board, window, free=2, seq=2)  # the provider does not know about the hold
    assert await free(board) == 1
    await bk.release(sqlite_engine, board, held, "handler")
    assert await free(board) == 2
