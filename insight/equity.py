"""The equity monitor: are people triaged, booked and seen differently by age, sex, deprivation or place?

Pure: care events in, groups, tests and alerts out. The stated test, per dimension, group and measure, is the
group against everyone else in that dimension:
- booked first time: two-proportion z-test;
- disposition mix: chi-square test of the 2 x K table (group / rest by disposition);
- time to care: Mann-Whitney U test.
All p-values of one run are corrected together with Benjamini-Hochberg (false discovery rate 5%). A group raises an
alert when its corrected p-value is below 0.05 **and** the difference matters: the group is at least 5 percentage
points from the typical group (the median of the other groups) in a rate or a disposition share, or 30 minutes in
median time to care, with at least 30 people on each side. The floors keep a large sample from flagging
differences nobody would act on; measuring them from the typical group, not from "everyone else", keeps one
badly treated group from making the others look different. "Unknown" groups are shown, never tested.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median

import numpy as np

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
    """One triaged call as insight sees it: no identifiers, only what the breakdowns need.

    `region`, `icb` and `imd_decile` are the patient's own place (their postcode sector). `care_region` and
    `care_icb` are where the call was cared for (the booked service, or the district a callback was queued for):
    the dashboard counts by them, but the equity tests never do, since they are known mostly for calls that were
    booked and would make the booked rate look better wherever they are known."""

    at: datetime
    age_band: str
    sex: str
    imd_decile: str  # "1".."10" or "unknown"
    region: str
    icb: str
    disposition: str
    booked_first_time: bool | None  # None when the disposition is never booked (999, self care, a call back)
    minutes_to_care: float | None
    care_region: str = UNKNOWN
    care_icb: str = UNKNOWN


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
    effect: float  # group minus the typical group: a rate gap, the largest disposition-share gap, or minutes
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
    partitions = _partitions(events)
    groups = [_group(d, g, members, population) for d, g, members in partitions]
    raw = [test for contrast in _contrasts(partitions) for test in _tests(contrast)]
    return Equity(len(events), groups, _correct(raw))


def _partitions(events: Sequence[CareEvent]) -> list[tuple[str, str, list[CareEvent]]]:
    out: list[tuple[str, str, list[CareEvent]]] = []
    for dimension in DIMENSIONS:
        # one pass per dimension, not one per group: a day's 20,000 calls have dozens of groups
        by_value: dict[str, list[CareEvent]] = defaultdict(list)
        for event in events:
            by_value[getattr(event, dimension)].append(event)
        out.extend((dimension, value, by_value[value]) for value in sorted(by_value))
    return out


@dataclass(frozen=True, slots=True)
class _Tally:
    """What the tests read of a set of calls. Tallies of groups add up, so "everyone else" is the sum of the other
    groups' tallies rather than another pass over a day's calls for each of its dozens of groups."""

    dispositions: Counter[str]
    booked: list[bool]  # booked first time, for calls whose disposition is booked
    minutes: list[float]  # minutes to care, where known

    @property
    def n(self) -> int:
        """How many calls (each has a disposition)."""
        return self.dispositions.total()

    @classmethod
    def of(cls, events: list[CareEvent]) -> _Tally:
        return cls(
            Counter(e.disposition for e in events),
            [e.booked_first_time for e in events if e.booked_first_time is not None],
            [e.minutes_to_care for e in events if e.minutes_to_care is not None],
        )

    @classmethod
    def sum(cls, tallies: list[_Tally]) -> _Tally:
        counts: Counter[str] = Counter()
        for tally in tallies:
            counts.update(tally.dispositions)
        booked = [flag for tally in tallies for flag in tally.booked]
        return cls(counts, booked, [m for tally in tallies for m in tally.minutes])


@dataclass(frozen=True, slots=True)
class _Contrast:
    dimension: str
    group: str
    members: _Tally
    rest: _Tally  # everyone else in the dimension whose group is known
    peers: list[_Tally]  # the other known groups big enough to test, one each


def _contrasts(partitions: list[tuple[str, str, list[CareEvent]]]) -> list[_Contrast]:
    tallies = {(d, g): _Tally.of(m) for d, g, m in partitions if g != UNKNOWN}
    known = [key for key, tally in tallies.items() if tally.n >= MIN_GROUP]
    out = []
    for dimension, value in known:
        others = [key for key in tallies if key[0] == dimension and key[1] != value]
        peers = [tallies[key] for key in known if key[0] == dimension and key[1] != value]
        if sum(tallies[key].n for key in others) >= MIN_GROUP and peers:
            rest = _Tally.sum([tallies[key] for key in others])
            out.append(_Contrast(dimension, value, tallies[(dimension, value)], rest, peers))
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


def _tests(c: _Contrast) -> list[_Raw]:
    found = [_booked(c), _mix(c), _time(c)]
    return [_Raw(c.dimension, c.group, *result) for result in found if result is not None]


_Result = tuple[str, str, float, float, bool]


def _booked(c: _Contrast) -> _Result | None:
    a, b = c.members.booked, c.rest.booked
    if len(a) < MIN_GROUP or len(b) < MIN_GROUP:
        return None
    p1, p2 = sum(a) / len(a), sum(b) / len(b)
    p = two_proportion(sum(a), len(a), sum(b), len(b))
    rates = [sum(peer.booked) / len(peer.booked) for peer in c.peers if peer.booked]
    gap = p1 - (median(rates) if rates else p2)
    return "booked_first_time", "two-proportion z", round(gap, 4), p, abs(gap) >= MIN_RATE_GAP


def two_proportion(hits_a: int, n_a: int, hits_b: int, n_b: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test."""
    from scipy import stats  # on first use: importing scipy.stats costs a worker ~1 s of CPU at start-up

    pooled = (hits_a + hits_b) / (n_a + n_b)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return 1.0 if se == 0 else float(2 * stats.norm.sf(abs(hits_a / n_a - hits_b / n_b) / se))


