"""A worker's directory index shows a change it has just made at once, however long the machine has been up."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from models.tables import Service
from routing.sites import LiveIndex

SERVICE = "RR813-ED"


class Clock:
    """time.monotonic on a machine booted `now` seconds ago."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def one_service(sqlite_engine: Engine) -> Engine:
    """The directory with one active service: an index read costs milliseconds, not a second for 26,504 services."""
    with Session(sqlite_engine) as session:
        session.execute(update(Service).where(col(Service.id) != SERVICE).values(active=False))
        session.commit()
    return sqlite_engine


def rename(engine: Engine, name: str) -> None:
    with Session(engine) as session:
        service = session.get(Service, SERVICE)
        assert service is not None
        service.name = name
        session.add(service)
        session.commit()


def name_in(index: LiveIndex) -> str:
    site = asyncio.run(index.current()).get(SERVICE)
    assert site is not None
    return site.name


# A monotonic clock starts near zero at boot: a CI machine or a container can serve within its first five minutes.
@pytest.mark.parametrize("uptime_s", [1.0, 120.0, 299.0, 86_400.0])
def test_forget_reads_the_directory_again_on_next_use(one_service: Engine, uptime_s: float) -> None:
    index = LiveIndex(one_service, clock=Clock(uptime_s))
    before = name_in(index)
    rename(one_service, "Renamed by an admin")

    assert name_in(index) == before  # kept for up to five minutes, as documented
    index.forget()
    assert name_in(index) == "Renamed by an admin"


def test_an_index_older_than_its_limit_is_read_again(one_service: Engine) -> None:
    clock = Clock(10.0)
    index = LiveIndex(one_service, max_age_s=300.0, clock=clock)
    name_in(index)
    rename(one_service, "Renamed elsewhere")

    clock.now += 300.5
    assert name_in(index) == "Renamed elsewhere"
