"""The backtest plot for the README: one 48-hour forecast with its intervals against what happened, and the
error by hours ahead over every origin. Agg backend: no display needed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from insight.backtest import Errors, Scored
from insight.forecast import LONDON


def backtest(scored: Sequence[Scored], summary: Errors, shown: datetime, title: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7), dpi=80)
    _one_origin(top, [s for s in scored if s.origin == shown], title)
    _by_horizon(bottom, scored, summary)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _one_origin(ax: Axes, rows: Sequence[Scored], title: str) -> None:
    x = list(range(len(rows)))
    ax.fill_between(x, [s.point.lower95 for s in rows], [s.point.upper95 for s in rows], alpha=0.2, label="95%")
    ax.fill_between(x, [s.point.lower80 for s in rows], [s.point.upper80 for s in rows], alpha=0.35, label="80%")
    ax.plot(x, [s.point.expected for s in rows], label="forecast")
    ax.plot(x, [s.actual for s in rows], "k.", markersize=4, label="actual")
    ticks = x[::6]
    ax.set_xticks(ticks, [f"{rows[i].point.start.astimezone(LONDON):%a %H:00}" for i in ticks], fontsize=8)
    ax.set(title=title, ylabel="calls an hour")
    ax.legend(loc="upper left", fontsize=8)


def _by_horizon(ax: Axes, scored: Sequence[Scored], summary: Errors) -> None:
    ape: dict[int, list[float]] = defaultdict(list)
    for s in scored:
        if s.actual > 0:
            ape[s.horizon].append(abs(s.actual - s.point.expected) / s.actual * 100)
    hours = sorted(ape)
    ax.plot(hours, [float(np.mean(ape[h])) for h in hours], marker="o", markersize=3, label="model")
    ax.axhline(summary.naive_mape, color="grey", linestyle=":", label="same hour last week (all hours)")
    ax.set(
        xlabel="hours ahead",
        ylabel="MAPE %",
        title=(
            f"{summary.origins} origins: MAPE {summary.mape:.1f}%, 80% interval covers {summary.coverage80:.0%}, "
            f"95% covers {summary.coverage95:.0%}"
        ),
    )
    ax.legend(loc="upper left", fontsize=8)
