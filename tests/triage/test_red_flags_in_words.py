"""Red flags described in plain words that no rule caught: NICE NG143 red features in a young child, a head injury
in someone on an anticoagulant (the medicine named anywhere in the report), and large or deep burns."""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity, Disposition
from tests.triage.reports import assess, flags
from triage import rules
from triage.schemas import parse_report
from triage.service import Triager


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
    assert assess(triager, text, 1.5).acuity is Acuity.EMERGENCY


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
    assert "head injury on an anticoagulant, an antiplatelet or with a bleeding disorder" in flags(text, 70)


def test_aspirin_alone_or_no_head_injury_is_not_that_rule() -> None:
    assert "head injury on an anticoagulant, an antiplatelet or with a bleeding disorder" not in flags(
        "bumped my head, i take aspirin", 70
    )
    assert "head injury on an anticoagulant, an antiplatelet or with a bleeding disorder" not in flags(
        "no head injury, on warfarin", 70
    )


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
    assert assess(triager, text, 30).disposition.urgency >= Disposition.ED.urgency


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
    assert assess(triager, text, age).disposition is Disposition.CALL_999


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
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


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
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


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


# Round 4 (issue 15): emergencies the shipped triager caught only through the model's words, or not at all, written
# as classes from guidance and tested with our own made-up reports: first person, a relative's voice, a possible
# ("might be") form, and denied or advised-about forms that must not fire.
PREGNANCY = "pregnancy with heavy bleeding, one-sided or shoulder-tip pain"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("i'm 7 weeks pregnant and bleeding heavily, soaking through a pad every hour", 29),
        ("my girlfriend is 10 weeks pregnant. she is passing clots and feels faint", 22),
        ("she's 6 weeks gone and has a sharp pain low down on the left side", 27),
        ("i think i might be pregnant, my period is late, and i've got a stabbing pain on one side of my tummy", 24),
        ("positive test two weeks ago. now cramping on the right side", 33),
        ("my wife is expecting a baby, about 8 weeks, and has pain in the tip of her shoulder", 31),
    ],
)
def test_pregnancy_with_heavy_bleeding_or_one_sided_or_shoulder_tip_pain_goes_to_ed(
    triager: Triager, text: str, age: float
) -> None:
    assert PREGNANCY in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "i'm 12 weeks pregnant, no bleeding, no pain, just a bit of sickness in the mornings",
        "pregnant, the midwife said to go to a&e if i get heavy bleeding or pain on one side",
        "i'm not pregnant, heavy period with clots this month",
        "pain on the right side of my tummy after a big meal, no chance i'm pregnant",
    ],
)
def test_pregnancy_without_these_signs_denied_advised_or_not_pregnant_fires_neither_pregnancy_rule(text: str) -> None:
    assert PREGNANCY not in flags(text, 30) and "bleeding in pregnancy" not in flags(text, 30)


RETENTION = "cannot pass urine with a full bladder"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("i can't pee at all since last night and my bladder feels full", 70),
        ("my dad hasn't been able to pass urine all day, his lower tummy is swollen and sore", 78),
        ("i keep trying to wee but nothing comes out and my belly is bloated", 65),
        ("he hasn't had a wee since yesterday afternoon and his tummy is swollen", 80),
        ("my grandad can't go to the toilet for a wee, he's in agony low down in his tummy", 83),
        ("i've not been able to wee for ten hours and there's a hard swelling above my pubic bone", 58),
    ],
)
def test_acute_urinary_retention_goes_to_ed(triager: Triager, text: str, age: float) -> None:
    assert RETENTION in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "it stings when i pee and i'm going all the time, no blood",
        "a slow stream when i pee at night for months, no pain",
        "i can't pee properly, it burns, my bladder is sore",
        "no problem passing urine, just lower tummy pain since yesterday",
        "the nurse said to go to a&e if he can't pass urine at all, he's weeing fine at the moment",
    ],
)
def test_passing_urine_with_pain_slowly_or_advised_about_is_not_retention(text: str) -> None:
    assert RETENTION not in flags(text, 70)


