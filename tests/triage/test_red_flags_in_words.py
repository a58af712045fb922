"""Red flags described in plain words that no rule caught: NICE NG143 red features in a young child, a head injury
in someone on an anticoagulant (the medicine named anywhere in the report), and large or deep burns."""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity, Disposition
from triage import rules
from triage.schemas import parse_report
from triage.service import Triager


def flags(text: str, age: float) -> list[str]:
    return [hit.name for hit in rules.assess(parse_report({"text": text, "age": age}))]


@pytest.mark.parametrize(
    "text",
    [
        "she's making a grunting noise with every breath",
        "you can see the skin sucking in under his ribs",
        "her skin has gone pale and blotchy",
        "he is floppy and won't stay awake for long",
        "she doesn't respond when we talk to her, just stares",
        "a weak high-pitched cry all evening",
    ],
)
def test_ng143_red_features_in_words_send_a_child_under_5_to_ed(triager: Triager, text: str) -> None:
    assert "NG143 red feature in words (under 5)" in flags(text, 1.5)
    assert triager.assess(parse_report({"text": text, "age": 1.5})).acuity is Acuity.EMERGENCY


def test_ng143_word_features_are_for_under_5s_and_a_denial_still_denies() -> None:
    assert "NG143 red feature in words (under 5)" not in flags("he is grunting when he lifts weights", 17)
    assert flags("no grunting, not floppy, just a runny nose", 2) == []


@pytest.mark.parametrize(
    "text",
    [
        "he tripped and banged his forehead on the kerb. he didn't black out. he takes apixaban for his heart",
        "fell in the garden and hit her head; she's on warfarin",
        "bumped my head on a cupboard door, i'm on blood thinners",
    ],
)
def test_a_head_injury_on_an_anticoagulant_goes_to_ed_wherever_the_medicine_is_named(text: str) -> None:
    assert "head injury on an anticoagulant or antiplatelet" in flags(text, 70)


def test_aspirin_alone_or_no_head_injury_is_not_that_rule() -> None:
    assert "head injury on an anticoagulant or antiplatelet" not in flags("bumped my head, i take aspirin", 70)
    assert "head injury on an anticoagulant or antiplatelet" not in flags("no head injury, on warfarin", 70)


@pytest.mark.parametrize(
    "text",
    [
        "scalded her leg with boiling water, the burn is bigger than her hand",
        "burnt his arm on the bonfire and some of it looks white and waxy",
        "the burn on my hand is charred in the middle",
    ],
)
def test_a_large_or_deep_burn_goes_to_ed(triager: Triager, text: str) -> None:
    assert "large or deep burn" in flags(text, 30)
    assert triager.assess(parse_report({"text": text, "age": 30})).disposition.urgency >= Disposition.ED.urgency


def test_a_small_red_burn_fires_no_burn_rule() -> None:
    assert "large or deep burn" not in flags("burnt my finger on the oven, a small red mark", 30)


@pytest.mark.parametrize(
    "text", ["had to give my son his adrenaline pen", "she used her adrenaline auto-injector ten minutes ago"]
)
def test_an_adrenaline_auto_injector_used_is_anaphylaxis_whatever_it_is_called(text: str) -> None:
    assert "airway swelling" in flags(text, 20)
