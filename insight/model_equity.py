"""The equity breakdown of the triage model on a labelled evaluation set: by age band and sex, how often it is
exactly right, under-triages (less urgent than the gold disposition) and misses an emergency, each group tested
against the rest with two-proportion z-tests, Benjamini-Hochberg corrected, and flagged when also a floor away from
the typical group. Pure: scored cases in, rows out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from insight.equity import FDR, MIN_GROUP, two_proportion
from insight.reference import AGE_BANDS, UNKNOWN, age_band
from models.vocabulary import Acuity, Disposition


@dataclass(frozen=True, slots=True)
class Scored:
    age: float | None
    sex: str
    gold: Disposition
    decided: Disposition


@dataclass(frozen=True, slots=True)
class GroupRow:
    dimension: str
    group: str
    n: int
    emergencies: int
    exact: float
    under: float
    missed_emergencies: int
    tested: bool  # a known group with 30 or more cases
    flagged: list[str]  # measures beyond chance (BH-corrected, 5% FDR) and a floor away from the typical group


MEASURES = ("exact", "under")
# How far from the typical group (the median of the others) a rate must be to matter: under-triage is the worst
# error, so one percentage point of it counts; five points of exact agreement.
FLOOR = {"exact": 0.05, "under": 0.01}


def _hits(case: Scored, measure: str) -> bool:
    if measure == "exact":
        return case.decided is case.gold
    return case.decided.urgency < case.gold.urgency


def _group_of(case: Scored, dimension: str) -> str:
    return age_band(case.age) if dimension == "age_band" else case.sex


def breakdown(cases: Sequence[Scored]) -> list[GroupRow]:
    keyed = [(d, g) for d in ("age_band", "sex") for g in sorted({_group_of(c, d) for c in cases}, key=_order)]
    groups = {(d, g): [c for c in cases if _group_of(c, d) == g] for d, g in keyed}
    tested = [(d, g) for d, g in keyed if g != UNKNOWN and len(groups[d, g]) >= MIN_GROUP]
    p_values: list[tuple[tuple[str, str, str], float]] = []
    material: set[tuple[str, str, str]] = set()
    for dimension, group in tested:
        members = groups[dimension, group]
        rest = [c for (d, g), m in groups.items() if d == dimension and g not in (group, UNKNOWN) for c in m]
        peers = [groups[d, g] for d, g in tested if d == dimension and g != group]
        if len(rest) < MIN_GROUP or not peers:
            continue
        for m in MEASURES:
            p = two_proportion(_count(members, m), len(members), _count(rest, m), len(rest))
            p_values.append(((dimension, group, m), p))
            typical = median(_count(peer, m) / len(peer) for peer in peers)
            if abs(_count(members, m) / len(members) - typical) >= FLOOR[m]:
                material.add((dimension, group, m))
    flagged = _flagged(p_values) & material
    return [_row(d, g, groups[d, g], flagged, (d, g) in tested) for d, g in keyed]


def _count(cases: Sequence[Scored], measure: str) -> int:
    return sum(_hits(c, measure) for c in cases)


def _order(group: str) -> tuple[int, str]:
    bands = [name for name, _, _ in AGE_BANDS]
    return (bands.index(group) if group in bands else len(bands), group)


def _flagged(p_values: list[tuple[tuple[str, str, str], float]]) -> set[tuple[str, str, str]]:
    from scipy import stats  # on first use: importing scipy.stats costs a worker ~1 s of CPU at start-up

    if not p_values:
        return set()
    adjusted = stats.false_discovery_control([p for _, p in p_values], method="bh")
    return {key for (key, _), q in zip(p_values, adjusted, strict=True) if q < FDR}


def _row(
    dimension: str, group: str, members: list[Scored], flagged: set[tuple[str, str, str]], tested: bool
) -> GroupRow:
    emergencies = [c for c in members if c.gold.acuity is Acuity.EMERGENCY]
    return GroupRow(
        dimension,
        group,
        len(members),
        len(emergencies),
        sum(_hits(c, "exact") for c in members) / len(members),
        sum(_hits(c, "under") for c in members) / len(members),
        sum(1 for c in emergencies if c.decided.acuity is not Acuity.EMERGENCY),
        tested,
        [m for m in MEASURES if (dimension, group, m) in flagged],
    )


def table(rows: Sequence[GroupRow]) -> str:
    lines = [
        "| by | group | cases | emergencies | exactly right | under-triaged | emergencies missed | differs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        flags = (", ".join(r.flagged) or "no") if r.tested else "not tested"
        lines.append(
            f"| {r.dimension.replace('_', ' ')} | {r.group} | {r.n:,} | {r.emergencies:,} | {r.exact:.1%} | "
            f"{r.under:.1%} | {r.missed_emergencies} | {flags} |"
        )
    return "\n".join(lines)
