"""Choosing the policy's thresholds on validation data so emergencies are (almost) never scored below ED.

For each disposition the threshold is set on P(needs care at least this urgent): low enough that a target
share of validation cases whose gold is at least that urgent pass it. The emergency boundary (ED) targets
every case, with a margin below the lowest one seen; other levels accept a few misses to limit over-triage.
Pure: no I/O.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from models.vocabulary import Disposition
from triage.decide import LEVELS, at_least

D = Disposition
TARGET_RECALL: dict[Disposition, float] = {
    D.CALL_999: 0.97,
    D.ED: 1.0,  # the emergency boundary: no emergency may be scored below ED
    D.UTC: 0.97,
    D.GP_OOH: 0.97,
    D.GP_ROUTINE: 0.97,
    D.PHARMACY: 0.97,
}
FLOOR, CEILING = 0.01, 0.5  # never trigger on noise (1% is the validation trade-off); never demand more than even odds
MARGIN = 0.8  # the emergency threshold sits this fraction below the lowest validation emergency


def cumulative(proba: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray([at_least(row) for row in proba], dtype=np.float64)


def threshold(scores: npt.NDArray[np.float64], target: float) -> float:
    """The highest threshold that `target` of these (positive) cases' scores still reach, clamped."""
    if scores.size == 0:
        return CEILING
    raw = float(scores.min()) * MARGIN if target >= 1.0 else float(np.quantile(scores, 1.0 - target))
    return min(CEILING, max(FLOOR, raw))


def choose(proba: npt.NDArray[np.float64], gold: npt.NDArray[np.int64]) -> dict[Disposition, float]:
    """Thresholds for every disposition but the least urgent (which is the policy's fallback)."""
    cum = cumulative(proba)
    out = {}
    for k, disposition in enumerate(LEVELS[:-1]):
        out[disposition] = threshold(cum[gold <= k, k], TARGET_RECALL[disposition])
    return out