HEAD = "head injury with vomiting, drowsiness or loss of consciousness"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my son fell off the climbing frame and hit his head. he's been sick twice since", 6),
        ("toddler fell off the sofa and bumped his head, he's been throwing up", 2),
        ("she banged her head on the table and now she is really drowsy", 4),
        ("he was knocked out for a few seconds after falling off his bike and hitting his head", 10),
        ("she landed on the back of her head when she fell off the swing. she's vomited", 5),
        ("head knock playing football, threw up in the car on the way home", 13),
        ("i whacked my head on a beam at work and keep being sick", 40),
    ],
)
def test_a_head_injury_with_vomiting_drowsiness_or_loss_of_consciousness_goes_to_ed(
    triager: Triager, text: str, age: float
) -> None:
    assert HEAD in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "he bumped his head at nursery, he didn't black out, no vomiting, playing normally",
        "she hit her head on the door, not sleepy, not been sick, running around",
        "bumped his head an hour ago, we were told to bring him in if he vomits or gets drowsy",
        "he's been sick with a tummy bug, no head injury",
        "hit his face on the table and knocked out a front tooth",
    ],
)
def test_a_head_injury_without_these_signs_denied_or_advised_about_fires_no_head_injury_rule(text: str) -> None:
    assert HEAD not in flags(text, 5)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my husband keeps saying he wants to end it all", 45),
        ("my partner says he's thinking of ending it all", 40),
        ("she says she wants to die and has been giving her things away", 22),
        ("he keeps talking about killing himself", 30),
        ("she keeps saying everyone would be better off without her", 50),
        ("my dad says there's no point in living any more", 70),
        ("i want to end it all", 35),
        ("i'm worried she might take her own life", 19),
    ],
)
def test_a_mental_health_crisis_told_by_a_relative_reaches_the_crisis_rules_as_the_first_person_does(
    triager: Triager, text: str, age: float
) -> None:
    assert "suicidal thoughts" in flags(text, age)
    decided = assess(triager, text, age).disposition
    assert decided.urgency >= Disposition.MENTAL_HEALTH_CRISIS.urgency


@pytest.mark.parametrize(
    "text",
    [
        "my husband has been low since losing his job but says he has no thoughts of ending it all",
        "the crisis team told us to ring them if she talks about wanting to die again",
        "she is not suicidal, just stressed about exams",
    ],
)
def test_denied_or_advised_about_suicidal_talk_fires_no_crisis_rule(text: str) -> None:
    assert "suicidal thoughts" not in flags(text, 40)


LOIN = "loin pain with fever or rigors"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("severe pain in my side going round to my back, temperature 39 and shivering uncontrollably", 40),
        ("kidney stone pain on the right and now i'm burning up and can't stop shaking", 35),
        ("my wife has pain in her loin, a high fever and she keeps being sick", 50),
        ("he had a kidney stone last week; now his flank hurts and his temperature is 38.6", 61),
    ],
)
def test_loin_pain_with_fever_or_rigors_goes_to_ed(triager: Triager, text: str, age: float) -> None:
    assert LOIN in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "kidney stone pain on the left, no fever, pain coming in waves",
        "pain in my loin, temperature 37.2, no shivering",
        "back ache under my ribs after gardening, no temperature",
    ],
)
def test_loin_pain_without_fever_or_rigors_fires_no_loin_rule(text: str) -> None:
    assert LOIN not in flags(text, 40)


APPENDIX = "possible appendicitis in a child"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("his tummy pain started round his belly button and has moved to the lower right, worse when he walks", 11),
        ("her stomach pain has spread all over and she screams when the car goes over bumps", 8),
        ("pain in the bottom right of my tummy, it hurts more when i cough", 14),
        ("my daughter's belly is rigid and she won't stand up straight", 6),
    ],
)
def test_a_childs_tummy_pain_in_the_lower_right_or_spreading_and_worse_on_moving_goes_to_ed(
    triager: Triager, text: str, age: float
) -> None:
    assert APPENDIX in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("tummy ache after too many sweets, still running around, no pain when he moves", 7),
        ("pain in his lower right leg, worse when he walks", 9),
        ("pain in the bottom right of my tummy, worse when i walk", 30),
    ],
)
def test_no_movement_pain_no_tummy_or_an_adult_is_not_the_childs_appendicitis_rule(text: str, age: float) -> None:
    assert APPENDIX not in flags(text, age)


