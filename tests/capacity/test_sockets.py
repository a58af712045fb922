"""Provider and console websockets, and PUT .../capacity, against the real server: SQLite with the in-memory board
on one worker, and PostgreSQL with the Redis board on two workers."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, func, select
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from identity.providers import issue_token, token_hash
from models.database import make_engine, session_scope
from models.tables import CapacitySnapshot, ProviderToken, Service
from models.types import utcnow
from tests.capacity.conftest import Owned, two_providers
from tests.capacity.live import (
    WAIT_S,
    Stack,
    board_entry,
    console,
    delta_for,
    eventually,
    provider,
    recv,
    send,
    update,
)
from tests.support.server import LiveServer
from tests.support.services import REDIS_TEST_URL, check_redis, scratch_prefix

STACKS = [
    pytest.param("sqlite-memory"),
    pytest.param("postgres-redis", marks=[pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]),
]


@pytest.fixture(scope="module", params=STACKS)
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, loaded_sqlite_template: Path
) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp(request.param)
    env = {"ONE111_BOARD_CHECK_SECONDS": "0.5"}
    if request.param == "sqlite-memory":
        shutil.copy(loaded_sqlite_template, workdir / "one111.db")
        url = f"sqlite:///{workdir / 'one111.db'}"
        yield from _run(Stack(LiveServer({**env, "DATABASE_URL": url}, workdir), make_engine(url)))
        return
    url = request.getfixturevalue("postgres_session_url")
    check_redis()
    with scratch_prefix() as prefix:
        env |= {"DATABASE_URL": url, "REDIS_URL": REDIS_TEST_URL, "ONE111_REDIS_PREFIX": prefix}
        live = LiveServer(env, workdir, workers=2, measured=False)
        yield from _run(Stack(live, make_engine(url), REDIS_TEST_URL, prefix))


def _run(stack: Stack) -> Iterator[Stack]:
    stack.server.start(timeout=120)
    try:
        yield stack
    finally:
        stack.server.stop()
        stack.engine.dispose()


@pytest.fixture(scope="module")
def owners(stack: Stack) -> tuple[Owned, Owned]:
    return two_providers(stack.engine)


@pytest.fixture(scope="module")
def token(stack: Stack, owners: tuple[Owned, Owned]) -> str:
    return issue_token(stack.engine, owners[0].provider_id, "tests")


def snapshots(stack: Stack, service_id: str) -> int:
    with Session(stack.engine) as session:
        query = select(func.count()).select_from(CapacitySnapshot).where(CapacitySnapshot.service_id == service_id)
        return session.exec(query).one()


def test_updates_are_acked_with_the_new_board_version(stack: Stack, owners: tuple[Owned, Owned], token: str) -> None:
    ours = owners[0]

    async def body() -> list[dict[str, object]]:
        async with provider(stack, token) as ws:
            welcome = await recv(ws, "welcome")
            assert welcome["type"] == "welcome" and ours.service_id in welcome["services"]
            return [await send(ws, update(ours.service_id, free=n)) for n in (4, 2)]

    first, second = asyncio.run(body())
    assert first["type"] == second["type"] == "ack", (first, second)
    assert 0 < first["version"] < second["version"]  # type: ignore[operator]
    entry = board_entry(stack, ours.service_id)
    assert (entry["status"], entry["version"], entry["slots"][0]["free"]) == ("open", second["version"], 2)


def test_another_providers_service_gets_an_error_frame_and_the_connection_stays_open(
    stack: Stack, owners: tuple[Owned, Owned], token: str
) -> None:
    ours, theirs = owners
    before = snapshots(stack, theirs.service_id)

    async def body() -> list[dict[str, object]]:
        async with provider(stack, token) as ws:
            await recv(ws, "welcome")
            refused = await send(ws, update(theirs.service_id, seq=77))
            return [refused, await send(ws, {"type": "ping"}), await send(ws, update(ours.service_id))]

    refused, pong, ack = asyncio.run(body())
    assert refused == {
        "type": "error",
        "code": "not-your-service",
        "status": 403,
        "detail": refused["detail"],
        "seq": 77,
    }
    assert pong == {"type": "pong"} and ack["type"] == "ack"
    assert snapshots(stack, theirs.service_id) == before


def test_an_exact_replay_is_acked_again_and_applied_once(stack: Stack, owners: tuple[Owned, Owned], token: str) -> None:
    ours = owners[0]
    frame = update(ours.service_id, free=5)
    before = snapshots(stack, ours.service_id)

    async def body() -> list[dict[str, object]]:
        async with provider(stack, token) as ws:
            await recv(ws, "welcome")
            first, again = await send(ws, frame), await send(ws, frame)
            return [first, again, await send(ws, {**frame, "wait_minutes": 99})]

    first, again, changed = asyncio.run(body())
    assert (first["replay"], again["replay"], again["version"]) == (False, True, first["version"])
    assert (changed["type"], changed["code"], changed["status"]) == ("error", "stale-sequence", 409)
    assert snapshots(stack, ours.service_id) == before + 1


def test_malformed_frames_get_an_error_saying_what_was_wrong(
    stack: Stack, owners: tuple[Owned, Owned], token: str
) -> None:
    ours = owners[0]
    negative = update(ours.service_id)
    negative["slots"][0]["free"] = -1
    bad: list[str | bytes] = [
        "this is not json",
        b"\x00binary",
        json.dumps(negative),
        json.dumps({"type": "capacity.delete"}),
        json.dumps(update("NO-SUCH-SERVICE")),
        json.dumps({**update(ours.service_id), "padding": "x" * 20_000}),
    ]

    async def body() -> list[dict[str, object]]:
        async with provider(stack, token) as ws:
            await recv(ws, "welcome")
            replies = []
            for text in bad:
                await ws.send(text)
                replies.append(await recv(ws, "error"))
            return [*replies, await send(ws, {"type": "ping"})]

    *errors, pong = asyncio.run(body())
    assert [(e["code"], e["status"]) for e in errors] == [
        ("malformed-frame", 400),
        ("malformed-frame", 400),
        ("malformed-frame", 400),
        ("malformed-frame", 400),
        ("not-found", 404),
        ("frame-too-large", 413),
    ]
    assert "not valid JSON" in str(errors[0]["detail"]) and "text" in str(errors[1]["detail"])
    assert "slots.0.free" in str(errors[2]["detail"]) and "type" in str(errors[3]["detail"])
    assert pong == {"type": "pong"}


def test_a_wrong_token_gets_an_error_frame_and_a_policy_close(stack: Stack) -> None:
    async def body() -> tuple[dict[str, object], int | None]:
        async with provider(stack, "not-a-token") as ws:
            error = await recv(ws, "error")
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), WAIT_S)
            return error, closed.value.rcvd.code if closed.value.rcvd else None

    error, code = asyncio.run(body())
    assert (error["code"], error["status"], code) == ("invalid-token", 401, 1008)


def test_a_token_revoked_while_connected_is_refused_on_the_next_frame(
    stack: Stack, owners: tuple[Owned, Owned]
) -> None:
    revocable = issue_token(stack.engine, owners[0].provider_id, "to revoke")

    async def body() -> tuple[dict[str, object], dict[str, object], int | None]:
        async with provider(stack, revocable) as ws:
            await recv(ws, "welcome")
            pong = await send(ws, {"type": "ping"})
            with session_scope(stack.engine) as session:
                row = session.exec(select(ProviderToken).where(ProviderToken.token_hash == token_hash(revocable))).one()
                row.revoked_at = utcnow()
            error = await send(ws, update(owners[0].service_id))
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), WAIT_S)
            return pong, error, closed.value.rcvd.code if closed.value.rcvd else None

    pong, error, code = asyncio.run(body())
    assert pong == {"type": "pong"} and (error["code"], error["status"], code) == ("invalid-token", 401, 1008)


def test_put_capacity_over_http(stack: Stack, owners: tuple[Owned, Owned], token: str) -> None:
    ours, theirs = owners
    body = {k: v for k, v in update(ours.service_id).items() if k not in ("type", "service_id")}
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=stack.server.url, timeout=10) as http:
        url = f"/v1/services/{ours.service_id}/capacity"
        anonymous = http.put(url, json=body)
        assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
        assert anonymous.headers["content-type"] == "application/problem+json"
        assert http.put(f"/v1/services/{theirs.service_id}/capacity", json=body, headers=auth).status_code == 403
        invalid = http.put(url, json={**body, "wait_minutes": -5}, headers=auth)
        assert invalid.status_code == 422 and "wait_minutes" in invalid.json()["detail"]
        assert http.put("/v1/services/NO-SUCH/capacity", json=body, headers=auth).status_code == 404
        first = http.put(url, json=body, headers=auth)
        again = http.put(url, json=body, headers=auth)
    assert first.status_code == again.status_code == 200, first.text
    assert again.json() == {**first.json(), "replay": True}
    assert board_entry(stack, ours.service_id)["version"] >= first.json()["version"]


def test_consoles_on_every_worker_get_a_snapshot_then_the_delta(
    stack: Stack, owners: tuple[Owned, Owned], token: str
) -> None:
    ours = owners[0]

    async def body() -> tuple[set[str], int, list[dict[str, object]]]:
        consoles: list[ClientConnection] = []
        workers: set[str] = set()
        try:
            for _ in range(16):  # connections land on workers at random: open until every worker has one
                ws = await console(stack, f"service={ours.service_id}")
                consoles.append(ws)
                workers.add(ws.response.headers["x-one111-worker"])
                snapshot = await recv(ws, "snapshot")
                assert [s["service_id"] for s in snapshot["services"]] == [ours.service_id]
                if len(workers) == stack.server.workers:
                    break
            async with provider(stack, token) as ws:
                await recv(ws, "welcome")
                ack = await send(ws, update(ours.service_id, free=7))
            deltas = [await delta_for(c, ours.service_id, int(ack["version"])) for c in consoles]
            return workers, int(ack["version"]), deltas
        finally:
            for ws in consoles:
                await ws.close()

    workers, version, deltas = asyncio.run(body())
    assert len(workers) == stack.server.workers
    for delta in deltas:
        assert delta["version"] == version
        assert delta["service"]["status"] == "open" and delta["service"]["slots"][0]["free"] == 7  # type: ignore[index]


def test_console_filters_by_region_or_distance_and_refuses_bad_ones(stack: Stack) -> None:
    with Session(stack.engine) as session:
        postcodes = session.exec(select(Service.id, Service.postcode).where(col(Service.active))).all()
    in_leeds = {sid for sid, postcode in postcodes if re.match(r"LS\d", postcode.upper())}
    params: dict[str, str | int] = {"near": "LS1", "radius_km": 30}
    nearby = httpx.get(f"{stack.server.url}/v1/services", params=params, headers=stack.staff(), timeout=10).json()

    async def snapshot(query: str) -> dict[str, object]:
        async with console(stack, query) as ws:
            return await recv(ws, f"snapshot for {query}")

    async def refused(query: str) -> tuple[str, int | None]:
        async with console(stack, query) as ws:
            error = await recv(ws, "error")
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), WAIT_S)
            return str(error["code"]), closed.value.rcvd.code if closed.value.rcvd else None

    region = asyncio.run(snapshot("region=LS"))
    near = asyncio.run(snapshot("near=LS1&radius_km=30"))
    assert in_leeds and {s["service_id"] for s in region["services"]} == in_leeds  # type: ignore[attr-defined]
    assert len(near["services"]) == nearby["total"] > 0  # type: ignore[arg-type]
    assert asyncio.run(refused("")) == ("invalid-watch", 1008)
    assert asyncio.run(refused("near=ZZ99&radius_km=5")) == ("unknown-postcode", 1008)
    assert asyncio.run(refused("near=LS1&radius_km=lots")) == ("invalid-watch", 1008)


def test_a_console_can_ask_for_a_resync_and_survives_garbage(stack: Stack, owners: tuple[Owned, Owned]) -> None:
    async def body() -> list[dict[str, object]]:
        async with console(stack, f"service={owners[0].service_id}") as ws:
            await recv(ws, "snapshot")
            return [
                await send(ws, {"type": "resync"}),
                await send(ws, {"type": "nonsense"}),
                await send(ws, {"type": "ping"}),
            ]

    snapshot, error, pong = asyncio.run(body())
    assert snapshot["type"] == "snapshot" and error["code"] == "malformed-frame" and pong == {"type": "pong"}


# Only Redis can lose the board under a running server; a restart rebuilding the in-memory board from the database is
# proved in-process by test_board_socket.py (its records are written before the app starts).
@pytest.mark.parametrize("stack", STACKS[1:], indirect=True)
def test_the_board_is_rebuilt_from_the_database_after_it_is_lost(
    stack: Stack, owners: tuple[Owned, Owned], token: str
) -> None:
    ours = owners[0]

    async def push() -> dict[str, object]:
        async with provider(stack, token) as ws:
            await recv(ws, "welcome")
            return await send(ws, update(ours.service_id, free=11))

    ack = asyncio.run(push())
    before = board_entry(stack, ours.service_id)
    assert before["version"] == ack["version"]
    stack.wipe()
    eventually(lambda: board_entry(stack, ours.service_id)["version"] == ack["version"], "the board rebuild")
    assert board_entry(stack, ours.service_id) == before


def test_a_booking_at_a_providers_service_is_pushed_on_its_socket_from_any_worker(
    stack: Stack, owners: tuple[Owned, Owned], token: str
) -> None:
    ours = owners[0]

    async def body() -> tuple[dict[str, Any], str]:
        async with provider(stack, token) as ws:
            await recv(ws, "welcome")
            assert (await send(ws, update(ours.service_id, free=2)))["type"] == "ack"
            with httpx.Client(base_url=stack.server.url, headers=stack.staff(), timeout=30) as client:
                held = client.post("/v1/holds", json={"service_id": ours.service_id}, headers=_key())
                assert held.status_code == 201, held.text
                booked = client.post("/v1/bookings", json={"hold_id": held.json()["id"]}, headers=_key())
                assert booked.status_code == 201, booked.text
            while (frame := await recv(ws, "booking.created"))["type"] != "booking.created":
                pass
            return frame["booking"], booked.json()["reference"]

    booking, reference = asyncio.run(body())
    assert (booking["reference"], booking["service_id"], booking["status"]) == (reference, ours.service_id, "CONFIRMED")


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}
