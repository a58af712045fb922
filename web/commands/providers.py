"""`one111 providers create|token|revoke`: a provider organisation and its tokens (/ws/provider, PUT .../capacity)."""

from __future__ import annotations

import argparse
import sys

from sqlmodel import Session

from identity.providers import create_provider, issue_token, provider_services, revoke_tokens
from models.database import make_engine
from web.revocations import tell_workers
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    providers = subparsers.add_parser("providers", help="organisations that run services, and their tokens")
    commands = providers.add_subparsers(dest="providers_command", required=True, metavar="COMMAND")
    token = commands.add_parser("token", help="issue a new token for a provider; it is printed once, never stored")
    token.add_argument("provider_id", help="the provider's id (`provider_id` in GET /v1/services)")
    token.add_argument("--label", default="", help="a note to tell tokens apart, e.g. the system using it")
    token.set_defaults(handler=_token)
    revoke = commands.add_parser("revoke", help="revoke a provider's tokens (all, or those with --label)")
    revoke.add_argument("provider_id")
    revoke.add_argument("--label", default=None, help="only the tokens issued with this label")
    revoke.set_defaults(handler=_revoke)
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
        with Session(engine) as session:
            services = provider_services(session, args.provider_id)
    finally:
        engine.dispose()
    print(token)
    print(
        f"Token for provider {args.provider_id} ({len(services)} services). Keep it secret: only its hash is stored, "
        "so it cannot be shown again. Send it as `Authorization: Bearer <token>`.",
        file=sys.stderr,
    )
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        revoked = revoke_tokens(engine, args.provider_id, args.label)
    finally:
        engine.dispose()
    print(f"{len(revoked)} token(s) of provider {args.provider_id} revoked")
    return tell_workers(settings, revoked)
