"""Start the real `one111 serve` in a subprocess, as a user would, and stop it afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support.traced_serve import DEFERRED

ROOT = Path(__file__).resolve().parents[2]
TRACED_SERVE = Path(__file__).with_name("traced_serve.py")
# The server under test gets exactly the settings the test gives it, never the caller's.
OWN_SETTINGS = ("ONE111_", "DATABASE_URL", "REDIS_URL")
# What starts coverage in a child process (coverage's `patch = subprocess` puts it in the environment).
COVERAGE_SETTINGS = ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")
# uvicorn's line when a worker has run its lifespan startup (one per worker; web.logs writes it as JSON).
STARTED_LINE = '"msg": "Application startup complete."'
# Servers share test databases, and the first seal pins the chain's key: all of them seal with this one unless a
# test says otherwise (ONE111_AUDIT_KEY="" makes the server use its key file, as a deployment's default does).
AUDIT_KEY = "a test key that only these tests use, 32+ bytes"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    """One `one111 serve` process tree (uvicorn may fork workers below it)."""

    env: dict[str, str]
    workdir: Path
    workers: int = 1
    # False for a server that only carries load (races, storms, hundreds of clients) or shows that several workers
    # share state (the two-worker tests): its code paths are measured by the single-worker and in-process tests, and
    # tracing every line of its requests doubled the suite's time (each traced worker start costs ~0.8 s more).
    measured: bool = True
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / f"server-{self.port}.log"

    def start(self, timeout: float = 90) -> LiveServer:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS + COVERAGE_SETTINGS)}
        coverage = {DEFERRED + k: v for k, v in os.environ.items() if k.startswith(COVERAGE_SETTINGS) and self.measured}
        env = {**inherited, **coverage, "ONE111_AUDIT_KEY": AUDIT_KEY, **self.env, "PYTHONUNBUFFERED": "1"}
        # `python -m web.cli serve`; measured, through traced_serve.py, which starts coverage after the imports (-P:
        # tests/support/ is not put on the path, where chat.py would hide the product's chat package).
        entry = ["-P", str(TRACED_SERVE)] if coverage else ["-m", "web.cli"]
        command = [
            sys.executable,
            *entry,
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        # One client for all the polls: httpx.get makes a client, and its TLS context, each time (~45 ms of CPU; a
        # start polled 15-20 times cost the test process 0.8 CPU-s).
        with httpx.Client(timeout=1) as client:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.logs()[-3000:]}")
                try:
                    if client.get(self.url + "/readyz").status_code == 200 and self._all_workers_started():
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"server not ready after {timeout}s:\n{self.logs()[-3000:]}")

    def _all_workers_started(self) -> bool:
        """/readyz answers once *one* worker is up; a test that needs every worker (connections spread over them)
        would otherwise race the others' start and see one worker take every connection (seen in CI)."""
        return self.workers == 1 or self.logs().count(STARTED_LINE) >= self.workers

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def logged(self, text: str, within_s: float = 10.0) -> bool:
        """Whether `text` reaches the log within `within_s`: the access line is written after the response is
        sent, so a client that reads the log at once can be ahead of it (seen on a loaded machine)."""
        deadline = time.monotonic() + within_s
        while text not in self.logs():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
