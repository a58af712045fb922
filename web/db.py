"""How routes and sockets reach the database: blocking work runs in a worker thread, never on the event loop.

One request is one unit of work. A reader takes a `Session` and never opens one: `read` lends it a read-only
session of its own, opened and closed in the worker thread, so no transaction stays open across the route's
awaits. A writer owns exactly one `session_scope`: `write` runs it and sees it through even if the request is
cancelled, so a commit is never left half-seen. Both go through `models.database.blocking`, the one way async code
(the domain's too) reaches the database. `in_thread` is only for work that must be abandonable, such as the
readiness ping under its deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.database import blocking, read_session

P = ParamSpec("P")
T = TypeVar("T")


async def read(engine: Engine, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(session, *args, **kwargs)` on a read-only session of its own (autocommit: no BEGIN, no ROLLBACK at
    close), opened and closed in the worker thread; run once more if its pooled connection was found dead."""

    def work() -> T:
        with read_session(engine) as session:
            return fn(session, *args, **kwargs)

    return await blocking(work)


@dataclass(frozen=True, slots=True)
class Database:
    """`read` on one engine, for domain code that reads between awaits (chat.assistant.World.db)."""

    engine: Engine

    async def read(self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await read(self.engine, fn, *args, **kwargs)


async def write(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a writer (it owns its one `session_scope`) and wait for it even when the request is cancelled, then
    let the cancellation through (models.database.blocking, which also retries a dead pooled connection once)."""
    return await blocking(fn, *args, **kwargs)


async def in_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Blocking work that opens its own connection; like a read, a cancelled call just stops waiting."""
    return await asyncio.to_thread(fn, *args, **kwargs)
