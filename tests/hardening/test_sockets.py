"""Issue 14 items 5 and 6 on every socket: deeply nested JSON gets an error frame (never an internal error, never a
dropped line), and a client that sends and never reads is closed with 4001 instead of growing the server's memory."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.hardening.conftest import Stack
from tests.hardening.sockets import SOCKETS, credentials, frame, greeting, open_socket, still_answers
from web.ws.session import CLOSE_BEHIND, Outbox

SENT = 10_000
NESTED = "[" * 5000 + "]" * 5000  # about 10 KB, under the frame limit


@pytest.mark.parametrize("path", SOCKETS)
def test_deeply_nested_json_gets_an_error_frame_and_the_socket_stays_open(stack: Stack, path: str) -> None:
    async def run() -> dict[str, object]:
        async with open_socket(stack, path, credentials(stack, path)) as ws:
            await greeting(ws, path)
            await ws.send(NESTED)
            refused = await frame(ws)
            await ws.send('{"type": "ping", "x": ' + "[" * 17 + "]" * 17 + "}")  # just over the nesting bound
            assert (await frame(ws))["code"] == "malformed-frame"
            await still_answers(ws)
            return refused

    refused = asyncio.run(run())
    assert refused["type"] == "error" and refused["code"] == "malformed-frame" and refused["status"] == 400


def test_a_chat_client_that_sends_and_never_reads_is_closed_with_4001(stack: Stack) -> None:
    """The issue's case: the client's receive buffer is tiny and it never reads while it sends. The replies back up
    to the outbox's bound; then the server stops reading it, and the client, reading again, finds the close code
    the docs promise (before, the reply queue grew without limit: 415 to 563 MB from one connection)."""

    async def run() -> tuple[int | None, int, int]:
        raw = socket.socket()
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.connect(("127.0.0.1", stack.live.port))
        headers = credentials(stack, "/ws/chat")
        async with open_socket(stack, "/ws/chat", headers, sock=raw, max_queue=1, ping_interval=None) as ws:
            sent = 0
            with contextlib.suppress(TimeoutError, ConnectionClosed):  # the server stopped reading this client
                while sent < SENT:  # each gets an error frame: far more than the buffers and the outbox hold
                    await asyncio.wait_for(ws.send("not json"), 5)
                    sent += 1
            await asyncio.sleep(2)  # the server reads them all and answers each, into the outbox
            received = 0
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await asyncio.wait_for(ws.recv(), 15)
                    received += 1
            return ws.close_code, sent, received

    code, sent, received = asyncio.run(run())
    assert code == CLOSE_BEHIND
    assert received < sent  # the replies queued past the bound were dropped, not kept
    assert httpx.get(stack.live.url + "/healthz", timeout=10).status_code == 200


def test_an_outbox_past_its_bound_drops_what_it_holds_and_ends_with_the_close() -> None:
    """The provider socket (acks and pushed bookings) and the chat share this outbox; the console has the hub's."""
    outbox = Outbox(3)
    for n in range(3):
        outbox.offer(f"frame {n}")
    assert not outbox.overflowed
    outbox.offer("one too many")
    outbox.offer("and another")
    assert outbox.overflowed and outbox.queue.qsize() == 1 and outbox.queue.get_nowait() is None
