"""One stack for the fault tests: a private PostgreSQL cluster, a private Redis and `one111 serve` with two
workers on them, shared by the package's tests (each uses its own capacity window), so the test can kill any part."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from identity.providers import issue_token
from models.database import make_engine
from models.tables import Service
from models.types import utcnow
from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.private import PrivatePostgres, PrivateRedis
from tests.support.server import LiveServer
from tests.support.services import unavailable

# Three Leeds services run by two providers: St James's and the General Infirmary EDs, and a walk-in centre.
SERVICES = ["RR813-ED", "RR801-ED", "Y05404-UTC"]


@dataclass
class FaultStack:
    postgres: PrivatePostgres
    redis: PrivateRedis
    server: LiveServer
    engine: Engine
    tokens: dict[str, str]  # service id -> its provider's token
    staff: dict[str, str]  # a call handler's Authorization header

    def offer(self, start: datetime, free: int, services: list[str] = SERVICES) -> None:
        """Each provider offers `free` slots in the window at each of the services."""
        for service_id in services:
            body = {
                "is_open": True,
                "slots": [{"start": start.isoformat(), "free": free}],
                "wait_minutes": 5,
                "opel": 1,
            }
            headers = {"Authorization": f"Bearer {self.tokens[service_id]}"}
            put = httpx.put(f"{self.server.url}/v1/services/{service_id}/capacity", json=body, headers=headers)
            assert put.status_code == 200, put.text

    def worker_pids(self) -> list[int]:
        """The uvicorn worker processes (children started by multiprocessing's spawn, not its resource tracker)."""
        assert self.server.process is not None
        found = subprocess.run(["pgrep", "-P", str(self.server.process.pid)], capture_output=True, text=True)
        pids = [int(pid) for pid in found.stdout.split()]
        return [pid for pid in pids if b"spawn_main" in _cmdline(pid)]


def window(hours: int) -> datetime:
    return utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours)


@pytest.fixture(scope="package")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultStack]:
    for missing in (PrivatePostgres.missing(), PrivateRedis.missing()):
        if missing:
            unavailable(f"the PostgreSQL/Redis binaries ({missing})", FileNotFoundError(missing))
    workdir = tmp_path_factory.mktemp("faults")
    postgres, redis = PrivatePostgres(), PrivateRedis(workdir)
    try:
        postgres.init()
        redis.start()
        env = {
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "ONE111_BOARD_CHECK_SECONDS": "0.5",
            "ONE111_BOARD_QUEUE_FRAMES": "16",
        }
        server = LiveServer(env, workdir, workers=2, measured=False)
        engine = make_engine(postgres.url)
        try:
            server.start(timeout=240)  # two workers import scikit-learn at once: slow on a busy machine
            with Session(engine) as session:
                providers = {s: session.get(Service, s).provider_id for s in SERVICES}  # type: ignore[union-attr]
            tokens = {s: issue_token(engine, p, "fault tests") for s, p in providers.items()}
            staff = bearer(staff_token(postgres.url, Role.CALL_HANDLER))
            yield FaultStack(postgres, redis, server, engine, tokens, staff)
        finally:
            server.stop()
            engine.dispose()
    finally:
        redis.kill()
        postgres.destroy()


def _cmdline(pid: int) -> bytes:
    """A process's command line; empty if it exited since it was listed (a killed worker being replaced)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""
