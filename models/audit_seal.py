"""The sealer: chains committed audit events under a key, a batch at a time, on any number of workers at once.

Order: the sealer takes the unsealed events it can see (committed ones) in id order and gives them the next
seqs. Ids come from a sequence and can commit out of order (id 10 before id 9 on PostgreSQL); an event that
commits after a higher id was sealed simply gets a later seq. So the chain is in seq order, which is the order
events became visible, never has a gap, and never waits on a transaction still in flight. Readers that follow
the trail by cursor (routing/feed.py) use seq for the same reason: a sealed prefix never grows in the middle.

Only sealers serialise, on the single `audit_seal_head` row: PostgreSQL skips it if another worker holds it
(that worker is sealing already); SQLite takes its write lock first, as BEGIN IMMEDIATE would.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from models.audit import AuditKeyExposed, AuditKeyMismatch, Checkpoint, digest, key_id
from models.database import blocking, session_scope
from models.tables import AuditEvent, AuditSealHead
from models.types import utcnow

logger = logging.getLogger("one111.audit")

BATCH = 500


def seal(engine: Engine, key: bytes, batch: int = BATCH) -> Checkpoint | None:
    """Chain up to `batch` unsealed events; the new head, or None if there was nothing to do (or another worker
    is sealing right now). Raises AuditKeyMismatch rather than extend a chain sealed under another key."""
    with session_scope(engine) as session:
        head = _lock_head(session)
        if head is None:
            return None
        _check_key(head, key)
        pending = list(session.exec(_unsealed(batch)))
        for event in pending:
            event.seq, event.prev_hash = head.seq + 1, head.hash
            event.hash = digest(event, key)
            head.seq, head.hash = event.seq, event.hash
        session.add_all([*pending, head])
    return Checkpoint(head.seq, head.hash, utcnow(), len(pending)) if pending else None


def _lock_head(session: Session) -> AuditSealHead | None:
    head = col(AuditSealHead.id) == 1
    if session.get_bind().dialect.name == "sqlite":
        # A write first takes SQLite's write lock, so what is read next is final until commit.
        session.execute(update(AuditSealHead).where(head).values(seq=AuditSealHead.seq))
        return session.exec(select(AuditSealHead).where(head)).first()
    return session.exec(select(AuditSealHead).where(head).with_for_update(skip_locked=True)).first()


def _check_key(head: AuditSealHead, key: bytes) -> None:
    if head.key_id is None:  # the first seal names the key every later one must use
        head.key_id = key_id(key)
    elif head.key_id != key_id(key):
        raise AuditKeyMismatch("the audit chain is sealed with another key: check ONE111_AUDIT_KEY on every host")


def _unsealed(batch: int) -> SelectOfScalar[AuditEvent]:
    return select(AuditEvent).where(col(AuditEvent.seq).is_(None)).order_by(col(AuditEvent.id)).limit(batch)


def _anything_unsealed(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(AuditEvent.id).where(col(AuditEvent.seq).is_(None)).limit(1)).first() is not None


class CheckpointLog:
    """An append-only file of checkpoints, one JSON line per seal, kept where the database's users cannot write."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, checkpoint: Checkpoint) -> None:
        line = json.dumps(
            {"seq": checkpoint.seq, "hash": checkpoint.hash, "at": checkpoint.at.isoformat(), "count": checkpoint.count}
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One write on an O_APPEND file: lines from several workers never interleave.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, (line + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def read(self) -> Iterator[Checkpoint]:
        if not self.path.exists():
            return
        with self.path.open() as lines:
            for line in lines:
                try:
                    item = json.loads(line)
                    yield Checkpoint(int(item["seq"]), str(item["hash"]), datetime.fromisoformat(item["at"]))
                except (ValueError, KeyError, TypeError):  # a line torn by a crash mid-write: the next seal's counts
                    continue


def seal_pending(engine: Engine, key: bytes, log: CheckpointLog | None = None, batch: int = BATCH) -> list[Checkpoint]:
    """Seal until nothing is left (or another worker took over), checkpointing each batch after its commit."""
    done: list[Checkpoint] = []
    if not _anything_unsealed(engine):  # the usual idle second: a read, no lock
        return done
    while (checkpoint := seal(engine, key, batch)) is not None:
        if log is not None:
            log.append(checkpoint)
        done.append(checkpoint)
        if checkpoint.count < batch:
            break
    return done


async def seal_forever(engine: Engine, key: bytes, log: CheckpointLog, interval_s: float = 1.0) -> None:
    """A background sealer for a worker's lifespan: unsealed events stay so for about `interval_s` at most."""
    while True:
        try:
            # blocking: a seal under way commits and checkpoints even if the worker is stopping.
            for checkpoint in await blocking(seal_pending, engine, key, log):
                logger.info("audit events sealed", extra=_fields(checkpoint))
        except AuditKeyMismatch:
            logger.error("audit sealing refused: the chain was sealed with another key")
        except Exception as error:  # the database may be briefly away: the next round seals what this one did not
            logger.warning("audit sealing failed", extra={"error_type": type(error).__qualname__})
        await asyncio.sleep(interval_s)


def _fields(checkpoint: Checkpoint) -> dict[str, object]:
    # Seq and hash only: the checkpoint names the chain's head and says nothing about any patient.
    return {"event": "audit.sealed", "count": checkpoint.count, "seq": checkpoint.seq, "chain_hash": checkpoint.hash}


def load_or_create_key(path: Path) -> bytes:
    """The embedded default's key: made on first use (256 random bits), kept in a file only its owner can read."""
    if not path.exists():
        _create_key(path)
    if path.stat().st_mode & 0o077:
        raise AuditKeyExposed(f"the audit key file {path} must be readable by its owner only: chmod 600 it")
    return path.read_text().strip().encode()


def _create_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    try:
        os.link(draft, path)  # atomic and refuses to replace: two workers starting at once agree on one key
    except FileExistsError:
        pass
    finally:
        draft.unlink()
