"""`one111 users create|token|revoke-tokens|disable|demo`: staff accounts and their API tokens."""

from __future__ import annotations

import argparse
import sys

from identity.tokens import issue_staff_token, revoke_staff_tokens
from identity.users import DEMO_USERS, create_user, disable_user, ensure_demo_users, new_password
from models.database import make_engine
from models.vocabulary import USER_ROLES, Role
from web.revocations import tell_workers
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = subparsers.add_parser("users", help="staff users (call handlers, clinicians, admins) and their tokens")
    commands = users.add_subparsers(dest="users_command", required=True, metavar="COMMAND")
    create = commands.add_parser("create", help="create a staff user; prints an API token once")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=sorted(USER_ROLES))
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.set_defaults(handler=_create)
    token = commands.add_parser("token", help="issue another API token for an existing user; printed once")
    token.add_argument("username")
    token.add_argument("--label", default="")
    token.set_defaults(handler=_token)
    revoke = commands.add_parser("revoke-tokens", help="revoke a user's API tokens (all, or those with --label)")
    revoke.add_argument("username")
    revoke.add_argument("--label", default=None, help="only the tokens issued with this label")
    revoke.set_defaults(handler=_revoke_tokens)
    disable = commands.add_parser("disable", help="lock a user out: their tokens and sessions stop working within 1 s")
    disable.add_argument("username")
    disable.set_defaults(handler=_disable)
    demo = commands.add_parser("demo", help="create the README's demo users (embedded SQLite only, unless --force)")
    demo.add_argument("--force", action="store_true", help="also on another database: never in production")
    demo.set_defaults(handler=_demo)


def _create(args: argparse.Namespace, settings: Settings) -> int:
    generated = not args.password_stdin
    password = new_password() if generated else sys.stdin.readline().rstrip("\n")
    engine = make_engine(settings.database_url)
    try:
        create_user(engine, args.username, Role(args.role), password)
        token = issue_staff_token(engine, args.username, settings.staff_token_days, "created with the user")
    finally:
        engine.dispose()
    print(token)
    if generated:
        print(f"Password for {args.username} (shown once): {password}", file=sys.stderr)
    print(_kept_secret(args.username, settings), file=sys.stderr)
    return 0


def _token(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        token = issue_staff_token(engine, args.username, settings.staff_token_days, args.label)
    finally:
        engine.dispose()
    print(token)
    print(_kept_secret(args.username, settings), file=sys.stderr)
    return 0


def _disable(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        revoked = disable_user(engine, args.username)
    finally:
        engine.dispose()
    print(f"{args.username} is disabled: their tokens and console sessions no longer work")
    return tell_workers(settings, revoked)


def _revoke_tokens(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        revoked = revoke_staff_tokens(engine, args.username, args.label)
    finally:
        engine.dispose()
    print(f"{len(revoked)} API token(s) of {args.username} revoked")
    return tell_workers(settings, revoked)


def _kept_secret(username: str, settings: Settings) -> str:
    return (
        f"API token for {username}, valid {settings.staff_token_days:g} days. Keep it secret: only its hash is "
        "stored, so it cannot be shown again. Send it as `Authorization: Bearer <token>`."
    )


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.database_url.startswith("sqlite") and not args.force:
        print(
            "one111: demo users are only made on the embedded SQLite database (use --force to insist)", file=sys.stderr
        )
        return 2
    engine = make_engine(settings.database_url)
    try:
        created = ensure_demo_users(engine)
    finally:
        engine.dispose()
    names = ", ".join(f"{name} ({role.value})" for name, (role, _) in DEMO_USERS.items())
    print(f"demo users: {names}; created now: {', '.join(created) or 'none (they already exist)'}")
    return 0
