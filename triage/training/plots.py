"""The calibration (reliability) plot written next to the model, and `one111 triage evaluate --plot`'s figure. Agg
backend: no display needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes

from triage.training.metrics import LEVEL_NAMES, reliability

FILENAME = "calibration.png"


def calibration(gold: npt.NDArray[np.int64], proba: npt.NDArray[np.float64], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = reliability(gold, proba)
    fig, ax = plt.subplots(figsize=(6, 6), dpi=80)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect")
    for name in LEVEL_NAMES:
        rows = table[name]
        ax.plot([r["predicted"] for r in rows], [r["observed"] for r in rows], marker="o", markersize=3, label=name)
    ax.set(
        xlabel="mean predicted probability", ylabel="observed frequency", title="Calibration, held-out synthetic test"
    )
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


# The issue-15 goals the evaluation is read against: (figure, label, goal, whether the goal is a floor).
GOALS: tuple[tuple[str, str, float, bool], ...] = (
    ("emergencies_at_ed_or_999", "emergencies\nat ED/999", 1.0, True),
    ("exact_level", "exact level", 0.75, True),
    ("under", "under-triage", 0.05, False),
    ("ed_or_999_among_non_emergencies", "ED/999 among\nnon-emergencies", 0.20, False),
)


def evaluation(results: dict[str, dict[str, Any]], path: Path) -> None:
    """`one111 triage evaluate --plot`: per set, the reliability of P(ED or 999) on its stories, and each goal's
    figure with its Wilson 95% interval beside the goal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, (curve, bars) = plt.subplots(1, 2, figsize=(12, 5), dpi=80)
    curve.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect")
    for name, figures in results.items():
        rows = figures["reliability"]
        curve.plot([r["predicted"] for r in rows], [r["observed"] for r in rows], marker="o", label=Path(name).stem)
    curve.set(xlabel="mean P(ED or 999)", ylabel="share that were emergencies", title="Calibration on these stories")
    curve.legend(loc="upper left", fontsize=8)
    _goal_bars(bars, results)
    fig.tight_layout()
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)


def _goal_bars(ax: Axes, results: dict[str, dict[str, Any]]) -> None:
    width = 0.8 / max(len(results), 1)
    for k, (name, figures) in enumerate(results.items()):
        shares = [figures["all"][key] for key, _, _, _ in GOALS]
        rates = np.array([s["rate"] if s["rate"] is not None else np.nan for s in shares])
        low = np.array([s["ci95"][0] for s in shares])
        high = np.array([s["ci95"][1] for s in shares])
        errors = np.vstack([np.nan_to_num(rates - low), np.nan_to_num(high - rates)])
        at = np.arange(len(GOALS)) + k * width
        ax.bar(at, np.nan_to_num(rates), width, yerr=errors, capsize=3, label=Path(name).stem)
    for j, (_, _, goal, floor) in enumerate(GOALS):
        ax.hlines(goal, j - 0.1, j + 0.9 - 0.1, colors="black", linestyles="--")
        ax.annotate(f"goal {'≥' if floor else '≤'} {goal:.0%}", (j - 0.1, goal), fontsize=7, va="bottom")
    ax.set_xticks(np.arange(len(GOALS)) + 0.4 - width / 2, [label for _, label, _, _ in GOALS], fontsize=8)
    ax.set(ylim=(0, 1.08), ylabel="share [Wilson 95% interval]", title="Issue 15's goals")
    ax.legend(loc="upper right", fontsize=8)
