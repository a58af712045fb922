"""Websocket clients for the hardening tests: one per socket, with its credentials, against a live stack."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.uri import parse_uri

from models.vocabulary import Role
from tests.hardening.conftest import Stack
from tests.support.auth import bearer, chat_token, provider_token, staff_token

SOCKETS = ["/ws/provider", "/ws/board", "/ws/chat"]
EVERY_SOCKET = [*SOCKETS, "/ws/clinical", "/ws/ops"]
PROVIDER = "RR8"  # Leeds Teaching Hospitals
WAIT_S = 15.0


def credentials(stack: Stack, path: str) -> dict[str, str]:
    if path == "/ws/provider":
        return bearer(provider_token(stack.database_url, PROVIDER))
    if path == "/ws/board":
        return bearer(staff_token(stack.database_url, Role.CALL_HANDLER))
    if path == "/ws/clinical":
        return bearer(staff_token(stack.database_url, Role.CLINICIAN))
    if path == "/ws/ops":
        return bearer(staff_token(stack.database_url, Role.LEAD))
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


class Flood:
    """A websocket client (websockets' own protocol, on a plain socket) that sends and never reads until told to:
    nothing is read from the socket, so the server's replies can only pile up (a library client reads ahead)."""

    def __init__(self, stack: Stack, path: str, headers: dict[str, str]) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a slow reader's small window
        self.sock.connect(("127.0.0.1", stack.live.port))
        self.protocol = ClientProtocol(parse_uri(stack.live.ws_url + path + query(path)), max_size=None)
        request = self.protocol.connect()
        for name, value in headers.items():
            request.headers[name] = value
        self.protocol.send_request(request)
        self._flush()
        while self.protocol.state is State.CONNECTING:  # the handshake's answer is the one thing read early
            self.protocol.receive_data(self.sock.recv(4096))
        assert self.protocol.state is State.OPEN, self.protocol.handshake_exc

    def send(self, text: str, count: int) -> int:
        """Send `text` up to `count` times; stop early once a send waits over 5 s (the server stopped reading)."""
        self.sock.settimeout(5)
        for sent in range(count):
            self.protocol.send_text(text.encode())
            try:
                self._flush()
            except TimeoutError:
                return sent
        return count

    def read_all(self) -> tuple[int, int | None]:
        """Read at last, until the server closes: the data frames found, and the close code."""
        received = 0
        self.sock.settimeout(WAIT_S)
        while self.protocol.close_rcvd is None and (data := self.sock.recv(65536)):
            self.protocol.receive_data(data)
            events = self.protocol.events_received()
            received += sum(1 for e in events if isinstance(e, Frame) and e.opcode is Opcode.TEXT)
        return received, self.protocol.close_rcvd.code if self.protocol.close_rcvd else None

    def __enter__(self) -> Flood:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()

    def _flush(self) -> None:
        self.sock.sendall(b"".join(self.protocol.data_to_send()))
