"""Choose the board backend by URL scheme: memory:// (one worker) or redis:// / rediss:// (many)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis

from capacity.board import Board
from capacity.memory_board import MemoryBoard
from capacity.redis_board import RedisBoard


def open_board(url: str, prefix: str, staleness: timedelta) -> Board:
    """Nothing connects until first use."""
    scheme = urlsplit(url).scheme
    if scheme == "memory":
        return MemoryBoard(staleness)
    if scheme in ("redis", "rediss", "unix"):
        # A blocking pool: a burst of more calls than connections waits for one instead of failing at once.
        pool = BlockingConnectionPool.from_url(
            url, max_connections=64, timeout=5, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30
        )
        client = Redis.from_pool(pool)
        return RedisBoard(client, prefix, staleness)
    raise ValueError(f"unknown board backend {scheme!r}: use memory:// or redis://")
