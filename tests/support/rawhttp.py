"""HTTP over a raw socket, for clients that misbehave on purpose: slow, partial or oversized requests."""

from __future__ import annotations

import json
import select
import socket
import time
from dataclasses import dataclass
from typing import Any

WAIT_S = 15.0


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def open_socket(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=WAIT_S)


def head(method: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a timeout fails the test's read)."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def parse(raw: bytes) -> RawResponse:
    head_bytes, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head_bytes.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(int(status_line.split()[1]), headers, body)


def dribble_until_closed(sock: socket.socket, piece: bytes, every_s: float = 0.3) -> bytes | None:
    """Send `piece` every so often, as a slow-loris client does, until the server closes the connection: then
    what it sent before closing; None if it was still open after WAIT_S."""
    received, deadline = b"", time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        readable, _, _ = select.select([sock], [], [], every_s)
        try:
            if readable:
                chunk = sock.recv(65536)
                if not chunk:
                    return received
                received += chunk
            else:
                sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            return received
    return None
