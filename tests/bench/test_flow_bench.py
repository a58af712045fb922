"""The flow bench's machinery, quickly, against the real embedded stack: every figure is there and nothing failed.

No timing is asserted: the machine is shared; the bench itself prints whether the goals were met.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.flow_bench import Bare, measure, plot, run
from bench.flow_client import drive
from tests.support.server import COVERAGE_SETTINGS

STAGES = {"triage", "route", "hold", "book", "flow"}
GOALS = {
    "pg_redis_ratio_at_4",
    "pg_redis_ratio_at_8",
    "embedded_ratio_at_4",
    "embedded_ratio_at_8",
    "pg_redis_unloaded_flow_p50_ms",
}


@pytest.mark.slow
def test_a_quick_run_on_the_embedded_stack_measures_every_step_without_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bench's servers only carry load: traced by coverage, their hundreds of flows cost the suite CPU it needs
    for setting in COVERAGE_SETTINGS:  # what LiveServer(measured=False) leaves out
        monkeypatch.delenv(setting, raising=False)
    result = measure([("embedded", 1)], concurrencies=(1, 2), seconds=1.0, warm_seconds=0.5, workdir=tmp_path)

    assert result["errors"] == 0
    steps = result["embedded_1_worker"]["by_concurrency"]
    assert set(steps) == {"1", "2"}
    for step in steps.values():
        assert step["ratio"] > 0
        for side in ("one111", "bare"):
            figures = step[side]
            assert figures["errors"] == 0, figures.get("error_samples")
            assert figures["flows"] > 0
            assert figures["flows_per_s"] > 0
            assert set(figures["p50_ms"]) == set(figures["p99_ms"]) == STAGES
            assert all(0 < figures["p50_ms"][s] <= figures["p99_ms"][s] for s in STAGES)
    assert set(result["goals"]) == GOALS
    assert result["goals"]["embedded_ratio_at_4"] == {"goal": ">= 0.5", "value": None, "met": False}  # not measured
    json.dumps(result)  # what `python -m bench` writes to bench/results/flow.json
    plot(result, tmp_path / "flow.png")
    assert (tmp_path / "flow.png").read_bytes().startswith(b"\x89PNG")


def test_a_refused_request_counts_as_an_error_and_says_why(tmp_path: Path) -> None:
    bodies = {name: {"status": 201, "body": {"id": name}} for name in ("triage", "route", "hold", "book")}
    (tmp_path / "bodies.json").write_text(json.dumps(bodies))
    with Bare(1, tmp_path / "bodies.json", tmp_path) as bare:
        refused = run(drive(bare.url, token="", concurrency=2, seconds=0.3))
        incomplete = run(drive(bare.url, token="t", concurrency=1, seconds=0.3))

    assert refused.errors > 0
    assert refused.timings["flow"] == []
    assert refused.samples[0].startswith("triage 401")
    assert incomplete.errors > 0  # the canned route offers nothing to book
    assert incomplete.samples[0] == "route: outcome None with 0 options"
