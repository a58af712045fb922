"""What a worker process opens at start-up and closes at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from redis.asyncio import Redis
from sqlalchemy.engine import Engine

from capacity.backends import open_board
from capacity.board import Board
from capacity.geography import Gazetteer
from capacity.hub import Hub
from capacity.rebuild import latest_states, rebuild
from identity.cache import CredentialCache
from identity.throttle import LoginThrottle
from models.audit_seal import seal_forever
from models.crypto import Keyring
from models.database import make_engine
from models.migrate import head_revision, is_current
from notify import outbox
from routing.booking import sweep_forever
from routing.sites import LiveIndex
from triage.service import Triager
from web.audit_trail import audit_key, checkpoint_log
from web.db import read
from web.keyring import data_keyring
from web.metrics import HOLDS_EXPIRED
from web.notifications import Notifier
from web.ratelimit import RateLimiter, open_login_throttle, open_rate_limiter
from web.revocations import Revocations
from web.settings import Settings
from web.ws.feed import BookingFeed
from web.ws.frames import DeltaEncoder


class SchemaOutOfDate(RuntimeError):
    pass


@dataclass
class Resources:
    settings: Settings
    engine: Engine
    redis: Redis | None
    gazetteer: Gazetteer
    board: Board
    hub: Hub
    triager: Triager
    feed: BookingFeed = field(init=False)
    sites: LiveIndex = field(init=False)  # the directory's spatial index, read on first use and kept fresh
    limiter: RateLimiter | None = field(init=False)
    login_throttle: LoginThrottle = field(init=False)
    credentials: CredentialCache = field(init=False)
    revocations: Revocations = field(init=False)
    sweeper: asyncio.Task[None] | None = None
    audit_key: bytes = field(init=False, repr=False)
    keyring: Keyring = field(init=False, repr=False)  # seals patient data at rest
    sealer: asyncio.Task[None] | None = None
    notifier: Notifier = field(init=False)  # patient messages out, disrupted bookings moved

    @classmethod
    def open(cls, settings: Settings) -> Resources:
        triager = Triager.load(settings.triage_artifacts)  # first: a bad model stops start-up before anything opens
        engine = make_engine(settings.database_url, settings.db_pool_size)
        if not is_current(engine):
            engine.dispose()
            raise SchemaOutOfDate(
                f"the database is not at schema revision {head_revision()}: run `one111 db upgrade` "
                "(or `one111 serve`, which migrates a fresh database before it starts)"
            )
        redis = (
            # Named, so `CLIENT LIST` tells which worker holds which connection.
            Redis.from_url(
                settings.redis_url, socket_timeout=2, socket_connect_timeout=2, client_name=f"one111-{os.getpid()}"
            )
            if settings.redis_url
            else None
        )
        staleness = timedelta(hours=settings.staleness_hours)
        board = open_board(settings.board_url, settings.redis_prefix, staleness)
        hub = Hub(
            board, DeltaEncoder(staleness), lambda: _rebuild(engine, board), settings.board_check_seconds, staleness
        )
        gazetteer = Gazetteer.from_dir(settings.data_dir)
        return cls(settings, engine, redis, gazetteer, board=board, hub=hub, triager=triager)

    async def start(self) -> None:
        """The async half of opening: restore the board from the database if it is new or lost; fan out changes;
        return the slots of expired holds even when no request touches their service."""
        # Database work runs in the loop's default executor (models.database.blocking). Its stock size, cores + 4,
        # is 6 threads on 2 cores: a few transactions waiting on a row or window lock then stall every other request.
        # As many threads as the pool has connections (pool_size + overflow) keeps waits on the database.
        threads = ThreadPoolExecutor(max_workers=2 * self.settings.db_pool_size, thread_name_prefix="one111-db")
        asyncio.get_running_loop().set_default_executor(threads)
        await self.hub.start()
        self.sweeper = asyncio.create_task(
            sweep_forever(self.engine, self.board, self.settings.hold_sweep_seconds, HOLDS_EXPIRED.inc)
        )
        s = self.settings
        self.sealer = asyncio.create_task(
            seal_forever(self.engine, self.audit_key, checkpoint_log(s), s.audit_seal_seconds)
        )
        await self.feed.start()
        await self.revocations.start()
        self.notifier.start()

    def __post_init__(self) -> None:
        self.feed = BookingFeed(self.engine)
        self.sites = LiveIndex(self.engine)
        s = self.settings
        self.limiter = (
            open_rate_limiter(
                s.rate_limit_url, s.rate_limit_requests, s.rate_limit_window_seconds, self.redis, s.redis_prefix
            )
            if s.rate_limit_requests
            else None
        )
        self.login_throttle = open_login_throttle(s, self.redis, s.redis_prefix)
        # With Redis, cache only while subscribed to revocation notices (Revocations resumes it).
        suspended = self.redis is not None
        self.credentials = CredentialCache(s.credential_ttl_seconds, s.credential_cache_entries, suspended=suspended)
        self.revocations = Revocations(self.credentials, self.redis, s.redis_prefix)
        self.audit_key = audit_key(s)  # here, so a missing or exposed key stops start-up
        self.keyring = data_keyring(s)
        outbox.install()  # every booking change this worker makes writes its patient message in its transaction
        self.notifier = Notifier(s, self.engine, self.board, self.keyring, self.sites.current)

    async def close(self) -> None:
        await self.notifier.stop()
        await self.revocations.stop()
        await self.feed.stop()
        for task in (self.sweeper, self.sealer):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.hub.stop()
        await self.board.close()
        if self.redis is not None:
            await self.redis.aclose()
        self.engine.dispose()


async def _rebuild(engine: Engine, board: Board) -> int:
    return await rebuild(board, await read(engine, latest_states))
