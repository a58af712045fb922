"""Issue 15 round 22: red-flag rules that fired on what the report denied or explained (hazard row T-112), found with
60 made-up non-urgent reports written from NHS.uk and NICE CKS advice, never the published set:

- a scald "no blisters" read as a scald that blisters (ED): the gap between the scald and the blister word could hold
  the denial;
- "face not drooping", said after the face, read as a drooping face (999);
- a stiff neck after falling asleep on the sofa, no temperature, read as a meningitis sign (ED): T-104's strain list
  had slept funny and a new pillow, not sleeping slumped in a chair.

Each has its emergency said plainly beside it, which still fires.
"""

from __future__ import annotations

import pytest

from tests.triage.reports import assess, flags
from triage import rules
from triage.schemas import parse_report
from triage.service import Triager, default_artifacts_dir

BURN = "a burn or scald that blisters the face, hands, arms, feet, legs or genitals"
STROKE = "stroke signs"
NECK = "neck stiffness with fever"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "splashed boiling water from the kettle on the back of my hand. red patch about the size of a 5p, no "
            "blisters, skin isn't white or charred",
            BURN,
        ),
        ("burnt my forearm on the oven tray, it's red and sore but there aren't any blisters", BURN),
        ("scalded my fingers with hot tea, not blistered at all, just pink", BURN),
        ("my usual migraine with zig-zag lights. no weakness, speech fine, face not drooping", STROKE),
        ("his face isn't drooping and he can lift both arms, he just has a headache", STROKE),
        ("her mouth hasn't dropped at all, she's talking normally", STROKE),
        (
            "woke up with a really stiff neck, fell asleep on the sofa with my head on the armrest, no temperature",
            NECK,
        ),
        ("stiff neck after nodding off in the armchair, no fever or headache", NECK),
        ("slept on the train with my head against the window, now my neck is stiff, no temperature", NECK),
    ],
)
def test_a_red_flag_the_report_denies_or_explains_does_not_fire(text: str, rule: str) -> None:
    assert rule not in flags(text, 40)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("burnt my hand on the iron and it has come up in big blisters", BURN),
        ("scalded his foot with the kettle, no idea how, and now it's blistering", BURN),
        ("her face is drooping on one side and her speech is slurred", STROKE),
        ("his face has suddenly dropped on the left", STROKE),
        ("fell asleep on the sofa and woke with a stiff neck and a fever of 39", NECK),
        ("stiff neck and she can't bear the light, temperature 38.9", NECK),
    ],
)
def test_the_same_red_flags_said_plainly_still_fire(text: str, rule: str) -> None:
    assert rule in flags(text, 40)


# Round 22, T-113: 14 of a sixth batch of 40 made-up emergencies (written blind from NHS.uk, NICE CKS, RCOG, BAUS, BSSH
# and RCOphth advice) were a clinician's call back or below. Each is here as written, then told in other words.
PAIN_OUT_OF_PROPORTION = "pain far worse than a wound or a bump would explain"
BIRTH = "a baby about to be born"
METHOTREXATE = "methotrexate taken every day or too much"
INJECTION = "a high-pressure injection injury"
IMPALED = "an object stuck in a wound"
HIGH_BP = "very high blood pressure with a headache, sight, chest or confusion"
HEAD_BLEEDS = "head injury on an anticoagulant, an antiplatelet or with a bleeding disorder"
FROSTBITE = "frostbite: white, hard or numb fingers or toes after the cold"
SHARP = "a sharp object swallowed"
EYE_SURGERY = "pain, redness or worse sight after eye surgery"
SUDDEN_TUMMY = "sudden severe tummy pain"
SUICIDAL = "suicidal thoughts"
BLEEDING = "uncontrolled bleeding"
PENILE = "a penis injured with a crack or snap"

