"""`make load`: start one111 (2 workers, PostgreSQL + Redis), push the realistic mix at it with locust for a
bounded time, stop everything, and write loadtests/results/ (locust CSV and summary.md).

    python -m loadtests.run [--seconds 60] [--scale 10] [--workers 2] [--backend postgres|embedded]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loadtests.demand import rates
from loadtests.report import failures_table, find, machine, read_stats, stats_table
from loadtests.sampler import Sampler
from loadtests.stack import ROOT, Stack, confirmed

RESULTS = ROOT / "loadtests" / "results"
WORK = ROOT / "var" / "load"
CALLS_PER_USER_S = 0.5  # each simulated call handler starts a call every 2 s (a real one, every ~15 min)
UPDATES_PER_PROVIDER_S = 1.0


def locust(setup: dict[str, Any], seconds: int, prefix: Path, ledger: Path) -> int:
    """Run locust headless against the setup; its periodic stats table is the progress display."""
    path = WORK / f"{prefix.name}-setup.json"
    path.write_text(json.dumps(setup))
    users = sum(setup["users"].values())
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "loadtests" / "locustfile.py"),
        "--headless",
        "--host",
        setup["host"],
        "--users",
        str(users),
        "--spawn-rate",
        str(setup.get("spawn_rate", max(10, users // 5))),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary" if setup.get("quiet") else "--print-stats",
        "--loglevel",
        "WARNING",
    ]
    env = {"LOAD_SETUP": str(path), "LOAD_LEDGER": str(ledger), "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=False).returncode


def mix(scale: float) -> tuple[dict[str, int], dict[str, float], str]:
    offered = rates(scale)
    users = {
        "call_handler": max(1, math.ceil(offered.calls_per_s / CALLS_PER_USER_S)),
        "provider": max(1, math.ceil(offered.provider_updates_per_s / UPDATES_PER_PROVIDER_S)),
        "console": offered.consoles,
    }
    per_user = {"calls_per_user_s": CALLS_PER_USER_S, "updates_per_provider_s": UPDATES_PER_PROVIDER_S}
    return users, per_user, offered.describe()


def summary(
    args: argparse.Namespace, described: str, setup: dict[str, Any], made: dict[str, str], db: dict[str, str], name: str
) -> str:
    rows = read_stats(RESULTS / f"{name}_stats.csv")
    flow = find(rows, "triage->book")
    flows = f"{flow.count} ({flow.per_s:.1f}/s, p50 {flow.p50:.0f} ms, p99 {flow.p99:.0f} ms)" if flow else "0"
    told = sum(status == "CONFIRMED" for status in made.values())
    missing = [booking for booking in made if booking not in db]
    differ = [booking for booking, status in made.items() if booking in db and db[booking] != status]
    lines = [
        "# Load test summary",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC for {args.seconds} s: `one111 serve --workers {args.workers}` on "
        f"{'PostgreSQL + Redis' if args.backend == 'postgres' else 'SQLite + in-memory board'}, on {machine()}.",
        "",
        f"Offered load: {described} ({setup['users']['call_handler']} call handlers, "
        f"{setup['users']['provider']} provider systems, {setup['users']['console']} consoles). "
        "Demand assumptions: see docs/capacity-plan.md.",
        "",
        f"Complete triage->rank->hold->book flows: **{flows}**.",
        "",
        "## Bookings: what the clients were told against the database",
        "",
        f"- confirmed bookings the clients hold: {told}; confirmed bookings in the database: {confirmed(db)}",
        f"- bookings the clients saw that are missing from the database: {len(missing)}",
        f"- bookings whose status differs from what the clients were last told: {len(differ)}",
        "",
        "## Per step",
        "",
        *stats_table(rows),
        "",
        "## Errors",
        "",
        *failures_table(RESULTS / f"{name}_failures.csv"),
        "",
        "Patients over the chat websocket (/ws/chat, merged at the end of this work) are not in this mix yet.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.run", description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=float, default=10.0, help="times the surge day's busiest hour (~2.5 calls/s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backend", choices=("postgres", "embedded"), default="postgres")
    parser.add_argument("--soak", action="store_true", help="sample memory and connections: results/soak.md")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    users, per_user, described = mix(args.scale)
    print(f"load: {described}", flush=True)
    ledger = WORK / "ledger.json"
    ledger.unlink(missing_ok=True)
    with Stack(args.backend, args.workers, WORK) as stack:
        setup = stack.seed() | {"users": users, "rates": per_user}
        started = time.monotonic()
        assert stack.process is not None
        sampler = Sampler(stack.process.pid, stack.port)
        if args.soak:
            sampler.start()
        code = locust(setup, args.seconds, RESULTS / ("soak" if args.soak else "load"), ledger)
        sampler.done.set()
        print(f"load: locust finished in {time.monotonic() - started:.0f}s (exit {code})", flush=True)
        stack.stop()
        in_db = stack.bookings()
    made = json.loads(ledger.read_text()) if ledger.exists() else {}
    name = "soak" if args.soak else "load"
    text = summary(args, described, setup, made, in_db, name)
    if args.soak:
        text += "\n## Soak: memory and connections\n\n" + "\n".join(sampler.report()) + "\n"
    (RESULTS / f"{'soak' if args.soak else 'summary'}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
