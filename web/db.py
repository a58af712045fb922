"""How routes and sockets reach the database: blocking work runs in a worker thread, never on the event loop.

One request is one unit of work. A reader takes a `Session` and never opens one: `read` lends it a session of
its own, opened and closed in the worker thread, so no transaction stays open across the route's awaits. A
writer owns exactly one `session_scope`: `write` runs it and sees it through even if the request is cancelled,
so a commit is never left half-seen. `in_thread` is for the rest: work that opens its own connection (a ping, or
a function of another package that still takes the engine).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

P = ParamSpec("P")
T = TypeVar("T")


async def read(engine: Engine, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(session, *args, **kwargs)` on a session of its own. A cancelled read just stops waiting: the thread
    finishes on its own and closes the session."""

    def work() -> T:
        with Session(engine) as session:
            return fn(session, *args, **kwargs)

    return await asyncio.to_thread(work)


@dataclass(frozen=True, slots=True)
class Database:
    """`read` on one engine, for domain code that reads between awaits (chat.assistant.World.db)."""

    engine: Engine

    async def read(self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await read(self.engine, fn, *args, **kwargs)


async def write(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a writer (it owns its one `session_scope`) and wait for it even when the request is cancelled, then
    let the cancellation through."""
    task = asyncio.ensure_future(asyncio.to_thread(fn, *args, **kwargs))
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(BaseException):
            await task
        raise


async def in_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Blocking work that opens its own connection; like a read, a cancelled call just stops waiting."""
    return await asyncio.to_thread(fn, *args, **kwargs)
