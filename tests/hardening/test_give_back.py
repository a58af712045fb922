"""Issue 14 item 9: a slot given back while the board hiccups is retried until the board has it, so the board is
not left short; and a PostgreSQL server that accepts a connection but never answers is given up on in seconds."""

from __future__ import annotations

import asyncio
import socket
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from capacity.memory_board import MemoryBoard
from models.database import CONNECT_TIMEOUT_S, make_engine
from routing import booking as bk
from tests.hardening.test_rebook import ED, T0, free, put, window


class HiccupBoard(MemoryBoard):
    """The real in-memory board, whose first `failures` give-backs fail as a Redis failover's would."""

    def __init__(self, failures: int) -> None:
        super().__init__(timedelta(hours=4))
        self.failures = failures

    async def release_slot(self, service_id: str, start: datetime) -> int:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("the board is failing over")
        return await super().release_slot(service_id, start)


def test_a_cancelled_slot_reaches_a_board_that_failed_twice(engine: Engine) -> None:
    board = HiccupBoard(failures=2)
    start = window()
    put(board, ED, start)
    request = bk.HoldRequest(ED, start)
    held = asyncio.run(bk.place_hold(engine, board, request, "handler", 120, T0, sweep_every_s=0))
    booking = asyncio.run(bk.confirm(engine, board, held.id, "handler", T0))
    assert free(board, ED) == 0
    asyncio.run(bk.cancel(engine, board, booking.id, "handler"))
    assert free(board, ED) == 1  # given back on the third try, not lost until the next provider update
    asyncio.run(board.close())


def test_a_silent_postgresql_server_is_given_up_on_within_the_connect_timeout() -> None:
    with socket.socket() as silent:  # accepts TCP connections (the kernel's backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        engine = make_engine(f"postgresql+psycopg://one111@127.0.0.1:{port}/one111")
        started = time.monotonic()
        with pytest.raises(OperationalError), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        assert time.monotonic() - started < CONNECT_TIMEOUT_S * 2 + 2
        engine.dispose()
