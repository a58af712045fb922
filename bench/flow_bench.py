"""Whole flows (triage -> route -> hold -> book) per second: one111 as deployed vs a bare FastAPI app, side by side.

one111 runs as `one111 serve` on a scratch database (loadtests.stack): PostgreSQL + Redis with 2 workers (the
production shape), then the embedded default (SQLite + in-memory board) with 1 worker. It logs at INFO and keeps
its rate limiter on (with a limit no bench caller reaches), so their cost is counted. A provider (RR8) reports
plenty of free slots for one A&E (RR801-ED), topped up before every one111 run, so no flow runs out of capacity.
The baseline (bench/flow_bare.py) has the same four routes on plain uvicorn with as many workers, answering the
bodies one111 gave in the same run. One light client (bench/flow_client.py) drives both at 1, 4, 8 and 16
concurrent flows; each step's time is split into halves run one111, bare, bare, one111, so drift and other load on
the machine hit both sides alike. Any non-2xx answer is an error, counted and reported. The CPU each side's server
(all its workers, background tasks included) and one111's PostgreSQL backends spent per flow is reported too
(bench/flow_cpu.py): on 2 shared cores it moves far less with other load than latency does.

    python -m bench flow [--quick] [--step-seconds 8]

Writes bench/results/flow.json (through `python -m bench`) and bench/results/flow.png.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import uvloop

from bench import flow_cpu
from bench.flow_client import STEPS, Tally, drive, merge
from loadtests.stack import FREE_PER_WINDOW, ROOT, Stack, free_port, stop_group, windows

RESULTS = Path(__file__).with_name("results")
WORK = ROOT / "var" / "bench" / "flow"
CONFIGS = (("postgres", 2), ("embedded", 1))
CONCURRENCY = (1, 4, 8, 16)
STEP_SECONDS = 8.0  # per concurrency and side, in two halves
QUICK_STEP_SECONDS = 2.0
WARM_SECONDS = 3.0  # flows at WARM_CONCURRENCY first, not counted: every worker loads its model and site index
WARM_CONCURRENCY = 8
PROVIDER, SERVICE = "RR8", "RR801-ED"
GOAL_RATIO, GOAL_P50_MS = 0.5, 15.0
GOAL_CONCURRENCY = (4, 8)
STAGES = (*STEPS, "flow")
STARTED = time.monotonic()


class FlowStack(Stack):
    """loadtests' stack as production runs it: access lines logged at INFO, the rate limiter on with a limit that
    one bench token's hundreds of requests a second never reach."""

    def env(self) -> dict[str, str]:
        return super().env() | {"ONE111_LOG_LEVEL": "INFO", "ONE111_RATE_LIMIT_REQUESTS": str(10**9)}

    @property
    def database_name(self) -> str:
        """PostgreSQL's name for the scratch database (its backends' CPU is the database's share of a flow)."""
        return self.database_url.rsplit("/", 1)[1] if self.backend == "postgres" else ""

    def provider_token(self) -> str:
        """The provider's API token, made as its administrator would (`one111 providers token`)."""
        command = [sys.executable, "-m", "web.cli", "providers", "token", PROVIDER, "--label", "flow bench"]
        done = subprocess.run(command, cwd=ROOT, env=self.env(), capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[0]

    def top_up(self, provider_token: str) -> None:
        """The provider reports every window of the next day full of free slots again."""
        body = {"is_open": True, "slots": [{"start": s, "free": FREE_PER_WINDOW} for s in windows()]}
        headers = {"Authorization": f"Bearer {provider_token}"}
        url = f"{self.url}/v1/services/{SERVICE}/capacity"
        httpx.put(url, json=body | {"wait_minutes": 30, "opel": 2}, headers=headers, timeout=60).raise_for_status()


@dataclass
class Bare:
    """The bare app under uvicorn's defaults, `workers` processes, answering `bodies` (a JSON file)."""

    workers: int
    bodies: Path
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Bare:
        command = [sys.executable, "-m", "uvicorn", "--factory", "bench.flow_bare:from_environment"]
        command += ["--port", str(self.port), "--workers", str(self.workers), "--no-access-log"]
        env = os.environ | {"FLOW_BARE_BODIES": str(self.bodies), "PYTHONPATH": str(ROOT)}
        log = self.workdir / f"bare-{self.port}.log"
        with log.open("wb") as output:  # the server writes to its own copy of the descriptor
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self._wait_ready(log)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self, log: Path) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"the bare app exited with {self.process.returncode}; see {log}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"the bare app was not ready within 60 s; see {log}")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        stop_group(self.process)


def run(flows: Coroutine[Any, Any, Tally]) -> Tally:
    # uvloop, as the servers use: the client's own cost per request stays small next to theirs.
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(flows)


def say(line: str) -> None:
    print(f"flow [{time.monotonic() - STARTED:3.0f} s]: {line}", file=sys.stderr, flush=True)


