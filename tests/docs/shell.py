"""One bash per document, fed the document's statements one at a time, as a reader pastes them into a terminal:
variables, exports and aliases carry from one statement (and block) to the next. Each statement's stdout, stderr,
exit status and the HTTP status of every `curl` in it are kept apart, so the test can check each one."""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DONE = "__one111_done"
HTTP = re.compile(r"^__one111_http (\d{3})\n?", re.M)
# `curl` as written, but noting each answer's status on stderr (curl -s exits 0 on a 401: the status is the check).
PRELUDE = """
shopt -s expand_aliases
set -m
curl() { command curl -w '%{stderr}__one111_http %{http_code}\\n' "$@"; }
"""


@dataclass(frozen=True)
class Result:
    command: str
    status: int
    stdout: str
    stderr: str
    http: tuple[int, ...]

    def describe(self) -> str:
        return (
            f"$ {self.command}\nexit {self.status}, HTTP {list(self.http)}\n{self.stdout[-2000:]}{self.stderr[-2000:]}"
        )


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Shell:
    def __init__(self, env: dict[str, str], cwd: Path, scratch: Path) -> None:
        self.scratch = scratch
        self.process = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # A terminal's Ctrl+C: a process started in the background of a script (as CI may start the suite)
            # inherits SIGINT ignored, and a watcher would then never stop (a CI-style run hung on it).
            preexec_fn=_default_interrupt,
        )
        self.buffer = b""
        self.jobs = self.sent = 0
        self.running: set[int] = set()
        self._send(PRELUDE)

    def run(self, command: str, timeout: float = 120) -> Result:
        out, err = self.scratch / "out", self.scratch / "err"
        status = self._send(f'{{\n{command}\n}} >"{out}" 2>"{err}" </dev/null', timeout)
        return self._result(command, int(status), out.read_text(), err.read_text())

    def start(self, command: str) -> tuple[int, Path, Path]:
        """Run a command that runs until stopped (a board watcher) in its own process group; its pid and files."""
        self.jobs += 1
        out, err = self.scratch / f"job-{self.jobs}.out", self.scratch / f"job-{self.jobs}.err"
        pid = int(self._send(f'{{\n{command}\n}} >"{out}" 2>"{err}" </dev/null &\n__one111_status=$!'))
        self.running.add(pid)
        return pid, out, err

    def interrupt(self, pid: int, command: str, out: Path, err: Path) -> Result:
        """Ctrl+C, as the reader stops a watcher: SIGINT to its process group, then its exit status."""
        os.killpg(pid, signal.SIGINT)
        self.running.discard(pid)
        status = self._send(f"wait {pid}; __one111_status=$?", 30)
        return self._result(command, int(status), out.read_text(), err.read_text())

    def close(self) -> None:
        for pid in self.running:  # watchers a failed block never stopped
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def _result(self, command: str, status: int, stdout: str, stderr: str) -> Result:
        http = tuple(int(code) for code in HTTP.findall(stderr))
        return Result(command, status, stdout, HTTP.sub("", stderr), http)

    def _send(self, script: str, timeout: float = 30) -> str:
        assert self.process.stdin is not None
        self.sent += 1  # numbered, so the answer of a command that timed out is never taken for a later one's
        done = f"{DONE}-{self.sent}"
        ending = f'__one111_status=${{__one111_status:-$?}}\necho "{done} $__one111_status"\nunset __one111_status\n'
        self.process.stdin.write(f"{script}\n{ending}".encode())
        self.process.stdin.flush()
        return self._until(done, timeout)

    def _until(self, done: str, timeout: float) -> str:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while (marker := self.buffer.find(f"{done} ".encode())) < 0 or b"\n" not in self.buffer[marker:]:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(remaining, 0))
            if not ready:
                raise TimeoutError(f"no answer within {timeout:.0f} s")
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"the shell ended: {self.buffer.decode(errors='replace')[-2000:]}")
            self.buffer += chunk
        line, _, self.buffer = self.buffer[marker:].partition(b"\n")
        return line.decode().split()[1]
