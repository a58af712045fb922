"""`one111 providers create|token`: a provider organisation and its tokens for /ws/provider and PUT .../capacity."""

from __future__ import annotations

import argparse
import sys

from identity.providers import create_provider, issue_token, provider_services
from models.database import make_engine
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    providers = subparsers.add_parser("providers", help="organisations that run services, and their tokens")
    commands = providers.add_subparsers(dest="providers_command", required=True, metavar="COMMAND")
    token = commands.add_parser("token", help="issue a new token for a provider; it is printed once, never stored")
    token.add_argument("provider_id", help="the provider's id (`provider_id` in GET /v1/services)")
    token.add_argument("--label", default="", help="a note to tell tokens apart, e.g. the system using it")
    token.set_defaults(handler=_token)
    create = commands.add_parser("create", help="add a provider organisation and print its first token once")
    create.add_argument("provider_id", help="the provider's id, e.g. its ODS code (at most 16 characters)")
    create.add_argument("--name", required=True, help="the organisation's name")
    create.set_defaults(handler=_create)


def _create(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= len(args.provider_id) <= 16:
        print("one111: a provider id is 1 to 16 characters", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        create_provider(engine, args.provider_id, args.name)
    finally:
        engine.dispose()
    return _token(argparse.Namespace(provider_id=args.provider_id, label="created with the provider"), settings)


def _token(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        token = issue_token(engine, args.provider_id, args.label)
        services = provider_services(engine, args.provider_id)
    finally:
        engine.dispose()
    print(token)
    print(
        f"Token for provider {args.provider_id} ({len(services)} services). Keep it secret: only its hash is stored, "
        "so it cannot be shown again. Send it as `Authorization: Bearer <token>`.",
        file=sys.stderr,
    )
    return 0
