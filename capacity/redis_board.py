"""The Redis board: state in hashes, every change a Lua script (see capacity/lua/), pub/sub to notify workers.

Redis holds a copy for speed and fan-out only: the database's CapacitySnapshot rows are the record,
and `capacity.rebuild` restores the board from them after a flush or an empty restart.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from capacity.board import BoardState, Window, utc, window_key
from capacity.errors import CapacityUnknown, NoFreeSlot
from models.errors import Unavailable
from models.types import utcnow
from models.vocabulary import Opel

LUA = Path(__file__).with_name("lua")


@contextmanager
def reachable() -> Iterator[None]:
    """Redis trouble is a temporary unavailability to callers (503, retry), never a bare client error."""
    try:
        yield
    except RedisError as error:
        raise Unavailable(f"The capacity board is unreachable ({type(error).__name__}); try again shortly.") from None


@cache
def script_source(name: str) -> str:
    return (LUA / "pack.lua").read_text() + "\n" + (LUA / f"{name}.lua").read_text()


def unpack(packed: bytes | str) -> BoardState:
    sid, version, is_open, wait, opel, updated, windows = json.loads(packed)
    return BoardState(
        service_id=sid,
        version=version,
        is_open=bool(is_open),
        wait_minutes=wait,
        opel=Opel(opel),
        updated_at=datetime.fromisoformat(updated),
        slots=tuple(Window(datetime.fromisoformat(start), free) for start, free in windows),
    )


class RedisChanges:
    def __init__(self, pubsub: PubSub) -> None:
        self._pubsub = pubsub

    async def __aiter__(self) -> AsyncIterator[BoardState]:
        while True:
            # Short reads rather than listen(): a quiet channel must not trip the socket timeout.
            message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None and message["type"] == "message":
                yield unpack(message["data"])

    async def aclose(self) -> None:
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]


class RedisBoard:
    def __init__(self, redis: Redis, prefix: str, staleness: timedelta) -> None:
        self.redis = redis
        self.prefix = prefix
        self.staleness = staleness
        self.channel = f"{prefix}board:changes"
        self._scripts = {
            name: redis.register_script(script_source(name)) for name in ("put", "take", "release", "read")
        }

    def keys(self, service_id: str) -> list[str]:
        return [f"{self.prefix}board:state:{service_id}", f"{self.prefix}board:slots:{service_id}"]

    async def put(self, state: BoardState) -> int | None:
        applied, version = await self._put(state, None)
        return int(version) if applied else None

    async def load(self, states: Iterable[BoardState]) -> int:
        with reachable():
            async with self.redis.pipeline(transaction=False) as pipe:
                for state in states:
                    await self._put(state, pipe)
                results = await pipe.execute()
        return sum(int(applied) for applied, _ in results)

    async def _put(self, state: BoardState, client: Any) -> Any:
        windows = [part for w in state.slots for part in (window_key(w.start), w.free)]
        args = [
            state.service_id,
            state.version,
            int(state.is_open),
            state.wait_minutes,
            int(state.opel),
            utc(state.updated_at).isoformat(),
            state.updated_at.timestamp(),
            self.channel,
            *windows,
        ]
        return await self._run("put", state.service_id, args, client)

    async def get(self, service_id: str) -> BoardState | None:
        return (await self.get_many([service_id])).get(service_id)

    async def get_many(self, service_ids: Iterable[str]) -> dict[str, BoardState]:
        ids = list(service_ids)
        if not ids:
            return {}
        keys = [key for sid in ids for key in self.keys(sid)]
        with reachable():
            packed = await self._scripts["read"](keys=keys, args=ids)
        return {state.service_id: state for state in map(unpack, filter(None, packed))}

    async def take_slot(self, service_id: str, window_start: datetime) -> int:
        stale_before = (utcnow() - self.staleness).timestamp()
        ok, result = await self._run(
            "take", service_id, [service_id, window_key(window_start), stale_before, self.channel]
        )
        if ok:
            return int(result)
        reason = result.decode() if isinstance(result, bytes) else str(result)
        if reason == "unknown":
            raise CapacityUnknown(f"Capacity at {service_id!r} is unknown (no update within the staleness limit).")
        raise NoFreeSlot(
            f"No free slot at {service_id!r} in the window starting {window_key(window_start)} ({reason})."
        )

    async def release_slot(self, service_id: str, window_start: datetime) -> int:
        _, version = await self._run("release", service_id, [service_id, window_key(window_start), self.channel])
        if int(version) < 0:
            raise CapacityUnknown(f"The board has no state for {service_id!r}.")
        return int(version)

    async def changes(self) -> RedisChanges:
        pubsub = self.redis.pubsub()
        await pubsub.subscribe(self.channel)
        # Wait for the confirmation so nothing published after this returns is missed.
        for _ in range(50):
            message = await pubsub.get_message(timeout=0.1)
            if message is not None and message["type"] == "subscribe":
                return RedisChanges(pubsub)
        await pubsub.aclose()  # type: ignore[no-untyped-call]
        raise Unavailable("Redis did not confirm the board subscription.")

    async def is_intact(self) -> bool:
        with reachable():
            return bool(await self.redis.exists(f"{self.prefix}board:intact"))

    async def mark_intact(self) -> None:
        with reachable():
            await self.redis.set(f"{self.prefix}board:intact", utcnow().isoformat())

    async def close(self) -> None:
        await self.redis.aclose()

    async def _run(self, name: str, service_id: str, args: list[Any], client: Any = None) -> Any:
        script: AsyncScript = self._scripts[name]
        with reachable():
            return await script(keys=self.keys(service_id), args=args, client=client)
