"""Pure ASGI middleware: request ids and access logs, a cap on body size, and a deadline for the body to arrive."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import PROBLEM_JSON, Problem, problem_body
from web.logs import request_id
from web.overload import send_problem

access = logging.getLogger("one111.access")
# A caller's request id is kept only if it is a UUID (32 hex digits, dashes optional): a pattern that cannot carry
# a name, a postcode or free text into the logs. Anything else gets a fresh id.
_SAFE_ID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
TIMED_OUT = Problem(408, "body-timeout", "Request body too slow")
HEADERS_TOO_LARGE = Problem(431, "headers-too-large", "Request headers too large")


class RequestId:
    """Gives every request an id (the caller's X-Request-ID if it is a UUID), echoes it, and logs the outcome."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        rid = _incoming_id(scope) or uuid.uuid4().hex
        token = request_id.set(rid)
        started, status = time.perf_counter(), 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _log(scope, status, started)
            request_id.reset(token)


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text.lower() if _SAFE_ID.fullmatch(text) else None
    return None


def _log(scope: Scope, status: int, started: float) -> None:
    # The route template, never the raw path or query: those can carry postcodes and names.
    route = getattr(scope.get("route"), "path", None) or "unmatched"
    access.info(
        "request",
        extra={
            "method": scope.get("method", "WEBSOCKET"),
            "route": route,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )


class BodyLimit:
    """Refuses bodies over the limit with 413, whether declared by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if _declared_length(scope) > self.max_bytes:
            return await self._refuse(send)
        received, refused = 0, False

        async def counting_receive() -> Message:
            # Past the limit we answer 413 ourselves and tell the app the client has gone.
            nonlocal received, refused
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes and not refused:
                refused = True
                await self._refuse(send)
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counting_receive, guarded_send)

    async def _refuse(self, send: Send) -> None:
        problem = Problem(413, "body-too-large", "Request body too large")
        body = json.dumps(problem_body(problem, f"Request bodies are limited to {self.max_bytes} bytes.")).encode()
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


class BodyDeadline:
    """A body that has not fully arrived within the deadline (a slow-loris client) gets 408 and the connection
    is closed, so it holds a worker's request budget for seconds, not forever."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        deadline = asyncio.get_running_loop().time() + self.seconds
        complete, started, timed_out = False, False, False

        async def timed_receive() -> Message:
            nonlocal complete, timed_out
            if complete or timed_out:  # after the body, receive() only waits for a disconnect: no deadline
                return await receive() if complete else {"type": "http.disconnect"}
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                timed_out = True
                if not started:
                    detail = f"The request body did not arrive within {self.seconds:g} seconds."
                    await send_problem(send, TIMED_OUT, detail, close=True)
                return {"type": "http.disconnect"}
            complete = message["type"] == "http.request" and not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if timed_out:
                return
            started = True
            await send(message)

        await self.app(scope, timed_receive, guarded_send)


class HeaderLimit:
    """Refuses a request whose headers add up to more than the limit with 431. (h11 only caps a head still
    arriving; one that arrives whole in a single read passes it.)"""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and sum(len(k) + len(v) + 4 for k, v in scope["headers"]) > self.max_bytes:
            detail = f"Request headers are limited to {self.max_bytes} bytes in all."
            return await send_problem(send, HEADERS_TOO_LARGE, detail, close=True)
        await self.app(scope, receive, send)
