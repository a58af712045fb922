"""The audit trail: events appended in the caller's transaction, chained afterwards by the sealer under a key.

Writing an event is a plain INSERT: no lock, no read of the event before it, so writers never wait for each
other. The sealer (models/audit_seal.py) later gives each committed event the next `seq` and a keyed hash over
the event and the hash before it. The key lives outside the database, so write access to the database is not
enough to rewrite the chain; checkpoints of the newest seal, also outside the database, catch a deletion of the
newest events.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from models.errors import DomainError
from models.identity_tables import AuditAnchor
from models.tables import AuditEvent


class AuditKeyMismatch(DomainError):
    """The chain was sealed with another key: sealing with this one would break it for good."""


class AuditKeyExposed(DomainError):
    """The key file can be read by others than its owner: whoever reads it can rewrite the chain."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The chain's head after one seal, kept outside the database."""

    seq: int
    hash: str
    at: datetime
    count: int = 0


def record(
    session: Session,
    actor: str,
    action: str,
    subject: tuple[str, str],
    detail: dict[str, Any] | None = None,
    reason: str | None = None,
    model_version: str | None = None,
) -> AuditEvent:
    """Add one unsealed event to the caller's transaction; it is inserted with the caller's next flush or commit."""
    event = AuditEvent(
        actor=actor,
        action=action,
        subject_type=subject[0],
        subject_id=subject[1],
        detail=detail or {},
        reason=reason,
        model_version=model_version,
    )
    session.add(event)
    return event


