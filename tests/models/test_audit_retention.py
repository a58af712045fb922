"""Retention: `one111 audit purge` removes old events, the rest still verify, and later tampering still shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.audit import digest, record, verify
from models.database import make_engine
from models.identity_tables import AuditAnchor
from models.migrate import upgrade
from models.tables import AuditEvent
from web.cli import main


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    upgrade(engine)
    return engine


def write(engine: Engine, n: int) -> None:
    for i in range(n):
        with Session(engine) as session:
            record(session, "call_handler:ann", "booking.confirmed", ("booking", f"b{i}"), {"service_id": "RJ1-ED"})
            session.commit()


def actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))]


def test_purge_keeps_the_rest_verifiable_and_tampering_still_shows(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    write(engine, 3)
    with engine.begin() as connection:  # the first three are old; rewriting `at` needs their hashes redone
        connection.execute(text("UPDATE audit_events SET at = '2000-01-01 00:00:00.000000'"))
    with Session(engine) as session:
        previous = ""
        for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.id))):
            event.prev_hash, event.hash = previous, ""
            event.hash = previous = digest(event)
            session.add(event)
        session.commit()
    write(engine, 2)
    assert main(["audit", "verify"]) == 0

    assert main(["audit", "purge", "--days", "30"]) == 0
    assert "removed 3 audit events" in capsys.readouterr().out
    assert actions(engine) == ["booking.confirmed", "booking.confirmed", "audit.purged"]
    with Session(engine) as session:
        assert session.exec(select(AuditAnchor)).one().removed == 3
        assert verify(session) == []
    assert main(["audit", "verify"]) == 0
    assert main(["audit", "purge", "--days", "30"]) == 0  # nothing more to remove, still intact
    assert main(["audit", "verify"]) == 0

    with engine.begin() as connection:  # quietly drop the oldest kept event
        connection.execute(text("DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)"))
    assert main(["audit", "verify"]) == 1
    assert "BROKEN" in capsys.readouterr().err


def test_purge_with_nothing_older_than_the_retention_changes_nothing(engine: Engine) -> None:
    write(engine, 2)
    assert main(["audit", "purge"]) == 0
    assert actions(engine) == ["booking.confirmed", "booking.confirmed"]
    with Session(engine) as session:
        assert session.exec(select(AuditAnchor)).all() == []
