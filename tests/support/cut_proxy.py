"""A TCP proxy in front of PostgreSQL that can cut a connection at its next COMMIT: the network failing at the one
moment a client cannot know whether its work landed. Real server, real driver, real socket closed mid-protocol.

`cut_after_commit()`: the COMMIT reaches the server and its answer is awaited (so the transaction has landed), then
the client's socket is closed without the answer. `cut_before_commit()`: the COMMIT never reaches the server
(with `then_down`, no new connection is let through either, as when the server crashed).
Needs `sslmode=disable` on the client's URL so the proxy can see the COMMIT message."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url

COMMIT = b"COMMIT\x00"  # the simple-query message psycopg sends for connection.commit()


@dataclass
class CutProxy:
    upstream: tuple[str, int]
    listener: socket.socket = field(default_factory=lambda: socket.create_server(("127.0.0.1", 0)))
    mode: str | None = None  # "after" | "before" | None (pass everything)
    cuts: int = 0
    down: bool = False  # refuse new connections, as a crashed server would
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    def url(self, url: str) -> str:
        """`url` re-pointed at the proxy, with TLS off so the proxy can read the protocol."""
        pointed = make_url(url).set(host="127.0.0.1", port=self.port)
        return pointed.update_query_dict({"sslmode": "disable"}).render_as_string(hide_password=False)

    def cut_after_commit(self) -> None:
        self.mode = "after"

    def cut_before_commit(self, then_down: bool = False) -> None:
        self.mode = "before-down" if then_down else "before"

    def serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            if self.down:
                client.close()
                continue
            pair = _Pair(client, socket.create_connection(self.upstream))
            threading.Thread(target=self._pump_up, args=(pair,), daemon=True).start()
            threading.Thread(target=_pump_down, args=(pair,), daemon=True).start()

    def _take_cut(self, chunk: bytes) -> str | None:
        with self.lock:
            if self.mode is None or COMMIT not in chunk:
                return None
            mode, self.mode = self.mode, None
            self.cuts += 1
            return mode

    def _pump_up(self, pair: _Pair) -> None:
        try:
            while chunk := pair.client.recv(65536):
                mode = self._take_cut(chunk)
                if mode in ("before", "before-down"):
                    self.down = mode == "before-down"
                    return
                pair.swallow = mode == "after"  # the answer to this COMMIT goes nowhere, and the client is cut
                pair.server.sendall(chunk)
                if pair.swallow:
                    pair.answered.wait(10)
                    return
        except OSError:
            pass
        finally:
            pair.close()


@dataclass
class _Pair:
    client: socket.socket
    server: socket.socket
    swallow: bool = False
    answered: threading.Event = field(default_factory=threading.Event)

    def close(self) -> None:
        _close(self.client, self.server)


def _pump_down(pair: _Pair) -> None:
    try:
        while chunk := pair.server.recv(65536):
            if pair.swallow:  # the server has answered the COMMIT: it landed; the client never hears so
                pair.answered.set()
                return
            pair.client.sendall(chunk)
    except OSError:
        pass
    finally:
        pair.answered.set()
        pair.close()


def _close(*sockets: socket.socket) -> None:
    for sock in sockets:
        sock.close()  # closing twice, or from both pumps, is harmless


@contextmanager
def cut_proxy(url: str) -> Iterator[CutProxy]:
    parsed = make_url(url)
    proxy = CutProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
    thread = threading.Thread(target=proxy.serve, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.listener.close()
        thread.join(timeout=5)
