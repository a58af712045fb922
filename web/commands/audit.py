"""`one111 audit verify|seal|purge`: check the keyed chain and its checkpoints; seal now; remove events past
retention, keeping the rest verifiable."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from sqlmodel import Session

from models.audit import AuditReport, purge, verify
from models.audit_seal import seal_pending
from models.database import make_engine, session_scope
from models.types import utcnow
from web.audit_trail import audit_key, checkpoint_log
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = subparsers.add_parser("audit", help="the tamper-evident audit trail")
    commands = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "verify", help="check the chain with the key and against the checkpoints; exit 1 if anything was changed"
    )
    check.set_defaults(handler=_verify)
    commands.add_parser("seal", help="chain the events not sealed yet now (workers do it every second)")
    commands.choices["seal"].set_defaults(handler=_seal)
    cut = commands.add_parser("purge", help="delete events older than ONE111_AUDIT_RETENTION_DAYS")
    cut.add_argument("--days", type=int, default=None, help="override the retention for this run")
    cut.set_defaults(handler=_purge)


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    key, log = audit_key(settings), checkpoint_log(settings)
    checkpoints = list(log.read())
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            report = verify(session, key, checkpoints)
    finally:
        engine.dispose()
    print(_summary(report, len(checkpoints)))
    for problem in _problems(report):
        print(problem, file=sys.stderr)
    return 0 if report.intact else 1


def _summary(report: AuditReport, checkpoints: int) -> str:
    state = "intact" if report.intact else "BROKEN"
    line = f"audit chain {state}: {report.sealed} sealed events through seq {report.last_seq}"
    line += f", checked against {checkpoints} checkpoints"
    if report.oldest_unsealed is None:
        return line + "; none unsealed"
    age = (utcnow() - report.oldest_unsealed).total_seconds()
    return line + f"; {report.unsealed} unsealed, the oldest {age:.1f} s old"


def _problems(report: AuditReport) -> list[str]:
    problems = []
    if report.broken:
        problems.append(f"audit chain BROKEN at event ids: {', '.join(map(str, report.broken[:50]))}")
    if report.lost:
        seqs = ", ".join(map(str, report.lost[:50]))
        problems.append(f"audit checkpoints disagree with the database (deleted or rewritten) at seqs: {seqs}")
    if report.forged_anchor:
        problems.append("audit purge anchor FORGED: its MAC does not match the key")
    return problems


def _seal(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        done = seal_pending(engine, audit_key(settings), checkpoint_log(settings))
    finally:
        engine.dispose()
    count = sum(checkpoint.count for checkpoint in done)
    print(f"sealed {count} audit events" + (f" through seq {done[-1].seq}" if done else ""))
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    days = args.days if args.days is not None else settings.audit_retention_days
    key = audit_key(settings)
    engine = make_engine(settings.database_url)
    try:
        seal_pending(engine, key, checkpoint_log(settings))  # so no event past retention is left behind unsealed
        with session_scope(engine) as session:
            removed = purge(session, utcnow() - timedelta(days=days), key)
    finally:
        engine.dispose()
    print(f"removed {removed} audit events older than {days} days; the rest still verify")
    return 0
