"""The `one111` command. Each command group lives in web/commands/ and registers itself here."""

from __future__ import annotations

import argparse
import logging.config
import sys
from collections.abc import Sequence

from models.errors import DomainError
from web.commands import audit, crisis_lines, db, directory, insight, keys, providers, serve, triage, users
from web.logs import log_config
from web.settings import Settings

COMMAND_GROUPS = (serve, db, directory, providers, crisis_lines, triage, users, audit, keys, insight)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="one111", description="one111: triage, live capacity and booking.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    logging.config.dictConfig(log_config(settings.log_level))
    try:
        result: int = args.handler(args, settings)
    except DomainError as error:
        print(f"one111: {error.detail}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
