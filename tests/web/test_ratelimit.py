"""The RateLimiter contract: one suite, run against the in-memory and the Redis backend alike."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import pytest
from redis.asyncio import Redis

from web.ratelimit import RateLimiter, open_rate_limiter

T = TypeVar("T")
BACKENDS = [pytest.param("memory"), pytest.param("redis", marks=pytest.mark.redis)]


@dataclass(frozen=True)
class LimiterSpace:
    """Where a test's limiters keep their counts: each `open()` is a new limiter on the same store."""

    url: str
    prefix: str

    def run(self, limit: int, window_s: float, body: Callable[[RateLimiter], Awaitable[T]]) -> T:
        async def main() -> T:
            redis = Redis.from_url(self.url) if self.url.startswith("redis") else None
            try:
                return await body(open_rate_limiter(self.url, limit, window_s, redis, self.prefix))
            finally:
                if redis is not None:
                    await redis.aclose()

        return asyncio.run(main())


@pytest.fixture(params=BACKENDS)
def space(request: pytest.FixtureRequest) -> LimiterSpace:
    if request.param == "memory":
        return LimiterSpace("memory://", "")
    return LimiterSpace(request.getfixturevalue("redis_url"), request.getfixturevalue("redis_prefix"))


def test_a_client_gets_its_limit_then_is_told_when_to_come_back(space: LimiterSpace) -> None:
    async def body(limiter: RateLimiter) -> None:
        allowed = [await limiter.hit("client-a") for _ in range(3)]
        assert all(d.allowed for d in allowed)
        refused = await limiter.hit("client-a")
        assert not refused.allowed
        assert 1 <= refused.retry_after_s <= 30

    space.run(3, 30, body)


def test_clients_are_counted_apart(space: LimiterSpace) -> None:
    async def body(limiter: RateLimiter) -> None:
        for _ in range(3):
            await limiter.hit("busy")
        assert not (await limiter.hit("busy")).allowed
        assert (await limiter.hit("quiet")).allowed

    space.run(2, 30, body)


def test_a_new_window_starts_a_new_count(space: LimiterSpace) -> None:
    async def body(limiter: RateLimiter) -> None:
        assert (await limiter.hit("c")).allowed
        assert not (await limiter.hit("c")).allowed
        await asyncio.sleep(0.5)
        assert (await limiter.hit("c")).allowed

    space.run(1, 0.3, body)


def test_concurrent_requests_never_get_past_the_limit(space: LimiterSpace) -> None:
    async def body(limiter: RateLimiter) -> list[bool]:
        return [d.allowed for d in await asyncio.gather(*(limiter.hit("burst") for _ in range(60)))]

    outcomes = space.run(10, 30, body)
    assert outcomes.count(True) == 10


@pytest.mark.redis
def test_workers_on_redis_share_one_window(redis_url: str, redis_prefix: str) -> None:
    async def body() -> list[bool]:
        redis = Redis.from_url(redis_url)
        try:
            workers = [open_rate_limiter(redis_url, 2, 30, redis, redis_prefix) for _ in range(2)]
            return [(await workers[n % 2].hit("shared")).allowed for n in range(4)]
        finally:
            await redis.aclose()

    assert asyncio.run(body()) == [True, True, False, False]


def test_an_unreachable_redis_lets_requests_through() -> None:
    async def body() -> bool:
        redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
        try:
            limiter = open_rate_limiter("redis://127.0.0.1:1/0", 1, 30, redis, "x:")
            return all([(await limiter.hit("c")).allowed for _ in range(3)])
        finally:
            await redis.aclose()

    assert asyncio.run(body())
