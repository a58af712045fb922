"""The chat's conversation lives in PostgreSQL, not in a worker: a reconnect that lands on another worker resumes it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection

from tests.support.chat import Patient, chat_socket, new_chat
from tests.support.server import LiveServer

MAX_TRIES = 30


def worker_of(socket: ClientConnection) -> str:
    assert socket.response is not None  # the handshake's answer, there once `async with` has opened the socket
    return socket.response.headers["x-one111-worker"]


def test_a_conversation_started_on_one_worker_resumes_on_another(
    postgres_url: str, redis_url: str, redis_prefix: str, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": postgres_url, "REDIS_URL": redis_url, "ONE111_REDIS_PREFIX": redis_prefix}
    live = LiveServer(env, tmp_path, workers=2, measured=False).start(timeout=240)  # 2 workers, busy machine

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        chat = new_chat(live.url)
        async with chat_socket(live, chat) as socket:
            first_worker = worker_of(socket)
            patient = Patient(socket)
            await patient.hello()
            before = await patient.say("describe", text="bad headache since this morning", age=35)
        for _ in range(MAX_TRIES):
            async with chat_socket(live, chat) as socket:
                if worker_of(socket) == first_worker:
                    continue
                other = Patient(socket)
                after = await other.hello()
                question = after["prompt"]["question_id"]
                moved = await other.say("answer", question_id=question, answer="no")
                return before, after, moved
        raise AssertionError(f"{MAX_TRIES} connections all reached the same worker")

    try:
        before, after, moved = asyncio.run(scenario())
    finally:
        live.stop()
    assert after["messages"] == before["messages"]
    assert moved["turn"] == before["turn"] + 1 and moved["prompt"]["question_id"] != after["prompt"]["question_id"]