def _mix(c: _Contrast) -> _Result | None:
    from scipy import stats  # on first use: importing scipy.stats costs a worker ~1 s of CPU at start-up

    kinds = sorted(set(c.members.dispositions) | set(c.rest.dispositions))
    if len(kinds) < 2:
        return None
    table = np.array([_counts(side, kinds) for side in (c.members, c.rest)])
    p = float(stats.chi2_contingency(table)[1])
    shares = table[0] / table[0].sum()
    typical = np.median([_counts(peer, kinds) / peer.n for peer in c.peers], axis=0)
    gaps = shares - typical
    widest = float(gaps[np.argmax(np.abs(gaps))])
    return "disposition_mix", "chi-square", round(widest, 4), p, abs(widest) >= MIN_RATE_GAP


def _counts(tally: _Tally, kinds: list[str]) -> np.ndarray:
    return np.array([tally.dispositions[k] for k in kinds], dtype=float)


def _time(c: _Contrast) -> _Result | None:
    from scipy import stats  # on first use: importing scipy.stats costs a worker ~1 s of CPU at start-up

    a, b = c.members.minutes, c.rest.minutes
    if len(a) < MIN_GROUP or len(b) < MIN_GROUP:
        return None
    p = float(stats.mannwhitneyu(a, b).pvalue)
    peers = [median(peer.minutes) for peer in c.peers if peer.minutes]
    gap = median(a) - (median(peers) if peers else median(b))
    return "minutes_to_care", "Mann-Whitney U", round(gap, 1), p, abs(gap) >= MIN_MINUTES_GAP


def _correct(raw: list[_Raw]) -> list[Test]:
    from scipy import stats  # on first use: importing scipy.stats costs a worker ~1 s of CPU at start-up

    if not raw:
        return []
    adjusted = stats.false_discovery_control([r.p_value for r in raw], method="bh")
    return [
        Test(r.dimension, r.group, r.measure, r.method, r.effect, r.p_value, float(q), bool(q < FDR and r.material))
        for r, q in zip(raw, adjusted, strict=True)
    ]
