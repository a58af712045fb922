"""Find the nearest sites of given types fast: a k-d tree per service type over unit-sphere coordinates.

Distances are compared as chords on the unit sphere (plain arithmetic, so the index and the brute-force
scan agree exactly) and reported as great-circle kilometres. The tree is asked for a slightly larger ball
than needed and the answer is then filtered exactly, so it returns precisely what a full scan returns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from capacity.geography import EARTH_RADIUS_KM
from capacity.hours import Calendar, HolidayRule, Opening, england_bank_holidays, holiday_rule, parse
from models.vocabulary import BookingMode, ServiceType

_SLACK = 1e-9
TREE_MIN_SITES = 1000  # layers smaller than this are scanned (measured faster); the pharmacies get a tree


@dataclass(frozen=True, slots=True)
class Site:
    """What ranking needs to know about a service, read once from the directory."""

    id: str
    name: str
    type: ServiceType
    latitude: float
    longitude: float
    opening_hours: tuple[Any, ...]
    booking_mode: BookingMode
    postcode: str = ""
    phone: str | None = None
    holidays: HolidayRule | None = None  # None: the type's rule (capacity.hours.HOLIDAY_RULE)
    min_age: int | None = None
    max_age: int | None = None
    sex: str | None = None
    eligibility_note: str | None = None
    icb_code: str | None = None
    closed_from: datetime | None = None
    closed_until: datetime | None = None
    closure_reason: str | None = None
    sessions: tuple[Opening, ...] = field(init=False, repr=False, compare=False)
    calendar: Calendar = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Opening hours parsed once, as (weekday, opens, closes) in minutes, for ranking's hot loop.
        object.__setattr__(self, "sessions", parse(self.opening_hours))
        rule = self.holidays or holiday_rule(self.type, "default")
        object.__setattr__(self, "calendar", Calendar(self.sessions, rule, england_bank_holidays()))

    def closed_at(self, at: datetime) -> bool:
        """Inside a temporary closure the provider declared."""
        if self.closed_until is None:
            return False
        return (self.closed_from is None or self.closed_from <= at) and at < self.closed_until


@dataclass(frozen=True, slots=True)
class Nearby:
    site: Site
    distance_km: float


def unit_xyz(latitude: Any, longitude: Any) -> Any:
    phi, lam = np.radians(latitude), np.radians(longitude)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)


def chord_of_km(distance_km: float) -> float:
    return 2.0 * math.sin(min(distance_km / EARTH_RADIUS_KM, math.pi) / 2.0)


def km_of_chord(chord: Any) -> Any:
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))


def _kdtree(points: Any) -> Any:
    from scipy.spatial import cKDTree  # imported when an index is first built: it is slow to import

    return cKDTree(points)


class _Layer:
    """All sites of one type."""

    def __init__(self, sites: list[Site], tree_min_sites: int) -> None:
        self.sites = sorted(sites, key=lambda s: s.id)
        self.xyz = unit_xyz(np.array([s.latitude for s in self.sites]), np.array([s.longitude for s in self.sites]))
        # A small layer (a couple of hundred EDs) is scanned faster than a tree is walked from Python.
        self.tree = _kdtree(self.xyz) if self.sites and len(self.sites) >= tree_min_sites else None
        self.every_row = np.arange(len(self.sites), dtype=np.intp)

    def chords(self, point: Any, rows: Any) -> Any:
        d = self.xyz[rows] - point
        return np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1] + d[:, 2] * d[:, 2])

    def _candidates(self, point: Any, radius_chord: float, limit: int) -> Any:
        """A superset of the exact answer: the k nearest by the tree, widened to every site as near as the k-th
        (so ties and rounding cannot drop one), all with a little slack; the caller then filters exactly."""
        assert self.tree is not None
        k = min(limit, len(self.sites))
        bound = radius_chord * (1 + _SLACK) + _SLACK
        dist, idx = self.tree.query(point, k=k, distance_upper_bound=bound)
        dist, idx = np.atleast_1d(dist), np.atleast_1d(idx)
        found = np.isfinite(dist)
        if found.sum() < k:
            return idx[found].astype(np.intp)
        reach = float(dist[k - 1]) * (1 + _SLACK) + _SLACK
        return np.asarray(self.tree.query_ball_point(point, min(reach, bound)), dtype=np.intp)

    def nearest(self, point: Any, radius_chord: float, limit: int, indexed: bool) -> list[Nearby]:
        if not self.sites:
            return []
        rows = self._candidates(point, radius_chord, limit) if indexed and self.tree is not None else self.every_row
        chords = self.chords(point, rows)
        keep = chords <= radius_chord
        rows, chords = rows[keep], chords[keep]
        order = np.lexsort((rows, chords))[:limit]  # rows are in id order, so ties break by id
        kms = km_of_chord(chords[order])
        return [Nearby(self.sites[int(r)], float(km)) for r, km in zip(rows[order], kms, strict=True)]


class SiteIndex:
    """Nearest sites by type within a radius; `indexed=False` is the brute-force scan it must equal."""

    def __init__(self, sites: Iterable[Site], tree_min_sites: int = TREE_MIN_SITES) -> None:
        by_type: dict[ServiceType, list[Site]] = {t: [] for t in ServiceType}
        for site in sorted(sites, key=lambda s: s.id):
            by_type[site.type].append(site)
        self._layers = {t: _Layer(found, tree_min_sites) for t, found in by_type.items()}
        self._by_id = {site.id: site for layer in self._layers.values() for site in layer.sites}
        self._by_icb: dict[tuple[ServiceType, str], list[Site]] = {}
        for site in self._by_id.values():
            if site.icb_code:
                self._by_icb.setdefault((site.type, site.icb_code), []).append(site)
        self.size = len(self._by_id)

    def near(
        self,
        latitude: float,
        longitude: float,
        types: Sequence[ServiceType],
        radius_km: float,
        per_type_limit: int,
        indexed: bool = True,
    ) -> list[Nearby]:
        """Up to `per_type_limit` sites of each type within `radius_km`, nearest first, ties by id."""
        point = unit_xyz(latitude, longitude)
        radius = chord_of_km(radius_km)
        found: list[Nearby] = []
        for service_type in dict.fromkeys(types):
            found.extend(self._layers[service_type].nearest(point, radius, per_type_limit, indexed))
        return sorted(found, key=lambda n: (n.distance_km, n.site.id))

    def count_within(self, latitude: float, longitude: float, service_type: ServiceType, radius_km: float) -> int:
        layer = self._layers[service_type]
        chords = layer.chords(unit_xyz(latitude, longitude), layer.every_row)
        return int((chords <= chord_of_km(radius_km)).sum())

    def sites(self) -> list[Site]:
        return list(self._by_id.values())

    def get(self, service_id: str) -> Site | None:
        return self._by_id.get(service_id)

    def in_icb(self, service_type: ServiceType, icb_code: str) -> list[Site]:
        """Every site of a type that serves an ICB (crisis lines are found by the caller's ICB, not by distance)."""
        return list(self._by_icb.get((service_type, icb_code), ()))
