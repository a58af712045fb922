"""The same guarantees on PostgreSQL and the Redis board: concurrent clients race for the last slots."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from capacity.backends import open_board
from capacity.board import Board, BoardState, Window
from models.tables import Booking
from models.types import utcnow
from models.vocabulary import BookingStatus, Opel
from routing import booking as bk
from routing.errors import NoCapacity
from tests.support.audit import sealed_report

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
SERVICE = "RR813-ED"


async def race(engine: Engine, board: Board, window: datetime, capacity: int, clients: int) -> list[str]:
    now = utcnow()
    state = BoardState(SERVICE, int(window.timestamp()), True, (Window(window, capacity),), 5, Opel.NORMAL, now)
    assert await board.put(state) is not None

    async def client(n: int) -> str:
        try:
            held = await bk.place_hold(engine, board, bk.HoldRequest(SERVICE, window), f"pg{n}", 120, now)
            await bk.confirm(engine, board, held.id, f"pg{n}", now)
            return "booked"
        except NoCapacity:
            return "full"

    return list(await asyncio.gather(*(client(n) for n in range(clients))))


FIRST_RACE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_concurrent_clients_never_exceed_capacity_on_postgres_and_redis(
    postgres_engine: Engine, redis_url: str, redis_prefix: str
) -> None:
    async def rounds() -> list[list[str]]:
        board = open_board(redis_url, redis_prefix, timedelta(hours=4))
        try:
            results = []
            for n in range(5):
                window = FIRST_RACE + timedelta(hours=n)
                results.append(await race(postgres_engine, board, window, capacity=3, clients=40))
                state = await board.get(SERVICE)
                assert state is not None and state.slots[0].free == 0
            return results
        finally:
            await board.close()

    for outcomes in asyncio.run(rounds()):
        assert outcomes.count("booked") == 3 and outcomes.count("full") == 37
    with Session(postgres_engine) as session:
        per_window = session.exec(
            select(Booking.window_start, func.count())
            .where(Booking.service_id == SERVICE, Booking.status == BookingStatus.CONFIRMED)
            .where(col(Booking.window_start).between(FIRST_RACE, FIRST_RACE + timedelta(hours=4)))
            .group_by(col(Booking.window_start))
        ).all()
        # Only this race's windows: another test on the shared database may have booked (or rebooked) here too.
        assert sorted(count for _, count in per_window) == [3] * 5
        assert sealed_report(postgres_engine).intact
