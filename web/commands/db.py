"""`one111 db upgrade|current`: schema migrations."""

from __future__ import annotations

import argparse

from models.database import make_engine
from models.migrate import current_revision, head_revision, upgrade
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = subparsers.add_parser("db", help="database schema migrations")
    commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    commands.add_parser("upgrade", help="migrate the database to the latest schema").set_defaults(handler=_upgrade)
    commands.add_parser("current", help="show the schema revision").set_defaults(handler=_current)


def _upgrade(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        print(f"database at schema revision {current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def _current(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        print(f"current: {current_revision(engine)}  head: {head_revision()}")
    finally:
        engine.dispose()
    return 0
