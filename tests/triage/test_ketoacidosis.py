"""Diabetic ketoacidosis: ordinary words that mean danger only together with diabetes (hazard T-11)."""

from __future__ import annotations

import pytest

from models.vocabulary import Disposition
from triage.rules import ketoacidosis_hits
from triage.schemas import parse_report
from triage.service import Triager

DKA = "possible diabetic ketoacidosis"


@pytest.mark.parametrize(
    "text",
    [
        "type 1 diabetic, been vomiting all morning, cant keep anything down, breathing fast, sugars reading HI",
        "I have type 1 diabetes, really thirsty, weeing all the time and I feel nauseous",
        "my son is on insulin and his ketones are high, he is very drowsy",
        "diabetic, my breath smells of pear drops and I've been throwing up",
    ],
)
def test_diabetes_with_a_sign_of_ketoacidosis_goes_to_ed(triager: Triager, text: str) -> None:
    result = triager.assess(parse_report({"text": text, "age": 23}))
    assert result.disposition.urgency >= Disposition.ED.urgency
    assert DKA in result.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "type 2 diabetic, no vomiting, just a sore toe",
        "been sick twice after a curry",
        "my diabetes review is due and I need a repeat prescription",
    ],
)
def test_either_half_alone_fires_no_ketoacidosis_rule(text: str) -> None:
    assert ketoacidosis_hits(parse_report({"text": text, "age": 40})) == []
