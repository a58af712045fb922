"""Fixtures shared by every test: real SQLite, PostgreSQL and Redis, and a real server when a test needs one."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy.engine import Engine

from capacity.directory import import_directory
from identity import passwords
from models.database import make_engine
from models.migrate import upgrade
from tests.support.once import exclusive, run_folder
from tests.support.server import AUDIT_KEY, ROOT, LiveServer
from tests.support.services import (
    REDIS_TEST_URL,
    check_postgres,
    check_redis,
    create_database,
    database_url,
    drop_database,
    in_ci,
    new_database_name,
    scratch_database,
    scratch_prefix,
)

DATA_DIR = ROOT / "data" / "reference"


# The slowest files, slowest first (seconds of wall time per file in brackets, from a whole run with three xdist
# workers on a loaded two-core machine): the workers take whole files in collection order, so a long file collected
# last ran alone while the others sat idle. Started first, they overlap with everything else and the run ends
# together. Order only, and only with `--no-loadscope-reorder` (the Makefile's): by default xdist sends the files
# with most tests first.
SLOWEST_FIRST = (
    "tests/docs/test_examples.py",  # (199) every README and docs example against one server
    "tests/notify/test_another_time.py",  # (130) two workers on PostgreSQL + Redis
    "tests/web/test_schemathesis.py",  # (119)
    "tests/web/test_revocation_workers.py",  # (117)
    "tests/hardening/test_schemathesis_stack.py",  # (72)
    "tests/notify/test_rebook.py",  # (70)
    "tests/faults/test_storms.py",  # (70)
    "tests/insight/test_equity.py",  # (64)
    "tests/routing/test_race_postgres.py",  # (62)
    "tests/browser/test_console.py",  # (61)
    "tests/capacity/test_directory.py",  # (57)
    "tests/notify/test_provider_and_patient.py",  # (57)
    "tests/web/test_serve.py",  # (54)
    "tests/models/test_audit.py",  # (52)
    "tests/hardening/test_control_characters.py",  # (51)
    "tests/capacity/test_sockets.py",  # (46)
    "tests/browser/test_ops.py",  # (45)
    "tests/notify/test_close_the_loop_postgres.py",  # (44)
    "tests/clinical/test_claim_race_postgres.py",  # (41)
    "tests/insight/test_summary_workers.py",  # (38)
    "tests/routing/test_round_trips.py",  # (37)
    "tests/bench/test_flow_bench.py",  # (34)
    "tests/web/test_overload.py",  # (33)
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: i for i, path in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))  # stable: the rest keep order


@pytest.fixture(autouse=True)
def logging_as_it_was() -> Iterator[None]:
    """A CLI command run in-process configures logging onto the stderr of that moment, which is pytest's capture of
    one test; a thread logging after that test (an SMTP server's connection lost) wrote to a closed file and
    printed a logging error into the run's output. Each test leaves the root logger's handlers as it found them."""
    handlers, level = list(logging.root.handlers), logging.root.level
    yield
    logging.root.handlers[:] = handlers
    logging.root.setLevel(level)


PRODUCT_HASHER = passwords._HASHER  # RFC 9106's parameters: tests/identity/test_passwords.py checks them


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[None]:
    """The hundreds of staff users the tests make get argon2id hashes at argon2's cheapest cost instead of 0.2 s of
    CPU each (minutes of the suite's time). Logging in still runs the product's code: argon2 verifies a hash at the
    cost written in it, and the CLI's users (`one111 users create` in the docs examples) keep the real cost."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))
        yield


@pytest.fixture(scope="session", autouse=True)
def audit_trail_of_the_tests(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """In-process apps seal with the live servers' key (they share test databases, and the first seal pins the
    chain's key) and write their checkpoints to a folder of the run's own, never to the repository's var/."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ONE111_AUDIT_KEY", AUDIT_KEY)
        env.setenv("ONE111_AUDIT_CHECKPOINTS", str(tmp_path_factory.mktemp("audit") / "checkpoints.jsonl"))
        yield


# Which tests talk to which real service, found from the fixtures they use, so the run can say they ran.
# The mark travels on each report's user_properties, so the count also works across pytest-xdist workers.
SERVICE_FIXTURES = {
    "PostgreSQL": {"postgres_session_url", "empty_postgres_url", "postgres"},
    "Redis": {"redis_url", "redis"},
    "chromium": {"browser"},
}
USES = "one111-service"


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[None]:
    """The lines that run when a module is imported are measured by the first xdist worker alone. Every worker imports
    every module to collect the suite (the same modules: collection must agree), and tracing those imports took each
    worker's collection from 10 to 20 CPU-s. Imports made later, by the tests themselves, are measured everywhere."""
    controller: Any = getattr(session.config.pluginmanager.getplugin("_cov"), "cov_controller", None)  # pytest-cov
    paused = controller is not None and os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0"
    if paused:
        controller.pause()
    try:
        return (yield)
    finally:
        if paused:
            controller.resume()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    # the fixtures it asks for are counted before setup too: a fixture that skips never reaches funcargs
    _note(item, {mark.name for mark in item.iter_markers()} | set(getattr(item, "fixturenames", ())))
    try:
        yield
    finally:  # fixtures asked for by name at run time are known only after setup, which may skip
        _note(item, set(getattr(item, "funcargs", {})))


def _note(item: pytest.Item, used: set[str]) -> None:
    for name, fixtures in SERVICE_FIXTURES.items():
        if used & fixtures:
            _uses(item, name)


def _uses(item: pytest.Item, service: str) -> None:
    if (USES, service) not in item.user_properties:
        item.user_properties.append((USES, service))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for name in SERVICE_FIXTURES:
        counts = {
            outcome: len(
                {
                    r.nodeid
                    for r in terminalreporter.stats.get(outcome, [])
                    if (USES, name) in getattr(r, "user_properties", ())
                }
            )
            for outcome in ("passed", "failed", "skipped", "error")
        }
        terminalreporter.write_line(f"one111 {name} tests: " + ", ".join(f"{n} {o}" for o, n in counts.items()))


def pytest_report_header() -> str:
    mode = "CI=true: PostgreSQL, Redis and chromium tests must run" if in_ci() else "local: absent services are skipped"
    return f"one111 test services: {mode}"


def load(engine: Engine) -> None:
    """Migrated and loaded with the directory, as `make run` leaves a database."""
    upgrade(engine)
    import_directory(engine, DATA_DIR)
    engine.dispose()


@pytest.fixture(scope="session")
def loaded_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the full directory, made once per run (tests/support/once.py) and copied for each
    test that needs one; nothing writes to it."""
    shared = run_folder(tmp_path_factory)
    path = shared / "one111-template.db"
    with exclusive(shared / "one111-template.lock"):
        if not path.exists():
            building = shared / "one111-template-building.db"  # the others wait on the lock, never see it half made
            load(make_engine(f"sqlite:///{building}"))
            building.rename(path)
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, loaded_sqlite_template: Path) -> str:
    """A fresh SQLite database of this test's own, migrated and loaded with the directory."""
    target = tmp_path / "one111.db"
    shutil.copy(loaded_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def module_sqlite_url(tmp_path_factory: pytest.TempPathFactory, loaded_sqlite_template: Path) -> str:
    """Like sqlite_url, shared by one test module's tests (for tests that do not disturb each other)."""
    target = tmp_path_factory.mktemp("module") / "one111.db"
    shutil.copy(loaded_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@contextmanager
def postgres_template(shared: Path) -> Iterator[str]:
    """The name of a PostgreSQL database loaded like `load`, made once per run (tests/support/once.py) for the workers
    to copy; the last worker done with it drops it (one that needs it later makes it again)."""
    lock, named, users = (shared / f"postgres-template.{part}" for part in ("lock", "name", "users"))
    with exclusive(lock):
        if not named.exists():
            building = new_database_name()
            create_database(building)
            try:
                load(make_engine(database_url(building)))
            except BaseException:
                drop_database(building)
                raise
            named.write_text(building)
            users.write_text("0")
        name = named.read_text()
        users.write_text(str(int(users.read_text()) + 1))
    try:
        yield name
    finally:
        with exclusive(lock):
            left = int(users.read_text()) - 1
            users.write_text(str(left))
            if left == 0:
                drop_database(name)
                named.unlink()


@pytest.fixture(scope="session")
def postgres_session_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL database of this test session's own, migrated and loaded with the directory: a copy of the run's
    template (CREATE DATABASE ... TEMPLATE), made under the template's lock, when nobody is connected to it."""
    check_postgres()
    shared = run_folder(tmp_path_factory)
    with postgres_template(shared) as template:
        with exclusive(shared / "postgres-template.lock"):
            name = new_database_name()
            create_database(name, template)
        try:
            yield database_url(name)
        finally:
            drop_database(name)


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest, postgres_session_url: str) -> str:
    _uses(request.node, "PostgreSQL")
    return postgres_session_url


@pytest.fixture
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    _uses(request.node, "PostgreSQL")
    check_postgres()
    with scratch_database() as url:
        yield url


@pytest.fixture
def redis_url(request: pytest.FixtureRequest) -> str:
    _uses(request.node, "Redis")
    check_redis()
    return REDIS_TEST_URL


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    with scratch_prefix() as prefix:
        yield prefix


@pytest.fixture
def server(tmp_path: Path, sqlite_url: str) -> Iterator[LiveServer]:
    """`one111 serve` on the embedded defaults (SQLite, in-memory board), on a free port."""
    live = LiveServer({"DATABASE_URL": sqlite_url}, tmp_path).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    """One `one111 serve` on the embedded defaults shared by a module's tests: a start costs seconds."""
    live = LiveServer({"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("server")).start()
    yield live
    live.stop()
