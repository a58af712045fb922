"""Every bug class of issue 15, one test each with the issue's own sentences and others of the same class."""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity, Disposition
from triage.schemas import parse_report
from triage.service import Triager

D = Disposition


def assess(triager: Triager, text: str, age: float = 40, sex: str = "unknown", **kw: object) -> object:
    return triager.assess(parse_report({"text": text, "age": age, "sex": sex, **kw}))


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("no temperature, lips are blue", "blue or grey lips"),
        ("no fever, can't breathe", "cannot breathe"),
        ("not dizzy, slurred speech and face drooping", "stroke signs"),
        ("no rash, tongue swelling", "airway swelling"),
        ("no injury, crushing chest pain", "crushing chest pain"),
        ("no cough but her lips have gone grey", "blue or grey lips"),
    ],
)
def test_a_denial_before_a_comma_does_not_hide_the_red_flag_after_it(triager: Triager, text: str, flag: str) -> None:
    result = assess(triager, text)
    assert flag in result.red_flags  # type: ignore[attr-defined]
    assert result.acuity is Acuity.EMERGENCY  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "age", "sex", "flag"),
    [
        (
            "had a cold for a few days with a sore throat and now my tongue and lips started swelling up",
            30,
            "female",
            "airway swelling",
        ),
        ("felt a bit off all morning and now my face has dropped on one side", 70, "male", "stroke signs"),
        ("me chest is killing me", 55, "male", "severe chest pain"),
        ("my breathing is really bad, i cant breath at all", 50, "female", "cannot breathe"),
        ("he's had a seizue and wont wake up", 30, "male", "unconscious or fitting"),
    ],
)
def test_red_flags_survive_words_in_between_dialect_and_typos(
    triager: Triager, text: str, age: float, sex: str, flag: str
) -> None:
    result = assess(triager, text, age, sex)
    assert flag in result.red_flags  # type: ignore[attr-defined]
    assert result.acuity is Acuity.EMERGENCY  # type: ignore[attr-defined]


def test_a_denied_symptom_does_not_feed_the_model(triager: Triager) -> None:
    denied = assess(triager, "no chest pain, just a cough", 30)
    plain = assess(triager, "just a cough", 30)
    assert denied.probabilities == pytest.approx(plain.probabilities, abs=0.05)  # type: ignore[attr-defined]
    assert denied.acuity is not Acuity.EMERGENCY  # type: ignore[attr-defined]


def test_an_adult_giving_their_own_age_is_not_a_child_out_of_scope(triager: Triager) -> None:
    result = assess(triager, "I'm a 30-year-old woman with a runny nose", 30, "female")
    assert not any("child" in flag for flag in result.red_flags)  # type: ignore[attr-defined]
    assert result.acuity is not Acuity.EMERGENCY  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "age", "flag", "floor"),
    [
        ("feel awful, sats 84% on my finger monitor", 60, "NEWS2", D.ED),
        ("dizzy and my bp is 70/40, heart rate 130, breathing 32 times a minute", 70, "NEWS2", D.CALL_999),
        ("temperature of 102F and very sleepy", 0.2, "fever in an infant under 3 months", D.ED),
        ("fever for 6 days now, still drinking", 3, "fever for 5 days or more", D.UTC),
        ("type 1 diabetic, blood sugar 29 mmol and feel rough", 24, "possible diabetic ketoacidosis", D.ED),
        ("shaky and sweaty, my sugar is 2.4", 60, "blood glucose", D.ED),
        ("heart rate 175 and breathing fast, she is 1", 1.0, "child heart rate", D.UTC),
    ],
)
def test_vital_signs_temperatures_and_durations_in_the_text_reach_news2_and_ng143(
    triager: Triager, text: str, age: float, flag: str, floor: Disposition
) -> None:
    result = assess(triager, text, age)
    assert any(f.startswith(flag) for f in result.red_flags), result.red_flags  # type: ignore[attr-defined]
    assert result.disposition.urgency >= floor.urgency  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["help", "???", "j'ai mal à la poitrine depuis ce matin et je respire mal", "ok"])
def test_another_language_or_too_little_said_goes_to_a_clinician_not_to_ae(triager: Triager, text: str) -> None:
    result = assess(triager, text, 40)
    assert result.disposition is D.CLINICAL_ASSESSMENT  # type: ignore[attr-defined]
    assert any(e.feature.startswith("clinical assessment:") for e in result.explanation)  # type: ignore[attr-defined]
    assert "clinician will call you back" in result.safety_netting  # type: ignore[attr-defined]


def test_a_red_flag_still_escalates_past_a_clinician_call_back(triager: Triager) -> None:
    result = assess(triager, "help, can't breathe", 40)
    assert result.disposition is D.CALL_999  # type: ignore[attr-defined]
