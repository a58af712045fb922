"""Slow password guessing: at most N login attempts per account, and 5N per address, in each window.

Counting every attempt (not only failures) keeps it one atomic step in the shared rate limiter. The per-address
budget is larger because many staff may sit behind one NHS network address.
"""

from __future__ import annotations

from redis.asyncio import Redis

from web.identity.errors import TooManyLogins
from web.identity.keys import digest
from web.ratelimit import RateLimiter, open_rate_limiter
from web.settings import Settings

ADDRESS_FACTOR = 5


class LoginThrottle:
    def __init__(self, per_account: RateLimiter, per_address: RateLimiter) -> None:
        self.per_account, self.per_address = per_account, per_address

    @classmethod
    def open(cls, settings: Settings, redis: Redis | None, prefix: str) -> LoginThrottle:
        def limiter(limit: int) -> RateLimiter:
            window = settings.login_window_seconds
            return open_rate_limiter(settings.rate_limit_url, limit, window, redis, prefix)

        return cls(limiter(settings.login_attempts), limiter(settings.login_attempts * ADDRESS_FACTOR))

    async def check(self, username: str, address: str) -> None:
        """Count this attempt; raise TooManyLogins if the account or the address is over its budget."""
        account = await self.per_account.hit("login-account:" + digest(username.strip().lower()))
        place = await self.per_address.hit("login-address:" + digest(address))
        for decision in (account, place):
            if not decision.allowed:
                raise TooManyLogins(
                    "Too many login attempts. Wait for the time in Retry-After, or ask an admin to check the account.",
                    decision.retry_after_s,
                )
