"""CPU seconds a server spent, read from /proc: every process in its process group, and PostgreSQL's backends
for one database. Latency and flows/s on 2 shared cores move with whatever else the machine runs; the CPU a flow
costs moves much less, so it says where a change helped even on a busy machine."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: Path) -> list[str] | None:
    try:
        return (pid / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None  # gone meanwhile, or not a process


def _seconds(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def group_seconds(pgid: int | None) -> float:
    """User + system CPU seconds of every live process in the process group `pgid` (a server and its workers)."""
    if pgid is None:
        return 0.0
    total = 0.0
    for pid in PROC.iterdir():
        fields = _stat(pid) if pid.name.isdigit() else None
        if fields is not None and int(fields[2]) == pgid:
            total += _seconds(fields)
    return total


def database_seconds(database: str) -> float:
    """CPU seconds of PostgreSQL's backends serving `database` (their command line names it)."""
    if not database:
        return 0.0
    total, needle = 0.0, f" {database} ".encode()
    for pid in PROC.iterdir():
        if not pid.name.isdigit():
            continue
        try:
            command = (pid / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        fields = _stat(pid) if command.startswith(b"postgres:") and needle in command else None
        if fields is not None:
            total += _seconds(fields)
    return total
