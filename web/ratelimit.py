"""Per-client rate limits: a fixed window of N requests per client, in memory (one worker) or in Redis (shared).

Choose the backend by URL scheme (memory://, redis://). Store trouble never refuses a request: a limiter
that cannot reach Redis lets it through and logs why, because turning away provider updates or triage for
a cache outage would do more harm than a client briefly going over its budget.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.exceptions import RedisError

from identity.throttle import ADDRESS_FACTOR, LoginThrottle
from web.settings import Settings

logger = logging.getLogger("one111.ratelimit")
SCRIPT = Path(__file__).with_name("lua") / "ratelimit.lua"
# Take one back only from a window that still exists (DECR keeps its expiry), never below zero.
FORGIVE = "if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then return redis.call('DECR', KEYS[1]) end return 0"


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after_s: int  # whole seconds until the client's window ends (at least 1)


class RateLimiter(Protocol):
    async def hit(self, client: str) -> Decision:
        """Count one request by `client` and say whether it is within the limit."""
        ...

    async def forgive(self, client: str) -> None:
        """Take back one request counted in `client`'s current window (the login throttle counts only failures)."""
        ...


def _seconds(ms: float) -> int:
    return max(1, math.ceil(ms / 1000))


class MemoryRateLimiter:
    """Windows in a dict: exact for one worker; with several workers each keeps its own count."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self.windows: dict[str, tuple[float, int]] = {}

    async def hit(self, client: str) -> Decision:
        now = self.clock()
        ends, count = self.windows.get(client, (0.0, 0))
        if now >= ends:
            self._forget_ended(now)
            ends, count = now + self.window_s, 0
        self.windows[client] = (ends, count + 1)
        return Decision(count + 1 <= self.limit, _seconds((ends - now) * 1000))

    async def forgive(self, client: str) -> None:
        ends, count = self.windows.get(client, (0.0, 0))
        if count > 0 and self.clock() < ends:
            self.windows[client] = (ends, count - 1)

    def _forget_ended(self, now: float) -> None:
        # Bounded memory: at most one pass over the clients per window, when the map has grown.
        if len(self.windows) > 10_000:
            self.windows = {key: value for key, value in self.windows.items() if value[0] > now}


class RedisRateLimiter:
    """One key per client, counted and expired by one Lua script, so every worker shares the same window."""

    def __init__(self, redis: Redis, prefix: str, limit: int, window_s: float) -> None:
        self.prefix, self.limit, self.window_ms = prefix, limit, int(window_s * 1000)
        self.script = redis.register_script(SCRIPT.read_text())
        self.forgive_script = redis.register_script(FORGIVE)

    async def hit(self, client: str) -> Decision:
        try:
            allowed, ttl_ms = await self.script(
                keys=[f"{self.prefix}ratelimit:{client}"], args=[self.limit, self.window_ms]
            )
        except RedisError as error:
            logger.warning("rate limiter unreachable; request allowed", extra={"error_type": type(error).__qualname__})
            return Decision(True, 1)
        return Decision(bool(allowed), _seconds(ttl_ms))

    async def forgive(self, client: str) -> None:
        try:
            await self.forgive_script(keys=[f"{self.prefix}ratelimit:{client}"])
        except RedisError as error:
            logger.warning("rate limiter unreachable; not forgiven", extra={"error_type": type(error).__qualname__})


def open_rate_limiter(url: str, limit: int, window_s: float, redis: Redis | None, prefix: str) -> RateLimiter:
    """The worker's own Redis connection is reused; nothing connects until the first request."""
    scheme = urlsplit(url).scheme
    if scheme == "memory":
        return MemoryRateLimiter(limit, window_s)
    if scheme in ("redis", "rediss", "unix"):
        return RedisRateLimiter(redis or Redis.from_url(url), prefix, limit, window_s)
    raise ValueError(f"unknown rate limiter backend {scheme!r}: use memory:// or redis://")


def open_login_throttle(settings: Settings, redis: Redis | None, prefix: str) -> LoginThrottle:
    """The login throttle on the store the other limits use: per account, and ADDRESS_FACTOR times that per address."""

    def limiter(limit: int) -> RateLimiter:
        return open_rate_limiter(settings.rate_limit_url, limit, settings.login_window_seconds, redis, prefix)

    return LoginThrottle(limiter(settings.login_attempts), limiter(settings.login_attempts * ADDRESS_FACTOR))
