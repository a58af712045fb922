"""Choosing the policy's thresholds on validation data, on the urgency ladder (decide.LADDER).

For each rung the threshold on P(needs care at least this urgent) is chosen by cost: the one minimising
cost x (cases that needed this rung or higher, scored below it) + (cases that did not, scored above it). At the
emergency boundary (ED) a missed emergency weighs as much as ten needless A&E visits (UNDER_COST), and emergencies a
rule already sends to ED or 999 (`covered`) are left out of the misses, since the model need not catch them twice.
At the other rungs a case scored a rung too low weighs three scored too high (RUNG_COST). The first model's targets
(every emergency, 97% at other rungs) sent nearly everyone to ED (T-10); now red-flag rules, NEWS2, NG143 and the
clinician call back for reports the model cannot place (triage/uncertainty.py) carry the rest. Pure: no I/O.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from models.vocabulary import Disposition
from triage.decide import LADDER, RUNG, at_least, on_ladder

D = Disposition
FLOOR, CEILING = 0.02, 0.5  # never trigger on noise; never demand more than even odds
UNDER_COST = 10.0  # one emergency scored below ED costs as much as this many non-emergencies sent to ED
RUNG_COST = 3.0  # below the emergency boundary, one case scored a rung too low costs three scored too high


def cumulative(proba: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """P(at least each ladder rung) per row of LEVELS-ordered probabilities."""
    return np.asarray([at_least(on_ladder(row)) for row in proba], dtype=np.float64)


def by_cost(scores: npt.NDArray[np.float64], positive: npt.NDArray[np.bool_], cost: float = UNDER_COST) -> float:
    """The threshold (among the scores seen, clamped) minimising `cost` x misses + false alarms."""
    candidates = np.unique(np.append(np.clip(scores, FLOOR, CEILING), CEILING))
    costs = [cost * (positive & (scores < t)).sum() + (~positive & (scores >= t)).sum() for t in candidates]
    return float(candidates[int(np.argmin(costs))])


def choose(
    proba: npt.NDArray[np.float64], gold: npt.NDArray[np.int64], covered: npt.NDArray[np.bool_] | None = None
) -> dict[Disposition, float]:
    """Thresholds for every rung but the least urgent (the policy's fallback); `gold` holds LEVELS indices;
    `covered` marks cases a rule already sends to ED or 999."""
    cum, rung = cumulative(proba), np.asarray(RUNG, dtype=np.int64)[gold]
    out = {d: by_cost(cum[:, k], rung <= k, RUNG_COST) for k, d in enumerate(LADDER[:-1])}
    ed = LADDER.index(D.ED)
    keep = np.ones(len(gold), dtype=bool) if covered is None else ~(covered & (rung <= ed))
    out[D.ED] = by_cost(cum[keep, ed], (rung <= ed)[keep])
    return out


def escalation_only(shipped: dict[Disposition, float], refit: dict[Disposition, float]) -> dict[Disposition, float]:
    """Each rung's threshold where it is lower: a refit may send reports a rung up, never a rung down (that needs a
    retrain, measured on every set, and clinical review)."""
    return {d: min(shipped[d], refit[d]) for d in shipped}
