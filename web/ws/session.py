"""What every websocket shares: reading one text frame safely, shaping errors as frames, and one bounded outbox
per connection (a client that stops reading is closed with CLOSE_BEHIND instead of growing the server's memory)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from starlette.websockets import WebSocket, WebSocketDisconnect

from capacity.errors import FrameTooLarge, MalformedFrame
from models.text import ControlCharacter
from web.controls import check_connection
from web.errors import error_frame, field_errors
from web.metrics import fell_behind
from web.ws.frames import ErrorFrame

logger = logging.getLogger("one111.ws")
T = TypeVar("T")

# Close codes: 1008 policy (bad token, bad filter), 1011 a dependency is down (an error frame says which),
# 4001 fell too far behind (reconnect).
CLOSE_POLICY = 1008
CLOSE_UNAVAILABLE = 1011
CLOSE_BEHIND = 4001
CLOSE_GRACE_S = 30.0  # how long a client that fell behind has to read on and hear CLOSE_BEHIND, before it is dropped
MAX_NESTING = 16  # no frame needs more than a few levels; deeper JSON is refused before it is validated
# Which worker process took the connection, on the handshake response: lets tests and operators see the spread.
WORKER = secrets.token_hex(4)
ACCEPT_HEADERS = [(b"x-one111-worker", WORKER.encode())]


async def accept(websocket: WebSocket) -> bool:
    """Accept the handshake, then check its query parameters and headers as every HTTP route's are (web/controls.py):
    one with a control character gets an error frame naming it and close 1008, and the answer is False."""
    await websocket.accept(headers=ACCEPT_HEADERS)
    try:
        check_connection(websocket)
    except ControlCharacter as error:
        await websocket.send_text(error_text(error))
        await websocket.close(CLOSE_POLICY, "control character in the handshake")
        return False
    return True


def parse(message: Mapping[str, Any], adapter: TypeAdapter[Any], max_bytes: int) -> Any:
    """One received websocket message as a typed frame; MalformedFrame or FrameTooLarge saying what was wrong."""
    text = message.get("text")
    if text is None:
        raise MalformedFrame("Frames must be JSON text, not binary.")
    if len(text.encode()) > max_bytes:
        raise FrameTooLarge(f"Frames must be at most {max_bytes} bytes.")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise MalformedFrame("The frame is not valid JSON, or is nested too deeply.") from None
    if _depth(data) > MAX_NESTING:
        raise MalformedFrame(f"The frame is nested more than {MAX_NESTING} levels deep.")
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in field_errors(list(error.errors())))
        raise MalformedFrame(f"The frame is not valid: {detail}.") from None


def error_text(error: Exception, seq: int | None = None) -> str:
    return ErrorFrame.model_validate({**error_frame(error), "seq": seq}).model_dump_json(exclude_none=True)


def _depth(data: Any) -> int:
    """How deeply arrays and objects nest, counted without recursion (the data is bounded by the frame size)."""
    deepest, level = 0, [(data, 1)]
    while level:
        value, depth = level.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            level.extend((child, depth + 1) for child in children)
    return deepest


class Outbox:
    """One connection's frames waiting to be sent, at most `limit` of them. Past that the client has fallen too far
    behind: what is queued is dropped and the sender closes the socket with CLOSE_BEHIND."""

    def __init__(self, limit: int, kind: str) -> None:
        self.queue: asyncio.Queue[str | None] = asyncio.Queue(limit)
        self.overflowed = False
        self.kind = kind  # which socket, for the metric

    def offer(self, text: str) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.overflowed = True
            fell_behind(self.kind)
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(None)

    async def send_all(self, websocket: WebSocket) -> None:
        """The connection's one writer: send in order until the client falls behind, then close it."""
        while (text := await self.queue.get()) is not None:
            await websocket.send_text(text)
        await websocket.close(CLOSE_BEHIND, "fell too far behind: reconnect")


async def serve_with(
    outbox: Outbox, websocket: WebSocket, reader: Coroutine[Any, Any, T], *beside: Coroutine[Any, Any, None]
) -> T | None:
    """Run a connection's reader beside its outbox's sender (and any producers `beside` it: a poll, a timer). When
    the reader ends, the rest stop; when the sender ends (the client went away or fell behind and was closed) or a
    producer fails, the reader stops and the answer is None. A reader stops reading when the outbox overflows; the
    sender then has CLOSE_GRACE_S to say CLOSE_BEHIND, if the client reads again, before the connection is dropped."""
    sender, reading = asyncio.create_task(outbox.send_all(websocket)), asyncio.create_task(reader)
    tasks = [sender, reading, *(asyncio.create_task(_logged(work)) for work in beside)]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        if outbox.overflowed and not sender.done():
            await asyncio.wait({sender}, timeout=CLOSE_GRACE_S)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError, OSError):
                await task
    if reading.cancelled() or (sender.done() and not sender.cancelled()):
        return None
    return reading.result()


async def _logged(work: Coroutine[Any, Any, None]) -> None:
    """A producer that fails ends its connection (the client reconnects); only the kind of failure is logged."""
    try:
        await work
    except Exception as error:
        logger.error("socket producer failed", exc_info=error, extra={"error_type": type(error).__qualname__})
