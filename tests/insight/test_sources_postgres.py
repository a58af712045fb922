"""The readers on PostgreSQL: hourly counts, care events and the export's cells come out as on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from insight.export import anonymise
from insight.reference import load
from insight.sources import callbacks_waiting, calls_by_hour, care_events
from models.database import make_engine
from models.migrate import upgrade
from tests.conftest import DATA_DIR
from tests.insight.conftest import seed

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.postgres
def test_the_readers_on_postgresql(empty_postgres_url: str) -> None:
    engine = make_engine(empty_postgres_url)
    try:
        upgrade(engine)
        calls = seed(engine, "unused", START, 90, seed=4, callback_area="M1", book=False)
        with Session(engine) as session:
            hours = calls_by_hour(session, START - timedelta(days=1), START + timedelta(hours=3))
            events = care_events(session, load(DATA_DIR), START, START + timedelta(hours=3))
            waiting = callbacks_waiting(session)
    finally:
        engine.dispose()

    assert hours == [(START, 60), (START + timedelta(hours=1), 30), (START + timedelta(hours=2), 0)]
    assert len(events) == 90 and {e.at for e in events} == {c.at for c in calls}
    queued = [e for e in events if e.disposition != "SELF_CARE"]
    assert queued and {e.care_icb for e in queued} == {"QOP"}  # Manchester's M1: Greater Manchester ICB
    assert all(e.booked_first_time is False and e.minutes_to_care is None for e in queued)
    assert len(waiting) == len(queued)
    cells = anonymise(events)
    assert cells and all(r.suppressed or (r.count or 0) >= 8 for r in cells)
