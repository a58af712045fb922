"""Slow password guessing: at most N login attempts per account, and 5N per address, in each window.

Counting every attempt (not only failures) keeps it one atomic step in the shared rate limiter. The per-address
budget is larger because many staff may sit behind one NHS network address.
"""

from __future__ import annotations

from typing import Protocol

from identity.errors import TooManyLogins
from identity.keys import digest

ADDRESS_FACTOR = 5


class Verdict(Protocol):
    @property
    def allowed(self) -> bool: ...

    @property
    def retry_after_s(self) -> int: ...


class Counter(Protocol):
    """A fixed-window counter (web.ratelimit's limiters are ones): count one attempt by `client`."""

    async def hit(self, client: str) -> Verdict: ...


class LoginThrottle:
    def __init__(self, per_account: Counter, per_address: Counter) -> None:
        self.per_account, self.per_address = per_account, per_address

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
