"""The equity monitor: are people triaged, booked and seen differently by age, sex, deprivation or place?

Pure: care events in, groups, tests and alerts out. The stated test, per dimension, group and measure, is the
group against everyone else in that dimension:
- booked first time: two-proportion z-test;
- disposition mix: chi-square test of the 2 x K table (group / rest by disposition);
- time to care: Mann-Whitney U test.
All p-values of one run are corrected together with Benjamini-Hochberg (false discovery rate 5%). A group raises an
alert when its corrected p-value is below 0.05 **and** the difference matters: at least 5 percentage points in a
rate or a disposition share, or 30 minutes in median time to care, with at least 30 people on each side. The
floors keep a large sample from flagging differences nobody would act on; "unknown" groups are shown, never tested.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median

import numpy as np
from scipy import stats

FDR = 0.05
MIN_GROUP = 30
MIN_RATE_GAP = 0.05
MIN_MINUTES_GAP = 30.0
DIMENSIONS = ("age_band", "sex", "imd_decile", "region", "icb")
UNKNOWN = "unknown"
# Measures one111 does not record yet: shown as such, never invented.
NOT_RECORDED = {
    "clinician_changes": "a clinician's change of disposition is not recorded yet (the clinical queue's work)",
    "feedback_score": "patients' feedback scores are not recorded yet (the close-the-loop work)",
}


@dataclass(frozen=True, slots=True)
class CareEvent:
    """One triaged call as insight sees it: no identifiers, only what the breakdowns need."""

    at: datetime
    age_band: str
    sex: str
    imd_decile: str  # "1".."10" or "unknown"
    region: str
    icb: str
    disposition: str
    booked_first_time: bool | None  # None when the disposition is never booked (999, self care, a call back)
    minutes_to_care: float | None


@dataclass(frozen=True, slots=True)
class Group:
    dimension: str
    group: str
    n: int
    per_100k: float | None
    dispositions: dict[str, float]  # share of the group's calls
    booked_first_time: float | None
    median_minutes_to_care: float | None


@dataclass(frozen=True, slots=True)
class Test:
    dimension: str
    group: str
    measure: str
    method: str
    effect: float  # group minus rest: a rate gap, the largest disposition-share gap, or minutes
    p_value: float
    adjusted_p: float
    alert: bool


@dataclass(frozen=True, slots=True)
class Equity:
    events: int
    groups: list[Group]
    tests: list[Test]

    @property
    def alerts(self) -> list[Test]:
        return [t for t in self.tests if t.alert]


Population = Callable[[str, str], int | None]  # (dimension, group) -> people, None where unknown


def monitor(events: Sequence[CareEvent], population: Population | None = None) -> Equity:
    groups = [_group(d, g, members, population) for d, g, members in _partitions(events)]
    raw = [test for d, g, members, rest in _contrasts(events) for test in _tests(d, g, members, rest)]
    return Equity(len(events), groups, _correct(raw))


def _partitions(events: Sequence[CareEvent]) -> list[tuple[str, str, list[CareEvent]]]:
    out = []
    for dimension in DIMENSIONS:
        for value in sorted({getattr(e, dimension) for e in events}):
            out.append((dimension, value, [e for e in events if getattr(e, dimension) == value]))
    return out


def _contrasts(events: Sequence[CareEvent]) -> list[tuple[str, str, list[CareEvent], list[CareEvent]]]:
    out = []
    for dimension, value, members in _partitions(events):
        if value == UNKNOWN:
            continue
        rest = [e for e in events if getattr(e, dimension) not in (value, UNKNOWN)]
        if len(members) >= MIN_GROUP and len(rest) >= MIN_GROUP:
            out.append((dimension, value, members, rest))
    return out


def _group(dimension: str, value: str, members: list[CareEvent], population: Population | None) -> Group:
    people = population(dimension, value) if population else None
    booked = [e.booked_first_time for e in members if e.booked_first_time is not None]
    minutes = [e.minutes_to_care for e in members if e.minutes_to_care is not None]
    return Group(
        dimension,
        value,
        len(members),
        round(len(members) / people * 100_000, 2) if people else None,
        {k: round(v / len(members), 4) for k, v in sorted(Counter(e.disposition for e in members).items())},
        round(sum(booked) / len(booked), 4) if booked else None,
        round(median(minutes), 1) if minutes else None,
    )


@dataclass(frozen=True, slots=True)
class _Raw:
    dimension: str
    group: str
    measure: str
    method: str
    effect: float
    p_value: float
    material: bool


def _tests(dimension: str, value: str, members: list[CareEvent], rest: list[CareEvent]) -> list[_Raw]:
    found = [_booked(members, rest), _mix(members, rest), _time(members, rest)]
    return [_Raw(dimension, value, *result) for result in found if result is not None]


_Result = tuple[str, str, float, float, bool]


def _booked(members: list[CareEvent], rest: list[CareEvent]) -> _Result | None:
    a = [e.booked_first_time for e in members if e.booked_first_time is not None]
    b = [e.booked_first_time for e in rest if e.booked_first_time is not None]
    if len(a) < MIN_GROUP or len(b) < MIN_GROUP:
        return None
    p1, p2 = sum(a) / len(a), sum(b) / len(b)
    pooled = (sum(a) + sum(b)) / (len(a) + len(b))
    se = np.sqrt(pooled * (1 - pooled) * (1 / len(a) + 1 / len(b)))
    p = 1.0 if se == 0 else float(2 * stats.norm.sf(abs(p1 - p2) / se))
    return "booked_first_time", "two-proportion z", round(p1 - p2, 4), p, abs(p1 - p2) >= MIN_RATE_GAP


def _mix(members: list[CareEvent], rest: list[CareEvent]) -> _Result | None:
    kinds = sorted({e.disposition for e in (*members, *rest)})
    if len(kinds) < 2:
        return None
    table = np.array([[sum(e.disposition == k for e in side) for k in kinds] for side in (members, rest)])
    p = float(stats.chi2_contingency(table)[1])
    shares = table / table.sum(axis=1, keepdims=True)
    gaps = shares[0] - shares[1]
    widest = float(gaps[np.argmax(np.abs(gaps))])
    return "disposition_mix", "chi-square", round(widest, 4), p, abs(widest) >= MIN_RATE_GAP


def _time(members: list[CareEvent], rest: list[CareEvent]) -> _Result | None:
    a = [e.minutes_to_care for e in members if e.minutes_to_care is not None]
    b = [e.minutes_to_care for e in rest if e.minutes_to_care is not None]
    if len(a) < MIN_GROUP or len(b) < MIN_GROUP:
        return None
    p = float(stats.mannwhitneyu(a, b).pvalue)
    gap = median(a) - median(b)
    return "minutes_to_care", "Mann-Whitney U", round(gap, 1), p, abs(gap) >= MIN_MINUTES_GAP


def _correct(raw: list[_Raw]) -> list[Test]:
    if not raw:
        return []
    adjusted = stats.false_discovery_control([r.p_value for r in raw], method="bh")
    return [
        Test(r.dimension, r.group, r.measure, r.method, r.effect, r.p_value, float(q), bool(q < FDR and r.material))
        for r, q in zip(raw, adjusted, strict=True)
    ]
