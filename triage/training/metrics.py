"""How good a set of triage decisions is: agreement, under- and over-triage, calibration. Pure functions.

Decisions are indices into the whole vocabulary in urgency order (`index`: 0 = CALL_999 ... SELF_CARE last), so
"less urgent than gold" is a larger index and CLINICAL_ASSESSMENT has its place; probabilities are over LEVELS.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import confusion_matrix, f1_score, recall_score

from models.vocabulary import DISPOSITIONS_BY_URGENCY, Disposition
from triage.decide import LEVELS

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
N = len(DISPOSITIONS_BY_URGENCY)
EMERGENCY = 1  # indices 0 (CALL_999) and 1 (ED) are emergencies: ED or 999 is where they must go
NAMES = [d.value for d in DISPOSITIONS_BY_URGENCY]
LEVEL_NAMES = [d.value for d in LEVELS]


def index(disposition: Disposition) -> int:
    return DISPOSITIONS_BY_URGENCY.index(disposition)


def indices(dispositions: list[Disposition]) -> Ints:
    return np.array([index(d) for d in dispositions], dtype=np.int64)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score 95% interval for k successes in n trials (sound at small n and at 0% or 100%)."""
    if n == 0:
        return (0.0, 1.0)
    p, z2 = k / n, z * z
    centre, half = (p + z2 / (2 * n)) / (1 + z2 / n), z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return (float(max(0.0, centre - half)), float(min(1.0, centre + half)))


def _rate(mask: npt.NDArray[np.bool_], within: npt.NDArray[np.bool_]) -> float:
    return float(mask[within].mean()) if within.any() else 0.0


def triage_rates(gold: Ints, pred: Ints) -> dict[str, float]:
    everyone = np.ones_like(gold, dtype=bool)
    emergencies = gold <= EMERGENCY
    return {
        "under_triage_rate": _rate(pred > gold, everyone),
        "over_triage_rate": _rate(pred < gold, everyone),
        "emergency_under_triage_rate": _rate(pred > EMERGENCY, emergencies),
        "emergency_under_triage_count": int((emergencies & (pred > EMERGENCY)).sum()),
        "emergencies": int(emergencies.sum()),
        "ed_or_999_among_non_emergencies": _rate(pred <= EMERGENCY, ~emergencies),
    }


def agreement(gold: Ints, pred: Ints) -> dict[str, Any]:
    labels = list(range(N))
    recall = recall_score(gold, pred, labels=labels, average=None, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": float((gold == pred).mean()),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "recall": {name: float(r) for name, r in zip(NAMES, recall, strict=True)},
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
    }


def brier(gold: Ints, proba: Floats) -> dict[str, float]:
    """One-vs-rest Brier score per scored disposition, and their mean; `gold` holds LEVELS indices."""
    onehot = np.eye(len(LEVELS))[gold]
    per = ((proba - onehot) ** 2).mean(axis=0)
    out = {name: float(v) for name, v in zip(LEVEL_NAMES, per, strict=True)}
    out["mean"] = float(per.mean())
    return out


def reliability(gold: Ints, proba: Floats, bins: int = 10) -> dict[str, list[dict[str, float]]]:
    """Per scored disposition: for each probability bin with cases, mean predicted vs observed frequency."""
    return {name: curve(proba[:, k], gold == k, bins) for k, name in enumerate(LEVEL_NAMES)}


def curve(predicted: Floats, happened: npt.NDArray[np.bool_], bins: int = 10) -> list[dict[str, float]]:
    """One reliability curve: for each equal-width probability bin with cases, its lower edge, the mean predicted
    probability, how often it happened, and the count."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(predicted, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        inside = which == b
        if inside.any():
            rows.append(
                {
                    "bin": float(edges[b]),
                    "predicted": float(predicted[inside].mean()),
                    "observed": float(happened[inside].mean()),
                    "n": float(inside.sum()),
                }
            )
    return rows


def evaluate(gold: Ints, pred: Ints, proba: Floats | None = None, gold_levels: Ints | None = None) -> dict[str, Any]:
    """Everything the model card reports for one set of cases (vocabulary indices; `gold_levels`: LEVELS indices)."""
    out: dict[str, Any] = {**agreement(gold, pred), **triage_rates(gold, pred)}
    if proba is not None and gold_levels is not None:
        out["brier"] = brier(gold_levels, proba)
    return out


def confusion_markdown(confusion: list[list[int]]) -> str:
    """Rows are gold, columns are decisions, most urgent first: left of the diagonal is over-triage, right under."""
    head = "| gold \\ decided | " + " | ".join(NAMES) + " |"
    lines = [head, "|" + " --- |" * (N + 1)]
    lines += [
        f"| {name} | " + " | ".join(str(c) for c in row) + " |" for name, row in zip(NAMES, confusion, strict=True)
    ]
    return "\n".join(lines)
