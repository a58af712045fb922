"""What one111's edge costs: its full stack (request ids, overload budget, rate limit, metrics, body guards, JSON
logs, error table) vs a bare FastAPI app doing the same work, in the same process, in interleaved rounds.

Two routes: GET /healthz (the edge alone) and GET /v1/services/{id} (a representative read: the caller's bearer
token checked against the database, then a database lookup shaped into the same response model; the bare app does
both in its route). Figures to watch: `overhead_ratio` (healthz, time per request, ours/bare)
and `read.throughput_ratio` (ours/bare requests per second with several clients at once; goal >= 0.8), with
`read.cpu_throughput_ratio` (bare/ours CPU per request) as its load-independent twin. `read.edge_only` isolates
the middleware stack: the bare app with one111's middleware (`web.app.add_edge`) vs the bare app alone, so
what the full-stack ratio adds beyond it is the cost of one111's dependencies (auth lookup, session).
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
from types import SimpleNamespace
from typing import Any

import httpx
from fastapi import FastAPI, Header, HTTPException
from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.listing import Located, get_service
from identity.cache import CredentialCache
from identity.tokens import issue_staff_token
from identity.users import create_user
from models.database import make_engine
from models.migrate import upgrade
from models.tables import Provider, Service
from models.vocabulary import BookingMode, Role, ServiceType
from web.api.services import ServiceOut
from web.app import add_edge, create_app
from web.auth import identify
from web.logs import log_config
from web.ratelimit import MemoryRateLimiter
from web.settings import Settings

ROUNDS = 7
REQUESTS = 400
CLIENTS = 8  # concurrent clients for the read route's throughput
SERVICE = "BENCH1-ED"


def bare_app(engine: Engine) -> FastAPI:
    app = FastAPI()
    credentials = CredentialCache(Settings().credential_ttl_seconds, 1000)  # as the app's worker has

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/services/{service_id}", response_model=ServiceOut)
    def service(service_id: str, authorization: str | None = Header(default=None)) -> ServiceOut:
        if identify(engine, credentials, authorization, None) is None:
            raise HTTPException(401)
        with Session(engine, expire_on_commit=False) as session:
            return ServiceOut.of(Located(get_service(session, service_id), None))

    return app


async def per_request(client: httpx.AsyncClient) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS):
        (await client.get("/healthz")).raise_for_status()
    return (time.perf_counter() - started) / REQUESTS


async def reads(client: httpx.AsyncClient) -> tuple[float, float, list[float]]:
    """REQUESTS reads by CLIENTS concurrent clients: requests per second, CPU seconds per request (this process,
    all threads: robust to other load on the machine), and each request's latency."""
    latencies: list[float] = []

    async def one_client() -> None:
        for _ in range(REQUESTS // CLIENTS):
            started = time.perf_counter()
            (await client.get(f"/v1/services/{SERVICE}")).raise_for_status()
            latencies.append(time.perf_counter() - started)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one_client() for _ in range(CLIENTS)))
    count = len(latencies)
    return count / (time.perf_counter() - started), (time.process_time() - cpu) / count, latencies


async def interleaved(ours: FastAPI, bare: FastAPI, edged: FastAPI, token: str) -> dict[str, Any]:
    names = ("ours", "bare", "edged")
    edge: dict[str, list[float]] = {name: [] for name in names}
    rps: dict[str, list[float]] = {name: [] for name in names}
    lat: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    async with (
        ours.router.lifespan_context(ours),
        _client(ours, token) as one,
        _client(bare, token) as other,
        _client(edged, token) as third,
    ):
        for _ in range(ROUNDS):
            for name, client in zip(names, (one, other, third), strict=True):
                edge[name].append(await per_request(client))
                throughput, cpu_s, latencies = await reads(client)
                rps[name].append(throughput)
                cpu[name].append(cpu_s)
                lat[name] += latencies
    return {"edge": edge, "rps": rps, "lat": lat, "cpu": cpu}


def _client(app: FastAPI, token: str = "") -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers)


def p99_ms(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=100)[98] * 1000, 3)


