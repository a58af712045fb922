"""Train the triage model from a seed: generate, split, fit, choose thresholds, measure, write the artifact.

Splits are 70% fit / 15% validation (thresholds only) / 15% held-out test (metrics only), all from the
seeded generator. Reproducible: the same seed and n give the same data hash, thresholds and metrics.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from models.vocabulary import Disposition as D
from triage import artifact, decide, features, model, reference, rules, uncertainty
from triage.schemas import TriageReport, parse_report
from triage.service import Triager
from triage.training import generator, metrics, plots, thresholds

STAGES = ("generate", "fit", "thresholds", "evaluate", "write")
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Split:
    reports: list[TriageReport]
    x: npt.NDArray[np.object_]
    y: npt.NDArray[np.int64]

    def take(self, index: npt.NDArray[np.int64]) -> Split:
        return Split([self.reports[i] for i in index], self.x[index], self.y[index])


def synthesise(seed: int, n: int) -> tuple[Split, str]:
    rows = list(generator.generate(seed, n))
    return _of(rows), generator.data_hash(rows)


def _of(rows: list[generator.Labelled]) -> Split:
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in rows]
    return Split(reports, features.matrix(reports), model.labels([r.disposition for r in rows]))


def validation(seed: int, n: int) -> tuple[Split, str]:
    """The validation split alone (the thresholds' data), read with today's findings, and the whole data's hash."""
    rows = list(generator.generate(seed, n))
    _, val, _ = split_indices(n, seed)
    return _of([rows[i] for i in val]), generator.data_hash(rows)


def covered_by_rules(reports: list[TriageReport]) -> npt.NDArray[np.bool_]:
    """Which reports a rule already sends to ED or 999, whatever the model says."""
    return np.array([any(h.floor in decide.ED_OR_999 for h in rules.assess(r)) for r in reports], dtype=bool)


def split_indices(n: int, seed: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    order = np.random.default_rng(seed).permutation(n)
    a, b = int(0.7 * n), int(0.85 * n)
    return order[:a], order[a:b], order[b:]


def split(data: Split, seed: int) -> tuple[Split, Split, Split]:
    fit, val, test = split_indices(len(data.y), seed)
    return data.take(fit), data.take(val), data.take(test)


def measure(pipeline: Pipeline, cuts: dict[Any, float], q: float, test: Split) -> dict[str, Any]:
    """Test metrics for the policy alone, and for the whole triager the service runs (rules included)."""
    proba = model.predict_proba(pipeline, test.x)
    gold = metrics.indices([decide.LEVELS[k] for k in test.y])
    alone = metrics.indices([decide.policy(p, cuts) for p in proba])
    triager = Triager.of(pipeline, {"thresholds": {str(k): v for k, v in cuts.items()}, "conformal": {"q": q}})
    final = metrics.indices([triager.assess(r).disposition for r in test.reports])
    argmax = metrics.indices([decide.LEVELS[k] for k in proba.argmax(axis=1)])
    return {
        "model_policy": metrics.evaluate(gold, alone, proba, test.y),
        "with_rules": metrics.evaluate(gold, final),
        "argmax": metrics.evaluate(gold, argmax),
        "reliability": metrics.reliability(test.y, proba),
        "_proba": proba,
    }


def train(n: int, seed: int, out: Path, progress: Progress = lambda stage: None) -> dict[str, Any]:
    """Train and write model.skops, scorer.npz, metadata.json, calibration.png and confusion.md to `out`."""
    # One BLAS thread: on a small shared machine, threaded BLAS made the sparse fit ~8x slower, not faster.
    with threadpool_limits(limits=1):
        return _train(n, seed, out, progress)


def _train(n: int, seed: int, out: Path, progress: Progress) -> dict[str, Any]:
    started = time.perf_counter()
    progress("generate")
    data, data_hash = synthesise(seed, n)
    fit_set, val, test = split(data, seed)
    progress("fit")
    pipeline = model.fit(fit_set.x, fit_set.y)
    progress("thresholds")
    val_proba = model.predict_proba(pipeline, val.x)
    cuts = thresholds.choose(val_proba, val.y, covered_by_rules(val.reports))
    q = uncertainty.conformal_q(val_proba, val.y)
    progress("evaluate")
    test_metrics = measure(pipeline, cuts, q, test)
    progress("write")
    plots.calibration(test.y, test_metrics.pop("_proba"), out / plots.FILENAME)
    metadata = _metadata(n, seed, data_hash, cuts, test_metrics, (len(fit_set.y), len(val.y), len(test.y)))
    metadata["conformal"] = {"alpha": uncertainty.ALPHA, "q": round(q, 6), "max_span": uncertainty.MAX_SPAN}
    metadata["training_seconds"] = round(time.perf_counter() - started, 1)
    full = reference.save(pipeline, metadata, out)
    (out / "confusion.md").write_text(_confusion_page(full))
    return full


def refit(artifacts_dir: Path) -> dict[str, Any]:
    """Refit the thresholds of the model in `artifacts_dir` on its own validation split as today's findings and rules
    read it, keeping each old threshold where it is lower (`thresholds.escalation_only`); write metadata.json with
    the new thresholds, the old ones and a new version. The model is unchanged."""
    pipeline, metadata = reference.load(artifacts_dir)
    val, data_hash = validation(metadata["seed"], metadata["n"])
    if data_hash != metadata["training_data_sha256"]:
        raise ValueError("The generator no longer makes the data this model was trained on: retrain it.")
    old = {D(k): v for k, v in metadata["thresholds"].items()}
    fitted = thresholds.choose(model.predict_proba(pipeline, val.x), val.y, covered_by_rules(val.reports))
    new = {str(k): round(v, 6) for k, v in thresholds.escalation_only(old, fitted).items()}
    if new == metadata["thresholds"]:
        return metadata
    refitted = {"at": datetime.now(UTC).replace(microsecond=0).isoformat(), "previous": metadata["version"]}
    full = {**metadata, "thresholds": new, "refitted": refitted | {"previous_thresholds": metadata["thresholds"]}}
    return reference.write_metadata({**full, "version": artifact.version_of(full)}, artifacts_dir)


def _metadata(
    n: int, seed: int, data_hash: str, cuts: dict[Any, float], test: dict[str, Any], sizes: tuple[int, int, int]
) -> dict[str, Any]:
    created = datetime.now(UTC).replace(microsecond=0)
    return {
        "created": created.isoformat(),
        "n": n,
        "seed": seed,
        "split": {"fit": sizes[0], "validation": sizes[1], "test": sizes[2]},
        "training_data_sha256": data_hash,
        "generator": "triage/training/generator.py + triage/training/scenarios.py (synthetic, rule-labelled)",
        "thresholds": {str(k): round(v, 6) for k, v in cuts.items()},
        "threshold_costs": {"emergency_miss": thresholds.UNDER_COST, "rung_miss": thresholds.RUNG_COST},
        "test_metrics": test,
    }


def _confusion_page(metadata: dict[str, Any]) -> str:
    parts = [f"# Confusion on the held-out synthetic test split ({metadata['version']})", ""]
    for key, title in (
        ("model_policy", "Model + risk-averse policy"),
        ("with_rules", "Model + policy + escalation rules"),
    ):
        block = metadata["test_metrics"][key]
        parts += [f"## {title}", "", metrics.confusion_markdown(block["confusion"]), ""]
    return "\n".join(parts)
