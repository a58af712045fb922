"""The audit trail: writers append without waiting for each other; the sealer chains what they wrote under a key,
into one gap-free chain; verify catches an edit, a deletion anywhere, and a chain rebuilt without the key."""

from __future__ import annotations

import hashlib
import itertools
import json
import stat
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.audit import AuditKeyMismatch, AuditReport, Checkpoint, digest, purge, record, verify
from models.audit_seal import CheckpointLog, load_or_create_key, seal, seal_pending
from models.database import make_engine
from models.migrate import upgrade
from models.tables import AuditEvent
from models.types import utcnow
from tests.support.audit import KEY, sealed_report


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (
        f"sqlite:///{tmp_path / 'audit.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    engine = make_engine(url, pool_size=12)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def log(tmp_path: Path) -> CheckpointLog:
    return CheckpointLog(tmp_path / "var" / "audit-checkpoints.jsonl")


def write(engine: Engine, n: int, actor: str = "handler:ann") -> None:
    for i in range(n):
        with Session(engine) as session:
            record(session, actor, "booking.confirmed", ("booking", f"b{i}"), {"service": "RJ1-ED"})
            session.commit()


def chain(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))))


def report(engine: Engine, log: CheckpointLog | None = None, key: bytes = KEY) -> AuditReport:
    with Session(engine) as session:
        return verify(session, key, log.read() if log is not None else ())


def sql(engine: Engine, statement: str, **params: Any) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), params)


def test_events_are_unsealed_until_the_sealer_chains_them_in_a_gap_free_line(
    engine: Engine, log: CheckpointLog
) -> None:
    write(engine, 5)
    before = report(engine)
    assert before.intact and before.sealed == 0 and before.unsealed == 5
    assert before.oldest_unsealed is not None and utcnow() - before.oldest_unsealed < timedelta(seconds=30)

    after = sealed_report(engine, log=log)
    assert after.intact and after.sealed == 5 and after.unsealed == 0 and after.oldest_unsealed is None
    events = chain(engine)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == ""
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    assert [(c.seq, c.hash) for c in log.read()] == [(5, events[-1].hash)]


def test_recording_is_one_insert_with_no_lock_and_no_read(engine: Engine) -> None:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with Session(engine) as session:
        record(session, "handler:ann", "booking.confirmed", ("booking", "b1"), {"service": "RJ1-ED"})
        session.commit()
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("INSERT INTO AUDIT_EVENTS")


