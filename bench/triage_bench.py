"""Triage scoring cost: the whole triager (fast path + rules + explanation) and the fast path alone vs the
reference sklearn pipeline's predict_proba, one report at a time, on the same reports in the same run.

Rounds are interleaved so machine noise hits every contender. Figures to watch: `speedup_fastpath`
(reference p50 / fast-path p50), `speedup_assess` (reference p50 / whole-triager p50), `assess.p99_ms`, and
`assess_1200.p99_ms`: the whole triager (findings, model, rules, doubt check) on 1,200-character reports, the
length of a published vignette (issue 15's goal: p99 <= 5 ms); `assess_1200_cpu` is the same in CPU time (the
triager's own cost, without waits for a core on a busy machine) and `speedup_assess_1200` its ratio to the
reference p50 in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from triage import fastpath, features, model, reference
from triage.schemas import TriageReport, parse_report
from triage.service import Triager, default_artifacts_dir
from triage.training import generator

ROUNDS, REPORTS, SEED = 5, 300, 98765
LONG = 1200


def _reports() -> list[TriageReport]:
    rows = generator.generate(SEED, REPORTS)
    return [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in rows]


def _long_reports(reports: list[TriageReport]) -> list[TriageReport]:
    """Each report's text followed by the next ones' until it is 1,200 characters: long, several complaints."""
    out = []
    for i, report in enumerate(reports):
        text, j = report.text, i + 1
        while len(text) < LONG:
            text += ". " + reports[j % len(reports)].text
            j += 1
        out.append(report.model_copy(update={"text": text[:LONG]}))
    return out


def _times(call: Callable[[Any], object], items: list[Any]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per call. CPU time leaves out the waits for a core that other processes on a
    shared machine cause, so it shows the triager's own cost where wall-clock p99 shows the machine's load."""
    wall, cpu = [], []
    for item in items:
        started, cpu_started = time.perf_counter(), time.thread_time()
        call(item)
        cpu.append(time.thread_time() - cpu_started)
        wall.append(time.perf_counter() - started)
    return wall, cpu


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "per_second": len(ordered) / sum(ordered),
    }


def main() -> dict[str, Any]:
    pipeline, _ = reference.load(default_artifacts_dir())
    triager, scorer = Triager.load(default_artifacts_dir()), fastpath.build(pipeline)
    reports = _reports()
    rows = [features.matrix([r]) for r in reports]
    contenders: dict[str, tuple[Callable[[Any], object], list[Any]]] = {
        "reference": (lambda x: model.predict_proba(pipeline, x), rows),
        "fastpath": (lambda r: scorer.proba(features.row(r)), reports),
        "assess": (triager.assess, reports),
        "assess_1200": (triager.assess, _long_reports(reports)),
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(ROUNDS):
        for name, (call, items) in contenders.items():
            wall, used = _times(call, items)
            samples[name] += wall
            cpu[name] += used
    result: dict[str, Any] = {name: _summary(s) for name, s in samples.items()}
    result["assess_1200_cpu"] = _summary(cpu["assess_1200"])
    result["speedup_fastpath"] = result["reference"]["p50_ms"] / result["fastpath"]["p50_ms"]
    result["speedup_assess"] = result["reference"]["p50_ms"] / result["assess"]["p50_ms"]
    # The whole triager on a 1,200-character report against one reference predict_proba on a short one.
    result["speedup_assess_1200"] = result["reference"]["p50_ms"] / result["assess_1200"]["p50_ms"]
    result["reports_per_round"] = REPORTS
    result["assess_1200_p99_goal_ms"] = 5.0
    result["assess_1200_p99_within_goal"] = result["assess_1200"]["p99_ms"] <= 5.0
    result["model_version"] = triager.version
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(main(), indent=2))