def seed(url: str) -> tuple[Engine, str]:
    """A database with one service and one call handler; the handler's bearer token."""
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        session.add(Provider(id="BENCH1", name="Bench Trust"))
        session.add(
            Service(
                id=SERVICE,
                ods_code="BENCH1",
                name="Bench General A&E",
                type=ServiceType.EMERGENCY_DEPARTMENT,
                address="1 Bench Street, Leeds",
                postcode="LS1 3EX",
                latitude=53.80,
                longitude=-1.55,
                booking_mode=BookingMode.SLOT,
                provider_id="BENCH1",
                opening_hours=[{"day": day, "open": "00:00", "close": "24:00"} for day in range(7)],
            )
        )
        session.commit()
    create_user(engine, "bench", Role.CALL_HANDLER, "bench-password-long-enough")
    return engine, issue_staff_token(engine, "bench", 1)


def edged_app(engine: Engine, settings: Settings) -> FastAPI:
    """The bare app behind one111's middleware stack, with an in-memory rate limiter as a worker would have."""
    app = bare_app(engine)
    add_edge(app, settings)
    app.state.resources = SimpleNamespace(limiter=MemoryRateLimiter(settings.rate_limit_requests, 60))
    return app


def measure(url: str) -> dict[str, Any]:
    engine, token = seed(url)
    # Rate limiting is on, as in production, with a limit no bench client reaches: its cost is counted.
    settings = Settings(database_url=url, rate_limit_requests=10**9)
    # Log as `one111 serve` does (JSON access lines at INFO), into /dev/null so the cost is counted, not shown.
    with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
        logging.config.dictConfig(log_config("INFO"))
        try:
            apps = create_app(settings), bare_app(engine), edged_app(engine, settings)
            return asyncio.run(interleaved(*apps, token))
        finally:
            logging.getLogger().handlers.clear()
            engine.dispose()


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        runs = measure(f"sqlite:///{Path(folder) / 'bench.db'}")
    edge, rps, lat, cpu = runs["edge"], runs["rps"], runs["lat"], runs["cpu"]
    ours_median, bare_median = statistics.median(edge["ours"]), statistics.median(edge["bare"])
    ours_rps, bare_rps = statistics.median(rps["ours"]), statistics.median(rps["bare"])
    return {
        "what": "one111's full stack vs a bare FastAPI app doing the same work, in-process, interleaved rounds",
        "requests_per_round": REQUESTS,
        "rounds": ROUNDS,
        "one111_us_per_request": round(ours_median * 1e6, 1),
        "bare_fastapi_us_per_request": round(bare_median * 1e6, 1),
        "overhead_ratio": round(ours_median / bare_median, 3),
        "read": {
            "route": "GET /v1/services/{service_id}",
            "concurrent_clients": CLIENTS,
            "one111_rps": round(ours_rps, 1),
            "bare_fastapi_rps": round(bare_rps, 1),
            "throughput_ratio": round(ours_rps / bare_rps, 3),
            "throughput_goal": ">= 0.8",
            "one111_cpu_us_per_request": round(statistics.median(cpu["ours"]) * 1e6, 1),
            "bare_fastapi_cpu_us_per_request": round(statistics.median(cpu["bare"]) * 1e6, 1),
            # CPU-bound on one core, throughput is 1 / CPU per request: this ratio is the throughput ratio a quiet
            # machine would show, and it does not move with other processes' load as wall-clock figures do.
            "cpu_throughput_ratio": round(statistics.median(cpu["bare"]) / statistics.median(cpu["ours"]), 3),
            "one111_p99_ms": p99_ms(lat["ours"]),
            "bare_fastapi_p99_ms": p99_ms(lat["bare"]),
            "p99_ratio": round(p99_ms(lat["ours"]) / p99_ms(lat["bare"]), 3),
            "edge_only": {
                "what": "the bare app behind one111's middleware stack vs the bare app alone",
                "rps": round(statistics.median(rps["edged"]), 1),
                "throughput_ratio": round(statistics.median(rps["edged"]) / bare_rps, 3),
                "cpu_throughput_ratio": round(statistics.median(cpu["bare"]) / statistics.median(cpu["edged"]), 3),
                "p99_ms": p99_ms(lat["edged"]),
            },
        },
    }
