"""A test that needs PostgreSQL, Redis or chromium fails under CI=true when it is missing, and skips with the
reason anywhere else (tests/support/services.py `absent`). Real refusals: a port nobody listens on, a PATH
without chromium."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import browser, services


def closed_port() -> int:
    """A port that was free a moment ago: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def nothing_there(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(services, "PG_ADMIN_URL", f"postgresql://127.0.0.1:{closed_port()}/test")
    monkeypatch.setattr(services, "REDIS_TEST_URL", f"redis://127.0.0.1:{closed_port()}/0")
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no chromium on it


CHECKS: dict[str, Callable[[], object]] = {
    "PostgreSQL": services.check_postgres,
    "Redis": services.check_redis,
    "chromium": browser.chromium_path,
}


@pytest.mark.usefixtures("nothing_there")
@pytest.mark.parametrize("what", CHECKS)
@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_under_ci_a_missing_service_fails_the_test(monkeypatch: pytest.MonkeyPatch, what: str, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=f"under CI=true the {what} tests must run, not skip"):
        CHECKS[what]()


@pytest.mark.usefixtures("nothing_there")
@pytest.mark.parametrize("what", CHECKS)
@pytest.mark.parametrize("ci", [None, "", "false"])
def test_elsewhere_a_missing_service_skips_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, what: str, ci: str | None
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match=f"(?s){what}.*(not reachable|not installed).* to run these tests"):
        CHECKS[what]()
