"""The `one111` command. Each command group lives in web/commands/ and registers itself here.

A group's module is imported only when its command runs: `one111 triage score` needs neither the web app nor the
database layer (1.4 -> 0.7 CPU-s a command), and a server's main process none of the other commands. Help and a
mistyped command read every group.
"""

from __future__ import annotations

import argparse
import importlib
import logging.config
import sys
from collections.abc import Sequence

from models.errors import DomainError
from web.logs import log_config
from web.settings import Settings

# Each command and the module that registers it, in the order `one111 --help` lists them.
COMMANDS: dict[str, str] = {
    name: f"web.commands.{module}"
    for name, module in (
        ("serve", "serve"),
        ("db", "db"),
        ("directory", "directory"),
        ("providers", "providers"),
        ("crisis-lines", "crisis_lines"),
        ("triage", "triage"),
        ("users", "users"),
        ("audit", "audit"),
        ("keys", "keys"),
        ("insight", "insight"),
    )
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of `command` alone when it is one of ours (all that running it needs), else of every command."""
    parser = argparse.ArgumentParser(prog="one111", description="one111: triage, live capacity and booking.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in [command] if command in COMMANDS else COMMANDS:
        importlib.import_module(COMMANDS[name]).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv[0] if argv else None).parse_args(argv)
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
