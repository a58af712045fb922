"""The spatial index returns exactly what a brute-force scan of every site returns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capacity.geography import haversine_km
from models.vocabulary import ServiceType
from routing.spatial import SiteIndex

uk_points = st.tuples(st.floats(49.9, 58.7), st.floats(-7.5, 1.8))
type_sets = st.lists(st.sampled_from(list(ServiceType)), min_size=1, max_size=4, unique=True)


@pytest.fixture(scope="session")
def all_trees(index: SiteIndex) -> SiteIndex:
    """The same sites with a tree on every layer, small ones included, so the tree path is tested on each."""
    return SiteIndex(index.sites(), tree_min_sites=0)


@settings(max_examples=150, deadline=None)
@given(point=uk_points, types=type_sets, radius=st.floats(0.5, 120), limit=st.integers(1, 60))
def test_indexed_equals_brute_force(
    index: SiteIndex,
    all_trees: SiteIndex,
    point: tuple[float, float],
    types: list[ServiceType],
    radius: float,
    limit: int,
) -> None:
    lat, lon = point
    slow = index.near(lat, lon, types, radius, limit, indexed=False)
    for fast in (index.near(lat, lon, types, radius, limit), all_trees.near(lat, lon, types, radius, limit)):
        assert [n.site.id for n in fast] == [n.site.id for n in slow]
        assert [n.distance_km for n in fast] == [n.distance_km for n in slow]


@settings(max_examples=40, deadline=None)
@given(point=uk_points, radius=st.floats(1, 80))
def test_distances_match_the_gazetteer_haversine_and_respect_the_radius(
    index: SiteIndex, point: tuple[float, float], radius: float
) -> None:
    lat, lon = point
    found = index.near(lat, lon, [ServiceType.EMERGENCY_DEPARTMENT, ServiceType.GP_OUT_OF_HOURS], radius, 50)
    for n in found:
        assert abs(n.distance_km - haversine_km(lat, lon, n.site.latitude, n.site.longitude)) < 1e-6
        assert n.distance_km <= radius + 1e-9
    assert [n.distance_km for n in found] == sorted(n.distance_km for n in found)


def test_a_site_exactly_on_the_radius_is_found_by_both(all_trees: SiteIndex) -> None:
    index = all_trees
    site = index.get("RR801-ED")
    assert site is not None
    lat, lon = site.latitude + 0.05, site.longitude
    exact = index.near(lat, lon, [site.type], 50, 5, indexed=False)
    edge = next(n.distance_km for n in exact if n.site.id == site.id)
    for indexed in (True, False):
        ids = [n.site.id for n in index.near(lat, lon, [site.type], edge, 50, indexed=indexed)]
        assert site.id in ids
    assert index.count_within(lat, lon, site.type, 50) >= len(exact)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), minute=st.integers(0, 14 * 24 * 60))
def test_sites_carry_their_hours_parsed_once(index: SiteIndex, data: st.DataObject, minute: int) -> None:
    from datetime import UTC, datetime, timedelta

    from capacity.hours import UK, is_open, open_at

    site = data.draw(st.sampled_from(index.sites()[::50]))
    moment = datetime(2026, 3, 20, tzinfo=UTC) + timedelta(minutes=minute)  # spans the spring clock change
    local = moment.astimezone(UK)
    expected = is_open(list(site.opening_hours), moment)
    assert open_at(site.sessions, local.weekday(), local.hour * 60 + local.minute) == expected
