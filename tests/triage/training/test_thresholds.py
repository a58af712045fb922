"""Threshold choice and the metrics the model card reports, on small arrays whose answers are known."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from triage import decide
from triage.training import metrics, thresholds

K = len(decide.LEVELS)


@settings(derandomize=True, max_examples=100)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 200))
def test_the_emergency_threshold_is_the_cheapest_at_ten_to_one_and_others_stay_in_bounds(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet(np.ones(K), size=n)
    gold = rng.integers(0, K, size=n).astype(np.int64)
    cuts = thresholds.choose(proba, gold)
    assert all(thresholds.FLOOR <= t <= thresholds.CEILING for t in cuts.values())
    scores = thresholds.cumulative(proba)[:, 1]
    emergency = np.asarray(decide.RUNG)[gold] <= 1

    def cost(t: float) -> float:
        return float(thresholds.UNDER_COST * (emergency & (scores < t)).sum() + (~emergency & (scores >= t)).sum())

    chosen = cuts[decide.D.ED]
    assert all(cost(chosen) <= cost(t) for t in np.clip(scores, thresholds.FLOOR, thresholds.CEILING))
    plain = np.array([decide.LEVELS[int(np.argmax(p))] not in decide.SIDE for p in proba])  # no side answer wins
    at_ed = np.array([decide.policy(list(p), cuts) in {decide.D.CALL_999, decide.D.ED} for p in proba])
    reaches = (scores >= chosen) | (thresholds.cumulative(proba)[:, 0] >= cuts[decide.D.CALL_999])
    assert (at_ed == reaches)[plain].all()


def test_emergencies_a_rule_already_catches_do_not_drag_the_threshold_down() -> None:
    # Two emergencies the model scores near zero, both caught by a rule; ten clear non-emergencies at 0.3.
    proba = np.zeros((12, K))
    proba[:2, 1], proba[:2, -1] = 0.03, 0.97
    proba[2:, 1], proba[2:, -1] = 0.3, 0.7
    gold = np.array([1, 1] + [K - 1] * 10, dtype=np.int64)
    covered = np.array([True, True] + [False] * 10)
    assert thresholds.choose(proba, gold)[decide.D.ED] <= 0.03
    assert thresholds.choose(proba, gold, covered)[decide.D.ED] > 0.3


def test_a_crisis_line_or_dentist_is_chosen_only_when_it_is_the_most_likely_answer() -> None:
    cuts = {d: 0.5 for d in decide.LADDER[:-1]}
    p = np.zeros(K)
    p[decide.LEVELS.index(decide.D.MENTAL_HEALTH_CRISIS)], p[decide.LEVELS.index(decide.D.ED)] = 0.4, 0.2
    p[-1] = 0.39
    assert decide.policy(list(p), cuts) is decide.D.MENTAL_HEALTH_CRISIS
    p[decide.LEVELS.index(decide.D.MENTAL_HEALTH_CRISIS)], p[-1] = 0.3, 0.5
    assert decide.policy(list(p), cuts) is decide.D.ED  # the crisis line is not the most likely answer
    q = np.zeros(K)
    q[decide.LEVELS.index(decide.D.DENTAL)], q[decide.LEVELS.index(decide.D.GP_OOH)], q[-1] = 0.35, 0.2, 0.45
    assert decide.policy(list(q), cuts) is decide.D.GP_OOH  # the dentist is not the most likely answer
    q[decide.LEVELS.index(decide.D.DENTAL)], q[-1] = 0.5, 0.3
    assert decide.policy(list(q), cuts) is decide.D.DENTAL


def test_wilson_intervals_are_sound_at_the_edges() -> None:
    assert metrics.wilson(0, 0) == (0.0, 1.0)
    low, high = metrics.wilson(0, 20)
    assert low == 0.0 and 0.15 < high < 0.17
    low, high = metrics.wilson(45, 60)
    assert low < 0.75 < high


def test_under_and_over_triage_are_counted_against_gold() -> None:
    gold = np.array([0, 1, 2, 6, 6], dtype=np.int64)
    pred = np.array([0, 3, 2, 1, 6], dtype=np.int64)
    rates = metrics.triage_rates(gold, pred)
    assert rates["under_triage_rate"] == 0.2
    assert rates["over_triage_rate"] == 0.2
    assert rates["emergency_under_triage_count"] == 1
    assert rates["emergency_under_triage_rate"] == 0.5


def test_brier_is_zero_for_certain_correct_answers_and_the_confusion_table_renders() -> None:
    gold = np.array([0, 3], dtype=np.int64)
    assert metrics.brier(gold, np.eye(K)[gold])["mean"] == 0.0
    table = metrics.confusion_markdown(metrics.agreement(gold, gold)["confusion"])
    assert table.count("\n") == metrics.N + 1
