"""Time to reject under overload: how fast one111 answers 503 while its in-flight budget is full.

The budget is filled by requests whose bodies never arrive (they wait in the body deadline, as a slow flood
does); then GET requests that should be refused are timed, in-process, through one111's full stack. The
baseline, measured in the same rounds through the same client, is a bare ASGI app that answers the same 503
problem+json and does nothing else. Goal: one111's p99 at most 5 ms.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging.config
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.database import make_engine
from models.migrate import upgrade
from web.app import create_app
from web.logs import log_config
from web.overload import OVERLOADED, send_problem
from web.settings import Settings

BUDGET = 4
ROUNDS = 7
REQUESTS = 300
GOAL_P99_MS = 5.0


async def bare_503(scope: Scope, receive: Receive, send: Send) -> None:
    await send_problem(send, OVERLOADED, "one111 is answering as many requests as it can.", 1)


async def stuck(app: ASGIApp, never: asyncio.Event) -> None:
    """A triage request whose body never comes: it holds one place in the budget until cancelled."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/triage",
        "raw_path": b"/v1/triage",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
        "client": ("127.0.0.9", 1),
        "server": ("bench", 80),
    }

    async def receive() -> Message:
        await never.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        pass

    await app(scope, receive, send)


async def timed(client: httpx.AsyncClient) -> list[float]:
    latencies = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = await client.get("/v1/services/RR801-ED")
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 503, response.text
    return latencies


async def rounds(ours: Any) -> dict[str, list[float]]:
    never = asyncio.Event()
    results: dict[str, list[float]] = {"ours": [], "bare": []}
    async with ours.router.lifespan_context(ours), _client(ours) as one, _client(bare_503) as other:
        fillers = [asyncio.create_task(stuck(ours, never)) for _ in range(BUDGET)]
        await asyncio.sleep(0.1)
        try:
            for _ in range(ROUNDS):
                results["ours"] += await timed(one)
                results["bare"] += await timed(other)
        finally:
            for task in fillers:
                task.cancel()
            await asyncio.gather(*fillers, return_exceptions=True)
    return results


def _client(app: ASGIApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")


def quantile_ms(values: list[float], q: int) -> float:
    return round(statistics.quantiles(values, n=100)[q - 1] * 1000, 3)


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        settings = Settings(
            database_url=url, max_in_flight=BUDGET, body_timeout_seconds=3600, rate_limit_requests=10**9
        )
        with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
            logging.config.dictConfig(log_config("INFO"))
            try:
                results = asyncio.run(rounds(create_app(settings)))
            finally:
                logging.getLogger().handlers.clear()
    ours, bare = results["ours"], results["bare"]
    return {
        "what": "503 answers while the in-flight budget is full: one111's full stack vs a bare ASGI 503, in-process",
        "budget": BUDGET,
        "requests": len(ours),
        "one111_p50_ms": quantile_ms(ours, 50),
        "one111_p99_ms": quantile_ms(ours, 99),
        "bare_asgi_p50_ms": quantile_ms(bare, 50),
        "bare_asgi_p99_ms": quantile_ms(bare, 99),
        "p99_ratio": round(quantile_ms(ours, 99) / quantile_ms(bare, 99), 3),
        "goal_p99_ms": GOAL_P99_MS,
        "meets_goal": quantile_ms(ours, 99) <= GOAL_P99_MS,
    }