BATCH_12 = [
    (
        "scraped my shin on a fence post yesterday, only a little cut but the pain is unbelievable, way worse than it "
        "looks. whole lower leg is swollen and hot now and i'm shivery, temp 38.8",
        57,
        PAIN_OUT_OF_PROPORTION,
    ),
    (
        "tiny graze on her elbow but she says the pain is much worse than it should be and her arm is swollen",
        44,
        PAIN_OUT_OF_PROPORTION,
    ),
    (
        "contractions about every minute now and i can feel the head coming, i need to push, midwife is 40 mins away, "
        "this is my 3rd and they came quick befor. partner is boiling the kettle lol",
        30,
        BIRTH,
    ),
    ("my wife is in labour at home and the baby's head is crowning, the ambulance isn't here", 31, BIRTH),
    (
        "mum's been taking her methotrexate every day instead of once a week since the pharmacy changed the packaging, "
        "6 days now. her mouth's full of ulcers and she feels washed out",
        77,
        METHOTREXATE,
    ),
    ("i took my weekly methotrexate again today by mistake, that's two doses this week", 60, METHOTREXATE),
    (
        "grease gun went off against my finger at work, only a tiny hole but the finger's swelling up and the pain's "
        "going up into my hand. gaffer says stick a plaster on it",
        42,
        INJECTION,
    ),
    ("paint sprayer nozzle shot paint into the palm of my hand, small mark but it's throbbing", 35, INJECTION),
    (
        "my neighbour slipped off his stepladder in the garden and came down on one of the metal plant stakes, it's "
        "gone right through the back of his calf and it's still in there. not bleeding much",
        66,
        IMPALED,
    ),
    ("a nail from the fence is stuck in his foot, it went through his trainer", 12, IMPALED),
    (
        "home blood pressure machine says 232/134, did it 3 times. got a pounding headache and my vision's gone "
        "blurry, "
        "bit sick. ran out of my amlodipine a fortnight ago",
        55,
        HIGH_BP,
    ),
    ("bp 190/125 on my monitor and i've got chest pain", 62, HIGH_BP),
    ("son has severe haemophilia a, just banged his head on the coffee table, small lump", 4, HEAD_BLEEDS),
    ("i have von willebrand disease and i hit my head on a cupboard door", 30, HEAD_BLEEDS),
    (
        "mate's back from a winter climb in the cairngorms, 3 of his toes are white and hard like candle wax, he can't "
        "feel them at all and blisters are coming up now they're warming",
        28,
        FROSTBITE,
    ),
    (
        "think i've got frostbite, my fingertips went grey and numb out in the snow and they're still numb",
        40,
        FROSTBITE,
    ),
    (
        "i'm looking after my granddaughter, she's 18 months, and she's just swallowed an open diaper pin from the "
        "changing bag. she coughed a bit but seems happy now",
        1.5,
        SHARP,
    ),
    ("my son swallowed a sewing needle about an hour ago", 7, SHARP),
    (
        "72m, r cataract op 4/7 ago. since yesterday increasing ache, eye very red, vision now hand movements only",
        72,
        EYE_SURGERY,
    ),
    (
        "had an injection in my eye for macular degeneration on tuesday and now it's really painful and my sight "
        "is worse",
        80,
        EYE_SURGERY,
    ),
    (
        "my 14 year old suddenly doubled up at tea time with pain low down on her right side. she's been sick three "
        "times, she's white and sweaty and can't stand up straight, crying with it",
        14,
        SUDDEN_TUMMY,
    ),
    ("sudden agonising pain in my stomach out of nowhere, i'm curled up on the floor", 45, SUDDEN_TUMMY),
    (
        "tonight he messaged me that his family would be better off with his life insurance money than with him, and "
        "that he's sorry for being a rubbish friend",
        41,
        SUICIDAL,
    ),
    ("she told me the kids would be better off with her sister than with her", 35, SUICIDAL),
    (
        "nan's varicose vein on her ankle just burst, there's blood everywhere. i've had a towel pressed on it with "
        "her "
        "leg up for 15 mins and it's still soaking through. she's gone grey",
        86,
        BLEEDING,
    ),
    ("the cut on his head has soaked through two tea towels", 50, BLEEDING),
    (
        "heard a loud crack during sex about an hour ago, lost the erection straight away and now it's swollen and "
        "dark "
        "purple like an aubergine and bent over to one side",
        31,
        PENILE,
    ),
    ("felt a snap in my penis and it went black and blue", 40, PENILE),
]

NEAR_12 = [
    ("small cut on my shin, sore but it's healing and not swollen", 57, PAIN_OUT_OF_PROPORTION),
    ("the pain is worse than yesterday, it's a sprained ankle", 30, PAIN_OUT_OF_PROPORTION),
    ("i'm 32 weeks and get braxton hicks, no pain, baby moving", 30, BIRTH),
    ("i need to push my appointment back, my baby is due in june", 30, BIRTH),
    ("mum takes methotrexate once a week on mondays and folic acid on fridays", 77, METHOTREXATE),
    ("i was cleaning the grease gun at work and got grease on my hands", 42, INJECTION),
    ("stood on a nail last week, the nail came out and it's healing well", 30, IMPALED),
    ("my blood pressure was 135/85 at the pharmacy, is that ok, no headache", 55, HIGH_BP),
    ("bp 185/95 and i feel fine, no headache, sight fine", 70, HIGH_BP),
    (
        "my fingers went white and numb in the cold then red when they warmed up, like always with my raynauds",
        30,
        FROSTBITE,
    ),
    ("he swallowed a bit of chewing gum", 6, SHARP),
    ("feels like swallowing razor blades, sore throat for 2 days", 30, SHARP),
    ("had my cataract done a year ago and my sight is great, just need new glasses", 72, EYE_SURGERY),
    ("period pain that has come on like it does every month, doubled up for a bit", 24, SUDDEN_TUMMY),
    ("he says he'd be better off with a new job than with this one", 35, SUICIDAL),
    ("bled through a plaster after a small cut, it stopped when i pressed it", 30, BLEEDING),
    ("heard a crack in my knee when i squatted, a bit sore", 40, PENILE),
]


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load(default_artifacts_dir())


