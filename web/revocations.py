"""Revocation notices: every worker's credential cache forgets a revoked credential within a second.

Whoever revokes (a route here, or the CLI in another process) writes the database first, then publishes the
cache names it got back (keys or owners, see identity.cache) as a JSON list on `<prefix>identity:revoked`.
Every worker listens from its lifespan and drops those entries.

Pub/sub only notifies, and a subscriber that is away misses what was said meanwhile, so a worker caches only
while it is subscribed: it starts suspended, resumes with an empty cache once Redis confirms the subscription,
and suspends (empty; every request asks the database) as soon as the connection fails or its pings go
unanswered for PING_TIMEOUT_S. Without Redis there is one worker: routes drop its entries directly, and what
the CLI revokes is bounded by the TTL, which is then at most a second (`Settings.credential_ttl_seconds`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import time
from collections.abc import Sequence
from typing import Any

import redis
from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from identity.cache import CredentialCache
from web.settings import Settings

CHANNEL = "identity:revoked"
PING_EVERY_S = 1.0
PING_TIMEOUT_S = 3.0
RETRY_S = 1.0
READY_WAIT_S = 5.0
logger = logging.getLogger("one111.revocations")


def channel(prefix: str) -> str:
    return prefix + CHANNEL


def tell_workers(settings: Settings, names: Sequence[str]) -> int:
    """For the CLI, after it revoked: an exit status, 1 (and why, on stderr) if the workers could not be told.

    Without Redis there is nobody to tell: the one worker's cache TTL, at most a second, bounds it."""
    if not settings.redis_url or not names:
        return 0
    try:
        with redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2) as client:
            client.publish(channel(settings.redis_prefix), json.dumps(list(names)))
    except redis.RedisError as error:
        wait = settings.credential_cache_seconds
        print(
            f"one111: revoked, but the running workers could not be told ({type(error).__name__}): "
            f"they may accept the credential for up to {wait:g} s more",
            file=sys.stderr,
        )
        return 1
    return 0


class Revocations:
    """A worker's end of the notices: send its own revocations, apply everyone's."""

    def __init__(self, cache: CredentialCache, client: Redis | None, prefix: str) -> None:
        self.cache, self.client, self.channel = cache, client, channel(prefix)
        self.subscribed = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listen, and wait (briefly) for the first subscription so the worker caches from its first request."""
        if self.client is None:
            return
        self._listener = asyncio.create_task(self._listen())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.subscribed.wait(), READY_WAIT_S)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener

    async def revoked(self, names: Sequence[str]) -> None:
        """Forget here at once, then tell the other workers (the database already refuses the credential)."""
        self.cache.drop(names)
        if self.client is None or not names:
            return
        try:
            await self.client.publish(self.channel, json.dumps(list(names)))
        except redis.RedisError as error:
            # Workers that cannot hear us cannot hear Redis either, and a worker that lost Redis caches nothing.
            logger.warning("revocation notice not sent", extra={"error_type": type(error).__qualname__})

    async def _listen(self) -> None:
        assert self.client is not None
        while True:
            try:
                await self._follow(self.client.pubsub())
            except Exception as error:  # Redis restarted or unreachable: cache nothing until subscribed again
                logger.warning("revocation notices lost; caching off", extra={"error_type": type(error).__qualname__})
            await asyncio.sleep(RETRY_S)

    async def _follow(self, pubsub: PubSub) -> None:
        try:
            await pubsub.subscribe(self.channel)
            await self._confirmed(pubsub)
            self.cache.resume()
            self.subscribed.set()
            await self._pump(pubsub)
        finally:
            self.cache.suspend()
            self.subscribed.clear()
            with contextlib.suppress(Exception):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def _confirmed(self, pubsub: PubSub) -> None:
        """Only notices published after the confirmation are sure to arrive."""
        deadline = time.monotonic() + READY_WAIT_S
        while time.monotonic() < deadline:
            message = await pubsub.get_message(timeout=0.1)
            if message is not None and message["type"] == "subscribe":
                return
        raise ConnectionError("Redis did not confirm the revocation subscription")

    async def _pump(self, pubsub: PubSub) -> None:
        heard = pinged = time.monotonic()
        while True:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=PING_EVERY_S)
            now = time.monotonic()
            if message is not None:
                heard = now
                self._apply(message)
            if now - heard > PING_TIMEOUT_S:
                raise ConnectionError("Redis stopped answering the revocation subscription's pings")
            if now - pinged >= PING_EVERY_S:
                await pubsub.ping()
                pinged = now

    def _apply(self, message: dict[str, Any]) -> None:
        if message["type"] != "message":
            return
        try:
            names = json.loads(message["data"])
            self.cache.drop([name for name in names if isinstance(name, str)])
        except (ValueError, TypeError):
            self.cache.resume()  # a notice we cannot read may have named anything: forget everything
