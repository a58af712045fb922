"""The doubt checks may send an unsure non-urgent answer to a clinician, never an emergency the model ranks first
(issue 15, round 8; hazard T-45).

A model whose 90% prediction set is wide, or a report that both states and denies a symptom, turns the model's answer
into a clinician's call back (CLINICAL_ASSESSMENT). When the model's single most likely answer is 999, ED or the crisis
line (the ED rung's side place) and its policy chose one of those, that doubt would take an emergency away from
emergency care: a de-escalation, which no check may do. Only a report with nothing the model could read (another
language, too little said) still goes to a clinician, as its 999 always has.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from models.vocabulary import Disposition
from tests.triage.reports import assess
from triage import decide
from triage.service import Triager

D = Disposition
K = len(decide.LEVELS)
EMERGENCIES = (D.CALL_999, D.ED, D.MENTAL_HEALTH_CRISIS)
REASON = ["the model's 90% prediction set spans 3 urgency levels"]


def ranked_first(top: Disposition, share: float = 0.4) -> list[float]:
    """Probabilities with `top` most likely and the rest spread evenly over the other classes."""
    rest = (1.0 - share) / (K - 1)
    return [share if d is top else rest for d in decide.LEVELS]


@settings(derandomize=True, max_examples=200)
@given(
    weights=st.lists(st.floats(0.0, 1.0), min_size=K, max_size=K).filter(lambda w: sum(w) > 0),
    choice=st.sampled_from(EMERGENCIES),
)
def test_a_doubt_never_demotes_an_emergency_the_model_ranks_first(weights: list[float], choice: Disposition) -> None:
    proba = np.asarray(weights) / sum(weights)
    top = decide.LEVELS[int(np.argmax(proba))]
    doubted = Triager.doubted(choice, REASON, unreadable=False, proba=proba)
    if top in EMERGENCIES:
        assert doubted is choice
    elif choice is not D.CALL_999:
        # Not ranked first: an ED from the cumulative threshold alone is still a clinician's to judge.
        assert doubted is D.CLINICAL_ASSESSMENT


def test_each_emergency_answer_ranked_first_stands_and_a_non_urgent_one_is_still_doubted() -> None:
    for top in EMERGENCIES:
        assert Triager.doubted(top, REASON, unreadable=False, proba=ranked_first(top)) is top
    # The model ranks 999 first and its policy says ED (the 999 threshold not reached): ED stands.
    assert Triager.doubted(D.ED, REASON, unreadable=False, proba=ranked_first(D.CALL_999, 0.2)) is D.ED
    # Ranked first, an ED with nothing the model could read is still a clinician's, as a 999 is.
    assert Triager.doubted(D.ED, REASON, unreadable=True, proba=ranked_first(D.ED)) is D.CLINICAL_ASSESSMENT
    # A non-urgent most likely answer, and an ED that only the cumulative threshold gave, go to a clinician.
    assert Triager.doubted(D.UTC, REASON, unreadable=False, proba=ranked_first(D.UTC)) is D.CLINICAL_ASSESSMENT
    assert Triager.doubted(D.ED, REASON, unreadable=False, proba=ranked_first(D.GP_OOH)) is D.CLINICAL_ASSESSMENT
    # No doubt, no change.
    assert Triager.doubted(D.GP_ROUTINE, [], unreadable=False, proba=ranked_first(D.GP_ROUTINE)) is D.GP_ROUTINE


def test_a_made_up_report_the_model_ranks_ed_keeps_ed_however_wide_the_prediction_set(triager: Triager) -> None:
    # A cut-off near 1 puts nearly every class in the 90% set, as a retrained, less sure model's does (round 7: q 0.75
    # to 0.88 turned emergencies the model still ranked ED into a call back).
    wide = dataclasses.replace(triager, conformal_q=0.999)
    # (Round 17's eye rule (T-68) reads a painful eye with blurred sight, so the example says light hurts instead.)
    eye = assess(wide, "sudden bad pain in my eye and light hurts", 40, sex="male")
    assert eye.red_flags == []  # the model alone places it: no rule lifts it back
    assert max(eye.probabilities, key=lambda d: eye.probabilities[d]) is D.ED
    # The doubt is shown, and shown as not applied: the answer beside it is ED, not a call back.
    doubts = [e.feature for e in eye.explanation if "the model's 90% prediction set" in e.feature]
    assert doubts and all(d.startswith("model unsure, its emergency answer kept: ") for d in doubts)
    assert eye.disposition is D.ED
    # The same doubt still sends a report whose most likely answer is not urgent to a clinician.
    cut = assess(wide, "cut my hand on a kitchen knife an hour ago, deep and gaping, can see fat", 40, sex="male")
    assert cut.red_flags == []
    assert cut.disposition is D.CLINICAL_ASSESSMENT
    assert any(e.feature.startswith("clinical assessment: the model's 90% prediction set") for e in cut.explanation)
