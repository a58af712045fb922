"""Issue 14 items 5 and 6 on every socket: deeply nested JSON gets an error frame (never an internal error, never a
dropped line), and a client that sends and never reads is closed with 4001 instead of growing the server's memory
(on /ws/board, /ws/provider, /ws/chat, /ws/clinical and /ws/ops alike)."""

from __future__ import annotations

import asyncio
import json
import re
import time

import httpx
import pytest

from models.vocabulary import Role
from tests.hardening.conftest import Stack
from tests.hardening.sockets import (
    EVERY_SOCKET,
    SOCKETS,
    Flood,
    credentials,
    frame,
    greeting,
    open_socket,
    still_answers,
)
from tests.support.auth import bearer, staff_token
from web.ws.session import CLOSE_BEHIND, Outbox

SENT = 3_000
# A ping with a hundred fields it may not have, answered by an error frame listing each (about 9 KB): a client that
# never reads falls behind after several hundred, however much the kernel buffers (up to 4 MB here).
FLOOD = json.dumps({"type": "ping", **{f"k{n}": 0 for n in range(100)}})
BEHIND_WAIT_S = 120.0
KINDS = {path: path.removeprefix("/ws/") for path in EVERY_SOCKET}  # the metric's kind label
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


@pytest.mark.parametrize("path", EVERY_SOCKET)
def test_a_client_that_sends_and_never_reads_is_closed_with_4001(stack: Stack, path: str) -> None:
    """The issue's case, on every socket: a client with a small receive window sends frames that are each answered
    and reads nothing (not even the welcome, snapshot, queue or summary). The answers back up to the connection's
    bound; then the server stops reading it, and the client, reading at last, finds the close code the docs promise
    (before, the chat's reply queue grew without limit: 415 to 563 MB from one connection)."""
    before = behind(stack, KINDS[path])
    with Flood(stack, path, credentials(stack, path)) as flood:
        sent = flood.send(FLOOD, SENT)
        # The server answers them into the outbox until it overflows (a provider frame costs a database read, so
        # that takes seconds): reading before then would drain it and prove nothing.
        wait_for_behind(stack, KINDS[path], before)
        received, code = flood.read_all()
    assert code == CLOSE_BEHIND
    assert received < sent  # the replies queued past the bound were dropped, not kept
    assert httpx.get(stack.live.url + "/healthz", timeout=10).status_code == 200


def behind(stack: Stack, kind: str) -> float:
    """How many `kind` sockets the server has closed for falling behind (one111_websocket_behind on /metrics)."""
    headers = bearer(staff_token(stack.database_url, Role.ADMIN))
    text = httpx.get(stack.live.url + "/metrics", headers=headers, timeout=10).text
    found = re.search(rf'^one111_websocket_behind_total{{kind="{kind}"}} (\S+)$', text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def wait_for_behind(stack: Stack, kind: str, before: float) -> None:
    deadline = time.monotonic() + BEHIND_WAIT_S
    while behind(stack, kind) <= before:
        assert time.monotonic() < deadline, f"no {kind} client fell behind within {BEHIND_WAIT_S} s"
        time.sleep(0.5)


def test_an_outbox_past_its_bound_drops_what_it_holds_and_ends_with_the_close() -> None:
    """The provider, chat, clinical and ops sockets share this outbox; the console has the hub's (the same rule)."""
    outbox = Outbox(3, "test")
    for n in range(3):
        outbox.offer(f"frame {n}")
    assert not outbox.overflowed
    outbox.offer("one too many")
    outbox.offer("and another")
    assert outbox.overflowed and outbox.queue.qsize() == 1 and outbox.queue.get_nowait() is None
