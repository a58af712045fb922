"""Routing fixtures: the real directory in a spatial index, the real gazetteer, and board states built to order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from capacity.board import BoardState, Window
from capacity.geography import Gazetteer
from models.database import make_engine
from models.vocabulary import Opel
from routing.sites import load_index
from routing.spatial import SiteIndex
from tests.conftest import DATA_DIR

# Monday 23 November 2026, 20:00 in London (GMT): EDs, GP out of hours and UTCs open; pharmacies closed.
EVENING = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
# Tuesday 24 November 2026, 11:00: pharmacies and UTCs open, GP out of hours closed.
MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def index(loaded_sqlite_template: Path) -> SiteIndex:
    engine = make_engine(f"sqlite:///{loaded_sqlite_template}")
    try:
        return load_index(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_dir(DATA_DIR)


def state(
    service_id: str,
    now: datetime,
    free: int = 3,
    wait: int = 10,
    is_open: bool = True,
    age: timedelta = timedelta(minutes=5),
    start: datetime | None = None,
    version: int = 1,
) -> BoardState:
    """A provider report made `age` ago with one window of `free` slots starting at `start` (default: now)."""
    window = Window((start or now).replace(second=0, microsecond=0), free)
    return BoardState(service_id, version, is_open, (window,), wait, Opel.NORMAL, now - age)