# Two more emergencies caught only through the model's words: a candidate retrained on less filler lost them
# (issue 15 round 4). Testicular pain (NICE CKS scrotal pain: suspected torsion, refer at once) and coughed-up
# blood (NHS.uk coughing up blood: A&E for more than a few teaspoons) said with words between.
@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("sudden pain in my right testicle this morning and i feel sick", "testicular pain"),
        ("my son has really bad pain in one of his balls, it came on an hour ago", "testicular pain"),
        ("his left testicle is swollen and very painful since he woke up", "testicular pain"),
        ("terrible ache in my scrotum on one side", "testicular pain"),
        ("i coughed up a few teaspoons of bright red blood this morning", "vomiting or coughing blood"),
        ("my husband keeps coughing and bringing up blood, quite a lot of it", "vomiting or coughing blood"),
        ("coughing up mouthfuls of blood since last night", "vomiting or coughing blood"),
        ("there was blood when he coughed, about a tablespoon", "vomiting or coughing blood"),
    ],
)
def test_testicular_pain_or_coughed_up_blood_with_words_between_goes_to_ed(
    triager: Triager, text: str, flag: str
) -> None:
    assert flag in flags(text, 15)
    assert assess(triager, text, 15).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "coughing up green phlegm with streaks of blood",
        "cough for a week, no blood",
        "coughing a lot and my blood pressure is high",
        "been coughing, had a blood test last week",
        "pain in the ball of my foot",
        "my testicles are not painful, just itchy",
        "kicked the ball and hurt my knee",
    ],
)
def test_streaks_of_blood_blood_pressure_a_ball_or_a_denial_is_neither_rule(text: str) -> None:
    names = flags(text, 30)
    assert "testicular pain" not in names and "vomiting or coughing blood" not in names