@pytest.fixture
def pg_engine(empty_postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_postgres_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_a_writer_does_not_wait_for_another_writers_open_transaction(pg_engine: Engine) -> None:
    """SQLite has one write lock by design; PostgreSQL is where writers used to queue on the chain's lock."""
    engine = pg_engine
    with Session(engine) as first:
        record(first, "handler:ann", "booking.confirmed", ("booking", "slow"))
        first.flush()  # its insert is in, its transaction still open
        second = threading.Thread(target=write, args=(engine, 1, "handler:bob"), daemon=True)
        second.start()
        second.join(10)
        assert not second.is_alive(), "the second writer waited for the first writer's transaction"
        first.commit()
    assert sealed_report(engine).sealed == 2


def test_many_writers_and_many_sealers_at_once_make_one_gap_free_chain(engine: Engine, log: CheckpointLog) -> None:
    writers_done = threading.Event()

    def sealer() -> None:
        while not writers_done.is_set():
            seal_pending(engine, KEY, log, batch=7)

    with ThreadPoolExecutor(max_workers=9) as pool:
        sealers = [pool.submit(sealer) for _ in range(3)]
        list(pool.map(lambda w: write(engine, 15, actor=f"handler:{w}"), range(6)))
        writers_done.set()
        for running in sealers:
            running.result()
    final = sealed_report(engine, log=log)
    assert final.intact and final.unsealed == 0
    assert [e.seq for e in chain(engine)] == list(range(1, 91))
    assert sorted(c.seq for c in log.read()) == sorted({c.seq for c in log.read()})  # one checkpoint per batch


def test_an_event_committed_after_a_higher_id_was_sealed_gets_the_next_seq(engine: Engine) -> None:
    with Session(engine) as late:
        record(late, "handler:ann", "booking.confirmed", ("booking", "late"))
        late.flush()  # takes the lower id; on SQLite this also holds the write lock, so commit before the other
        if engine.dialect.name == "sqlite":
            late.commit()
            write(engine, 1, "handler:bob")
        else:
            write(engine, 1, "handler:bob")  # the higher id commits first
            assert seal(engine, KEY) is not None
            late.commit()
    sealed_report(engine)
    events = chain(engine)
    assert [e.seq for e in events] == [1, 2] and report(engine).intact
    if engine.dialect.name == "postgresql":
        assert [e.subject_id for e in events] == ["b0", "late"]  # the later commit is sealed later


def test_an_event_in_a_rolled_back_transaction_leaves_no_trace(engine: Engine) -> None:
    write(engine, 2)
    with Session(engine) as session:
        record(session, "handler:ann", "booking.confirmed", ("booking", "lost"))
        session.rollback()
    write(engine, 1)
    assert sealed_report(engine).sealed == 3


def test_editing_a_sealed_event_is_detected(engine: Engine) -> None:
    write(engine, 4)
    sealed_report(engine)
    target = chain(engine)[1]
    sql(engine, "UPDATE audit_events SET actor = 'someone-else' WHERE id = :id", id=target.id)
    assert report(engine).broken == [target.id]


def test_deleting_an_event_in_the_middle_breaks_the_next(engine: Engine, log: CheckpointLog) -> None:
    for _ in range(4):  # one checkpoint per event
        write(engine, 1)
        sealed_report(engine, log=log)
    _first, second, third, _ = chain(engine)
    sql(engine, "DELETE FROM audit_events WHERE id = :id", id=second.id)
    found = report(engine, log)
    assert found.broken == [third.id] and found.lost == [2] and not found.intact


def test_deleting_the_newest_events_is_caught_by_the_checkpoint(engine: Engine, log: CheckpointLog) -> None:
    write(engine, 3)
    sealed_report(engine, log=log)
    write(engine, 2)
    sealed_report(engine, log=log)
    sql(engine, "DELETE FROM audit_events WHERE seq > 3")
    assert report(engine).intact  # the chain alone cannot tell a deleted tail from no tail
    found = report(engine, log)
    assert found.lost == [5] and found.broken == [] and not found.intact


@pytest.mark.parametrize("how", ["plain sha-256", "another key"])
def test_a_chain_rebuilt_without_the_key_does_not_verify(engine: Engine, how: str) -> None:
    write(engine, 3)
    sealed_report(engine)
    sql(engine, "UPDATE audit_events SET reason = 'rewritten' WHERE seq = 2")
    with Session(engine) as session:
        previous = ""
        for forged in session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))):
            forged.prev_hash = previous
            forged.hash = previous = _unkeyed(forged) if how == "plain sha-256" else digest(forged, b"x" * 32)
            session.add(forged)
        session.commit()
    assert report(engine).broken == [e.id for e in chain(engine)]


def _unkeyed(event: AuditEvent) -> str:
    body = {"seq": event.seq, "actor": event.actor, "action": event.action, "prev": event.prev_hash}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def test_a_sealer_with_another_key_refuses_to_extend_the_chain(engine: Engine) -> None:
    write(engine, 2)
    sealed_report(engine)
    write(engine, 1)
    with pytest.raises(AuditKeyMismatch):
        seal(engine, b"another key entirely, also 32 bytes")
    assert report(engine).unsealed == 1 and sealed_report(engine).intact


EDITS: dict[str, st.SearchStrategy[Any]] = {
    "actor": st.text(min_size=1, max_size=20),
    "action": st.text(min_size=1, max_size=20),
    "subject_type": st.text(min_size=1, max_size=20),
    "subject_id": st.text(min_size=1, max_size=20),
    "reason": st.none() | st.text(max_size=20),
    "model_version": st.none() | st.text(max_size=20),
    "detail": st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
    "at": st.integers(min_value=-(10**12), max_value=10**12).filter(bool).map(lambda us: timedelta(microseconds=us)),
    "seq": st.integers(min_value=100, max_value=10**9),
    "prev_hash": st.text("0123456789abcdef", min_size=64, max_size=64),
    "hash": st.text("0123456789abcdef", min_size=64, max_size=64),
}


