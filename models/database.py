"""Engines and sessions, made on demand from a URL: nothing connects at import time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, create_engine

P = ParamSpec("P")
T = TypeVar("T")
RECYCLE_S = 1800  # under any server or proxy idle timeout, so a pooled connection is rarely found dead


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs, as platforms hand them out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


CONNECT_TIMEOUT_S = 5


def make_engine(url: str, pool_size: int = 10) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    # No pre-ping: it cost a round trip on every checkout. A connection found dead on first use is retried
    # once instead (StaleConnection, retried by `blocking`), and recycling keeps that rare.
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=RECYCLE_S,
        pool_timeout=5,
        # A server that accepts the connection but never answers (a hung host, a black-holed route) must not hold
        # a worker thread for the OS's TCP timeout (minutes): give up after a few seconds, like a pool timeout.
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )
    event.listen(engine.pool, "checkout", _fresh)
    event.listen(engine, "after_cursor_execute", _used)
    event.listen(engine, "handle_error", _stale)
    return engine


class StaleConnection(OperationalError):
    """A pooled connection was dead before this unit of work sent anything on it: safe to run the work again."""


def _fresh(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    record.info["fresh"] = True


def _used(conn: Connection, *_args: Any) -> None:
    conn.info["fresh"] = False


def _stale(context: ExceptionContext) -> BaseException | None:
    """A disconnect on a checkout's first statement means the server dropped it while it sat in the pool."""
    conn, error = context.connection, context.sqlalchemy_exception
    if not context.is_disconnect or conn is None or error is None or not conn.info.get("fresh"):
        return None
    return StaleConnection(
        context.statement, context.parameters, context.original_exception, connection_invalidated=True
    )


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the single writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error. A connection lost during the COMMIT itself
    raises CommitUnknown: the work may have landed, so a caller must not undo what it did outside the database."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.flush()  # so that a failure in `_commit` can only be the COMMIT itself
        except BaseException:
            session.rollback()
            raise
        _commit(session)


class CommitUnknown(OperationalError):
    """The connection died while COMMIT was in flight: the unit of work may or may not have landed."""


def _commit(session: Session) -> None:
    try:
        session.commit()
    except BaseException as error:
        session.rollback()
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            raise CommitUnknown(
                error.statement, error.params, error.orig or error, connection_invalidated=True
            ) from error
        raise


_READERS: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads only: autocommit, so no BEGIN before it and no ROLLBACK when it closes."""
    reader = _READERS.get(engine)
    if reader is None:
        reader = _READERS[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    with Session(reader, expire_on_commit=False) as session:
        yield session


async def blocking(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking database work in a thread, the one way async code does. The work is seen through even if
    the request is cancelled (a half-seen commit would leave the caller guessing), and run once more if its
    connection turned out dead before it sent anything."""
    try:
        return await _shielded(fn, *args, **kwargs)
    except StaleConnection:
        return await _shielded(fn, *args, **kwargs)


async def _shielded(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    task = asyncio.ensure_future(asyncio.to_thread(fn, *args, **kwargs))
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(BaseException):
            await task
        raise


def ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
