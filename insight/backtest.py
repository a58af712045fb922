"""How good the forecast is: a rolling-origin backtest (fit on the 28 days before each origin, forecast the next
48 hours, compare with what happened), its errors, and a seeded simulated history to run it on.

No open hourly series of NHS 111 calls exists, so the published figures come from a *simulated* history that
deliberately departs from the model's assumptions: the daily level drifts (log AR(1)), bank holidays run 25%
above a Sunday, and hourly noise is negative binomial. Run on one111's own history (`one111 insight backtest
--from-database`) the same code measures the real thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from insight.forecast import HOUR, Point, Shape, fit, hour_floor, predict

WINDOW = timedelta(days=28)
HORIZON_HOURS = 48
BANK_HOLIDAY_UPLIFT = 1.25
DAILY_DRIFT_SD = 0.07
DAILY_DRIFT_AR = 0.7
SIMULATED_DISPERSION = 60.0


@dataclass(frozen=True, slots=True)
class Scored:
    origin: datetime
    actual: int
    point: Point
    horizon: int  # hours ahead, 0 = the first hour


@dataclass(frozen=True, slots=True)
class Errors:
    origins: int
    hours: int
    mape: float  # percent, over hours with at least one call
    wape: float  # percent: sum |error| / sum actual
    coverage80: float  # share of actuals inside the 80% interval
    coverage95: float
    naive_mape: float  # the same hour a week earlier, for comparison


def simulate(shape: Shape, calls_a_week: float, start: datetime, days: int, seed: int) -> list[tuple[datetime, int]]:
    rng = np.random.default_rng(seed)
    first = hour_floor(start)
    drift, out = 0.0, []
    for day in range(days):
        drift = DAILY_DRIFT_AR * drift + rng.normal(0.0, DAILY_DRIFT_SD)
        for hour in range(24):
            when = first + timedelta(days=day, hours=hour)
            mean = calls_a_week * shape.share(when) * np.exp(drift) * _holiday(shape, when)
            k = SIMULATED_DISPERSION
            out.append((when, int(rng.negative_binomial(k, k / (k + mean)))))
    return out


def _holiday(shape: Shape, when: datetime) -> float:
    probe = Shape(shape.weekly, frozenset())
    return BANK_HOLIDAY_UPLIFT if shape.share(when) != probe.share(when) else 1.0


def run(shape: Shape, history: Sequence[tuple[datetime, int]], origins: Sequence[datetime]) -> list[Scored]:
    """Forecast from each origin with only the 28 days before it, score the next 48 hours that were observed."""
    actual = dict(history)
    scored: list[Scored] = []
    for origin in origins:
        past = [(when, n) for when, n in history if origin - WINDOW <= when < origin]
        points = predict(shape, fit(shape, past, prior_a_week=0.0), origin, HORIZON_HOURS)
        scored += [Scored(origin, actual[p.start], p, i) for i, p in enumerate(points) if p.start in actual]
    return scored


def daily_origins(history: Sequence[tuple[datetime, int]]) -> list[datetime]:
    """Midnight UTC of every day that has 28 days before it and 48 hours after it in the history."""
    first, last = history[0][0], history[-1][0]
    origin = hour_floor(first + WINDOW).replace(hour=0) + timedelta(days=1)
    out = []
    while origin + HORIZON_HOURS * HOUR <= last + HOUR:
        out.append(origin)
        origin += timedelta(days=1)
    return out


def errors(scored: Sequence[Scored], history: Sequence[tuple[datetime, int]]) -> Errors:
    actual = np.array([s.actual for s in scored], dtype=float)
    expected = np.array([s.point.expected for s in scored])
    seen = actual > 0
    return Errors(
        origins=len({s.origin for s in scored}),
        hours=len(scored),
        mape=float(np.mean(np.abs(actual[seen] - expected[seen]) / actual[seen]) * 100),
        wape=float(np.abs(actual - expected).sum() / actual.sum() * 100),
        coverage80=float(np.mean([s.point.lower80 <= s.actual <= s.point.upper80 for s in scored])),
        coverage95=float(np.mean([s.point.lower95 <= s.actual <= s.point.upper95 for s in scored])),
        naive_mape=_naive_mape(scored, dict(history)),
    )


def _naive_mape(scored: Sequence[Scored], actual: dict[datetime, int]) -> float:
    pairs = [(s.actual, actual.get(s.point.start - timedelta(days=7))) for s in scored if s.actual > 0]
    return float(np.mean([abs(a - b) / a for a, b in pairs if b is not None]) * 100)
