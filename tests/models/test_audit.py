"""The audit trail is a hash chain: it verifies when untouched, and an edit or a deletion shows."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.audit import record, verify
from models.database import make_engine
from models.migrate import upgrade
from models.tables import AuditEvent


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (
        f"sqlite:///{tmp_path / 'audit.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    engine = make_engine(url, pool_size=8)
    upgrade(engine)
    yield engine
    engine.dispose()


def write(engine: Engine, n: int, actor: str = "handler:ann") -> None:
    for i in range(n):
        with Session(engine) as session:
            record(session, actor, "booking.confirmed", ("booking", f"b{i}"), {"service": "RJ1-ED"})
            session.commit()


def ids(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return [e.id or 0 for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))]


def broken(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return verify(session)


def test_an_untouched_trail_verifies_and_each_event_links_to_the_one_before(engine: Engine) -> None:
    write(engine, 5)
    assert broken(engine) == []
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    assert events[0].prev_hash == ""
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))


def test_editing_an_event_is_detected(engine: Engine) -> None:
    write(engine, 4)
    target = ids(engine)[1]
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'someone-else' WHERE id = :id"), {"id": target})
    assert broken(engine) == [target]


def test_deleting_an_event_breaks_the_link_of_the_next(engine: Engine) -> None:
    write(engine, 4)
    _first, second, third, _ = ids(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": second})
    assert broken(engine) == [third]


def test_concurrent_writers_still_make_one_unbroken_chain(engine: Engine) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda w: write(engine, 10, actor=f"handler:{w}"), range(6)))
    assert len(ids(engine)) == 60
    assert broken(engine) == []


def test_an_event_written_in_a_rolled_back_transaction_leaves_no_trace(engine: Engine) -> None:
    write(engine, 2)
    with Session(engine) as session:
        record(session, "handler:ann", "booking.confirmed", ("booking", "lost"))
        session.rollback()
    write(engine, 1)
    assert len(ids(engine)) == 3
    assert broken(engine) == []
