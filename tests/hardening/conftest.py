"""Hardening fixtures: each check runs on the embedded defaults (SQLite) and on PostgreSQL (+ Redis where a board
or a throttle is involved)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from models.database import make_engine
from tests.support.server import LiveServer
from tests.support.services import REDIS_TEST_URL, check_redis, scratch_prefix

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
STACKS = ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]
STACK_ENV = {"ONE111_HEADER_TIMEOUT_SECONDS": "3"}


@dataclass(frozen=True)
class Stack:
    live: LiveServer
    database_url: str
    redis_prefix: str | None  # None: the in-memory board


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated database with the directory loaded: SQLite of this test's own, or the session's PostgreSQL."""
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_stack(tmp_path_factory: pytest.TempPathFactory, loaded_sqlite_template: Path) -> Iterator[Stack]:
    """`one111 serve` on the embedded defaults (SQLite, the in-memory board), started once per test process."""
    workdir = tmp_path_factory.mktemp("hardening-sqlite")
    shutil.copy(loaded_sqlite_template, workdir / "one111.db")
    url = f"sqlite:///{workdir / 'one111.db'}"
    live = LiveServer({"DATABASE_URL": url, **STACK_ENV}, workdir).start()
    yield Stack(live, url, None)
    live.stop()


@pytest.fixture(scope="session")
def postgres_stack(tmp_path_factory: pytest.TempPathFactory, postgres_session_url: str) -> Iterator[Stack]:
    """`one111 serve` on PostgreSQL and Redis (one worker keeps the start cheap; tests/routing/test_race_postgres.py
    and tests/web/test_chat_workers.py cover several), started once per test process."""
    check_redis()
    with scratch_prefix() as prefix:
        env = {"DATABASE_URL": postgres_session_url, "REDIS_URL": REDIS_TEST_URL, "ONE111_REDIS_PREFIX": prefix}
        live = LiveServer({**env, **STACK_ENV}, tmp_path_factory.mktemp("hardening-postgres")).start(timeout=240)
        yield Stack(live, postgres_session_url, prefix)
        live.stop()


@pytest.fixture(scope="module", params=STACKS)
def stack(request: pytest.FixtureRequest) -> Stack:
    """A real `one111 serve` shared by the hardening tests (a start costs many seconds), on each backend. Tests on
    it make their own users, services and triage records, so they do not disturb each other."""
    found: Stack = request.getfixturevalue(f"{request.param}_stack")
    return found
