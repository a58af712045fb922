"""Threshold choice and the metrics the model card reports, on small arrays whose answers are known."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from triage import decide
from triage.training import metrics, thresholds


@settings(derandomize=True, max_examples=100)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 200))
def test_chosen_thresholds_let_no_validation_emergency_below_ed_unless_clamped(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet(np.ones(7), size=n)
    gold = rng.integers(0, 7, size=n).astype(np.int64)
    cuts = thresholds.choose(proba, gold)
    assert all(thresholds.FLOOR <= t <= thresholds.CEILING for t in cuts.values())
    chosen = np.array([decide.LEVELS.index(decide.policy(p, cuts)) for p in proba])
    emergency_scores = thresholds.cumulative(proba)[gold <= 1, 1]
    missed = (gold <= 1) & (chosen > 1)
    # Any emergency missed was one whose score fell under the floor: the only clamp that can cost recall.
    assert all(s < thresholds.FLOOR for s in thresholds.cumulative(proba)[missed, 1])
    assert missed.sum() <= (emergency_scores < thresholds.FLOOR).sum()


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
    assert metrics.brier(gold, np.eye(7)[gold])["mean"] == 0.0
    table = metrics.confusion_markdown(metrics.agreement(gold, gold)["confusion"])
    assert table.count("\n") == 8
