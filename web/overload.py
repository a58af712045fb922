"""Overload protection as pure ASGI middleware: a bounded number of requests in flight per worker, with a
separate budget for what must keep working under a flood, and per-client rate limits.

Beyond its budget a request is answered 503 at once (never queued until it times out); a client over its
rate limit gets 429. Both are problem+json with `Retry-After`. Websockets are long-lived, so they are bounded
by the connection cap (`ONE111_MAX_CONNECTIONS`), not by the request budget.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from enum import StrEnum

from starlette.types import ASGIApp, Receive, Scope, Send

from web.errors import PROBLEM_JSON, Problem, problem_body
from web.ratelimit import RateLimiter

OVERLOADED = Problem(503, "overloaded", "Too busy right now")
RATE_LIMITED = Problem(429, "rate-limited", "Too many requests")
# Probes and scrapes: never rate limited, and served from the priority budget.
OPERATIONS_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
_CAPACITY_PUT = re.compile(r"^/v1/services/[^/]+/capacity$")


class Lane(StrEnum):
    PRIORITY = "priority"  # health, readiness, metrics, provider capacity updates
    GENERAL = "general"  # everything else: triage, routing, booking, reads


def lane_of(scope: Scope) -> Lane:
    path = scope["path"]
    if path in OPERATIONS_PATHS or (scope["method"] == "PUT" and _CAPACITY_PUT.match(path)):
        return Lane.PRIORITY
    return Lane.GENERAL


Rejected = Callable[[Lane, int], None]


class InFlight:
    """Counts this worker's requests in flight per lane; one over the lane's budget is answered 503 at once."""

    def __init__(self, app: ASGIApp, budgets: dict[Lane, int], retry_after_s: int, rejected: Rejected) -> None:
        self.app, self.budgets, self.retry_after_s, self.rejected = app, budgets, retry_after_s, rejected
        self.in_flight = dict.fromkeys(Lane, 0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        lane = lane_of(scope)
        if self.in_flight[lane] >= self.budgets[lane]:
            self.rejected(lane, 503)
            detail = "one111 is answering as many requests as it can; retry after the time in Retry-After."
            return await send_problem(send, OVERLOADED, detail, self.retry_after_s)
        self.in_flight[lane] += 1  # one event loop per worker: no lock needed between check and count
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight[lane] -= 1


ClientKey = Callable[[Scope], Awaitable[str]]


class RateLimit:
    """Asks the worker's rate limiter (opened in the lifespan) about each request's client (`key`, see
    web/ratekey.py: a validated credential, else the real address)."""

    def __init__(
        self, app: ASGIApp, limiter: Callable[[Scope], RateLimiter | None], rejected: Rejected, key: ClientKey
    ) -> None:
        self.app, self.limiter, self.rejected, self.key = app, limiter, rejected, key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limiter = self.limiter(scope) if scope["type"] == "http" else None
        if limiter is None or scope["path"] in OPERATIONS_PATHS:
            return await self.app(scope, receive, send)
        decision = await limiter.hit(await self.key(scope))
        if not decision.allowed:
            self.rejected(lane_of(scope), 429)
            detail = "This client has sent too many requests; retry after the time in Retry-After."
            return await send_problem(send, RATE_LIMITED, detail, decision.retry_after_s)
        await self.app(scope, receive, send)


async def send_problem(
    send: Send, problem: Problem, detail: str, retry_after_s: int | None = None, close: bool = False
) -> None:
    body = json.dumps(problem_body(problem, detail)).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    if retry_after_s is not None:
        headers.append((b"retry-after", str(retry_after_s).encode()))
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
