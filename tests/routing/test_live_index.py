"""A worker's directory index shows a change it has just made at once, however long the machine has been up."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.tables import Service
from routing.sites import LiveIndex

SERVICE = "RR813-ED"


class Clock:
    """time.monotonic on a machine booted `now` seconds ago."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


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
def test_forget_reads_the_directory_again_on_next_use(sqlite_engine: Engine, uptime_s: float) -> None:
    index = LiveIndex(sqlite_engine, clock=Clock(uptime_s))
    before = name_in(index)
    rename(sqlite_engine, "Renamed by an admin")

    assert name_in(index) == before  # kept for up to five minutes, as documented
    index.forget()
    assert name_in(index) == "Renamed by an admin"


def test_an_index_older_than_its_limit_is_read_again(sqlite_engine: Engine) -> None:
    clock = Clock(10.0)
    index = LiveIndex(sqlite_engine, max_age_s=300.0, clock=clock)
    name_in(index)
    rename(sqlite_engine, "Renamed elsewhere")

    clock.now += 300.5
    assert name_in(index) == "Renamed elsewhere"
