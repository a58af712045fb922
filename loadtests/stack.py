"""The server under load: scratch database and Redis prefix, `one111 serve` as a user runs it, seeded capacity.

Everything it starts or creates it stops or drops again (`with Stack(...)`), even when the run fails.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import psycopg
import redis
from sqlmodel import Session, col, select

from identity.providers import issue_token
from models.database import make_engine
from models.tables import Booking, Service
from models.vocabulary import BookingStatus, ServiceType

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("ONE111_LOAD_PG", "postgresql://127.0.0.1:5432/test")
REDIS = os.environ.get("ONE111_LOAD_REDIS", "redis://127.0.0.1:6379/0")
BOOKABLE_TYPES = (ServiceType.EMERGENCY_DEPARTMENT, ServiceType.URGENT_TREATMENT_CENTRE, ServiceType.GP_OUT_OF_HOURS)
FREE_PER_WINDOW = 500  # the most a provider may offer in one window
WINDOWS = 24  # hourly, from the current hour
STAFF_USERS = 8  # the simulated call handlers share these users round-robin


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def windows(now: datetime | None = None) -> list[str]:
    first = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    return [(first + timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M:%SZ") for n in range(WINDOWS)]


@dataclass
class Stack:
    """`backend` is "postgres" (PostgreSQL + Redis, any number of workers) or "embedded" (SQLite, in-memory board)."""

    backend: str
    workers: int
    workdir: Path
    port: int = field(default_factory=free_port)
    name: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    process: subprocess.Popen[bytes] | None = None
    database_url: str = ""
    staff: list[str] = field(default_factory=list)  # call handlers' API tokens, made by seed()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def redis_prefix(self) -> str:
        return f"one111load:{self.name}:"

    def __enter__(self) -> Stack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        try:
            self._create()
            self._serve()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
        self._drop()

    def _create(self) -> None:
        if self.backend == "embedded":
            self.database_url = f"sqlite:///{self.workdir / f'{self.name}.db'}"
            return
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "one111_load_{self.name}"')
        base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        self.database_url = f"{base}/one111_load_{self.name}"

    def _drop(self) -> None:
        if self.backend == "embedded":
            for suffix in ("", "-wal", "-shm"):
                (self.workdir / f"{self.name}.db{suffix}").unlink(missing_ok=True)
            return
        with contextlib.suppress(psycopg.Error), psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "one111_load_{self.name}" WITH (FORCE)')
        client = redis.Redis.from_url(REDIS)
        with contextlib.suppress(redis.RedisError):
            keys = list(client.scan_iter(match=self.redis_prefix + "*", count=1000))
            if keys:
                client.delete(*keys)
        client.close()

    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("ONE111_", "DATABASE_URL", "REDIS_URL"))}
        env = {**inherited, "DATABASE_URL": self.database_url, "ONE111_LOG_LEVEL": "WARNING"}
        if self.backend != "embedded":
            env |= {"REDIS_URL": REDIS, "ONE111_REDIS_PREFIX": self.redis_prefix}
        return env

    def _serve(self) -> None:
        command = [sys.executable, "-m", "web.cli", "serve", "--port", str(self.port), "--workers", str(self.workers)]
        log = self.workdir / f"server-{self.name}.log"
        print(f"load: starting `one111 serve --workers {self.workers}` ({self.backend}) ...", flush=True)
        with log.open("wb") as output:  # the server writes to its own copy of the descriptor
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env(), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {log}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.5)
        raise TimeoutError(f"the server was not ready within 300 s; see {log}")

    def stop(self) -> None:
        stop_group(self.process)

    def seed(self) -> dict[str, Any]:
        """Every ED, UTC and GP out-of-hours service offers slots for the next day, through the API as a provider
        would; returns the provider tokens for the locust providers."""
        engine = make_engine(self.database_url)
        try:
            with Session(engine) as session:
                rows = session.exec(
                    select(Service.id, Service.provider_id).where(
                        col(Service.type).in_(BOOKABLE_TYPES), col(Service.active)
                    )
                ).all()
            by_provider: dict[str, list[str]] = defaultdict(list)
            for service_id, provider_id in rows:
                by_provider[provider_id].append(service_id)
            tokens = {p: issue_token(engine, p, "load test") for p in by_provider}
        finally:
            engine.dispose()
        with ThreadPoolExecutor(STAFF_USERS) as pool:  # the rate limit is per token, as for real handlers
            self.staff = list(pool.map(lambda _: self.staff_token(), range(STAFF_USERS)))
        starts = windows()
        body = {"is_open": True, "slots": [{"start": s, "free": FREE_PER_WINDOW} for s in starts]}
        body |= {"wait_minutes": 30, "opel": 2}

        def put(item: tuple[str, str]) -> None:
            service_id, provider_id = item
            headers = {"Authorization": f"Bearer {tokens[provider_id]}"}
            response = httpx.put(
                f"{self.url}/v1/services/{service_id}/capacity", json=body, headers=headers, timeout=60
            )
            response.raise_for_status()

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(put, [(s, p) for p, services in by_provider.items() for s in services]))
        print(f"load: {len(rows)} services of {len(by_provider)} providers offer {WINDOWS} windows", flush=True)
        self.warm()
        providers = [{"token": tokens[p], "services": services} for p, services in by_provider.items()]
        return {"host": self.url, "providers": providers, "windows": starts, "staff_tokens": self.staff}

    def staff_token(self, role: str = "call_handler") -> str:
        """A new staff user, made as an administrator would (`one111 users create`); its API token."""
        command = [sys.executable, "-m", "web.cli", "users", "create", f"load-{uuid.uuid4().hex[:8]}", "--role", role]
        done = subprocess.run(command, cwd=ROOT, env=self.env(), capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[-1]

    def warm(self, rounds: int = 40) -> None:
        """Route a few calls on every worker first: each builds its spatial index and warms its model on first use."""

        headers = {"Authorization": f"Bearer {self.staff[0]}"}

        def one(n: int) -> None:
            body = {"postcode": "LS1 4", "disposition": "UTC"}
            httpx.post(f"{self.url}/v1/route", json=body, headers=headers, timeout=120)
            report = {"text": "cut my hand", "age": 30 + n % 40}
            httpx.post(f"{self.url}/v1/triage", json=report, headers=headers, timeout=120)

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(one, range(rounds)))

    def bookings(self) -> dict[str, str]:
        """Every booking in the database: id -> status."""
        engine = make_engine(self.database_url)
        try:
            with Session(engine) as session:
                return {b.id: b.status.value for b in session.exec(select(Booking)).all()}
        finally:
            engine.dispose()


def confirmed(statuses: dict[str, str]) -> int:
    return sum(status == BookingStatus.CONFIRMED.value for status in statuses.values())


def stop_group(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a server started in its own session, with every worker below it: SIGTERM, then SIGKILL after 20 s."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
