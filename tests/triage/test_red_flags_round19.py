"""Two red flags said in words that had no rule of their own (issue 15 round 19; hazard rows T-79 and T-80). Found
with made-up reports written from first-aid and NHS.uk advice, never from a vignette set:

- a low blood sugar that treatment is not lifting ("a hypo that won't come up, i've had 3 lots of sugar and i'm
  still 2.5" was a clinician's call back, with no flag), or that has made someone confused, drowsy or seem drunk
  (those reached ED or 999 only through the ketoacidosis rule's words or the model's);
- palpitations with a faint or blackout, chest pain or breathlessness ("my heart is racing at 180 and i fainted" and
  "palpitations and i blacked out in the shop" reached ED only through the model's words).

Each class is tested with the person, a relative and a clinician's note, and with near misses that must not fire.
"""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity
from tests.triage.reports import assess, flags
from triage.service import Triager

HYPO = "a low blood sugar that treatment is not lifting, or with confusion or drowsiness"
PALPITATIONS = "palpitations with a faint or blackout, chest pain or breathlessness"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("i'm type 1, having a hypo that won't come up, i've had 3 lots of sugar and i'm still 2.5", 30),
        ("my husband is diabetic, his sugar is low and he's acting drunk and aggressive", 60),
        ("she's having a hypo and she's really confused, she won't eat or drink anything", 16),
        ("my son's blood sugar keeps dropping, we've given him juice three times and it's still low", 9),
        ("dad's bm is low and he's very drowsy, we had to give him glucagon", 78),
        ("his meter says LO and he's not making any sense", 45),
        ("t1dm, hypoglycaemic, gcs 14, not responding to oral glucose x3", 52),
    ],
)
def test_a_hypo_that_treatment_does_not_lift_or_that_confuses_is_at_least_ed(
    triager: Triager, text: str, age: float
) -> None:
    assert HYPO in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "i'm diabetic and felt a bit shaky before lunch, better after a biscuit",
        "had a hypo last night, sorted it with jelly babies and i'm fine now",
        "my sugars have been running high this week",
        "i'm feeling low and confused about what to do with my life",
        "my mood is low and i can't sleep",
        "low sugar diet, feeling a bit tired",
        "no hypos lately, just a cough",
        "sugar is low but she's fine, chatting and eating",
    ],
)
def test_a_treated_hypo_a_low_mood_or_a_low_sugar_diet_is_not_that(text: str) -> None:
    assert HYPO not in flags(text, 40)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my heart is racing at 180 and i fainted", 30),
        ("palpitations and i blacked out in the shop", 50),
        ("her heart has been pounding really fast and now she has chest pain", 66),
        ("heart keeps fluttering and going really fast and i'm short of breath", 45),
        ("he had palpitations then passed out on the stairs", 19),
        ("c/o palpitations with central chest pain and breathlessness, onset 1 hour", 58),
    ],
)
def test_palpitations_with_a_faint_chest_pain_or_breathlessness_are_at_least_ed(
    triager: Triager, text: str, age: float
) -> None:
    assert PALPITATIONS in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "heart racing when i'm anxious, no fainting, settles in a few minutes",
        "i get the odd flutter in my chest after coffee, feel fine otherwise",
        "palpitations on and off for a week, no chest pain, not short of breath",
        "my thoughts are racing and i can't sleep",
        "i fainted last year at a concert, today just a cold",
        "my heart was pounding after the run but it settled",
        "my heart races now and then but i've never fainted and i'm not short of breath",
    ],
)
def test_palpitations_alone_denied_signs_or_racing_thoughts_are_not_that(text: str) -> None:
    assert PALPITATIONS not in flags(text, 40)