@dataclass
class Sides:
    """One configuration under test: one111's stack and its bare twin, driven with the same staff token."""

    stack: FlowStack
    bare: Bare
    token: str
    provider_token: str
    label: str

    def compare(self, concurrency: int, seconds: float) -> dict[str, Any]:
        ours, bare = self.halves(concurrency, seconds / 2)
        one111, baseline = merge(ours).summary(), merge(bare).summary()
        ratio = round(one111["flows_per_s"] / baseline["flows_per_s"], 3) if baseline["flows_per_s"] else None
        say(
            f"{self.label}, {concurrency} concurrent: one111 {one111['flows_per_s']} flows/s "
            f"(flow p50 {one111['p50_ms']['flow']} ms, CPU ms/flow {one111['cpu_ms_per_flow']}, errors "
            f"{one111['errors']}), bare {baseline['flows_per_s']} flows/s (CPU ms/flow {baseline['cpu_ms_per_flow']}, "
            f"errors {baseline['errors']}): ratio {ratio}"
        )
        return {"ratio": ratio, "one111": one111, "bare": baseline}

    def halves(self, concurrency: int, seconds: float) -> tuple[list[Tally], list[Tally]]:
        """In the order one111, bare, bare, one111: a steady drift in the machine's load cancels out."""
        ours: list[Tally] = []
        bare: list[Tally] = []
        for side in ("one111", "bare", "bare", "one111"):
            if side == "one111":
                self.stack.top_up(self.provider_token)
                ours.append(self.costed(self.stack.process, self.stack.url, concurrency, seconds))
            else:
                bare.append(self.costed(self.bare.process, self.bare.url, concurrency, seconds))
        return ours, bare

    def costed(self, server: subprocess.Popen[bytes] | None, url: str, concurrency: int, seconds: float) -> Tally:
        """Flows against `url`, with the CPU its server (every worker) and its database backends spent meanwhile."""
        pgid = server.pid if server is not None else None  # each server leads its own process group
        database = self.stack.database_name if server is self.stack.process else ""
        server_before, database_before = flow_cpu.group(pgid), flow_cpu.database(database)
        tally = run(drive(url, self.token, concurrency, seconds))
        tally.cpu_s = {"server": flow_cpu.spent(server_before, flow_cpu.group(pgid))}
        if database:
            tally.cpu_s["database"] = flow_cpu.spent(database_before, flow_cpu.database(database))
        return tally


def warm(url: str, token: str, seconds: float, what: str) -> Tally:
    tally = run(drive(url, token, WARM_CONCURRENCY, seconds))
    if tally.errors or "book" not in tally.bodies:
        raise RuntimeError(f"{what} did not complete its warm-up flows cleanly: {tally.errors} errors {tally.samples}")
    return tally


def label(backend: str, workers: int) -> str:
    store = "PostgreSQL + Redis" if backend == "postgres" else "embedded (SQLite + in-memory board)"
    return f"{store}, {workers} worker{'s' if workers > 1 else ''}"


def key(backend: str, workers: int) -> str:
    return f"{'pg_redis' if backend == 'postgres' else 'embedded'}_{workers}_worker{'s' if workers > 1 else ''}"


def measure_config(
    backend: str, workers: int, concurrencies: Iterable[int], seconds: float, warm_seconds: float, workdir: Path
) -> dict[str, Any]:
    say(f"{label(backend, workers)}: starting one111 (migrate, load the directory) ...")
    stack = FlowStack(backend, workers, workdir)
    with stack:
        with ThreadPoolExecutor(2) as pool:  # each is a `one111` command: a few seconds of imports
            staff, provider = pool.submit(stack.staff_token), pool.submit(stack.provider_token)
            token, provider_token = staff.result(), provider.result()
        stack.top_up(provider_token)
        say(f"warming up one111, then starting and warming the bare app ({workers} worker(s)) ...")
        canned = warm(stack.url, token, warm_seconds, "one111").bodies
        with Bare(workers, write_bodies(canned, workdir / f"bodies-{stack.name}.json"), workdir) as bare:
            if warm(bare.url, token, warm_seconds, "the bare app").bodies != canned:
                raise RuntimeError("the bare app did not answer with one111's bodies")
            sides = Sides(stack, bare, token, provider_token, label(backend, workers))
            steps = {str(c): sides.compare(c, seconds) for c in concurrencies}
    return {
        "one111": f"one111 serve, {label(backend, workers)}, h11, access log at INFO, rate limiter on",
        "bare": f"bare FastAPI on uvicorn's defaults (httptools, uvloop), {workers} worker(s), canned bodies",
        "by_concurrency": steps,
    }


def write_bodies(bodies: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(bodies))
    return path


