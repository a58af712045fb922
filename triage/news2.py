"""NEWS2 (Royal College of Physicians, 2017), scale 1 for SpO2. Valid for adults (16+), not in pregnancy."""

from __future__ import annotations

from dataclasses import dataclass

from triage.groups import Consciousness
from triage.schemas import Observations

Band = tuple[float, int]  # (upper bound inclusive, points)

_RESP: tuple[Band, ...] = ((8, 3), (11, 1), (20, 0), (24, 2), (float("inf"), 3))
_SPO2: tuple[Band, ...] = ((91, 3), (93, 2), (95, 1), (float("inf"), 0))
_SYSTOLIC: tuple[Band, ...] = ((90, 3), (100, 2), (110, 1), (219, 0), (float("inf"), 3))
_PULSE: tuple[Band, ...] = ((40, 3), (50, 1), (90, 0), (110, 1), (130, 2), (float("inf"), 3))
_TEMP: tuple[Band, ...] = ((35.0, 3), (36.0, 1), (38.0, 0), (39.0, 1), (float("inf"), 2))


@dataclass(frozen=True, slots=True)
class News2:
    total: int
    highest: int
    parameters: int

    @property
    def emergency(self) -> bool:
        return self.total >= 7

    @property
    def urgent(self) -> bool:
        return self.total >= 5 or self.highest >= 3


def _points(value: float | None, bands: tuple[Band, ...]) -> int | None:
    if value is None:
        return None
    return next(points for upper, points in bands if value <= upper)


def _consciousness(level: Consciousness | None) -> int | None:
    return None if level is None else (0 if level is Consciousness.ALERT else 3)


def subscores(obs: Observations) -> list[int]:
    parts = [
        _points(obs.respiratory_rate, _RESP),
        _points(obs.spo2, _SPO2),
        _points(obs.systolic_bp, _SYSTOLIC),
        _points(obs.pulse, _PULSE),
        _points(obs.temperature, _TEMP),
        _consciousness(obs.consciousness),
        2 if obs.on_oxygen else None,
    ]
    return [p for p in parts if p is not None]


def score(obs: Observations | None) -> News2:
    """Aggregate over the parameters present; missing ones score 0 (a partial score can only understate)."""
    parts = subscores(obs) if obs is not None else []
    return News2(sum(parts), max(parts, default=0), len(parts))
