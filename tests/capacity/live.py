"""Helpers for the websocket tests: a running server stack and real `websockets` clients with bounded waits."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy.engine import Engine
from websockets.asyncio.client import ClientConnection, connect

from models.types import utcnow
from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.server import LiveServer

WAIT_S = 10.0
SEQ = itertools.count(1)


@dataclass
class Stack:
    """One live `one111 serve` and the database it uses; `wipe()` loses a Redis board (never the database)."""

    server: LiveServer
    engine: Engine
    redis_url: str | None = None
    redis_prefix: str = ""
    _staff: dict[str, str] = field(default_factory=dict)

    def staff(self) -> dict[str, str]:
        """A call handler's Authorization header, made on first use."""
        if not self._staff:
            self._staff.update(
                bearer(staff_token(self.engine.url.render_as_string(hide_password=False), Role.CALL_HANDLER))
            )
        return self._staff

    def wipe(self) -> None:
        assert self.redis_url is not None, "an in-memory board lives inside the worker"
        client = redis.Redis.from_url(self.redis_url)
        keys = list(client.scan_iter(match=self.redis_prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


def window_start(hours: int = 2) -> str:
    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ")


def update(service_id: str, free: int = 3, seq: int | None = None) -> dict[str, Any]:
    return {
        "type": "capacity.update",
        "service_id": service_id,
        "is_open": True,
        "slots": [{"start": window_start(), "free": free}],
        "wait_minutes": 20,
        "opel": 2,
        "seq": seq if seq is not None else next(SEQ),
    }


def provider(stack: Stack, token: str) -> Any:
    return connect(stack.server.ws_url + "/ws/provider", additional_headers={"Authorization": f"Bearer {token}"})


def console(stack: Stack, query: str) -> Any:
    return connect(f"{stack.server.ws_url}/ws/board?{query}", max_size=2**24, additional_headers=stack.staff())


async def recv(ws: ClientConnection, what: str) -> dict[str, Any]:
    try:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), WAIT_S))
    except TimeoutError:
        pytest.fail(f"no {what} frame within {WAIT_S}s", pytrace=False)
    return frame


async def send(ws: ClientConnection, frame: dict[str, Any]) -> dict[str, Any]:
    await ws.send(json.dumps(frame))
    return await recv(ws, f"reply to {frame.get('type')}")


async def delta_for(ws: ClientConnection, service_id: str, version: int) -> dict[str, Any]:
    """The first delta for the service at or past the version (earlier ones may still be in flight)."""
    while True:
        frame = await recv(ws, f"delta v{version} for {service_id}")
        if frame["type"] == "delta" and frame["service"]["service_id"] == service_id and frame["version"] >= version:
            return frame


def eventually(check: Callable[[], bool], what: str, within_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + within_s
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {within_s}s", pytrace=False)
        time.sleep(0.1)


def board_entry(stack: Stack, service_id: str) -> dict[str, Any]:
    response = httpx.get(f"{stack.server.url}/v1/services/{service_id}/capacity", headers=stack.staff(), timeout=5)
    assert response.status_code == 200, response.text
    entry: dict[str, Any] = response.json()
    return entry
