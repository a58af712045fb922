"""Ranking on the real directory: eligible, open, with capacity, in time, least acute first, exclusions explained."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from capacity.board import BoardState
from capacity.geography import Gazetteer
from models.vocabulary import CAN_MEET, Disposition, ServiceType
from routing.policy import DEFAULT_POLICY, Policy, TravelMode
from routing.ranking import CALL_999_INSTRUCTION, Outcome, Ranking, RouteQuery, Why, rank
from routing.route import nearby_sites
from routing.spatial import SiteIndex
from routing.travel import reach_km, travel_minutes
from tests.routing.conftest import EVENING, MORNING, state

LEEDS_EDS = {"RR801-ED", "RR813-ED"}  # Leeds General Infirmary, St James's


def ranked(
    index: SiteIndex,
    gazetteer: Gazetteer,
    disposition: Disposition,
    states: dict[str, BoardState],
    postcode: str = "LS1 4AP",
    now: datetime = EVENING,
    mode: TravelMode = TravelMode.CAR,
    policy: Policy = DEFAULT_POLICY,
) -> Ranking:
    place = gazetteer.locate(postcode)
    nearby = nearby_sites(index, place, disposition, policy)
    return rank(RouteQuery(disposition, place.latitude, place.longitude, now, mode), nearby, states, policy)


def all_fresh(
    index: SiteIndex, gazetteer: Gazetteer, disposition: Disposition, now: datetime = EVENING, wait: int = 10
) -> dict[str, BoardState]:
    nearby = nearby_sites(index, gazetteer.locate("LS1 4AP"), disposition, DEFAULT_POLICY)
    return {n.site.id: state(n.site.id, now, wait=wait) for n in nearby}


def test_an_ed_patient_in_ls1_gets_the_leeds_eds_first(index: SiteIndex, gazetteer: Gazetteer) -> None:
    result = ranked(index, gazetteer, Disposition.ED, all_fresh(index, gazetteer, Disposition.ED))
    assert result.outcome is Outcome.BOOK
    assert {o.service_id for o in result.options[:2]} == LEEDS_EDS
    assert all(o.type is ServiceType.EMERGENCY_DEPARTMENT for o in result.options)
    assert [o.rank for o in result.options] == list(range(1, len(result.options) + 1))
    first = result.options[0]
    assert first.meets_deadline and first.time_to_care_minutes <= 60
    assert any("deadline" in r for r in first.reasons) and any("km away" in r for r in first.reasons)
    assert result.policy_version == DEFAULT_POLICY.version


def test_a_closed_utc_is_excluded_with_the_reason(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.UTC)
    states["Y05404-UTC"] = state("Y05404-UTC", EVENING, is_open=False)
    result = ranked(index, gazetteer, Disposition.UTC, states)
    assert "Y05404-UTC" not in {o.service_id for o in result.options}
    [excluded] = [e for e in result.exclusions if e.service_id == "Y05404-UTC"]
    assert excluded.why is Why.CLOSED and "closed" in excluded.detail
    assert result.excluded_counts[Why.CLOSED.value] >= 1


def test_a_stale_board_entry_is_excluded(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.ED)
    states["RR801-ED"] = state("RR801-ED", EVENING, age=timedelta(hours=5))
    result = ranked(index, gazetteer, Disposition.ED, states)
    assert "RR801-ED" not in {o.service_id for o in result.options}
    [excluded] = [e for e in result.exclusions if e.service_id == "RR801-ED"]
    assert excluded.why is Why.UNKNOWN and "unknown" in excluded.detail.lower()
    assert result.options[0].service_id == "RR813-ED"


def test_a_service_with_no_report_is_unknown_and_a_full_one_is_excluded(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.ED)
    del states["RR801-ED"]
    states["RR813-ED"] = state("RR813-ED", EVENING, free=0)
    result = ranked(index, gazetteer, Disposition.ED, states)
    why = {e.service_id: e.why for e in result.exclusions}
    assert why["RR801-ED"] is Why.UNKNOWN and why["RR813-ED"] is Why.FULL
    assert not LEEDS_EDS & {o.service_id for o in result.options}


def test_the_least_acute_setting_that_meets_the_need_comes_first(index: SiteIndex, gazetteer: Gazetteer) -> None:
    result = ranked(index, gazetteer, Disposition.GP_OOH, all_fresh(index, gazetteer, Disposition.GP_OOH))
    kinds = [o.type for o in result.options if o.meets_deadline]
    assert kinds[0] is ServiceType.GP_OUT_OF_HOURS
    order = [DEFAULT_POLICY.acuity_rank(k) for k in kinds]
    assert order == sorted(order)  # GP out of hours, then UTC, then ED: the scarcest capacity last
    same_type = [o.time_to_care_minutes for o in result.options if o.type is ServiceType.GP_OUT_OF_HOURS]
    assert same_type == sorted(same_type)


def test_meeting_the_deadline_outranks_a_less_acute_setting(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.GP_OOH)
    for sid in states:
        if sid.endswith("-OOH"):
            states[sid] = state(sid, EVENING, wait=7 * 60)  # every GP out-of-hours service is 7 hours behind
    result = ranked(index, gazetteer, Disposition.GP_OOH, states)
    assert result.outcome is Outcome.BOOK
    assert result.options[0].type is ServiceType.URGENT_TREATMENT_CENTRE
    late = [o for o in result.options if not o.meets_deadline]
    assert all(not o.meets_deadline for o in result.options[len(result.options) - len(late) :])


def test_hours_decide_who_is_open_at_arrival(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.GP_OOH, now=MORNING)
    result = ranked(index, gazetteer, Disposition.GP_OOH, states, now=MORNING)
    assert ServiceType.GP_OUT_OF_HOURS not in {o.type for o in result.options}
    assert any(e.why is Why.CLOSED_AT_ARRIVAL and e.type is ServiceType.GP_OUT_OF_HOURS for e in result.exclusions)
    assert result.options[0].type is ServiceType.URGENT_TREATMENT_CENTRE


def test_a_full_pharmacy_need_is_called_back_never_sent_to_a_and_e(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.PHARMACY, now=MORNING)
    for sid in states:
        if not sid.endswith("-ED"):
            states[sid] = state(sid, MORNING, free=0)  # every pharmacy, GP out of hours and UTC is full
    result = ranked(index, gazetteer, Disposition.PHARMACY, states, now=MORNING)
    assert result.outcome is Outcome.CALLBACK
    assert ServiceType.EMERGENCY_DEPARTMENT not in {o.type for o in result.options}
    assert result.routed_as is Disposition.PHARMACY


def test_an_ed_patient_no_ed_can_see_in_time_is_told_to_call_999(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.ED, wait=90)
    result = ranked(index, gazetteer, Disposition.ED, states)
    assert result.outcome is Outcome.CALL_999 and result.options == ()
    assert any(CALL_999_INSTRUCTION in note for note in result.notes)


def test_call_999_never_books(index: SiteIndex, gazetteer: Gazetteer) -> None:
    result = ranked(index, gazetteer, Disposition.CALL_999, all_fresh(index, gazetteer, Disposition.ED))
    assert result.outcome is Outcome.CALL_999
    assert result.options == () and result.notes == (CALL_999_INSTRUCTION,)


def test_nothing_available_goes_to_a_clinician_callback(index: SiteIndex, gazetteer: Gazetteer) -> None:
    result = ranked(index, gazetteer, Disposition.UTC, {})
    assert result.outcome is Outcome.CALLBACK and result.options == ()
    assert result.excluded_counts[Why.UNKNOWN.value] > 0
    assert any("clinician" in note for note in result.notes)


def test_too_far_is_an_exclusion_and_public_transport_is_slower(index: SiteIndex, gazetteer: Gazetteer) -> None:
    states = all_fresh(index, gazetteer, Disposition.ED)
    by_car = ranked(index, gazetteer, Disposition.ED, states)
    by_bus = ranked(index, gazetteer, Disposition.ED, states, mode=TravelMode.PUBLIC_TRANSPORT)
    assert any(e.why is Why.TOO_FAR for e in by_bus.exclusions)
    assert by_bus.options[0].travel_minutes > by_car.options[0].travel_minutes
    assert len(by_bus.options) <= len(by_car.options)


def test_travel_model_and_its_inverse() -> None:
    for mode in TravelMode:
        assert travel_minutes(0, mode, DEFAULT_POLICY) == DEFAULT_POLICY.speed(mode).overhead_minutes
        assert abs(travel_minutes(reach_km(60, mode, DEFAULT_POLICY), mode, DEFAULT_POLICY) - 60) < 1e-9
    assert travel_minutes(10, TravelMode.CAR, DEFAULT_POLICY) < travel_minutes(10, TravelMode.WALK, DEFAULT_POLICY)


def test_policy_is_frozen_and_versioned() -> None:
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_POLICY.per_type_limit = 3  # type: ignore[misc]
    assert DEFAULT_POLICY.ladder(Disposition.PHARMACY) == (Disposition.PHARMACY,)
    assert DEFAULT_POLICY.ladder(Disposition.GP_OOH) == (Disposition.GP_OOH, Disposition.UTC, Disposition.ED)
    assert DEFAULT_POLICY.ladder(Disposition.CALL_999) == (Disposition.CALL_999,)


dispositions = st.sampled_from([d for d in Disposition if d is not Disposition.CALL_999])
uk_points = st.tuples(st.floats(50.2, 55.8), st.floats(-5.5, 1.7))


@settings(max_examples=60, deadline=None)
@given(
    disposition=dispositions,
    point=uk_points,
    seed=st.integers(0, 2**32 - 1),
    mode=st.sampled_from(list(TravelMode)),
)
def test_ranking_invariants_on_random_boards(
    index: SiteIndex, disposition: Disposition, point: tuple[float, float], seed: int, mode: TravelMode
) -> None:
    import random

    rng = random.Random(seed)
    lat, lon = point
    types = [t for t in ServiceType]
    nearby = index.near(lat, lon, types, DEFAULT_POLICY.search_radius_km, DEFAULT_POLICY.per_type_limit)
    states = {
        n.site.id: state(
            n.site.id,
            EVENING,
            free=rng.choice([0, 1, 5]),
            wait=rng.choice([0, 30, 200, 600]),
            is_open=rng.random() > 0.2,
            age=timedelta(hours=rng.choice([0, 1, 6])),
        )
        for n in nearby
        if rng.random() > 0.2
    }
    result = rank(RouteQuery(disposition, lat, lon, EVENING, mode), nearby, states, DEFAULT_POLICY)
    allowed = {t for level in DEFAULT_POLICY.ladder(disposition) for t in CAN_MEET[level]}
    offered = {o.service_id for o in result.options}
    assert all(o.type in allowed for o in result.options)  # escalation only ever adds more acute settings
    assert not offered & {e.service_id for e in result.exclusions}
    for option in result.options:  # nothing unknown, closed or full is ever offered
        if option.free is None:  # no feed: offered with its hours only, never held or booked
            assert option.service_id not in states and not option.bookable
            continue
        s = states[option.service_id]
        assert s.is_open and EVENING - s.updated_at < timedelta(hours=4) and option.free > 0
    if result.outcome in (Outcome.BOOK, Outcome.TRANSFER):
        assert result.options[0].meets_deadline
        keys = [(not o.meets_deadline, o.time_to_care_minutes) for o in result.options]
        assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    elif result.outcome is not Outcome.SELF_CARE:
        assert not any(o.meets_deadline for o in result.options)
    assert (result.outcome is Outcome.SELF_CARE) == (disposition is Disposition.SELF_CARE)
    assert ServiceType.EMERGENCY_DEPARTMENT not in {o.type for o in result.options} or disposition.urgency >= (
        Disposition.GP_OOH.urgency
    )  # a self-care, pharmacy, dental or routine need never reaches A&E
    if disposition.acuity.value == "emergency":
        assert result.outcome in (Outcome.BOOK, Outcome.CALL_999, Outcome.TRANSFER)
