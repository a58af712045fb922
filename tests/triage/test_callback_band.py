"""An ED or 999 that only the cumulative thresholds gave, over a model that does not rank an emergency first, goes to a
clinician's call back below P(ED or 999) = 3/8 (issue 15 rounds 5, 12, 16 and 17, and round 19 for a 999; hazards T-62
and T-81).

The band is a pure function over values (`decide.callback_band`): the first scoring's policy chose ED or 999, the
model's single most likely answer is not 999, ED or the crisis line, the scoring without red-flag phrases (if run)
is not emergency care, no rule floor is at ED or 999, and P(ED or 999) lies in [1/11, 3/8). Rules escalate after it,
so a red flag is never banded and nothing falls below a call back because of it.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.vocabulary import Disposition
from tests.triage.reports import generated
from triage import decide, findings, rules
from triage.schemas import parse_report
from triage.service import Triager

D = Disposition
K = len(decide.LEVELS)
EMERGENCY_FLOORS = (D.CALL_999, D.ED)
ANY = tuple(Disposition)


def _p_emergency(proba: decide.Probabilities) -> float:
    return decide.at_least(decide.on_ladder(proba))[decide.LADDER.index(D.ED)]


def _proba(top: Disposition, p_ed: float) -> list[float]:
    """`top` most likely; P(ED) = p_ed (no 999); the rest on `top` and self-care."""
    out = [0.0] * K
    out[decide.LEVELS.index(D.ED)] = p_ed
    rest = 1.0 - p_ed
    if top is D.SELF_CARE:
        out[decide.LEVELS.index(D.SELF_CARE)] = rest
    else:
        out[decide.LEVELS.index(top)] = rest * 0.9
        out[decide.LEVELS.index(D.SELF_CARE)] = rest * 0.1
    return out


def test_the_upper_end_is_round_5s_cost_argument_not_a_fit() -> None:
    """ED beats a call back when (1 - p) > p c_D + (1 - p) c_C: c_C = 0.1 (a needless call back), c_D = 0.1 x 10 +
    0.5 = 1.5 (an emergency heard by a clinician within the hour), in units of one needless A&E visit."""
    c_call, c_delay = 0.1, 0.1 * 10 + 0.5
    assert pytest.approx((1 - c_call) / (1 - c_call + c_delay)) == decide.CALLBACK_UPPER == 3 / 8
    assert decide.CALLBACK_UPPER > decide.EMERGENCY_ODDS


@settings(derandomize=True, max_examples=400)
@given(
    weights=st.lists(st.floats(0.0, 1.0), min_size=K, max_size=K).filter(lambda w: sum(w) > 0),
    first=st.sampled_from(ANY),
    second=st.none() | st.sampled_from(ANY),
    floors=st.lists(st.sampled_from(ANY), max_size=3),
    higher_risk=st.booleans(),
)
def test_the_band_holds_exactly_a_threshold_ed_or_999_with_no_emergency_rule_or_ranking(
    weights: list[float], first: Disposition, second: Disposition | None, floors: list[Disposition], higher_risk: bool
) -> None:
    proba = np.asarray(weights) / sum(weights)
    p = decide.callback_band(first, proba, second, floors, higher_risk=higher_risk)
    inside = (
        not higher_risk
        and first in EMERGENCY_FLOORS
        and decide.most_likely(proba) not in decide.EMERGENCY_CARE
        and second not in decide.EMERGENCY_CARE
        and not any(f in EMERGENCY_FLOORS for f in floors)
        and decide.EMERGENCY_ODDS <= _p_emergency(proba) < decide.CALLBACK_UPPER
    )
    assert (p is not None) is inside
    if p is not None:
        assert p == pytest.approx(_p_emergency(proba))
        # Rules escalate after the band: the answer is a call back or a rule floor above it, never lower.
        final = decide.escalate(D.CLINICAL_ASSESSMENT, floors)
        assert final.urgency >= D.CLINICAL_ASSESSMENT.urgency


@pytest.mark.parametrize("first", EMERGENCY_FLOORS)
@pytest.mark.parametrize("top", [D.UTC, D.GP_OOH, D.DENTAL, D.GP_ROUTINE, D.PHARMACY, D.SELF_CARE])
@pytest.mark.parametrize("p_ed", [1 / 11, 0.2, 0.374])
def test_a_threshold_ed_or_999_over_a_non_urgent_answer_is_banded(
    first: Disposition, top: Disposition, p_ed: float
) -> None:
    assert decide.callback_band(first, _proba(top, p_ed), None, [], higher_risk=False) == pytest.approx(p_ed)


@pytest.mark.parametrize("first", EMERGENCY_FLOORS)
@pytest.mark.parametrize("floor", EMERGENCY_FLOORS)
def test_a_red_flag_at_ed_or_999_is_never_banded(first: Disposition, floor: Disposition) -> None:
    assert decide.callback_band(first, _proba(D.GP_OOH, 0.2), None, [floor], higher_risk=False) is None


@pytest.mark.parametrize("second", [D.CALL_999, D.ED, D.MENTAL_HEALTH_CRISIS])
def test_an_emergency_from_the_scoring_without_red_flags_is_never_banded(second: Disposition) -> None:
    assert decide.callback_band(D.ED, _proba(D.GP_OOH, 0.2), second, [], higher_risk=False) is None


@pytest.mark.parametrize(
    "text",
    ["i'm on chemotherapy and have had a cough for a month", "i take warfarin and cut my finger, it has stopped now"],
)
def test_on_anticancer_treatment_or_an_anticoagulant_the_models_ed_stands(text: str) -> None:
    assert decide.callback_band(D.ED, _proba(D.GP_OOH, 0.2), None, [], higher_risk=True) is None
    assert rules.higher_risk(findings.extract(text))
    assert not rules.higher_risk(findings.extract("i had chemotherapy years ago, now a cough for a month"))


def test_the_models_own_emergency_and_the_bands_ends_are_left_alone() -> None:
    assert (
        decide.callback_band(D.ED, _proba(D.GP_OOH, 0.375), None, [], higher_risk=False) is None
    )  # from U up, A&E costs less
    assert (
        decide.callback_band(D.ED, _proba(D.GP_OOH, 0.08), None, [], higher_risk=False) is None
    )  # below 1/11: the older band's
    assert decide.callback_band(D.UTC, _proba(D.GP_OOH, 0.2), None, [], higher_risk=False) is None
    ed_first = [0.0] * K
    for d, p in ((D.ED, 0.3), (D.GP_OOH, 0.25), (D.PHARMACY, 0.25), (D.SELF_CARE, 0.2)):
        ed_first[decide.LEVELS.index(d)] = p  # ED most likely at 0.3: not the threshold's alone
    assert decide.most_likely(ed_first) is D.ED
    assert decide.callback_band(D.ED, ed_first, None, [], higher_risk=False) is None


_REPORTS = generated(24680, 400)


def test_every_banded_report_is_a_call_back_or_a_rule_floor_above_it_and_says_why(triager: Triager) -> None:
    """On generated reports: a report the band took carries its reason, the model's ED, a non-emergency most likely
    answer, P(ED or 999) in the band, no rule at ED or 999, and an answer at a call back or a rule floor above it."""
    banded = 0
    for body in _REPORTS:
        result = triager.assess(parse_report(body))
        reasons = [e.feature for e in result.explanation if e.source == "rule" and "3 in 8" in e.feature]
        if not reasons:
            continue
        banded += 1
        proba = [result.probabilities[d] for d in decide.LEVELS]
        assert result.model_disposition in EMERGENCY_FLOORS
        assert decide.most_likely(proba) not in decide.EMERGENCY_CARE
        assert decide.EMERGENCY_ODDS <= _p_emergency(proba) < decide.CALLBACK_UPPER
        assert reasons[0].startswith("clinical assessment: ")
        assert result.disposition not in EMERGENCY_FLOORS
        assert result.disposition.urgency >= D.CLINICAL_ASSESSMENT.urgency
    assert banded > 0


@pytest.mark.parametrize(
    ("text", "age"),
    [("sunburn on my shoulders, red and sore", 30), ("earwax, my ear feels blocked", 50)],
)
def test_a_threshold_999_over_a_non_urgent_answer_is_a_call_back_not_an_ambulance(
    triager: Triager, text: str, age: float
) -> None:
    """Round 19 (T-81): the model's P(999) passed the 999 rung's threshold (0.235) although its most likely answer
    was an urgent treatment centre or a pharmacy and P(ED or 999) was below 3/8; an ambulance was sent for sunburn."""
    result = triager.assess(parse_report({"text": text, "age": age}))
    assert result.model_disposition is D.CALL_999
    assert result.disposition is D.CLINICAL_ASSESSMENT
    assert any("3 in 8" in e.feature for e in result.explanation)
