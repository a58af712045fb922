"""A redis-server and a PostgreSQL cluster of a test's own, on spare ports, so the test may kill and restart them.

Both come from the Debian binaries on the machine. PostgreSQL refuses to run as root, so as root its cluster is
made and run by the `postgres` OS user (`runuser`), in a directory that user owns. Neither ever writes to disk
more than it must: Redis keeps nothing (`--save ""`), PostgreSQL runs with fsync off (a crash of the *machine*
could lose data, a crash of the server process cannot, which is what these tests do to it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.support.server import free_port

PG_BIN = Path(os.environ.get("ONE111_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "postgres"


class PrivateRedis:
    """A redis-server of this test's own on a spare port."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def missing() -> str | None:
        return None if shutil.which("redis-server") and shutil.which("redis-cli") else "redis-server"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen([*command, "--dir", str(self.workdir)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout != b"PONG\n":
            assert time.monotonic() < deadline, "the private redis-server did not start"
            time.sleep(0.1)
        return self

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)


class PrivatePostgres:
    """A PostgreSQL cluster of this test's own: `initdb`, `pg_ctl start`, and a crash-restart on demand."""

    def __init__(self) -> None:
        self.port = free_port()
        # Not under pytest's tmp_path: that is private to root, and the cluster's owner must reach it.
        self.home = Path(tempfile.mkdtemp(prefix="one111-pg-"))
        self.data = self.home / "data"
        self.log = self.home / "postgres.log"

    @staticmethod
    def missing() -> str | None:
        needed = [PG_BIN / "initdb", PG_BIN / "pg_ctl"]
        if any(not path.exists() for path in needed):
            return str(PG_BIN / "initdb")
        return "runuser" if os.geteuid() == 0 and shutil.which("runuser") is None else None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/one111"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", PG_USER, "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stderr[-2000:]}\n{self.logs()}")

    def logs(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def init(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self.home, PG_USER, PG_USER)
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", PG_USER, "-A", "trust", "--no-sync", "-E", "UTF8")
        self.start()
        with psycopg.connect(self._admin_dsn(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE one111")
        return self

    def _admin_dsn(self) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def crash(self) -> None:
        """Stop at once, as a crash would: no checkpoint, every connection cut; the next start recovers from WAL."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.home, ignore_errors=True)
