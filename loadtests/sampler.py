"""For the soak: sample the server's memory and open connections while the load runs (from /proc, Linux only)."""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ESTABLISHED = "01"


@dataclass(frozen=True)
class Sample:
    at_s: float
    rss_mb: float  # the server's whole process tree
    connections: int  # established TCP connections to the server's port


def tree(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [pid, *(p for child in found.stdout.split() for p in tree(int(child)))]


def rss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            line = next((x for x in status.read_text().splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
            total_kb += int(line.split()[1])
    return total_kb / 1024


def connections(port: int) -> int:
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == ESTABLISHED:
                count += 1
    return count


class Sampler(threading.Thread):
    def __init__(self, pid: int, port: int, every_s: float = 10.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.port, self.every_s = pid, port, every_s
        self.samples: list[Sample] = []
        self.done = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        while not self.done.wait(self.every_s):
            at = time.monotonic() - started
            self.samples.append(Sample(at, rss_mb(tree(self.pid)), connections(self.port)))

    def report(self) -> list[str]:
        """A table, and the growth from the first fifth of the run to the last fifth."""
        if len(self.samples) < 5:
            return ["too few samples for a soak verdict (run longer)"]
        fifth = max(1, len(self.samples) // 5)
        early, late = self.samples[:fifth], self.samples[-fifth:]
        rss_growth = sum(s.rss_mb for s in late) / len(late) - sum(s.rss_mb for s in early) / len(early)
        conn_growth = sum(s.connections for s in late) / len(late) - sum(s.connections for s in early) / len(early)
        lines = [
            f"Server memory (RSS, all processes): {early[0].rss_mb:.0f} MB at the start, {late[-1].rss_mb:.0f} MB "
            f"at the end; mean of the last fifth minus the first fifth: {rss_growth:+.1f} MB.",
            f"Open connections to the server: mean of the last fifth minus the first fifth: {conn_growth:+.1f}.",
            "",
            "| t (s) | RSS MB | connections |",
            "| --- | --- | --- |",
        ]
        return lines + [f"| {s.at_s:.0f} | {s.rss_mb:.0f} | {s.connections} |" for s in self.samples]