def _mac(key: bytes, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def digest(event: AuditEvent, key: bytes) -> str:
    """HMAC-SHA256 under `key` over the previous hash and every field that matters, in a canonical form."""
    body = {
        "kind": "event",
        "id": event.id,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "subject": [event.subject_type, event.subject_id],
        "reason": event.reason,
        "model_version": event.model_version,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    return _mac(key, body)


def anchor_mac(anchor: AuditAnchor, key: bytes) -> str:
    """Binds a purge's cut to the key: without it nobody can claim that events were purged rather than deleted."""
    body = {
        "kind": "purge",
        "through_seq": anchor.through_seq,
        "through_id": anchor.through_id,
        "last_hash": anchor.last_hash,
        "removed": anchor.removed,
    }
    return _mac(key, body)


def key_id(key: bytes) -> str:
    """Names a key without revealing it, so a worker with a different key refuses to seal."""
    return _mac(key, {"kind": "key-id"})


@dataclass(slots=True)
class AuditReport:
    sealed: int = 0
    last_seq: int = 0
    broken: list[int] = field(default_factory=list)  # ids of sealed events whose hash, link or seq is wrong
    lost: list[int] = field(default_factory=list)  # seqs a checkpoint names that the database lacks or changed
    forged_anchor: bool = False  # the newest purge anchor does not carry the key's MAC
    unsealed: int = 0
    oldest_unsealed: datetime | None = None

    @property
    def intact(self) -> bool:
        return not (self.broken or self.lost or self.forged_anchor)


def verify(session: Session, key: bytes, checkpoints: Iterable[Checkpoint] = ()) -> AuditReport:
    """Walk the sealed chain in seq order with the key, then hold it against checkpoints kept elsewhere."""
    report = AuditReport()
    expected, previous, floor = _start(session, key, report)
    marks = _marks(checkpoints, floor)
    sealed = select(AuditEvent).where(col(AuditEvent.seq).is_not(None)).order_by(col(AuditEvent.seq))
    for event in session.exec(sealed):
        seq = event.seq or 0
        if seq != expected or event.prev_hash != previous or not _same(event.hash, digest(event, key)):
            report.broken.append(event.id or 0)
        if marks.pop(seq, {event.hash}) != {event.hash}:  # two hashes for one seq: the chain was rewound
            report.lost.append(seq)
        expected, previous = seq + 1, event.hash
        report.sealed, report.last_seq = report.sealed + 1, seq
    report.lost.extend(sorted(marks))  # checkpoints past the end, or on a seq now missing
    _count_unsealed(session, report)
    return report


def _marks(checkpoints: Iterable[Checkpoint], floor: int) -> dict[int, set[str]]:
    """Each checkpointed seq with every hash it was given; those at or below a purge's cut are gone legitimately."""
    marks: dict[int, set[str]] = {}
    for checkpoint in checkpoints:
        if checkpoint.seq > floor:
            marks.setdefault(checkpoint.seq, set()).add(checkpoint.hash)
    return marks


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _start(session: Session, key: bytes, report: AuditReport) -> tuple[int, str, int]:
    """The seq and hash the chain must start from: 1 and "" unless a purge cut it (then the anchor's)."""
    anchor = newest_anchor(session)
    if anchor is None or anchor.through_seq is None:
        return 1, "", 0
    report.forged_anchor = not _same(anchor.mac or "", anchor_mac(anchor, key))
    return anchor.through_seq + 1, anchor.last_hash, anchor.through_seq


def newest_anchor(session: Session) -> AuditAnchor | None:
    """The newest purge of the keyed chain; anchors from before revision 0006 (no seq) described the old chain."""
    query = select(AuditAnchor).where(col(AuditAnchor.through_seq).is_not(None))
    return session.exec(query.order_by(col(AuditAnchor.id).desc()).limit(1)).first()


def _count_unsealed(session: Session, report: AuditReport) -> None:
    query = select(func.count(), func.min(AuditEvent.at)).where(col(AuditEvent.seq).is_(None))
    report.unsealed, report.oldest_unsealed = session.exec(query).one()


@dataclass(frozen=True, slots=True)
class AuditQuery:
    kind: str | None = None  # an action or its prefix: "booking" matches "booking.confirmed"
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100


def events(session: Session, query: AuditQuery) -> list[AuditEvent]:
    """Newest first."""
    found = select(AuditEvent)
    if query.kind:
        found = found.where(
            or_(col(AuditEvent.action) == query.kind, col(AuditEvent.action).startswith(query.kind + "."))
        )
    if query.actor:
        found = found.where(AuditEvent.actor == query.actor)
    if query.since:
        found = found.where(col(AuditEvent.at) >= query.since)
    if query.until:
        found = found.where(col(AuditEvent.at) < query.until)
    return list(session.exec(found.order_by(col(AuditEvent.id).desc()).limit(query.limit)))


def purge(session: Session, before: datetime, key: bytes, actor: str = "system") -> int:
    """Delete sealed events older than `before`, keeping the rest verifiable: the cut is anchored under the key
    and itself audited. Events not sealed yet stay; the next purge takes them."""
    through = _purge_through(session, before)
    last = session.exec(select(AuditEvent).where(AuditEvent.seq == through)).first() if through else None
    if last is None:
        return 0
    removed = session.exec(select(func.count()).where(col(AuditEvent.seq) <= through)).one()
    session.execute(delete(AuditEvent).where(col(AuditEvent.seq) <= through))
    anchor = AuditAnchor(through_id=last.id or 0, through_seq=through, last_hash=last.hash, removed=removed)
    anchor.mac = anchor_mac(anchor, key)
    session.add(anchor)
    detail = {"through_seq": through, "last_hash": last.hash, "removed": removed}
    record(session, actor, "audit.purged", ("audit", str(through)), detail)
    return int(removed)


def _purge_through(session: Session, before: datetime) -> int | None:
    """The last seq of the sealed run that is wholly older than `before`: a purge never takes a newer event."""
    sealed = col(AuditEvent.seq).is_not(None)
    first_kept = session.exec(select(func.min(AuditEvent.seq)).where(sealed, col(AuditEvent.at) >= before)).one()
    if first_kept is not None:
        return int(first_kept) - 1
    newest = session.exec(select(func.max(AuditEvent.seq)).where(sealed)).one()
    return int(newest) if newest is not None else None
