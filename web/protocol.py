"""uvicorn's h11 protocol with a deadline for each request's line and headers.

h11 bounds their size (`h11_max_incomplete_event_size`), but nothing bounds how slowly they arrive: a client
that dribbles a header byte every few seconds (slow loris) would hold its connection open forever.

A websocket handshake is parsed twice: by h11, then by the websockets library, whose parser has tighter limits
(a line of at most 8 KB, at most 128 headers). A head between the two was handed over, refused there, and never
answered or closed. So a handshake the websocket parser would refuse is answered here with 431 and closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from functools import cache
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from websockets.http11 import MAX_LINE_LENGTH, MAX_NUM_HEADERS

from web.errors import PROBLEM_JSON, Problem, problem_body
from web.settings import Settings

BAD_HEAD = Problem(400, "bad-request-head", "Malformed or oversized request")
HANDSHAKE_TOO_LARGE = Problem(431, "handshake-too-large", "Websocket handshake line or headers too large")


def fits_websocket_parser(target: bytes, headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the websockets library would parse this handshake (each line with its CRLF within its limit)."""
    request_line = len(b"GET  HTTP/1.1\r\n") + len(target)
    lines = (len(name) + len(value) + 4 for name, value in headers)  # "name: value\r\n"
    return len(headers) <= MAX_NUM_HEADERS and max(request_line, *lines) <= MAX_LINE_LENGTH


@cache
def worker_settings() -> Settings:
    # Worker processes build their settings from the environment, as `one111 serve` hands them over.
    return Settings()


class HeaderDeadlineH11(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the request line and headers are in
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # a kept-alive connection's next request gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """A request head h11 refuses (malformed, or headers over the size cap) gets problem+json, then a close."""
        detail = f"The request line or headers are malformed or larger than {worker_settings().max_header_bytes} bytes."
        self._refuse(BAD_HEAD, detail)

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        if fits_websocket_parser(event.target, self.headers):
            return super().handle_websocket_upgrade(event)
        detail = (
            f"A websocket handshake may have at most {MAX_NUM_HEADERS} headers, and each header (and the request "
            f"line) at most {MAX_LINE_LENGTH} bytes."
        )
        self._refuse(HANDSHAKE_TOO_LARGE, detail)

    def _refuse(self, problem: Problem, detail: str) -> None:
        body = json.dumps(problem_body(problem, detail)).encode()
        headers = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        response = h11.Response(status_code=problem.status, headers=headers)
        with contextlib.suppress(h11.LocalProtocolError):  # a response already under way: just close
            for event in (response, h11.Data(data=body), h11.EndOfMessage()):
                self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    def _arm(self) -> None:
        self._disarm()
        if not self.transport.is_closing():
            self.header_timer = self.loop.call_later(worker_settings().header_timeout_seconds, self._expire)

    def _disarm(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _expire(self) -> None:
        waiting = self.conn.their_state is h11.IDLE and self.transport.get_protocol() is self
        if waiting and not self.transport.is_closing():
            self.transport.close()
