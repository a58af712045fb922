"""Slow password guessing without handing anyone a way to lock users out.

- Per account: at most N failed logins per window; beyond that the account is locked (429) until the window
  ends, even for the right password. This is what bounds guessing at one account.
- Per address (the real client address, see web/clientaddr.py): at most ADDRESS_FACTOR * N failures per window;
  beyond that a wrong password is answered 429 instead of 401, but the right password for an account that is
  not itself locked still gets in. So a flood of failures from one address (or from everyone behind one proxy)
  never locks anybody else out.

Only failures count: each attempt is counted first (one atomic step in the shared limiter, so a burst of parallel
guesses cannot all slip under the limit) and forgiven when the password was right or the check itself failed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from identity.errors import TooManyLogins, Unauthenticated
from identity.keys import digest

ADDRESS_FACTOR = 5
T = TypeVar("T")


class Verdict(Protocol):
    @property
    def allowed(self) -> bool: ...

    @property
    def retry_after_s(self) -> int: ...


class Counter(Protocol):
    """A fixed-window counter (web.ratelimit's limiters are ones)."""

    async def hit(self, client: str) -> Verdict:
        """Count one attempt by `client` and say whether it is within the limit."""
        ...

    async def forgive(self, client: str) -> None:
        """Take back one attempt counted in the current window."""
        ...


def _too_many(verdict: Verdict) -> TooManyLogins:
    return TooManyLogins(
        "Too many failed logins. Wait for the time in Retry-After, or ask an admin to check the account.",
        verdict.retry_after_s,
    )


class LoginThrottle:
    def __init__(self, per_account: Counter, per_address: Counter) -> None:
        self.per_account, self.per_address = per_account, per_address

    async def attempt(self, username: str, address: str, check: Callable[[], Awaitable[T]]) -> T:
        """Run `check` (the password check, raising Unauthenticated when wrong) under both budgets."""
        account_key = "login-account:" + digest(username.strip().lower())
        address_key = "login-address:" + digest(address)
        account = await self.per_account.hit(account_key)
        if not account.allowed:
            raise _too_many(account)  # a locked account: the password is not even checked
        place = await self.per_address.hit(address_key)
        try:
            result = await check()
        except Unauthenticated:
            if not place.allowed:
                raise _too_many(place) from None
            raise
        except BaseException:
            await self._forgive(account_key, address_key)  # an outage is not a failed login
            raise
        await self._forgive(account_key, address_key)
        return result

    async def _forgive(self, account_key: str, address_key: str) -> None:
        await self.per_account.forgive(account_key)
        await self.per_address.forgive(address_key)
