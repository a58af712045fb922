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


# Three emergencies the shipped model caught only through filler words ("minutes ago", "looks"), written here as
# our own made-up reports: a model that reads less filler must not lose them (issue 15, round 3).
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my son's asthma is bad tonight, he can barely get a word out", 14),
        ("she's wheezing and can't finish her sentences", 40),
        ("he's so out of breath he can only say two or three words at a time", 60),
        ("my chest is tight and i'm speaking in single words", 30),
        ("too breathless to talk, had my blue inhaler six times", 25),
        ("she keeps stopping for breath between words", 70),
        ("he can hardly speak, he's puffing and panting after his inhaler", 9),
    ],
)
def test_too_breathless_to_speak_however_said_is_999(triager: Triager, text: str, age: float) -> None:
    assert "too breathless to speak" in flags(text, age)
    assert triager.assess(parse_report({"text": text, "age": age})).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "no trouble talking, a bit wheezy after the cold",
        "wheezy but talking in full sentences",
        "the nurse told us to come in if she can't speak, she has asthma and is a bit wheezy",
        "lost my voice with a sore throat, can barely speak",
        "i can't speak to my gp until monday and my inhaler has run out",
    ],
)
def test_speech_fine_denied_advised_or_lost_for_another_reason_is_not_too_breathless_to_speak(text: str) -> None:
    assert "too breathless to speak" not in flags(text, 30)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my toddler swallowed a button battery from the remote", 2),
        ("we think she's swallowed one of the little batteries from the kitchen scales", 3),
        ("a battery is missing from his toy and he might have swallowed it", 2),
        ("he swallowed two magnets from his brother's set", 6),
        ("she pushed a watch battery up her nose", 4),
        ("my nan may have swallowed her hearing aid battery with her tablets", 88),
    ],
)
def test_a_swallowed_button_battery_or_magnet_goes_to_ed(triager: Triager, text: str, age: float) -> None:
    assert "swallowed button battery or magnet" in flags(text, age)
    assert triager.assess(parse_report({"text": text, "age": age})).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "the battery is still in the toy, he didn't swallow it",
        "no battery missing, he swallowed a grape whole and is fine",
        "we were told to take him to a&e if he swallows a battery",
        "i need new batteries for my hearing aid, sore throat when i swallow",
    ],
)
def test_a_battery_not_swallowed_denied_or_advised_about_fires_nothing(text: str) -> None:
    assert "swallowed button battery or magnet" not in flags(text, 3)


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("fell off the trampoline and her arm is bent at a weird angle", 9, "limb at an odd angle after an injury"),
        ("after the tackle his shin looks bent in the middle", 17, "limb at an odd angle after an injury"),
        (
            "mum fell, her leg is turned out at an odd angle and she can't get up",
            85,
            "limb at an odd angle after an injury",
        ),
        ("came off his bike and his wrist is the wrong shape", 12, "limb at an odd angle after an injury"),
        ("slipped on the ice, there's bone poking through the skin of her ankle", 50, "bone through the skin"),
        ("you can see the bone in his finger after the machine caught it", 40, "bone through the skin"),
    ],
)
def test_a_limb_at_an_odd_angle_after_an_injury_or_bone_showing_goes_to_ed(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert triager.assess(parse_report({"text": text, "age": age})).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "twisted my ankle, it went over at a funny angle, swollen but i can walk",
        "landed on my wrist at an awkward angle, sore but it looks normal",
        "fell on my wrist, it's not at a funny angle, just swollen",
        "no bone showing, just a graze from falling off his bike",
        "fell over, no obvious deformity, bruised knee",
        "i slept with my arm at a funny angle and now it's tingly",
    ],
)
def test_how_an_injury_happened_a_denied_deformity_or_no_injury_fires_no_fracture_rule(text: str) -> None:
    names = flags(text, 30)
    assert "limb at an odd angle after an injury" not in names and "bone through the skin" not in names
