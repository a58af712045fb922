"""The provider's lifecycle events follow a visit's order, whatever order a provider system sends them in."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from models.notify_tables import LifecycleEvent, Outcome
from notify.errors import InvalidTransition, ReasonRequired
from notify.lifecycle import check

E = LifecycleEvent
FINAL = {E.DECLINED, E.DID_NOT_ATTEND, E.OUTCOME}


def accepted(events: list[LifecycleEvent]) -> list[LifecycleEvent]:
    """The events a booking keeps when a provider sends these, each with what it needs (a reason, an outcome)."""
    kept: list[LifecycleEvent] = []
    for event in events:
        try:
            check(kept[-1] if kept else None, event, "a reason", Outcome.DISCHARGED if event is E.OUTCOME else None)
        except InvalidTransition:
            continue
        kept.append(event)
    return kept


@given(st.lists(st.sampled_from(list(LifecycleEvent)), max_size=12))
def test_whatever_is_sent_the_kept_events_are_a_visit_in_order(events: list[LifecycleEvent]) -> None:
    kept = accepted(events)
    assert len(set(kept)) == len(kept)  # nothing twice
    assert not any(e in FINAL for e in kept[:-1])  # nothing after a decline, a did-not-attend or the outcome
    for before, after in itertools.pairwise(kept):
        assert after is not E.SEEN or before is E.ARRIVED
        assert after is not E.OUTCOME or before in {E.ARRIVED, E.SEEN}
    if E.DID_NOT_ATTEND in kept:
        assert E.ARRIVED not in kept


def test_a_decline_needs_a_reason_and_only_the_outcome_event_carries_an_outcome() -> None:
    for event, reason, outcome in ((E.DECLINED, " ", None), (E.OUTCOME, None, None), (E.SEEN, None, Outcome.ADMITTED)):
        try:
            check(E.ARRIVED if event is not E.DECLINED else None, event, reason, outcome)
        except ReasonRequired:
            continue
        raise AssertionError(f"{event} was accepted with reason={reason!r} outcome={outcome}")
