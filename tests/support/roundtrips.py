"""Count what a request costs the database: statements, transactions, and the round trips they make.

`count(engine)` listens on the engine's own events for as long as the block runs, and counts what requests to
an app wrapped in `Requests` do through that engine (the auth lookup, the route's work), not what the app's
background tasks (hold sweeper, board check, booking feed) happen to do meanwhile: the wrapper marks each
request's context, and the threads a request's database work runs in inherit it. A round trip is a statement,
a BEGIN (psycopg sends one before the first statement of a transaction), a COMMIT or ROLLBACK that reaches the
server, and a pre-ping on checkout when the pool is configured to ping.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from starlette.types import ASGIApp, Receive, Scope, Send

IN_REQUEST: ContextVar[bool] = ContextVar("in_request", default=False)


class Requests:
    """An ASGI app that marks the context of every HTTP request, so `count` can tell its queries apart."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = IN_REQUEST.set(scope["type"] == "http")
        try:
            await self.app(scope, receive, send)
        finally:
            IN_REQUEST.reset(token)


@dataclass
class Tally:
    statements: list[str] = field(default_factory=list)
    begins: int = 0
    commits: int = 0
    rollbacks: int = 0
    resets: int = 0
    pings: int = 0

    @property
    def transactions(self) -> int:
        """Transactions the server saw: every BEGIN (SQLAlchemy's, or one the pool ends with a reset)."""
        return self.begins

    @property
    def round_trips(self) -> int:
        return len(self.statements) + self.begins + self.commits + self.rollbacks + self.pings

    def summary(self) -> str:
        return (
            f"{len(self.statements)} statements, {self.begins} begins, {self.commits} commits, "
            f"{self.rollbacks} rollbacks, {self.pings} pings: {self.round_trips} round trips"
        )


@contextmanager
def count(engine: Engine) -> Iterator[Tally]:
    tally = Tally()
    pinging = bool(getattr(engine.pool, "_pre_ping", False))
    active: dict[int, bool] = {}  # Connection id -> its transaction has sent a statement (so BEGIN went out)

    def statement(conn: Connection, _cursor: Any, sql: str, *_rest: Any) -> None:
        if not IN_REQUEST.get():
            return
        tally.statements.append(" ".join(sql.split())[:120])
        if conn.in_transaction() and not _autocommit(conn) and not active.get(id(conn)):
            active[id(conn)] = True
            tally.begins += 1

    def ended(conn: Connection, field_name: str) -> None:
        if active.pop(id(conn), False):  # an empty transaction never reached the server
            setattr(tally, field_name, getattr(tally, field_name) + 1)

    def commit(conn: Connection) -> None:
        ended(conn, "commits")

    def rollback(conn: Connection) -> None:
        ended(conn, "rollbacks")

    def checkout(*_args: Any) -> None:
        tally.pings += pinging and IN_REQUEST.get()

    listeners: list[tuple[Any, str, Any]] = [
        (engine, "before_cursor_execute", statement),
        (engine, "commit", commit),
        (engine, "rollback", rollback),
        (engine.pool, "checkout", checkout),
    ]
    for target, name, fn in listeners:
        event.listen(target, name, fn)
    try:
        yield tally
    finally:
        for target, name, fn in listeners:
            event.remove(target, name, fn)


def _autocommit(conn: Connection) -> bool:
    return bool(conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT")