# Round 5 (issue 15): a mental-health crisis told in everyday words with no suicidal words, in the first person or by
# a relative, partner or carer (NHS.uk mental health crisis and the urgent mental health helpline; NICE CG178
# psychosis, CG185 bipolar, NG225 self-harm; Mind and RCPsych lay descriptions). Our own made-up reports; a
# history, a denial, advice, a phone call or a game, and worry keeping someone awake must not fire.
PSYCHOSIS = "hearing or seeing things, or paranoid beliefs, with distress or a change in behaviour"
MANIA = "no sleep for days with racing thoughts and reckless behaviour or psychosis (mania)"
DANGER = "a danger to themselves or others, or cannot be kept safe"
NOT_EATING = "not eating or drinking because of their mental state"
CRISIS_RULES = (PSYCHOSIS, MANIA, DANGER, NOT_EATING)


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("i keep seeing people in my flat that aren't there and i'm terrified", 24, PSYCHOSIS),
        ("my son hears voices in his head and is doing what they tell him", 19, PSYCHOSIS),
        ("my brother thinks the neighbours are poisoning his food and won't eat", 35, PSYCHOSIS),
        ("she believes the police are following her and has locked herself in her room", 28, PSYCHOSIS),
        ("my husband stopped his meds and is convinced someone is watching him through the telly", 52, PSYCHOSIS),
        ("my client is talking to people who aren't there and acting really strange today", 61, PSYCHOSIS),
        ("mom says there are cameras in the walls spying on her, she is very agitated", 74, PSYCHOSIS),
        (
            "my partner hasn't slept for three nights, is talking non-stop and has spent thousands on his credit card",
            33,
            MANIA,
        ),
        ("she's been up all night for days, her thoughts are racing and she thinks she is god", 41, MANIA),
        ("i haven't slept in 4 days, my mind is racing and i've maxed out my credit cards", 27, MANIA),
        (
            "my mom's been awake for three nights, talking so fast we can't get a word in, went on a spending spree",
            58,
            MANIA,
        ),
        (
            "he hasn't slept for four nights, won't stop talking and has been giving all his money away",
            38,
            MANIA,
        ),
        (
            "my sister is up all night, her thoughts are racing and she keeps giving her money away to strangers",
            31,
            MANIA,
        ),
        ("we can't keep him safe any more", 30, DANGER),
        ("my mum says she is frightened he will hurt someone", 26, DANGER),
        ("the staff at his care home say he is a danger to himself and others right now", 80, DANGER),
        (
            "my wife hasn't eaten or drunk anything for two days, she is so depressed she won't get out of bed",
            47,
            NOT_EATING,
        ),
        ("he won't eat or drink because the voices told him not to", 22, NOT_EATING),
    ],
)
def test_a_mental_health_crisis_without_suicidal_words_reaches_the_crisis_floor(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    hits = rules.assess(parse_report({"text": text, "age": age}))
    assert any(h.name == flag and h.floor is Disposition.MENTAL_HEALTH_CRISIS for h in hits)
    decided = assess(triager, text, age).disposition
    assert decided.urgency >= Disposition.MENTAL_HEALTH_CRISIS.urgency


@pytest.mark.parametrize(
    "text",
    [
        "my kids are playing a game where they pretend to hear voices, now my son has a sore throat",
        "i was hearing voices on the phone but the line kept cutting out, now i have earache",
        "my brother has schizophrenia, well on his meds, and has a cough and a temperature",
        "no voices, not paranoid, just feeling a bit low and tired",
        "the crisis team told us to call if he starts hearing voices again, he has a rash on his arm",
        "he used to hear voices years ago and was frightened, now he has back pain",
        "she used to believe people were poisoning her food and was very scared, now she has a cold",
        "she is not a danger to herself or anyone else, she is stressed about work",
        "i haven't slept properly for three nights because of worry about my exams, my mind is racing",
        "the baby hasn't slept for days, she is teething and grizzly",
        "my husband thinks someone is following him on instagram, he wants advice about a mole",
        "not eating or drinking much with a tummy bug, been sick twice",
        "i've had depression for years, well controlled on sertraline, now i have a sore throat",
        "my dad keeps seeing things that aren't there, he is calm and happy, he has dementia",
        "he's spent thousands on his car this year and now has back pain after lifting",
        "the doctor said he is a risk to himself if he drives with his eyesight, he needs new glasses",
    ],
)
def test_a_game_a_phone_a_history_a_denial_advice_or_worry_fires_no_crisis_rule(text: str) -> None:
    names = flags(text, 30)
    assert not set(names) & {*CRISIS_RULES, "acute mental-health crisis"}, names


IMMEDIATE = "immediate danger to life: a weapon, violence or an attempt in progress"
WEAPON = "a weapon held or threatened"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("my son is waving a knife around and threatening to kill us", WEAPON),
        ("he has got a kitchen knife and says he will kill himself", WEAPON),
        ("she's holding a razor blade to her wrist", WEAPON),
        ("she's standing on the bridge saying she's going to jump", IMMEDIATE),
        ("my brother has tied a noose in the garage", IMMEDIATE),
        ("he's threatening to jump off the multi-storey car park", IMMEDIATE),
        ("my girlfriend texted that she's going to jump off a bridge", IMMEDIATE),
        ("my dad is hearing voices and is trying to strangle my mum", IMMEDIATE),
        ("he keeps saying he's going to kill himself tonight", "suicidal with a plan"),
    ],
)
def test_immediate_danger_a_weapon_violence_or_an_attempt_in_progress_is_999(
    triager: Triager, text: str, flag: str
) -> None:
    assert flag in flags(text, 30)
    assert assess(triager, text, 30).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "i cut my finger with a kitchen knife and it won't stop hurting",
        "i was holding a knife chopping onions and it slipped, small cut on my thumb",
        "sharp stabbing pain like a knife in my side",
        "he has a shotgun licence and goes clay shooting, now he has a chest infection",
        "i'm going to jump on the trampoline later, i twisted my ankle last week",
        "my son was attacked by a dog and has a bite on his arm",
        "the virus is attacking my immune system, i have a cold",
        "my tablets are ready to collect but the pharmacy is closed, i have a headache",
        "blocked noose and pain in my cheeks for a week",
        "the kids like to jump off the bridge into the river, now my son has an ear infection",
    ],
)
def test_a_kitchen_knife_a_stabbing_pain_a_licence_or_a_trampoline_is_not_immediate_danger(text: str) -> None:
    names = flags(text, 30)
    assert IMMEDIATE not in names and WEAPON not in names and "suicidal with a plan" not in names, names


