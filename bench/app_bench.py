"""What one111's edge costs: its full stack (middleware, request ids, JSON logs, error table) vs a bare FastAPI app.

Both apps answer the same trivial route in the same process, in interleaved rounds, so machine noise hits both.
The figure to watch is `overhead_ratio` (one111 time per request / bare FastAPI time per request).
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
from fastapi import FastAPI

from models.database import make_engine
from models.migrate import upgrade
from web.app import create_app
from web.logs import log_config
from web.settings import Settings

ROUNDS = 7
REQUESTS = 400


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


async def per_request(client: httpx.AsyncClient) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS):
        (await client.get("/healthz")).raise_for_status()
    return (time.perf_counter() - started) / REQUESTS


async def interleaved(ours: FastAPI, bare: FastAPI) -> tuple[list[float], list[float]]:
    first, second = [], []
    async with ours.router.lifespan_context(ours), _client(ours) as one, _client(bare) as other:
        for _ in range(ROUNDS):
            first.append(await per_request(one))
            second.append(await per_request(other))
    return first, second


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        # Log as `one111 serve` does (JSON access lines at INFO), into /dev/null so the cost is counted, not shown.
        with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
            logging.config.dictConfig(log_config("INFO"))
            try:
                ours_s, bare_s = asyncio.run(interleaved(create_app(Settings(database_url=url)), bare_app()))
            finally:
                logging.getLogger().handlers.clear()
    ours_median, bare_median = statistics.median(ours_s), statistics.median(bare_s)
    return {
        "what": "GET /healthz through one111's full stack vs the same route on a bare FastAPI app, in-process",
        "requests_per_round": REQUESTS,
        "rounds": ROUNDS,
        "one111_us_per_request": round(ours_median * 1e6, 1),
        "bare_fastapi_us_per_request": round(bare_median * 1e6, 1),
        "overhead_ratio": round(ours_median / bare_median, 3),
    }