@pytest.mark.parametrize(
    "text",
    [
        "woke up with a stiff neck, slept funny, no temperature, it eases a bit after a hot shower",
        "stiff neck from a new pillow and a pain in my temple, no fever",
        "stiff neck since the hot weather, i slept funny with the fan on me, no temperature",
    ],
)
def test_hot_of_a_shower_or_the_weather_and_a_temple_are_not_a_fever(text: str) -> None:
    """Round 22, T-112: "hot" and any word starting "temp" read as a fever, so a stiff neck denied a temperature
    still reached the fever-and-stiff-neck rule through "a hot shower"."""
    assert NECK not in flags(text, 40)


@pytest.mark.parametrize(
    "text", ["he feels hot and has a stiff neck", "stiff neck and a high temp", "her temp is up and her neck is stiff"]
)
def test_a_fever_said_beside_a_stiff_neck_still_fires(text: str) -> None:
    assert NECK in flags(text, 40)


# Round 22, T-114: two more batches of 40, one of adults and one of children (NICE NG143 red features, NHS.uk, RCPCH,
# NICE NG232, BHF). Of the children's, 9 were a call back or below and 3 more an ED that the advice makes a 999; of
# the adults', 3 were a call back. Each is here as written, then told in other words.
NG143_WORDS = "NG143 red feature in words (under 5)"
NON_BLANCHING = "non-blanching rash"
DROOLING = "stridor or drooling"
CHOKING = "choking and cannot breathe, cough or speak"
WINDOW = "a fall from a window, a balcony or a roof"
SKULL_BASE = "a head injury, then bruising round both eyes or behind an ear, or fluid from the nose or an ear"
LIMP = "a child who will not walk or bear weight, with a fever"
SQUINT = "a new squint or double vision with headaches, vomiting or clumsiness"
CORD = "a cord or ligature round the neck"
SHAKEN = "a baby who has been shaken"
SHAKEN_UNWELL = "a baby who has been shaken, now floppy, drowsy, vomiting or not responding"
SWALLOWED_MEDICINE = "a poison swallowed: a child, or with symptoms"
SWALLOWED_MEDICINE_UNWELL = "a child who took someone else's medicine, now drowsy, slurring or with a racing heart"
ICD = "repeated shocks from an implanted defibrillator"
SCOPE = "tummy swelling, pain or fever after a colonoscopy or endoscopy"
DANGER = "a danger to themselves or others, or cannot be kept safe"