@pytest.mark.parametrize(
    "text",
    [
        "my dad does not want to wake up in the morning",
        "she did not want to be alive any more, she told me today",
        "he cannot see the point of going on",
        "i can't see any point in living",
    ],
)
def test_hopelessness_said_with_does_not_or_no_point_is_suicidal_talk(text: str) -> None:
    assert "suicidal thoughts" in flags(text, 60)


# Round 9 (issue 15): a suicide plan said in everyday words is a plan (NICE NG225 1.3: ask about plans and means;
# NHS.uk "help for suicidal thoughts": call 999 if you have a plan or have made preparations, e.g. written a note).
# Made-up reports: the person, a relative, a carer.
PLAN_IN_WORDS = "a suicide plan or preparations said in everyday words"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("i want to kill myself and i've worked out how i'll do it", 35),
        ("my daughter has been planning how she'd end it, she told her friend", 19),
        ("she's been planning how she'd end it", 24),
        ("he's written notes and knows how he'd do it", 48),
        ("my husband is suicidal and has figured out how he would kill himself", 52),
        ("i've decided how i'm going to end my life", 29),
        ("mum says she wants to die and has been saving up her tablets", 81),
        ("one of the residents i care for has written a goodbye letter to his son and says he wants to end it all", 77),
        ("my brother keeps looking up how to end his life online", 33),
        ("she says she's going to do it, she's worked out exactly how, she wants to be dead", 17),
    ],
)
def test_a_suicide_plan_in_everyday_words_is_999(triager: Triager, text: str, age: float) -> None:
    assert PLAN_IN_WORDS in flags(text, age)
    assert assess(triager, text, age).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "we're planning how we'll get to spain for our holiday, but i've had a cough for a week",
        "i made a plan with the gp to come off my antidepressants slowly and i feel dizzy",
        "he's worked out how to do it himself, he fixed the boiler and cut his hand",
        "she knows how to do it, she's done her own injections for years, now her site is red",
        "he used to plan how he'd end it but he's been well for years, he has a chest infection",
        "she has low mood but no plan and has not worked out how she'd do it",
        "the crisis team said to ring 999 if he ever works out how he'd end it",
        "i've figured out how to end it with my boyfriend and i can't sleep",
        "she's been saving up her tablets for the holiday so she doesn't run out",
        "i've written notes for my exam and i know how i'd do it, but i've got a migraine",
    ],
)
def test_a_holiday_a_plan_with_the_gp_a_past_plan_a_denial_or_advice_is_not_a_suicide_plan(text: str) -> None:
    assert PLAN_IN_WORDS not in flags(text, 30)


# Round 11 (issue 15, hazard rows T-43 and T-46): known false positives of the crisis rules, each class with
# near misses that must still fire. Made-up reports only.
# A safety, care, crisis or treatment plan named after suicidal words is not a suicide plan (NICE NG225 1.5: a
# safety plan is care, not a risk); a plan to die said beside one still is.
@pytest.mark.parametrize(
    "text",
    [
        "had suicidal thoughts last month, so she has a safety plan from the crisis team",
        "he was suicidal in the spring and now has a care plan with the community mental health team, he has a cough",
        "i get suicidal thoughts sometimes and my crisis plan helps, i need a repeat of my inhaler",
        "she has a history of suicidal ideation and is on a treatment plan, she has a sore throat",
        "my son had thoughts of ending his life last year, his safety plans are on the fridge, he has earache",
        # a plan made with (or from) the people who care for them, named after the plan (round 14)
        "i get suicidal thoughts sometimes but i made a plan with the crisis team and i'm keeping safe",
        "she was suicidal in may and has a plan from her care coordinator, today she has a rash",
        "he had suicidal thoughts, we agreed a plan with his gp and the home treatment team, he has toothache",
    ],
)
def test_a_safety_or_care_plan_named_after_suicidal_words_is_not_a_suicide_plan(text: str) -> None:
    assert "suicidal with a plan" not in flags(text, 30)


@pytest.mark.parametrize(
    "text",
    [
        "she has a plan to kill herself, her safety plan isn't helping",
        "i'm suicidal and i have a plan, my safety plan isn't working",
        "he's suicidal, his care plan says ring you, and he has a plan to do it tonight",
        "my safety plan isn't working, i'm suicidal and i intend to do it",
        "i'm suicidal, i made a plan with the crisis team but now i have a plan to overdose tonight",
        "suicidal, and he's made a plan with his mate to jump off the bridge",
    ],
)
def test_a_suicide_plan_said_beside_a_safety_plan_is_still_999(triager: Triager, text: str) -> None:
    assert "suicidal with a plan" in flags(text, 30)
    assert assess(triager, text, 30).disposition is Disposition.CALL_999


