"""CPU seconds a server spent, read from /proc: every process in its process group, and PostgreSQL's backends
for one database. Latency and flows/s on 2 shared cores move with whatever else the machine runs; the CPU a flow
costs moves much less, so it says where a change helped even on a busy machine.

`spent(before, after)` counts, per process, what it used between the two readings: a process that started meanwhile
counts whole, one that ended meanwhile (a pooled connection closed) is left out, so the figure can be a little low,
never negative."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
Reading = dict[int, float]  # pid -> user + system CPU seconds so far


def _stat(pid: Path) -> list[str] | None:
    try:
        return (pid / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None  # gone meanwhile, or not a process


def _seconds(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def group(pgid: int | None) -> Reading:
    """Every live process in the process group `pgid` (a server and its workers)."""
    found: Reading = {}
    for pid in PROC.iterdir() if pgid is not None else ():
        fields = _stat(pid) if pid.name.isdigit() else None
        if fields is not None and int(fields[2]) == pgid:
            found[int(pid.name)] = _seconds(fields)
    return found


def database(name: str) -> Reading:
    """PostgreSQL's backends serving the database `name` (their command line names it)."""
    found: Reading = {}
    needle = f" {name} ".encode()
    for pid in PROC.iterdir() if name else ():
        if not pid.name.isdigit():
            continue
        try:
            command = (pid / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        fields = _stat(pid) if command.startswith(b"postgres:") and needle in command else None
        if fields is not None:
            found[int(pid.name)] = _seconds(fields)
    return found


def spent(before: Reading, after: Reading) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
