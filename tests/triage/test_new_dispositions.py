"""Dental and mental-health crisis reports reach their own dispositions, and escalate when they must (issue 16)."""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity, Disposition
from tests.triage.reports import assess
from triage.groups import Answer, SymptomGroup
from triage.questions import BY_GROUP, next_question
from triage.service import Triager

D = Disposition


@pytest.mark.parametrize(
    "text",
    [
        "toothache with a swollen gum and a horrible taste for 3 days",
        "knocked my front tooth out playing rugby, no head injury",
        "i think i have a dental abscess, throbbing tooth",
    ],
)
def test_urgent_dental_problems_go_to_a_dentist_not_ae(triager: Triager, text: str) -> None:
    result = assess(triager, text)
    assert result.disposition is D.DENTAL
    assert "dentist" in result.safety_netting


@pytest.mark.parametrize(
    "text",
    [
        "tooth abscess and now the swelling is spreading to my eye",
        "bad tooth and my jaw is so swollen i can't swallow properly",
    ],
)
def test_dental_swelling_spreading_or_stopping_swallowing_goes_to_ed(triager: Triager, text: str) -> None:
    assert assess(triager, text).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "i keep having suicidal thoughts, i don't have a plan",
        "i don't want to be here anymore, i can't cope",
        "i've been cutting myself again",
        "hearing voices again and i really can't cope tonight",
    ],
)
def test_suicidal_thoughts_self_harm_and_acute_distress_go_to_the_crisis_team(triager: Triager, text: str) -> None:
    result = assess(triager, text, 28)
    assert result.disposition is D.MENTAL_HEALTH_CRISIS
    assert "116 123" in result.safety_netting and "999" in result.safety_netting


@pytest.mark.parametrize(
    "text",
    [
        "i've taken an overdose of paracetamol",
        "i took 30 tablets an hour ago",
        "i want to kill myself and i have a plan for tonight",
    ],
)
def test_intent_with_a_plan_or_an_act_already_taken_is_999(triager: Triager, text: str) -> None:
    assert assess(triager, text, 28).disposition is D.CALL_999


def test_the_dental_questions_reach_dental_and_escalate_for_spreading_swelling() -> None:
    first = next_question(SymptomGroup.DENTAL, {}, 30)
    assert first is not None and first.floor is D.CALL_999
    floors = {q.id: q.floor for q in BY_GROUP[SymptomGroup.DENTAL]}
    assert floors["dental.spreading_swelling"] is D.ED
    assert floors["dental.knocked_out"] is D.DENTAL
    assert next_question(SymptomGroup.DENTAL, {"dental.breathing_swallowing": Answer.YES}, 30) is None


def test_answers_reach_the_new_dispositions(triager: Triager) -> None:
    dental = assess(triager, "toothache", answers={"dental.swelling_or_fever": "yes"})
    crisis = assess(triager, "feeling awful", answers={"mental_health.suicidal_thoughts": "yes"})
    assert dental.disposition.urgency >= D.DENTAL.urgency
    assert crisis.disposition is D.MENTAL_HEALTH_CRISIS