BATCH_13_14 = [
    (
        "he's 3 months. his head is nodding up and down with every breath, his little nostrils keep flaring out, and "
        "there's a dip that sucks in at the bottom of his throat. his tummy is going in and out like a bellows",
        0.25,
        NG143_WORDS,
    ),
    ("my 8 month old is head bobbing when she breathes and her neck sucks in", 0.7, NG143_WORDS),
    (
        "temp 38.7. i saw tiny purple pinprick dots on her wrist, i pressed a clear plastic cup on them and they "
        "didn't go",
        7,
        NON_BLANCHING,
    ),
    ("rolled a glass over the spots on his legs and they didn't fade at all", 4, NON_BLANCHING),
    (
        "she won't swallow anything, not even her own spit, she's got a towel under her chin because it's just pouring "
        "out of her mouth",
        6,
        DROOLING,
    ),
    ("his spit is pouring out of his mouth and he's leaning forward", 5, DROOLING),
    ("choking on a grape, no noise coming out, cant cry, done 5 back slaps, face going purple", 1.5, CHOKING),
    ("she's choking on a sweet and can't cry or make a sound", 3, CHOKING),
    (
        "my 2 year old climbed onto the window seat and the window was open and she fell out, it's the first floor. "
        "she seems fine now, playing with her tea set",
        2,
        WINDOW,
    ),
    ("my brother fell off the roof of the garage", 30, WINDOW),
    (
        "he came off his pony yesterday, landed on the back of his head. this morning he's got two black eyes like a "
        "panda, but he never hit his face, and there's a bruise come up behind his right ear",
        11,
        SKULL_BASE,
    ),
    ("banged her head on the kerb and now clear fluid is dripping from her nose", 40, SKULL_BASE),
    (
        "9/12 f. fever 38.6 x2/7. since this am screams at nappy change, not moving l leg, holds it bent and turned "
        "out. won't bear weight",
        0.8,
        LIMP,
    ),
    ("she's had a temperature of 39 since last night and won't move her right arm", 3, LIMP),
    (
        "my 7 year old's been getting headaches in the mornings for a couple of weeks. this week he's been waking up "
        "and being sick. yesterday his nan noticed one eye turning in towards his nose which it never used to",
        7,
        SQUINT,
    ),
    ("sudden double vision since this morning and a bad headache", 50, SQUINT),
    (
        "my 4 year old got the cord from the blind in his bedroom wrapped round his neck, i found him hanging off the "
        "window sill by it. there's a red line right round his neck",
        4,
        CORD,
    ),
    ("found my son with his dressing gown belt round his neck, he went blue", 9, CORD),
    (
        "he wouldn't stop crying for hours and i lost it and i shook him. hard. he went quiet straight away. he's "
        "floppy, his eyes aren't looking at me properly and he's been sick",
        0.3,
        SHAKEN_UNWELL,
    ),
    ("my partner admitted he shook the baby last night because she wouldn't settle", 0.4, SHAKEN),
    (
        "the little girl from next door ate some of mummy's sweets from the bathroom cupboard. it's a box of "
        "amitriptyline, about 8 gone from the strip. she's sleepy and her talking's a bit slurry",
        6,
        SWALLOWED_MEDICINE_UNWELL,
    ),
    ("my 3 year old got into his nan's tablets, some are missing", 3, SWALLOWED_MEDICINE),
    (
        "my husband has one of those defibrillator boxes under his collarbone. it's just gone off three times in about "
        "ten minutes. he feels a bit woozy",
        67,
        ICD,
    ),
    ("my icd fired twice this morning", 55, ICD),
    (
        "had a colonoscopy yesterday, they took three polyps off. last night my tummy started swelling and now it's "
        "tight as a drum and sore all over, and i've got a temp of 38.1",
        64,
        SCOPE,
    ),
    ("endoscopy this morning and now my stomach is really swollen and hard", 58, SCOPE),
    (
        "i keep getting surges of rage and pictures in my head of hurting my flatmate, really graphic. i've locked "
        "myself in my room so i don't do anything",
        33,
        DANGER,
    ),
    ("i keep having thoughts of stabbing someone and it scares me", 25, DANGER),
]

NEAR_13_14 = [
    ("my baby's nose is snuffly and she nods off after feeds", 0.3, NG143_WORDS),
    ("i pressed a glass on the rash and it faded", 4, NON_BLANCHING),
    ("she's teething and dribbling a lot but eating fine", 1, DROOLING),
    ("he choked on a crisp but coughed it out and he's fine, crying and talking", 3, CHOKING),
    ("the phone fell off the window sill onto the carpet", 30, WINDOW),
    ("he has two black eyes after a broken nose from football", 20, SKULL_BASE),
    ("she's limping after football, no temperature", 10, LIMP),
    ("she's had a squint since she was a baby and wears glasses, no headaches", 6, SQUINT),
    ("she wore her scarf round her neck all day, it was cold", 30, CORD),
    ("i shook the rattle for him and he smiled", 0.5, SHAKEN),
    ("my husband shook the baby's rattle over her cot to make her smile", 0.5, SHAKEN),
    ("he took his own calpol at 6 as usual", 4, SWALLOWED_MEDICINE),
    ("my icd was checked at the clinic and it's fine", 60, ICD),
    ("had a colonoscopy last year and it was clear", 60, SCOPE),
    ("i have thoughts of hurting my back again if i lift that", 40, DANGER),
]


@pytest.mark.parametrize(("text", "age", "rule"), [*BATCH_12, *BATCH_13_14])
def test_round_22_emergencies_fire_their_rule_and_reach_its_floor(
    triager: Triager, text: str, age: float, rule: str
) -> None:
    """Round 22's three batches of made-up emergencies (T-113, T-114), each told again in other words."""
    floors = [hit.floor for hit in rules.assess(parse_report({"text": text, "age": age})) if hit.name == rule]
    assert floors, f"{rule!r} did not fire"
    assert assess(triager, text, age).disposition.urgency >= floors[0].urgency


@pytest.mark.parametrize(("text", "age", "rule"), [*NEAR_12, *NEAR_13_14])
def test_round_22_near_misses_do_not_fire(text: str, age: float, rule: str) -> None:
    assert rule not in flags(text, age)
