"""How good a set of triage decisions is: agreement, under- and over-triage, calibration. Pure functions.

Labels are urgency indices (0 = CALL_999 ... 6 = SELF_CARE), so "less urgent than gold" is a larger index.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import confusion_matrix, f1_score, recall_score

from triage.decide import LEVELS

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
N = len(LEVELS)
EMERGENCY = 1  # indices 0 (CALL_999) and 1 (ED) are emergencies
NAMES = [d.value for d in LEVELS]


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
    """One-vs-rest Brier score per disposition, and their mean."""
    onehot = np.eye(N)[gold]
    per = ((proba - onehot) ** 2).mean(axis=0)
    out = {name: float(v) for name, v in zip(NAMES, per, strict=True)}
    out["mean"] = float(per.mean())
    return out


def reliability(gold: Ints, proba: Floats, bins: int = 10) -> dict[str, list[dict[str, float]]]:
    """Per disposition: for each probability bin with cases, mean predicted vs observed frequency."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    table: dict[str, list[dict[str, float]]] = {}
    for k, name in enumerate(NAMES):
        which = np.clip(np.digitize(proba[:, k], edges[1:-1]), 0, bins - 1)
        rows = []
        for b in range(bins):
            inside = which == b
            if inside.any():
                rows.append(
                    {
                        "bin": float(edges[b]),
                        "predicted": float(proba[inside, k].mean()),
                        "observed": float((gold[inside] == k).mean()),
                        "n": float(inside.sum()),
                    }
                )
        table[name] = rows
    return table


def evaluate(gold: Ints, pred: Ints, proba: Floats | None = None) -> dict[str, Any]:
    """Everything the model card reports for one set of cases."""
    out: dict[str, Any] = {**agreement(gold, pred), **triage_rates(gold, pred)}
    if proba is not None:
        out["brier"] = brier(gold, proba)
    return out


def confusion_markdown(confusion: list[list[int]]) -> str:
    """Rows are gold, columns are decisions, most urgent first: left of the diagonal is over-triage, right under."""
    head = "| gold \\ decided | " + " | ".join(NAMES) + " |"
    lines = [head, "|" + " --- |" * (N + 1)]
    lines += [
        f"| {name} | " + " | ".join(str(c) for c in row) + " |" for name, row in zip(NAMES, confusion, strict=True)
    ]
    return "\n".join(lines)
