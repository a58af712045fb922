"""Capacity fixtures: a board factory parametrised over both backends, and providers from the loaded directory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
import redis
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.backends import open_board
from capacity.board import Board
from models.tables import Service

STALENESS = timedelta(hours=4)
BACKENDS = [pytest.param("memory"), pytest.param("redis", marks=pytest.mark.redis)]

BoardFactory = Callable[[], Board]


@dataclass(frozen=True)
class BoardSpace:
    """Where a test's boards live: each `open()` is a new client on the same store; `wipe()` empties the store."""

    url: str
    prefix: str

    def open(self) -> Board:
        return open_board(self.url, self.prefix, STALENESS)

    def wipe(self) -> None:
        # A memory board lives in its object, so a new one is already empty; a Redis board lives in its keys.
        if self.url.startswith("redis"):
            client = redis.Redis.from_url(self.url)
            keys = list(client.scan_iter(match=self.prefix + "*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()


@pytest.fixture(params=BACKENDS)
def space(request: pytest.FixtureRequest) -> BoardSpace:
    if request.param == "memory":
        return BoardSpace("memory://", "")
    return BoardSpace(request.getfixturevalue("redis_url"), request.getfixturevalue("redis_prefix"))


@dataclass(frozen=True)
class Owned:
    provider_id: str
    service_id: str


def two_providers(engine: Engine) -> tuple[Owned, Owned]:
    """Two services run by different providers, from the loaded directory."""
    with Session(engine) as session:
        rows = session.exec(select(Service).where(col(Service.active)).order_by(col(Service.id)).limit(200)).all()
    first = rows[0]
    other = next(s for s in rows if s.provider_id != first.provider_id)
    return Owned(first.provider_id, first.id), Owned(other.provider_id, other.id)
