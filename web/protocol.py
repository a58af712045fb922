"""uvicorn's h11 protocol with a deadline for each request's line and headers.

h11 bounds their size (`h11_max_incomplete_event_size`), but nothing bounds how slowly they arrive: a client
that dribbles a header byte every few seconds (slow loris) would hold its connection open forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from functools import cache
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from web.errors import PROBLEM_JSON, Problem, problem_body
from web.settings import Settings

BAD_HEAD = Problem(400, "bad-request-head", "Malformed or oversized request")


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
        body = json.dumps(problem_body(BAD_HEAD, detail)).encode()
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"connection", b"close")]
        with contextlib.suppress(h11.LocalProtocolError):  # a response already under way: just close
            for event in (h11.Response(status_code=400, headers=headers), h11.Data(data=body), h11.EndOfMessage()):
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
