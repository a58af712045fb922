"""Read locust's CSV output and write the short markdown summaries."""

from __future__ import annotations

import csv
import os
import platform
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    kind: str
    name: str
    count: int
    failures: int
    per_s: float
    p50: float
    p95: float
    p99: float

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}".strip()


def _number(text: str) -> float:
    return float(text) if text not in ("", "N/A") else 0.0


def read_stats(path: Path) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Row(
                r["Type"],
                r["Name"],
                int(r["Request Count"]),
                int(r["Failure Count"]),
                _number(r["Requests/s"]),
                _number(r["50%"]),
                _number(r["95%"]),
                _number(r["99%"]),
            )
            for r in csv.DictReader(handle)
        ]


def find(rows: list[Row], name: str) -> Row | None:
    return next((row for row in rows if row.name == name), None)


def stats_table(rows: list[Row]) -> list[str]:
    lines = [
        "| step | count | failures | per s | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in sorted(rows, key=lambda r: (r.name == "Aggregated", r.kind != "POST" and r.kind != "DELETE", r.name)):
        lines.append(
            f"| {row.label} | {row.count} | {row.failures} | {row.per_s:.1f} | {row.p50:.0f} | {row.p95:.0f} | "
            f"{row.p99:.0f} |"
        )
    return lines


def failures_table(path: Path, limit: int = 10) -> list[str]:
    if not path.exists():
        return ["none"]
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        return ["none"]
    lines = ["| step | error | occurrences |", "| --- | --- | --- |"]
    lines += [f"| {r['Method']} {r['Name']} | {r['Error'][:120]} | {r['Occurrences']} |" for r in rows[:limit]]
    return lines


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}; "
        f"load average at the end {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} (the cores were shared with other work)"
    )
