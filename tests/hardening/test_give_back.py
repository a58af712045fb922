"""Issue 14 item 9: a PostgreSQL server that accepts a connection but never answers is given up on in seconds.
(A slot give-back is not retried: an increment that timed out may have landed, and a retry would oversell.)"""

from __future__ import annotations

import socket
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from capacity.memory_board import MemoryBoard
from models.database import CONNECT_TIMEOUT_S, make_engine


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
