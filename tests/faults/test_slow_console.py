"""A console that stops reading the board websocket: the other consoles still get every change, and the slow one
is closed with 4001 ("fell too far behind: reconnect") instead of holding anything up.

The slow console watches a wide area and keeps asking for fresh snapshots without reading them (a hung browser
tab), so megabytes pile up in the socket buffers within a second or two, and then its queue overflows."""

from __future__ import annotations

import asyncio
import json
import socket
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from capacity.tokens import issue_token
from models.tables import Service
from models.types import utcnow
from tests.faults.conftest import SERVICES, FaultStack

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]
UPDATES = 40
# A snapshot of the ~1,500 services near Leeds is ~300 kB: 60 fill the socket buffers (~4 MB) and the 16-frame queue.
RESYNCS = 60
WAIT_S = 30.0


def a_spare_service(stack: FaultStack) -> tuple[str, str]:
    """A service outside the storm tests' ones, and its provider's token, so this test leaves their windows alone."""
    with Session(stack.engine) as session:
        other = session.exec(select(Service).where(col(Service.id).not_in(SERVICES)).order_by(col(Service.id))).first()
    assert other is not None
    return other.id, issue_token(stack.engine, other.provider_id, "slow console test")


def update(service_id: str, seq: int) -> str:
    first = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    slots = [{"start": (first + timedelta(minutes=15 * n)).isoformat(), "free": (seq + n) % 50} for n in range(96)]
    frame = {"type": "capacity.update", "service_id": service_id, "is_open": True, "slots": slots}
    return json.dumps({**frame, "wait_minutes": 10, "opel": 2, "seq": seq})


async def versions_until(ws: ClientConnection, service_id: str, last: int) -> list[int]:
    seen: list[int] = []
    while not seen or seen[-1] < last:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), WAIT_S))
        if frame["type"] == "delta" and frame["service"]["service_id"] == service_id:
            seen.append(frame["version"])
    return seen


async def close_code(ws: ClientConnection) -> int | None:
    """Read whatever is queued until the server closes the connection; its close code."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), WAIT_S)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


def tiny_socket(port: int) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect, so the window stays small
    sock.connect(("127.0.0.1", port))
    return sock


def test_a_console_that_stops_reading_is_dropped_and_the_others_keep_up(fault_stack: FaultStack) -> None:
    stack = fault_stack
    service_id, token = a_spare_service(stack)
    url = f"{stack.server.ws_url}/ws/board?service={service_id}"
    wide = f"{stack.server.ws_url}/ws/board?near=LS1&radius_km=60"

    async def scenario() -> tuple[list[int], list[int], int | None]:
        # max_queue=1: the client library stops reading the socket once one message waits, like a hung browser tab.
        async with (
            connect(
                wide,
                sock=tiny_socket(stack.server.port),
                max_queue=1,
                compression=None,
                max_size=2**26,
                additional_headers=stack.staff,
            ) as slow,
            connect(url, max_size=2**24, additional_headers=stack.staff) as fast,
            connect(
                stack.server.ws_url + "/ws/provider", additional_headers={"Authorization": f"Bearer {token}"}
            ) as provider,
        ):
            assert json.loads(await fast.recv())["type"] == "snapshot"
            assert json.loads(await provider.recv())["type"] == "welcome"
            for _ in range(RESYNCS):
                await slow.send(json.dumps({"type": "resync"}))
            acked = []
            for seq in range(1, UPDATES + 1):
                await provider.send(update(service_id, seq))
                ack = json.loads(await asyncio.wait_for(provider.recv(), WAIT_S))
                assert ack["type"] == "ack", ack
                acked.append(ack["version"])
            seen = await versions_until(fast, service_id, acked[-1])
            return acked, seen, await close_code(slow)

    acked, seen, code = asyncio.run(scenario())
    assert seen == sorted(set(seen)) and set(acked) <= set(seen), "the reading console missed or reordered changes"
    assert code == 4001, f"the console that stopped reading was closed with {code}, not 4001"
