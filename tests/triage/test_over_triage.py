"""Over-triage classes found with made-up reports (issue 15, round 2): harmless words that sent people to 999/A&E.

Each class is fixed where it arises (findings, rules or the triager), never by relaxing a red flag: every test
below that lowers a disposition has a twin that shows the red flag still firing when it is really there.
"""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity, Disposition
from tests.triage.reports import assess
from triage import decide, features, phrases, rules
from triage.findings import extract
from triage.schemas import parse_report
from triage.service import Triager
from triage.training import thresholds

D = Disposition


@pytest.mark.parametrize(
    "text",
    [
        "I have a cold and a runny nose, I can breathe fine",
        "sore throat for two days, breathing normally",
        "blocked nose and sneezing, her breathing looks normal to me",
        "cough for a week, sats normal on my watch, breathing's fine",
    ],
)
def test_breathing_said_to_be_normal_is_not_an_emergency(triager: Triager, text: str) -> None:
    result = assess(triager, text)
    assert result.red_flags == []
    assert result.acuity is not Acuity.EMERGENCY
    assert "breath" not in extract(text).present_text


@pytest.mark.parametrize(
    "text",
    ["I have a cold and now I can't breathe", "cold for a week and he's not breathing normally"],
)
def test_breathing_that_is_not_normal_is_still_999(triager: Triager, text: str) -> None:
    result = assess(triager, text)
    assert result.disposition is D.CALL_999
    assert "cannot breathe" in result.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "the doctor said to call 999 if his lips go blue, but right now he just has a cold",
        "the nurse told us to go to a&e if she can't breathe or gets a purple rash",
        "pharmacist said to come back if the swelling spreads to my lips, it's just an itchy bite now",
    ],
)
def test_safety_netting_advice_repeated_by_the_caller_fires_no_red_flag(text: str) -> None:
    # The rules only: the model may still read "told ... a&e" as urgent (model card, known failures).
    assert phrases.phrase_hits(text) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("should i call 999 if he can't breathe", "cannot breathe"),
        ("we were told to call if she got worse, and now her lips are blue", "blue or grey lips"),
        ("i'm worried about his face drooping", "stroke signs"),
    ],
)
def test_a_question_or_a_red_flag_happening_now_still_fires(triager: Triager, text: str, flag: str) -> None:
    result = assess(triager, text)
    assert flag in result.red_flags
    assert result.disposition is D.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "knocked my front tooth out playing rugby, no head injury",
        "her front tooth was knocked out at hockey, she didn't hit her head",
        "two teeth got knocked out in a fight, no other injuries",
    ],
)
def test_a_knocked_out_tooth_goes_to_a_dentist_not_999(triager: Triager, text: str) -> None:
    result = assess(triager, text, 24)
    assert result.disposition is D.DENTAL
    assert "tooth knocked out" in {f.name for f in extract(text).present()}


def test_a_report_the_model_cannot_read_at_all_goes_to_a_clinician_not_to_999(triager: Triager) -> None:
    """Nothing but age and sex reach the model: its answer is its prior, which sat at the 999 threshold."""
    report = parse_report({"text": "I play rugby at weekends and I'm worried", "age": 30})
    assert features.blank(features.row(report))
    result = triager.assess(report)
    assert result.disposition is D.CLINICAL_ASSESSMENT
    assert any("nothing in the report" in e.feature for e in result.explanation)


def test_a_red_flag_in_a_report_with_nothing_else_to_read_still_decides(triager: Triager) -> None:
    assert assess(triager, "I play rugby at weekends and now I can't breathe", 30).disposition is D.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "her 44-year-old brother has stopped his lithium and is not sleeping",
        "his 79-year-old grandmother took her tablets twice by mistake",
        "my 30 year old son has a cough",
    ],
)
def test_an_adults_age_after_a_possessive_is_not_a_child(text: str) -> None:
    assert rules.scope_hits(parse_report({"text": text, "age": 40}), extract(text)) == []


@pytest.mark.parametrize(
    "text", ["my 3 year old has a runny nose", "our 15-year-old has a rash", "my 6 week old", "my son has a cough"]
)
def test_a_childs_age_after_a_possessive_still_names_a_child(text: str) -> None:
    assert rules.scope_hits(parse_report({"text": text, "age": 34}), extract(text)) != []


def test_a_possible_emergency_below_one_in_eleven_is_flagged_for_a_clinician() -> None:
    """Below 1/11 the 10:1 cost would not send a calibrated model's report to A&E, yet from 0.02 an emergency cannot
    be ruled out: the triager asks a clinician, whatever threshold training fitted."""
    k = {d: i for i, d in enumerate(decide.LEVELS)}
    low = [0.0] * len(decide.LEVELS)
    low[k[D.ED]], low[k[D.GP_OOH]] = 0.05, 0.95
    high = [0.0] * len(decide.LEVELS)
    high[k[D.CALL_999]], high[k[D.GP_OOH]] = 0.2, 0.8
    assert decide.emergency_unsure(low) == pytest.approx(0.05)
    assert decide.emergency_unsure(high) is None
    noise = [0.0] * len(decide.LEVELS)
    noise[k[D.ED]], noise[k[D.SELF_CARE]] = 0.01, 0.99
    assert decide.emergency_unsure(noise) is None
    assert pytest.approx(1 / (1 + thresholds.UNDER_COST)) == decide.EMERGENCY_ODDS


@pytest.mark.parametrize("text", ["I'm a 30-year-old woman with a runny nose", "her 44 year old brother has a cold"])
def test_a_stated_age_reaches_the_model_as_the_age_not_as_words(text: str) -> None:
    words = extract(text).present_text.split()
    assert "year" not in words and "old" not in words
