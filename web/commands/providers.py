"""`one111 providers token <provider-id>`: issue a provider a token for /ws/provider and PUT .../capacity."""

from __future__ import annotations

import argparse
import sys

from capacity.tokens import issue_token, provider_services
from models.database import make_engine
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    providers = subparsers.add_parser("providers", help="organisations that run services, and their tokens")
    commands = providers.add_subparsers(dest="providers_command", required=True, metavar="COMMAND")
    token = commands.add_parser("token", help="issue a new token for a provider; it is printed once, never stored")
    token.add_argument("provider_id", help="the provider's id (`provider_id` in GET /v1/services)")
    token.add_argument("--label", default="", help="a note to tell tokens apart, e.g. the system using it")
    token.set_defaults(handler=_token)


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
