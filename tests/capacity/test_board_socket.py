"""The console socket in-process: stale services read as unknown, and a closed console leaves the hub."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from capacity.hub import Watcher
from models.database import make_engine, session_scope
from models.tables import CapacitySnapshot
from models.types import utcnow
from models.vocabulary import Role
from tests.capacity.conftest import STALENESS, Owned, two_providers
from tests.capacity.live import window_start
from tests.support.auth import bearer, staff_token
from web.app import create_app
from web.settings import Settings
from web.ws import console


def record(engine: Engine, service: Owned, age: timedelta) -> None:
    with session_scope(engine) as session:
        session.add(
            CapacitySnapshot(
                service_id=service.service_id,
                version=3,
                is_open=True,
                slots=[{"start": window_start(), "free": 9}],
                wait_minutes=5,
                opel=1,
                updated_at=utcnow() - age,
                provider_id=service.provider_id,
            )
        )


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, loaded_sqlite_template: Path) -> Iterator[tuple[str, Engine]]:
    """One database for the module: records written before the app starts, so its board is rebuilt from them."""
    target = tmp_path_factory.mktemp("board-socket") / "one111.db"
    shutil.copy(loaded_sqlite_template, target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    ours, theirs = two_providers(engine)
    record(engine, ours, STALENESS + timedelta(minutes=1))
    record(engine, theirs, timedelta(minutes=1))
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def sqlite_engine(database: tuple[str, Engine]) -> Engine:
    return database[1]


@pytest.fixture(scope="module")
def client(database: tuple[str, Engine]) -> Iterator[TestClient]:
    headers = bearer(staff_token(database[0], Role.CALL_HANDLER))
    with TestClient(create_app(Settings(database_url=database[0])), headers=headers) as test_client:
        yield test_client


def test_stale_services_read_as_unknown_with_nothing_to_book(client: TestClient, sqlite_engine: Engine) -> None:
    ours, theirs = two_providers(sqlite_engine)
    with client.websocket_connect(f"/ws/board?service={ours.service_id}&service={theirs.service_id}") as ws:
        snapshot = ws.receive_json()
    entries = {entry["service_id"]: entry for entry in snapshot["services"]}
    stale, fresh = entries[ours.service_id], entries[theirs.service_id]
    assert (stale["status"], stale["slots"], stale["wait_minutes"], stale["opel"]) == ("unknown", [], None, None)
    assert (fresh["status"], fresh["slots"][0]["free"]) == ("open", 9)
    assert client.get(f"/v1/services/{ours.service_id}/capacity").json()["status"] == "unknown"


def test_a_closed_console_leaves_the_hub(client: TestClient, sqlite_engine: Engine) -> None:
    ours, _ = two_providers(sqlite_engine)
    hub = client.app.state.resources.hub  # type: ignore[attr-defined]
    with client.websocket_connect(f"/ws/board?service={ours.service_id}") as ws:
        ws.receive_json()
        assert len(hub.watchers) == 1
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}
    client.get("/healthz")  # let the server side finish its clean-up
    assert hub.watchers == set()


class RecordingSocket:
    """Stands in for a console's websocket: records what the sender task does with it."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: tuple[int, str] | None = None

    async def send_text(self, text: str) -> None:
        self.sent.append(text)

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)


def test_a_console_that_fell_too_far_behind_is_closed_with_4001(client: TestClient, sqlite_engine: Engine) -> None:
    resources = client.app.state.resources  # type: ignore[attr-defined]
    ours, _ = two_providers(sqlite_engine)
    watcher = Watcher(frozenset({ours.service_id}), limit=2)
    for n in range(3):
        watcher.offer(f"delta {n}")
    socket = RecordingSocket()
    asyncio.run(asyncio.wait_for(console._send(socket, resources, [], watcher), 5))  # type: ignore[arg-type]
    assert socket.closed is not None and socket.closed[0] == 4001 and "reconnect" in socket.closed[1]
    assert [json.loads(text)["type"] for text in socket.sent] == ["snapshot"]
