"""Board consoles for the slow-consumer fault: one that stops reading, one that reads, and a provider pushing.

The slow console watches a wide area and keeps asking for fresh snapshots without reading them (a hung browser
tab), so megabytes pile up in the socket buffers within a second or two, and then its queue overflows."""

from __future__ import annotations

import asyncio
import json
import socket
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from identity.providers import issue_token
from models.tables import Service
from models.types import utcnow
from tests.faults.conftest import SERVICES, FaultStack

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
