"""When the model cannot place a report: the conformal set, and the text checks (language, length, known words)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from triage import decide, uncertainty
from triage.findings import extract

K = len(decide.LEVELS)


@settings(derandomize=True, max_examples=60)
@given(seed=st.integers(0, 10_000), n=st.integers(50, 400))
def test_the_conformal_set_holds_the_true_class_at_least_1_minus_alpha_of_the_time(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet(np.ones(K) * 0.5, size=n)
    gold = np.array([rng.choice(K, p=p) for p in proba], dtype=np.int64)
    q = uncertainty.conformal_q(proba, gold)
    covered = np.mean([1.0 - proba[i, gold[i]] <= q for i in range(n)])
    assert covered >= 1.0 - uncertainty.ALPHA


def test_a_confident_answer_spans_one_level_and_a_split_one_spans_the_ladder() -> None:
    sure = np.zeros(K)
    sure[decide.LEVELS.index(decide.D.PHARMACY)] = 1.0
    assert uncertainty.span(list(sure), q=0.3) == 1
    torn = np.zeros(K)
    torn[0], torn[-1] = 0.5, 0.5
    assert uncertainty.span(list(torn), q=0.6) == len(decide.LADDER)
    # A crisis line sits on the ED rung: ED and the crisis line together span one level.
    side = np.zeros(K)
    side[decide.LEVELS.index(decide.D.ED)], side[decide.LEVELS.index(decide.D.MENTAL_HEALTH_CRISIS)] = 0.5, 0.5
    assert uncertainty.span(list(side), q=0.6) == 1


def test_the_text_checks_name_their_reason() -> None:
    flat = [1.0 / K] * K
    # Typo repair may turn a Spanish word into an English one ("mucho" -> "much"): either reason means a clinician.
    assert uncertainty.reasons(extract("ayuda por favor me duele mucho el pecho"), flat, None)[0] in {
        "the report may not be in English",
        "mostly words the triage lexicon does not know",
    }
    assert uncertainty.reasons(extract("help"), flat, None) == ["too little said to assess"]
    assert "a symptom is both described and denied" in uncertainty.reasons(
        extract("no headache. bad headache since noon"), flat, None
    )
    assert uncertainty.reasons(extract("sore throat and a cough for three days"), flat, None) == []