# A recited safety plan ("if he gets paranoid again we ring the crisis line") is not happening now, nor is a past
# episode joined by "and" ("had a breakdown last year and was paranoid and aggressive"): "and" ends the historical
# clause, so the crisis rules look back across it for these two forms only.
@pytest.mark.parametrize(
    "text",
    [
        "if he gets paranoid and frightened again we ring the crisis line, today he has a cough",
        "if she starts hearing voices and won't eat again, we call the crisis team. she has a uti",
        "his plan is if he thinks people are watching him and gets agitated, we phone his care coordinator",
        "the plan is if she hears voices and is frightened, to ring the crisis team; she has a cold",
        "had a breakdown last year and was paranoid and aggressive, he's well now",
        "she was unwell years ago and heard voices and was terrified, now she has a chest infection",
        "he had psychosis in the past and thought the neighbours were watching him and was violent, he has gout",
    ],
)
def test_a_recited_safety_plan_or_a_past_episode_joined_by_and_fires_no_crisis_rule(text: str) -> None:
    names = flags(text, 30)
    assert not set(names) & set(CRISIS_RULES), names


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("he's paranoid again now and we can't calm him", PSYCHOSIS),
        ("had a breakdown last year and now he's hearing voices again and won't eat", PSYCHOSIS),
        ("had a breakdown last year and he's paranoid and aggressive", PSYCHOSIS),
        ("had a breakdown last year and is hearing voices and terrified", PSYCHOSIS),
        ("had a breakdown last year and hears voices and is frightened", PSYCHOSIS),
        ("had a breakdown last year and stopped his meds last week and thinks people are watching him", PSYCHOSIS),
        (
            "if he gets paranoid and frightened again we ring the crisis line, and now he's paranoid and frightened",
            PSYCHOSIS,
        ),
        ("if she's hearing voices and screaming like this, should we call 999?", PSYCHOSIS),
        ("he's hearing voices and terrified, if it gets worse we'll call 999", PSYCHOSIS),
        ("what if he hurts someone, he's hearing voices and screaming at us", PSYCHOSIS),
        ("i'm worried about him and he's hearing voices and terrified", PSYCHOSIS),
        (
            "i don't know if he's hallucinating or what, he's terrified and screaming, i'll call 999 if it goes on",
            PSYCHOSIS,
        ),
        ("if she's hearing voices and screaming, should we call 999?", PSYCHOSIS),
        ("i'm wondering if he's paranoid and terrified and we should call 999", PSYCHOSIS),
        ("she used to hear voices and was terrified and now she hears voices again and is screaming", PSYCHOSIS),
    ],
)
def test_a_crisis_said_now_beside_a_plan_or_a_past_episode_still_fires(text: str, flag: str) -> None:
    assert flag in flags(text, 30)


# Round 15 (issue 15, T-60): an overdose said with "had", or with intent and a misspelt verb, is 999 like one said
# with "took"; a normal dose or a list of medicines is not. Made-up reports only.
@pytest.mark.parametrize(
    "text",
    [
        "not sure who to ask - she's takn too many of her tablets on purpose",
        "he's had too many of his pills, we found the empty packets",
        "my mum has had a whole packet of paracetamol",
        "i think he tuk loads of his sleeping pills deliberately",
        "she swallowed a lot of her tablets an hour ago",
    ],
)
def test_an_overdose_said_with_had_or_with_intent_is_999(triager: Triager, text: str) -> None:
    assert "suicidal with a plan" in flags(text, 40)
    assert assess(triager, text, 40).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "i had 2 paracetamol for my headache and it's no better",
        "she has had a lot of tablets to take since her operation and feels sick",
        "he had too many sweets at the party and has tummy ache",
        "too many tablets to remember, the pharmacist made her a dosette box, she has a cough",
    ],
)
def test_a_dose_a_list_of_medicines_or_too_many_sweets_is_not_an_overdose(text: str) -> None:
    assert "suicidal with a plan" not in flags(text, 40)
