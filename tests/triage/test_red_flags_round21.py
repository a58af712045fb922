"""Airway swelling said of something that is not the airway (issue 15 round 21; hazard row T-102). Round 20 left
three over-triage classes of the "airway swelling" rule (999), found with made-up reports and one of the project's
own guidance vignettes (g45, a knocked-out tooth), never the published set:

- a lip swollen by a blow ("my lip is swollen after i got punched", a hockey stick to the mouth): a facial or dental
  injury, not angioedema (NHS.uk: cuts and grazes, knocked-out tooth: urgent dentist);
- swelling that belongs to another word between ("my throat is sore and my glands are swollen"): the gap of up to
  30 characters reached across to the glands;
- quinsy told as "one side of my throat is really swollen": NHS.uk quinsy asks for an urgent GP appointment or 111,
  and 999 or A&E only when breathing is hard, the person drools or cannot swallow (those have rules of their own:
  "stridor or drooling", "too breathless to speak").

Swelling of the tongue or the throat, and of the lips or mouth with nothing to explain it, stays a 999.
"""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity, Disposition
from tests.triage.reports import assess, flags
from triage.service import Triager

AIRWAY = "airway swelling"


@pytest.mark.parametrize(
    "text",
    [
        "my lip is swollen after i got punched last night",
        "took a hockey stick to the mouth, tooth knocked out, lip swollen",
        "she fell flat on her face on the pavement and her top lip has swollen up",
        "he got an elbow in the mouth at football and his lip is really swollen",
        "split my lip open on the door frame and now it's swollen",
        "my son was hit in the mouth by a cricket ball, his lips are swollen and his tooth is wobbly",
    ],
)
def test_a_lip_swollen_by_a_blow_is_not_airway_swelling(text: str) -> None:
    assert AIRWAY not in flags(text, 19)


@pytest.mark.parametrize(
    "text",
    [
        "my throat is sore and my glands are swollen",
        "throat is killing me and the glands in my neck have swollen up",
        "one side of my throat is really swollen and it hurts to swallow, i've had tonsillitis for 3 days",
        "the left side of my throat is swollen and my voice sounds muffled",
    ],
)
def test_swollen_glands_or_one_side_of_a_sore_throat_are_not_airway_swelling(text: str) -> None:
    assert AIRWAY not in flags(text, 25)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my lips are swollen and tingling after eating prawns", 30),
        ("my son's lip swelled up after eating a peanut", 4),
        ("woke up with my lips swollen, no idea why", 45),
        ("i got stung by a wasp and my lips are swelling", 30),
        ("her mouth is swelling up after the new antibiotic", 60),
        ("no injury, his lips have just puffed up", 35),
        ("swollen lips and tongue after starting ramipril", 68),
        ("i got punched last week but that's fine, now my tongue is swelling up after eating nuts", 22),
        ("my throat feels swollen after eating nuts", 30),
        ("my tongue is swollen and it feels tight", 50),
        ("her throat is swelling and her glands are up", 9),
    ],
)
def test_swelling_of_the_lips_tongue_or_throat_with_nothing_to_explain_it_is_a_999(
    triager: Triager, text: str, age: float
) -> None:
    assert AIRWAY in flags(text, age)
    result = assess(triager, text, age)
    assert result.disposition is Disposition.CALL_999
    assert result.acuity is Acuity.EMERGENCY


def test_a_quinsy_that_cannot_be_swallowed_past_is_still_a_999() -> None:
    # The quinsy exclusion is for the swelling alone; drooling is its own red flag.
    said = flags("one side of my throat is really swollen and i can't swallow my own spit, i'm drooling", 25)
    assert "stridor or drooling" in said
