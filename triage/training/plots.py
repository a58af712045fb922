"""The calibration (reliability) plot written next to the model. Agg backend: no display needed."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt

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
