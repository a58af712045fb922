"""`one111 audit verify|seal|purge` as an operator runs them: retention keeps the rest verifiable, and a forged
purge, a deleted head or an exposed key file shows. The embedded default keeps its key and checkpoints beside
the SQLite file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from models.audit import anchor_mac, record
from models.database import make_engine
from models.identity_tables import AuditAnchor
from models.migrate import upgrade
from models.tables import AuditEvent
from tests.support.server import ROOT, LiveServer
from web.cli import main


@pytest.fixture(autouse=True)
def embedded_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """This module tests the embedded default: the key file and checkpoints beside the database."""
    monkeypatch.delenv("ONE111_AUDIT_KEY", raising=False)
    monkeypatch.delenv("ONE111_AUDIT_CHECKPOINTS", raising=False)


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


def sql(engine: Engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["audit", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_purge_keeps_the_rest_verifiable_and_tampering_still_shows(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(engine, 3)
    sql(engine, "UPDATE audit_events SET at = '2000-01-01 00:00:00.000000'")  # unsealed yet: nothing to redo
    write(engine, 2)
    assert cli(capsys, "seal")[1] == "sealed 5 audit events through seq 5\n"
    assert cli(capsys, "verify")[:2] == (
        0,
        "audit chain intact: 5 sealed events through seq 5, checked against 1 checkpoints; none unsealed\n",
    )

    assert cli(capsys, "purge", "--days", "30")[:2] == (
        0,
        "removed 3 audit events older than 30 days; the rest still verify\n",
    )
    assert actions(engine) == ["booking.confirmed", "booking.confirmed", "audit.purged"]
    with Session(engine) as session:
        anchor = session.exec(select(AuditAnchor)).one()
        assert (anchor.removed, anchor.through_seq) == (3, 3)
    assert cli(capsys, "verify")[0] == 0
    assert cli(capsys, "purge", "--days", "30")[1].startswith("removed 0 audit events")  # seals the purge event
    code, out, _ = cli(capsys, "verify")
    assert code == 0 and "3 sealed events through seq 6" in out

    sql(engine, "DELETE FROM audit_events WHERE seq = (SELECT min(seq) FROM audit_events)")  # the oldest kept
    code, out, err = cli(capsys, "verify")
    assert code == 1 and out.startswith("audit chain BROKEN") and "BROKEN at event ids" in err


def test_a_forged_purge_is_caught_even_with_a_perfect_link(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    write(engine, 5)
    cli(capsys, "seal")
    with Session(engine) as session:  # delete the first two and leave an anchor that links the rest up exactly
        second = session.exec(select(AuditEvent).where(AuditEvent.seq == 2)).one()
        session.execute(text("DELETE FROM audit_events WHERE seq <= 2"))
        forged = AuditAnchor(through_id=second.id or 0, through_seq=2, last_hash=second.hash, removed=2)
        forged.mac = anchor_mac(forged, b"a guess at the key, 32 bytes long")
        session.add(forged)
        session.commit()
    code, _, err = cli(capsys, "verify")
    assert code == 1 and "purge anchor FORGED" in err and "BROKEN at event ids" not in err


def test_deleting_the_newest_events_fails_verify_against_the_checkpoint_file(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(engine, 4)
    cli(capsys, "seal")
    write(engine, 1)
    cli(capsys, "seal")
    sql(engine, "DELETE FROM audit_events WHERE seq = 5")
    code, _, err = cli(capsys, "verify")
    assert code == 1 and "checkpoints disagree with the database (deleted or rewritten) at seqs: 5" in err
    checkpoints = (tmp_path / "audit-checkpoints.jsonl").read_text().splitlines()
    assert [line.split(",")[0] for line in checkpoints] == ['{"seq": 4', '{"seq": 5']


def test_the_key_is_made_once_beside_the_database_for_its_owner_only(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(engine, 1)
    cli(capsys, "seal")
    key_file = tmp_path / "audit.key"
    key = key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(key.strip()) == 64
    with engine.connect() as connection:  # the key never reaches the database
        dump = "\n".join(str(row) for row in connection.execute(text("SELECT * FROM audit_events")))
    assert key.strip() not in dump
    assert cli(capsys, "verify")[0] == 0 and key_file.read_text() == key

    key_file.chmod(0o644)
    code, _, err = cli(capsys, "verify")
    assert code == 2 and "must be readable by its owner only: chmod 600" in err


def test_purge_with_nothing_older_than_the_retention_changes_nothing(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    write(engine, 2)
    assert cli(capsys, "purge")[0] == 0
    assert actions(engine) == ["booking.confirmed", "booking.confirmed"]
    with Session(engine) as session:
        assert session.exec(select(AuditAnchor)).all() == []


def test_verify_as_an_operator_runs_it_reports_unsealed_events_and_their_age(engine: Engine, tmp_path: Path) -> None:
    write(engine, 2)
    sql(engine, "UPDATE audit_events SET at = datetime('now', '-90 seconds')")  # a sealer that stopped a while ago
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONE111_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'audit.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "audit", "verify"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    head, _, age = done.stdout.partition("2 unsealed, the oldest ")
    assert head.startswith("audit chain intact: 0 sealed events through seq 0") and 89 < float(age.split()[0]) < 300


def test_a_running_server_seals_within_seconds_with_its_own_key_file(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = LiveServer({"DATABASE_URL": sqlite_url, "ONE111_AUDIT_KEY": ""}, tmp_path).start()
    try:
        engine = make_engine(sqlite_url)
        write(engine, 3)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and unsealed(engine):
            time.sleep(0.2)
        assert unsealed(engine) == 0, "the server's sealer did not seal within 15 s"
        engine.dispose()
    finally:
        server.stop()
    folder = Path(sqlite_url.removeprefix("sqlite:///")).parent
    assert stat.S_IMODE((folder / "audit.key").stat().st_mode) == 0o600
    assert (folder / "audit-checkpoints.jsonl").read_text().strip()
    sealed = [json.loads(line) for line in server.logs().splitlines() if '"audit.sealed"' in line]
    assert sealed and set(sealed[-1]) >= {"seq", "chain_hash", "count"} and "call_handler:ann" not in server.logs()
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    code, out, _ = cli(capsys, "verify")
    assert code == 0 and "none unsealed" in out


def unsealed(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).where(col(AuditEvent.seq).is_(None))).one()
