"""Issue 14 item 7: a console that connects while Redis (the live board) is down gets an error frame saying so and
the documented close code 1011, never a bare dropped line (1006); it connects as usual once Redis is back."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.private import PrivateRedis
from tests.support.server import LiveServer
from tests.support.services import unavailable
from web.ws.session import CLOSE_UNAVAILABLE

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if PrivateRedis.missing():
        unavailable("redis-server binary", FileNotFoundError("redis-server"))
    private = PrivateRedis(tmp_path)
    private.start()
    yield private
    private.kill()


async def first_frame_and_close(live: LiveServer, headers: dict[str, str]) -> tuple[dict[str, object], int | None]:
    async with connect(live.ws_url + "/ws/board?service=RR801-ED", additional_headers=headers) as ws:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 15))
        if frame["type"] != "error":
            return frame, None
        with contextlib.suppress(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 15)
        return frame, ws.close_code


def test_a_console_connecting_while_redis_is_down_gets_an_error_frame(
    tmp_path: Path, postgres_url: str, private_redis: PrivateRedis
) -> None:
    headers = bearer(staff_token(postgres_url, Role.CALL_HANDLER))
    env = {"DATABASE_URL": postgres_url, "REDIS_URL": private_redis.url, "ONE111_BOARD_CHECK_SECONDS": "0.5"}
    live = LiveServer(env, tmp_path).start()
    try:
        private_redis.kill()
        frame, code = asyncio.run(first_frame_and_close(live, headers))
        assert frame["type"] == "error" and frame["code"] == "unavailable" and frame["status"] == 503
        assert code == CLOSE_UNAVAILABLE

        private_redis.start()
        frame, _ = asyncio.run(first_frame_and_close(live, headers))
        assert frame["type"] == "snapshot"
    finally:
        live.stop()