@pytest.fixture(scope="module")
def sealed_six(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, CheckpointLog]]:
    folder = tmp_path_factory.mktemp("property")
    engine, log = make_engine(f"sqlite:///{folder / 'audit.db'}"), CheckpointLog(folder / "checkpoints.jsonl")
    upgrade(engine)
    for i in range(6):
        with Session(engine) as session:
            record(session, "handler:ann", "triage.decided", ("triage", f"t{i}"), {"n": i}, "why", "v1")
            session.commit()
        seal_pending(engine, KEY, log)
    yield engine, log
    engine.dispose()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_edit_or_deletion_anywhere_is_detected(
    sealed_six: tuple[Engine, CheckpointLog], data: st.DataObject
) -> None:
    engine, log = sealed_six
    target = data.draw(st.sampled_from(chain(engine)), label="event")
    column = data.draw(st.sampled_from([*EDITS, "deleted"]), label="change")
    with engine.connect() as connection, connection.begin() as transaction:
        if column == "deleted":
            connection.execute(delete(AuditEvent).where(col(AuditEvent.id) == target.id))
        else:
            current = getattr(target, column)
            value = data.draw(EDITS[column].filter(lambda v: v != current), label="value")
            value = current + value if column == "at" else value
            connection.execute(update(AuditEvent).where(col(AuditEvent.id) == target.id).values({column: value}))
        with Session(bind=connection) as session:
            assert not verify(session, KEY, log.read()).intact
        transaction.rollback()
    assert report(engine, log).intact  # each example starts from the same untouched chain


def test_workers_starting_at_once_agree_on_one_key_file_only_its_owner_reads(tmp_path: Path) -> None:
    path = tmp_path / "var" / "audit.key"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: load_or_create_key(path), range(32)))
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["audit.key"]  # no drafts left behind


def test_a_torn_checkpoint_line_is_skipped_and_the_rest_still_count(log: CheckpointLog) -> None:
    first, second = Checkpoint(1, "a" * 64, utcnow(), 1), Checkpoint(2, "b" * 64, utcnow(), 1)
    log.append(first)
    with log.path.open("a") as torn:
        torn.write('{"seq": 9, "hash": "cc\n')  # a crash mid-write
    log.append(second)
    assert [(c.seq, c.hash) for c in log.read()] == [(1, first.hash), (2, second.hash)]


def test_events_chained_by_the_old_unkeyed_scheme_are_resealed_from_seq_one_on_upgrade(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0005")
    for n in range(3):  # as 0005's record() left them: an unkeyed SHA-256 chain by id
        sql(
            engine,
            "INSERT INTO audit_events (at, actor, action, subject_type, subject_id, detail, prev_hash, hash) "
            "VALUES ('2026-12-01 10:00:00.000000', 'handler:ann', 'booking.confirmed', 'booking', :b, '{}', :p, :h)",
            b=f"b{n}",
            p=f"{n:064x}",
            h=f"{n + 1:064x}",
        )
    upgrade(engine)
    assert report(engine).unsealed == 3
    resealed = sealed_report(engine)
    assert resealed.intact and resealed.sealed == 3
    assert [(e.seq, e.subject_id) for e in chain(engine)] == [(1, "b0"), (2, "b1"), (3, "b2")]
    engine.dispose()


def test_a_purge_verifies_from_its_anchor_and_one_forged_without_the_key_does_not(engine: Engine) -> None:
    write(engine, 4)
    with engine.begin() as connection:  # the first two are past retention
        second = select(AuditEvent.id).order_by(col(AuditEvent.id)).offset(1).limit(1).scalar_subquery()
        connection.execute(
            update(AuditEvent).where(col(AuditEvent.id) <= second).values(at=utcnow() - timedelta(days=400))
        )
    sealed_report(engine)
    with Session(engine) as session:
        assert purge(session, utcnow() - timedelta(days=30), KEY) == 2
        session.commit()
    kept = sealed_report(engine)
    assert kept.intact and [e.seq for e in chain(engine)] == [3, 4, 5]  # 5: the audit.purged event itself
    sql(engine, "UPDATE audit_anchors SET through_seq = 3, last_hash = (SELECT hash FROM audit_events WHERE seq = 3)")
    sql(engine, "DELETE FROM audit_events WHERE seq = 3")  # pass one more event off as purged
    forged = report(engine)
    assert forged.forged_anchor and forged.broken == [] and not forged.intact


def test_rewinding_the_head_to_have_an_edited_tail_resealed_is_caught_by_the_checkpoints(
    engine: Engine, log: CheckpointLog
) -> None:
    """The sealer signs what it finds unsealed. Someone who can write to the database can edit the newest event,
    unseal it and wind the head row back, and the sealer chains the edit under the key; the chain alone then
    verifies, but the checkpoint file already holds another hash for that seq."""
    write(engine, 3)
    sealed_report(engine, log=log)
    sql(engine, "UPDATE audit_events SET actor = 'someone-else', seq = NULL WHERE seq = 3")
    sql(engine, "UPDATE audit_seal_head SET seq = 2, hash = (SELECT hash FROM audit_events WHERE seq = 2)")
    resealed = sealed_report(engine, log=log)
    assert report(engine).intact and chain(engine)[-1].actor == "someone-else"
    assert resealed.lost == [3] and not resealed.intact
