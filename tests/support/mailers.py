"""Real message servers for the tests: an SMTP server (aiosmtpd) and a local HTTP server that speaks the
GOV.UK Notify endpoints its official client calls (JWT bearer auth checked as Notify checks it)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from aiosmtpd.controller import Controller

from tests.support.server import free_port


@dataclass
class Inbox:
    """What the SMTP server accepted; `refuse` holds the replies to give first (e.g. '451 try later')."""

    received: list[Message] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse.pop(0)
        self.received.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.received)


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"one111_test-{SERVICE_ID}-{SECRET}"


@dataclass
class NotifyApi:
    """Notifications the local Notify accepted; `fail` holds statuses to answer first (e.g. 500)."""

    port: int
    accepted: list[dict[str, Any]] = field(default_factory=list)
    fail: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _handler(api: NotifyApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path not in ("/v2/notifications/email", "/v2/notifications/sms"):
                return self._answer(404, {"errors": [{"error": "NotFound"}]})
            if not self._authorised():
                return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if api.fail:
                return self._answer(api.fail.pop(0), {"errors": [{"error": "Failed"}]})
            kind = self.path.rsplit("/", 1)[1]
            api.accepted.append({"kind": kind, **body})
            self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference"), "content": {}})

        def _authorised(self) -> bool:
            scheme, _, token = self.headers.get("Authorization", "").partition(" ")
            try:
                claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["iss", "iat"]})
            except jwt.InvalidTokenError:
                return False
            return scheme == "Bearer" and claims["iss"] == SERVICE_ID and abs(claims["iat"] - time.time()) < 30

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def notify_api() -> Iterator[NotifyApi]:
    api = NotifyApi(free_port())
    server = ThreadingHTTPServer(("127.0.0.1", api.port), _handler(api))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
