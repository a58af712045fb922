"""`/ws/ops` on a real `one111 serve`: typed summary frames, on a timer and on request; a region filter; a bad
region or a wrong role is an error frame and a policy close."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from models.vocabulary import Role
from tests.insight.conftest import LEEDS
from tests.support.auth import bearer, provider_token, staff_token
from tests.support.server import LiveServer


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    """A server that refreshes dashboards every second."""
    env = {"DATABASE_URL": module_sqlite_url, "ONE111_OPS_REFRESH_SECONDS": "1"}
    live = LiveServer(env, tmp_path_factory.mktemp("ops")).start()
    yield live
    live.stop()


def frames(ws: ClientConnection, kind: str, count: int, timeout: float = 60) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while len(found) < count:
        frame = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if frame["type"] == kind:
            found.append(frame)
    return found


def test_a_lead_gets_a_summary_at_once_then_fresh_ones(fast: LiveServer, module_sqlite_url: str) -> None:
    lead = bearer(staff_token(module_sqlite_url, Role.LEAD))
    with connect(f"{fast.ws_url}/ws/ops?region=Y63", additional_headers=lead, max_size=2**24) as ws:
        first = frames(ws, "summary", 1)[0]["summary"]
        assert first["scope"] == "North East and Yorkshire"
        assert "QWO" in {a["code"] for a in first["areas"]}
        update = {"is_open": True, "slots": [], "wait_minutes": 5, "opel": 4}
        token = bearer(provider_token(module_sqlite_url, "RR8"))
        put = httpx.put(f"{fast.url}/v1/services/{LEEDS}/capacity", json=update, headers=token, timeout=10)
        assert put.status_code == 200, put.text

        later = frames(ws, "summary", 2)[-1]["summary"]
        assert next(a for a in later["areas"] if a["code"] == "QWO")["opel"]["4"] >= 1


def test_ping_pong_and_a_refresh_on_request(fast: LiveServer, module_sqlite_url: str) -> None:
    admin = bearer(staff_token(module_sqlite_url, Role.ADMIN))
    with connect(f"{fast.ws_url}/ws/ops", additional_headers=admin, max_size=2**24) as ws:
        assert len(frames(ws, "summary", 1)[0]["summary"]["areas"]) == 7
        ws.send(json.dumps({"type": "ping"}))
        assert frames(ws, "pong", 1)
        ws.send(json.dumps({"type": "refresh"}))
        assert frames(ws, "summary", 1, timeout=30)
        ws.send(json.dumps({"type": "shout"}))
        assert frames(ws, "error", 1)[0]["code"] == "malformed-frame"


def test_an_unknown_region_is_an_error_frame_and_a_policy_close(fast: LiveServer, module_sqlite_url: str) -> None:
    lead = bearer(staff_token(module_sqlite_url, Role.LEAD))
    with connect(f"{fast.ws_url}/ws/ops?region=Atlantis", additional_headers=lead) as ws:
        frame = json.loads(ws.recv(timeout=30))
        assert frame["type"] == "error" and frame["status"] == 404 and "Atlantis" in frame["detail"]
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008


def test_a_call_handler_is_refused(fast: LiveServer, module_sqlite_url: str) -> None:
    handler = bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))
    with connect(f"{fast.ws_url}/ws/ops", additional_headers=handler) as ws:
        frame = json.loads(ws.recv(timeout=30))
        assert frame["type"] == "error" and frame["status"] == 403
