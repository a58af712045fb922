"""The capacity board: fan-out to consoles against a bare `websockets` broadcast, memory per idle console, and
update throughput of the in-memory and Redis boards, each measured beside its baseline in the same run.

Fan-out: a provider sends capacity.update over /ws/provider to a real `one111 serve` (SQLite, in-memory board,
one worker); N consoles on /ws/board receive the delta. The baseline is a bare `websockets` server in its own
process that broadcasts each message it gets to every other connection. Same client code, same machine.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, broadcast, serve

from capacity.backends import open_board
from capacity.board import Board, BoardState, Window
from identity.providers import issue_token, provider_services
from models.database import make_engine
from models.tables import Service
from models.types import utcnow
from models.vocabulary import Opel
from tests.support.server import LiveServer, free_port

ROOT = Path(__file__).resolve().parent.parent

CONSOLES = (100, 1000)
ROUNDS = 30
REDIS_URL = "redis://127.0.0.1:6379/0"
PUTS = 2000
SEQ = itertools.count(int(time.time() * 1000))  # provider seqs must rise across runs on one database


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- the bare baseline ---------------------------------------------------------------------------------------
def bare_server(port: int) -> None:
    clients: set[ServerConnection] = set()

    async def handler(ws: ServerConnection) -> None:
        clients.add(ws)
        try:
            async for message in ws:
                broadcast(clients - {ws}, message)
        finally:
            clients.discard(ws)

    async def main() -> None:
        async with serve(handler, "127.0.0.1", port, max_size=2**20):
            await asyncio.Future()

    asyncio.run(main())


# --- the measurement, the same for both ----------------------------------------------------------------------
class Round:
    def __init__(self, consoles: int) -> None:
        self.consoles = consoles
        self.sent_at = 0.0
        self.latencies: list[float] = []
        self.done = asyncio.Event()

    def arrived(self) -> None:
        self.latencies.append(time.perf_counter() - self.sent_at)
        if len(self.latencies) == self.consoles:
            self.done.set()


async def listen(ws: ClientConnection, current: Callable[[], Round | None], wanted: Callable[[str], bool]) -> None:
    async for message in ws:
        current_round = current()
        if current_round is not None and wanted(str(message)):
            current_round.arrived()


async def fan_out(
    consoles: list[ClientConnection],
    send: Callable[[int], Awaitable[None]],
    wanted: Callable[[str], bool],
    rounds: int,
) -> list[float]:
    holder: list[Round | None] = [None]
    listeners = [asyncio.create_task(listen(ws, lambda: holder[0], wanted)) for ws in consoles]
    latencies: list[float] = []
    try:
        for n in range(rounds):
            holder[0] = this = Round(len(consoles))
            this.sent_at = time.perf_counter()
            await send(n)
            await asyncio.wait_for(this.done.wait(), 60)
            latencies += this.latencies
            holder[0] = None
            await asyncio.sleep(0.02)
    finally:
        for task in listeners:
            task.cancel()
    return latencies


async def open_many(url: str, count: int, skip_first: bool) -> list[ClientConnection]:
    consoles = []
    for _ in range(count):
        ws = await connect(url, max_size=2**24, ping_interval=None)
        if skip_first:
            await ws.recv()  # the snapshot
        consoles.append(ws)
    return consoles


def summary(ours: list[float], bare: list[float]) -> dict[str, float]:
    p50, p99 = percentile(ours, 0.5), percentile(ours, 0.99)
    b50, b99 = percentile(bare, 0.5), percentile(bare, 0.99)
    return {
        "p50_ms": p50 * 1000,
        "p99_ms": p99 * 1000,
        "bare_p50_ms": b50 * 1000,
        "bare_p99_ms": b99 * 1000,
        "p50_ratio": p50 / b50,
        "p99_ratio": p99 / b99,
        "mean_ms": statistics.fmean(ours) * 1000,
    }


async def measure_bare(port: int, pid: int, count: int) -> tuple[list[float], float]:
    url = f"ws://127.0.0.1:{port}"
    before = rss_kib(pid)
    consoles = await open_many(url, count, skip_first=False)
    per_console = (rss_kib(pid) - before) / count
    async with connect(url) as sender:

        async def send(n: int) -> None:
            await sender.send(json.dumps({"type": "delta", "version": n, "service": {"status": "open"}}))

        latencies = await fan_out(consoles, send, lambda m: True, ROUNDS)
    for ws in consoles:
        await ws.close()
    return latencies, per_console


async def measure_ours(server: LiveServer, token: str, service_id: str, count: int) -> tuple[list[float], float]:
    assert server.process is not None
    before = rss_kib(server.process.pid)
    consoles = await open_many(f"{server.ws_url}/ws/board?service={service_id}", count, skip_first=True)
    per_console = (rss_kib(server.process.pid) - before) / count
    start = (utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)).isoformat()
    headers = {"Authorization": f"Bearer {token}"}
    async with connect(server.ws_url + "/ws/provider", additional_headers=headers) as provider:
        await provider.recv()  # welcome

        async def send(n: int) -> None:
            frame = {"type": "capacity.update", "service_id": service_id, "is_open": True, "wait_minutes": n % 60}
            frame |= {"slots": [{"start": start, "free": n % 50}], "opel": 1, "seq": next(SEQ)}
            await provider.send(json.dumps(frame))
            await provider.recv()  # the ack

        latencies = await fan_out(consoles, send, lambda m: '"delta"' in m, ROUNDS)
    for ws in consoles:
        await ws.close()
    return latencies, per_console


async def updates_per_second(server: LiveServer, token: str, service_id: str, count: int = 300) -> float:
    """Accepted updates per second on one worker (SQLite record + in-memory board), one provider, sequential."""
    start = (utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=3)).isoformat()
    headers = {"Authorization": f"Bearer {token}"}
    async with connect(server.ws_url + "/ws/provider", additional_headers=headers) as provider:
        await provider.recv()
        started = time.perf_counter()
        for n in range(count):
            frame = {"type": "capacity.update", "service_id": service_id, "is_open": True, "wait_minutes": 5}
            await provider.send(
                json.dumps(frame | {"slots": [{"start": start, "free": n % 9}], "opel": 1, "seq": next(SEQ)})
            )
            await provider.recv()
        return count / (time.perf_counter() - started)


def fan_out_results(workdir: Path) -> dict[str, Any]:
    port = free_port()
    bare = multiprocessing.Process(target=bare_server, args=(port,), daemon=True)
    bare.start()
    url = f"sqlite:///{workdir / 'bench.db'}"
    server = LiveServer({"DATABASE_URL": url, "ONE111_LOG_LEVEL": "WARNING"}, workdir).start(timeout=180)
    try:
        engine = make_engine(url)
        with Session(engine) as session:
            provider_id = session.exec(select(Service.provider_id).order_by(col(Service.id))).first() or ""
            service_id = provider_services(session, provider_id)[0]
        token = issue_token(engine, provider_id, "bench")
        engine.dispose()
        time.sleep(0.5)
        results: dict[str, Any] = {"provider_updates_per_s": asyncio.run(updates_per_second(server, token, service_id))}
        for count in CONSOLES:
            assert bare.pid is not None
            bare_lat, bare_mem = asyncio.run(measure_bare(port, bare.pid, count))
            ours_lat, ours_mem = asyncio.run(measure_ours(server, token, service_id, count))
            results[f"consoles_{count}"] = {
                **summary(ours_lat, bare_lat),
                "idle_console_kib": ours_mem,
                "bare_idle_console_kib": bare_mem,
            }
        return results
    finally:
        server.stop()
        bare.terminate()
        bare.join(5)


# --- update throughput on the boards -------------------------------------------------------------------------
async def puts_per_second(board: Board) -> float:
    now = utcnow()
    window = (Window(now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1), 5),)
    started = time.perf_counter()
    for n in range(1, PUTS + 1):
        await board.put(BoardState(f"BENCH{n % 50}", n, True, window, 10, Opel.NORMAL, now))
    elapsed = time.perf_counter() - started
    await board.close()
    return PUTS / elapsed


def throughput() -> dict[str, float]:
    memory = asyncio.run(puts_per_second(open_board("memory://", "", timedelta(hours=4))))
    prefix = f"one111bench:{int(time.time())}:"
    redis = asyncio.run(puts_per_second(open_board(REDIS_URL, prefix, timedelta(hours=4))))
    import redis as redis_client

    client = redis_client.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()
    return {"memory_puts_per_s": memory, "redis_puts_per_s": redis, "redis_over_memory": redis / memory}


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        return {"board_puts": throughput(), "fan_out": fan_out_results(Path(tmp))}


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
