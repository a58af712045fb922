"""An overdose told by its amount, and a usual dose that is not one (issue 15 round 20; hazard row T-89). Found with
made-up reports written from NHS.uk paracetamol advice (the usual adult dose is one or two tablets; one or two extra
by accident is unlikely to harm) and NICE NG225 (an overdose is assessed at once), never from a vignette set:

- "i took 2 paracetamol for my headache" fired "suicidal with a plan" (999): any number of tablets after "took"
  counted as an overdose, so the everyday dose did (the model alone still answers that report with a 999: its word
  "took" comes only from the generator's overdoses; model card, round 20);
- "he swallowed two full packets of paracetamol" and "she's taken about 30 of her tablets" fired nothing: the rule
  read only digits straight after the verb, and no packets.
"""

from __future__ import annotations

import pytest

from models.vocabulary import Disposition
from tests.triage.reports import assess, flags
from triage.service import Triager

OVERDOSE = "suicidal with a plan"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("he swallowed two full packets of paracetamol about an hour ago, says he feels fine", 19),
        ("i've taken a packet of paracetamol and some of my mum's sleeping tablets", 24),
        ("she's taken about 30 of her tablets after a row with her boyfriend", 17),
        ("took twenty paracetamol an hour ago and now i'm scared", 35),
        ("my son has swallowed a whole strip of co-codamol", 15),
        ("pt ingested 24 x 500mg paracetamol at 21:00, asymptomatic", 42),
        ("he took 3 boxes of ibuprofen this afternoon", 28),
        ("i took 16 paracetamol this morning", 30),
    ],
)
def test_an_overdose_told_by_its_amount_is_a_999(triager: Triager, text: str, age: float) -> None:
    assert OVERDOSE in flags(text, age)
    assert assess(triager, text, age).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "i took 2 paracetamol for my headache and it helped a bit",
        "took two paracetamol this morning, still got a temperature",
        "she's had 1 paracetamol and a drink of water",
        "i've taken 2 ibuprofen and 2 paracetamol for my back",
        "took 2 x 500mg paracetamol at 8am",
        "bought a packet of paracetamol from the shop but haven't taken any",
        "she took her 3 tablets this morning as usual",
        "it took 20 minutes for the paracetamol to work",
    ],
)
def test_a_usual_dose_or_a_packet_bought_is_not_an_overdose(text: str) -> None:
    assert OVERDOSE not in flags(text, 40)
