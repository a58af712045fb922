"""Websocket clients for the hardening tests: one per socket, with its credentials, against a live stack."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from models.vocabulary import Role
from tests.hardening.conftest import Stack
from tests.support.auth import bearer, chat_token, provider_token, staff_token

SOCKETS = ["/ws/provider", "/ws/board", "/ws/chat"]
PROVIDER = "RR8"  # Leeds Teaching Hospitals
WAIT_S = 15.0


def credentials(stack: Stack, path: str) -> dict[str, str]:
    if path == "/ws/provider":
        return bearer(provider_token(stack.database_url, PROVIDER))
    if path == "/ws/board":
        return bearer(staff_token(stack.database_url, Role.CALL_HANDLER))
    return bearer(chat_token(stack.live.url))


def query(path: str) -> str:
    return "?service=RR801-ED" if path == "/ws/board" else ""


def open_socket(stack: Stack, path: str, headers: dict[str, str], **options: Any) -> Any:
    url = stack.live.ws_url + path + query(path)
    return connect(url, additional_headers=headers, open_timeout=WAIT_S, max_size=2**22, **options)


async def greeting(socket: ClientConnection, path: str) -> None:
    """Read what a socket sends unasked when it opens (a provider's welcome, a console's snapshot)."""
    if path != "/ws/chat":
        await frame(socket)


async def frame(socket: ClientConnection) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), WAIT_S))
    return answer


async def still_answers(socket: ClientConnection) -> None:
    """A ping is answered with a pong: the connection is open and served."""
    await socket.send(json.dumps({"type": "ping"}))
    assert (await frame(socket))["type"] == "pong"
