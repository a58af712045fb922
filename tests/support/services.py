"""Reach the real PostgreSQL and Redis (and, through `absent`, chromium): fail under CI=true when one is missing,
skip (with the reason) otherwise."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import psycopg
import pytest
import redis

PG_ADMIN_URL = os.environ.get("ONE111_TEST_PG", "postgresql://127.0.0.1:5432/test")
REDIS_TEST_URL = os.environ.get("ONE111_TEST_REDIS", "redis://127.0.0.1:6379/0")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def unavailable(what: str, error: Exception) -> NoReturn:
    absent(what, f"{what} is not reachable ({type(error).__name__}: {error})", "start it to run these tests")


def absent(what: str, reason: str, remedy: str) -> NoReturn:
    """The one place a missing service or program ends a test: a failure under CI=true, where every test must
    run, and a skip saying why and what to do anywhere else."""
    if in_ci():
        pytest.fail(f"{reason}; under CI=true the {what} tests must run, not skip", pytrace=False)
    pytest.skip(f"{reason}; {remedy}")


def check_postgres() -> None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            pass
    except psycopg.Error as error:
        unavailable("PostgreSQL", error)


def check_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        unavailable("Redis", error)


def database_url(name: str) -> str:
    """SQLAlchemy's URL of a database on the test server."""
    return PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"


def new_database_name() -> str:
    return f"one111_test_{uuid.uuid4().hex[:12]}"


def create_database(name: str, template: str | None = None) -> None:
    """An empty database, or a copy of `template` (which nobody may be connected to meanwhile)."""
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test session; dropped afterwards."""
    name = new_database_name()
    create_database(name)
    try:
        yield database_url(name)
    finally:
        drop_database(name)


@contextmanager
def scratch_prefix() -> Iterator[str]:
    """A Redis key prefix of our own; every key under it is deleted afterwards."""
    prefix = f"one111test:{uuid.uuid4().hex[:12]}:"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(REDIS_TEST_URL)
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
