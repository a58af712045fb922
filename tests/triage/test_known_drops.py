"""Metamorphic drops found outside the sampled cases and not yet fixed: each pinned as a strict xfail, so the fix
shows (the test then passes and strict xfail fails the run until the mark is taken off) and the drop cannot be
forgotten. Hazard log T-60.
"""

from __future__ import annotations

import pytest

from tests.triage.red_flag_cases import shipped
from triage.schemas import parse_report

# A generated report (generator seed 4242, as tests/triage/test_metamorphic.py's bases): P(ED or more urgent) 0.024,
# just inside the call-back band (2% to 1/11), so a clinician calls back.
COUGH_AND_HEARTBURN = {
    "text": "been coughing for over a month now. for 3 days. also burning in my chest after big meals, better with "
    "gaviscon. no swelling of lips or tongue, no chest pain. nobody else at home is ill. "
    "i didn't want to bother anyone",
    "age": 60,
    "sex": "male",
}


@pytest.mark.xfail(
    strict=True,
    reason="T-60 open: typo repair turns the slip 'measl' into 'meal', not back into 'meals'; the changed word moves "
    "P(ED or more) from 0.024 to under the band's 2% floor, and the call back becomes GP routine",
)
def test_a_slip_that_repair_turns_into_another_form_of_the_word_does_not_lower_a_call_back() -> None:
    base = shipped().assess(parse_report(COUGH_AND_HEARTBURN))
    slipped = {**COUGH_AND_HEARTBURN, "text": str(COUGH_AND_HEARTBURN["text"]).replace("meals", "measl")}
    assert shipped().assess(parse_report(slipped)).disposition.urgency >= base.disposition.urgency
