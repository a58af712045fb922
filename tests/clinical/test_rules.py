"""The hub's pure rules, for every input: retries end in the band's action, lowering always needs a reason,
observations only ever raise the bar, and deadlines and bands follow the disposition's urgency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.assessment import AssessmentInput, AssessmentOutcome, InvalidAssessment, check, reference
from clinical.contact import ON_FAILED_CONTACT, CallResult, GiveUp, Retry, after_failure
from clinical.deadlines import DeadlineState, deadline_state
from clinical.errors import LoweringNeedsReason
from clinical.stats import Row, summarise
from models.routing_tables import CallbackStatus
from models.vocabulary import Disposition
from routing.callbacks import Band, band_of, deadline_for
from triage import news2
from triage.schemas import Observations

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
observations = st.builds(
    Observations,
    respiratory_rate=st.none() | st.integers(3, 80),
    spo2=st.none() | st.integers(50, 100),
    pulse=st.none() | st.integers(20, 250),
    systolic_bp=st.none() | st.integers(40, 300),
    temperature=st.none() | st.floats(30.0, 44.0),
)
chosen = st.sampled_from([d for d in Disposition if d is not Disposition.CLINICAL_ASSESSMENT])


@given(
    st.sampled_from(Band),
    st.lists(st.sampled_from([r for r in CallResult if r is not CallResult.ANSWERED]), min_size=1),
)
def test_unanswered_calls_always_end_in_the_bands_action_by_the_third(band: Band, results: list[CallResult]) -> None:
    outcome: Retry | GiveUp | None = None
    for failed, result in enumerate(results, start=1):
        outcome = after_failure(band, failed, result, NOW)
        if isinstance(outcome, GiveUp):
            assert outcome.action is ON_FAILED_CONTACT[band] and failed <= 3
            return
        assert outcome.at > NOW
    assert len(results) < 3  # never more than two retries


def test_the_most_urgent_band_escalates_to_a_welfare_check() -> None:
    assert after_failure(Band.EMERGENCY, 3, CallResult.NO_ANSWER, NOW) == GiveUp(ON_FAILED_CONTACT[Band.EMERGENCY])
    assert ON_FAILED_CONTACT[Band.EMERGENCY].value == "WELFARE_ESCALATION"


@given(st.sampled_from(Disposition), chosen, st.none() | observations, st.sampled_from(["", "  ", None]))
def test_lowering_below_the_reference_always_needs_a_reason(
    prior: Disposition, given_: Disposition, obs: Observations | None, blank: str | None
) -> None:
    score = news2.score(obs)
    outcome = AssessmentOutcome.AMBULANCE if given_ is Disposition.CALL_999 else AssessmentOutcome.ADVICE
    assessment = AssessmentInput("h", obs, given_, "r", "s", outcome, blank)
    ref = reference(prior, score)
    assert ref.urgency >= prior.urgency  # observations raise the bar, never lower it
    if given_.urgency < ref.urgency:
        with pytest.raises(LoweringNeedsReason):
            check(assessment, prior, score)
        assessment = AssessmentInput("h", obs, given_, "r", "s", outcome, "assessed on the phone")
        assert check(assessment, prior, score) is True
    else:
        assert check(assessment, prior, score) is False


def test_an_ambulance_outcome_goes_only_with_call_999() -> None:
    wrong = AssessmentInput("h", None, Disposition.PHARMACY, "r", "s", AssessmentOutcome.AMBULANCE, "x")
    with pytest.raises(InvalidAssessment):
        check(wrong, Disposition.CLINICAL_ASSESSMENT, news2.score(None))


@given(st.sampled_from(Disposition), st.sampled_from(Disposition))
def test_more_urgent_dispositions_never_get_a_later_band_or_deadline(a: Disposition, b: Disposition) -> None:
    if a.urgency >= b.urgency:
        assert band_of(a) <= band_of(b)
        assert deadline_for(a, NOW) <= deadline_for(b, NOW) or band_of(a) == band_of(b)


@given(st.integers(-180, 180))
def test_a_deadline_is_near_in_its_last_quarter_and_breached_after(minutes_left: int) -> None:
    state = deadline_state(NOW + timedelta(minutes=minutes_left), int(Band.URGENT), NOW)
    expected = (
        DeadlineState.BREACHED
        if minutes_left < 0
        else DeadlineState.NEAR
        if minutes_left <= 15
        else DeadlineState.ON_TIME
    )
    assert state is expected


def test_time_to_callback_percentiles_and_breaches_per_band() -> None:
    rows: list[Row] = [
        (2, NOW, NOW + timedelta(hours=1), NOW + timedelta(minutes=m), CallbackStatus.CLOSED, "ADVICE")
        for m in range(10, 101, 10)
    ]
    rows.append((1, NOW, NOW + timedelta(minutes=20), None, CallbackStatus.OPEN, None))
    figures = summarise(rows, NOW + timedelta(hours=2))
    p50, p90 = figures.time_to_callback_s[2]
    assert 50 * 60 <= p50 <= 60 * 60 and 90 * 60 <= p90 <= 100 * 60
    assert figures.breaches == {1: 1, 2: 4, 3: 0}  # 70, 80, 90, 100 minutes were late; band 1 still waiting
    assert figures.open_items[1] == 1 and figures.outcomes == {"ADVICE": 10}