def goals(configs: dict[str, Any]) -> dict[str, Any]:
    """The issue-13 goals, as met or not (printed and recorded, never asserted); None where not measured."""
    found: dict[str, Any] = {}
    for config, goal in (("pg_redis_2_workers", "pg_redis"), ("embedded_1_worker", "embedded")):
        for c in GOAL_CONCURRENCY:
            ratio = _step(configs, config, c).get("ratio")
            met = ratio is not None and ratio >= GOAL_RATIO
            found[f"{goal}_ratio_at_{c}"] = {"goal": f">= {GOAL_RATIO}", "value": ratio, "met": met}
    p50 = _step(configs, "pg_redis_2_workers", 1).get("one111", {}).get("p50_ms", {}).get("flow")
    met = p50 is not None and p50 <= GOAL_P50_MS
    found["pg_redis_unloaded_flow_p50_ms"] = {"goal": f"<= {GOAL_P50_MS}", "value": p50, "met": met}
    return found


def _step(configs: dict[str, Any], config: str, concurrency: int) -> dict[str, Any]:
    step: dict[str, Any] = configs.get(config, {}).get("by_concurrency", {}).get(str(concurrency), {})
    return step


def errors(configs: dict[str, Any]) -> int:
    sides = (step[side] for config in configs.values() for step in config["by_concurrency"].values() for side in step)
    return sum(side["errors"] for side in sides if isinstance(side, dict))


def measure(
    configs: Iterable[tuple[str, int]],
    concurrencies: Iterable[int] = CONCURRENCY,
    seconds: float = STEP_SECONDS,
    warm_seconds: float = WARM_SECONDS,
    workdir: Path = WORK,
) -> dict[str, Any]:
    """Every configuration, side by side with its bare twin: the JSON that becomes bench/results/flow.json."""
    workdir.mkdir(parents=True, exist_ok=True)
    concurrencies = list(concurrencies)
    load_before = os.getloadavg()[0]  # other work on the machine: the ratios hold up to it, absolute figures do not
    measured = {key(b, w): measure_config(b, w, concurrencies, seconds, warm_seconds, workdir) for b, w in configs}
    return {
        "what": "whole triage->route->hold->book flows/s: one111 as served vs a bare FastAPI app, same client",
        "errors": errors(measured),
        "goals": goals(measured),
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "step_seconds": seconds,
        "concurrency": concurrencies,
        "client": "one asyncio process (uvloop), raw HTTP/1.1 keep-alive, one connection per concurrent flow",
        "machine_cores": os.cpu_count(),
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        **measured,
    }


def report(result: dict[str, Any]) -> None:
    for name, goal in result["goals"].items():
        say(f"goal {name} {goal['goal']}: {goal['value']} -> {'met' if goal['met'] else 'NOT MET'}")
    if result["errors"]:
        say("!" * 72)
        say(f"THIS RUN HAD {result['errors']} FAILED REQUESTS: its figures are not valid (see error_samples)")
        say("!" * 72)


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (rates, steps) = plt.subplots(1, 2, figsize=(12, 5))
    configs = [(name, value) for name, value in result.items() if isinstance(value, dict) and "by_concurrency" in value]
    for (name, config), style in zip(configs, ("-", "--"), strict=False):
        _plot_rates(rates, name, config["by_concurrency"], style)
        _plot_steps(steps, name, config["by_concurrency"], style)
    rates.set(xlabel="concurrent flows", ylabel="complete flows per second", title="flows/s (labels: one111/bare)")
    steps.set(xlabel="concurrent flows", ylabel="p50 ms", title="one111: each step's p50 and the whole flow's")
    for axes in (rates, steps):
        axes.set_yscale("log")
        axes.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _plot_rates(axes: Any, name: str, by_concurrency: dict[str, Any], style: str) -> None:
    xs = [int(c) for c in by_concurrency]
    for side, colour in (("one111", "tab:blue"), ("bare", "tab:grey")):
        ys = [step[side]["flows_per_s"] for step in by_concurrency.values()]
        axes.plot(xs, ys, marker="o", linestyle=style, color=colour, label=f"{name}: {side}")
    for x, step in zip(xs, by_concurrency.values(), strict=True):
        point = (x, step["one111"]["flows_per_s"])
        axes.annotate(f"{step['ratio']}x", point, fontsize=7, xytext=(4, 4), textcoords="offset points")


def _plot_steps(axes: Any, name: str, by_concurrency: dict[str, Any], style: str) -> None:
    xs = [int(c) for c in by_concurrency]
    for stage, colour in zip(STAGES, ("tab:orange", "tab:green", "tab:red", "tab:purple", "black"), strict=True):
        ys = [step["one111"]["p50_ms"][stage] for step in by_concurrency.values()]
        axes.plot(xs, ys, marker=".", linestyle=style, color=colour, label=f"{name}: {stage}")


def main(quick: bool = False, step_seconds: float | None = None) -> dict[str, Any]:
    seconds = step_seconds or (QUICK_STEP_SECONDS if quick else STEP_SECONDS)
    shutil.rmtree(WORK, ignore_errors=True)  # the last run's server logs
    result = measure(CONFIGS, CONCURRENCY, seconds, WARM_SECONDS / 2 if quick else WARM_SECONDS)
    RESULTS.mkdir(exist_ok=True)
    plot(result, RESULTS / "flow.png")
    report(result)
    return result
