"""`one111 audit verify|purge`: check the hash chain; remove events past retention, keeping the rest verifiable."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from sqlmodel import Session

from models.audit import purge, verify
from models.database import make_engine, session_scope
from models.types import utcnow
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = subparsers.add_parser("audit", help="the tamper-evident audit trail")
    commands = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    commands.add_parser("verify", help="check every event's hash and link; exit 1 if any was edited or deleted")
    commands.choices["verify"].set_defaults(handler=_verify)
    cut = commands.add_parser("purge", help="delete events older than ONE111_AUDIT_RETENTION_DAYS")
    cut.add_argument("--days", type=int, default=None, help="override the retention for this run")
    cut.set_defaults(handler=_purge)


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            broken = verify(session)
    finally:
        engine.dispose()
    if broken:
        print(f"audit chain BROKEN at event ids: {', '.join(map(str, broken[:50]))}", file=sys.stderr)
        return 1
    print("audit chain intact")
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    days = args.days if args.days is not None else settings.audit_retention_days
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            removed = purge(session, utcnow() - timedelta(days=days))
    finally:
        engine.dispose()
    print(f"removed {removed} audit events older than {days} days; the rest still verify")
    return 0
