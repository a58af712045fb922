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

from models.vocabulary import Acuity, Disposition
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


# Round 20 listed the generated emergencies (two seeds, 6,000 reports) that reached ED or 999 with no rule at ED or
# 999, and told their classes again in other words: three were then a clinician's call back (T-90). A stiff neck or
# a dislike of light said in other words, beside a fever ("she's got a fever and her neck seems stiff", 5; "high
# temperature, the light is hurting her eyes and she's really sleepy", 15), and pauses in a baby's breathing said as
# a verb (the generator's "my baby keeps pausing his breathing and is too tired to feed" at a year old; at three
# months the model alone kept it at ED). "Febrile" now counts as a fever for every rule that asks for one.
NECK = "neck stiffness with fever"
APNOEA = "pauses in breathing (apnoea)"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("she's got a fever and her neck seems stiff", 5, NECK),
        ("bad head, temperature and i can't bend my neck", 30, NECK),
        ("he's boiling hot and won't look at the light, just wants to lie in the dark", 4, NECK),
        ("high temperature, the light is hurting her eyes and she's really sleepy", 15, NECK),
        ("febrile 38.9, neck looks stiff, hates bright light", 19, NECK),
        ("my baby keeps pausing his breathing and is too tired to feed", 0.25, APNOEA),
        ("her breathing keeps stopping for a few seconds when she's asleep, she's 6 weeks", 0.12, APNOEA),
        ("there are gaps in his breathing and he's got a cold", 0.5, APNOEA),
    ],
)
def test_a_stiff_neck_or_light_shunned_with_a_fever_and_a_babys_paused_breathing_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("my neck seems stiff after sleeping funny, no temperature", NECK),
        ("can't turn my neck since the gym yesterday", NECK),
        ("temperature of 37.2 and i can't bend my knee", NECK),
        ("fever yesterday, today i won't look at my phone, doing a digital detox", NECK),
        ("he paused his game to tell me his throat hurts", APNOEA),
        ("my breathing keeps stopping me from sleeping, blocked nose", APNOEA),
        ("she keeps pausing when she talks, thinking of words", APNOEA),
    ],
)
def test_a_cricked_neck_a_bent_knee_a_paused_game_or_a_blocked_nose_are_not_those(text: str, flag: str) -> None:
    assert flag not in flags(text, 30)


# The same listing found emergencies that were a clinician's call back, or below, in the generator's own words, and
# told again in other words they still were (T-91): a reliever used ten times and still tight, a clinician's "RFM"
# (reduced fetal movements), a dental infection with trismus, and a suspected diagnosis named in a note ("?ruptured
# AAA", "?epiglottitis", "suspected urosepsis").
ASTHMA = "asthma with a reliever inhaler not helping"
PREGNANCY = "baby moving less, or waters broken before 37 weeks"
DENTAL = "dental swelling with difficulty swallowing"
NAMED = "an emergency diagnosis suspected in a note"
SEPSIS = "sepsis signs"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("wheezy and tight chested, had 10 puffs of his blue inhaler and still struggling", 12, ASTHMA),
        ("my asthma's bad, used my inhaler loads of times and i'm still really tight", 30, ASTHMA),
        ("G2P1, RFM since this morning, 36/40", 31, PREGNANCY),
        ("odontogenic infection, submandibular swelling, trismus", 75, DENTAL),
        ("his jaw is swollen from a bad tooth and he can barely open his mouth", 40, DENTAL),
        ("?ruptured AAA, back pain, BP 85/50", 70, NAMED),
        ("?epiglottitis, sitting forward, muffled voice", 50, NAMED),
        ("suspected urosepsis, rigors, HR 118", 81, SEPSIS),
    ],
)
def test_a_reliever_used_ten_times_rfm_trismus_or_a_suspected_diagnosis_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("used my inhaler this morning and i'm fine now", ASTHMA),
        ("had 2 puffs of my inhaler, still a bit of a cough but breathing is fine", ASTHMA),
        ("36 weeks, baby moving lots, rfm leaflet given at the antenatal clinic last month", PREGNANCY),
        ("toothache, jaw a bit stiff in the mornings", DENTAL),
        ("known 4cm AAA on surveillance, here for a cough", NAMED),
        ("had epiglottitis as a child, now a sore throat", NAMED),
        ("antiseptic cream on a graze", SEPSIS),
    ],
)
def test_an_inhaler_that_helped_a_leaflet_a_stiff_jaw_or_a_known_small_aneurysm_are_not_those(
    text: str, flag: str
) -> None:
    assert flag not in flags(text, 40)


# More of that listing (T-92): emergencies that only the model kept, or that were a call back, in the generator's
# words, each told again in other words. A faint during exercise; a blistering rash in the mouth or eyes; a nosebleed
# that will not stop; a deformity in a note; a bladder that cannot empty for hours; an elephant on the chest; a baby
# that has not kicked.
EXERTION = "a faint or blackout during exercise"
SJS = "a blistering rash with sore mouth, eyes or genitals"
NOSEBLEED = "a nosebleed that will not stop"
DEFORMED = "limb at an odd angle after an injury"
RETENTION = "cannot pass urine with a full bladder"
CHEST = "crushing chest pain"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("blacked out while running for the bus, came round straight away", 26, EXERTION),
        ("he fainted halfway through his football match", 15, EXERTION),
        ("collapsed on the treadmill at the gym, feel ok now", 44, EXERTION),
        ("blisters all over her body and inside her mouth, her eyes are red and sore", 30, SJS),
        ("widespread blistering rash with mucosal involvement", 45, SJS),
        ("nosebleed for 30 minutes and it won't stop even pinching my nose", 73, NOSEBLEED),
        ("persistent epistaxis >20 min despite pressure", 68, NOSEBLEED),
        ("his nose has been pouring blood for half an hour", 12, NOSEBLEED),
        ("obvious deformity of the left forearm", 37, DEFORMED),
        ("wrist is bent a funny way after i fell off my bike, really painful", 12, DEFORMED),
        ("i haven't been able to wee since this morning and it hurts", 79, RETENTION),
        ("my dad can't pass water for 10 hours now, he's in a lot of pain", 81, RETENTION),
        ("chest feels like an elephant is sitting on it and it goes up into his jaw", 82, CHEST),
        ("like someone standing on my chest, i'm sweating", 58, CHEST),
        ("baby hasn't kicked since yesterday and i'm 34 weeks", 30, PREGNANCY),
    ],
)
def test_emergencies_the_model_alone_kept_or_called_back_in_round_20_have_a_rule(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("went running yesterday, sore knees today", EXERTION),
        ("i fainted once years ago at the dentist", EXERTION),
        ("felt dizzy when i stood up too quickly after watching football", EXERTION),
        ("a few blisters on my heel from new shoes", SJS),
        ("cold sore blister on my lip", SJS),
        ("had a nosebleed this morning, stopped after 5 minutes of pinching", NOSEBLEED),
        ("i get nosebleeds now and then, none today", NOSEBLEED),
        ("had a nosebleed 2 hours ago, it stopped after 5 minutes", NOSEBLEED),
        ("old deformity of my toes from arthritis", DEFORMED),
        ("i have to wee a lot since this morning", RETENTION),
        ("an elephant toy fell on my chest, no pain", CHEST),
        ("baby kicking lots today, 34 weeks", PREGNANCY),
    ],
)
def test_a_run_a_blister_a_short_nosebleed_or_a_baby_kicking_are_not_those(text: str, flag: str) -> None:
    assert flag not in flags(text, 40)


# A doubt tried and rejected in round 20 (model card): a report with no finding the lexicon knows sent to a clinician
# instead of ED or 999 on the model's words alone. Of 9,000 generated reports, ten gold ED or 999 reports would have
# been a call back. Three of their classes had no rule (T-93): sight lost in one eye, a rash whose spots stay when
# pressed, and "all my sleeping tablets" swallowed.
SIGHT = "sudden loss of sight"
RASH = "non-blanching rash"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("lost the sight in my left eye for about five minutes this morning, it's come back now", 66, SIGHT),
        ("like a curtain came down over her vision in one eye", 70, SIGHT),
        ("80F, sudden painless monocular visual loss", 80, SIGHT),
        ("woke up and can't see anything out of my right eye", 55, SIGHT),
        ("tiny red-purple dots all over that stay when pressed", 53, RASH),
        ("spots on his legs that are still there when i press a glass on them", 3, RASH),
        ("i swallowed all my sleeping tablets, i'm sorry", 73, OVERDOSE),
        ("she's taken all of her antidepressants", 19, OVERDOSE),
    ],
)
def test_sight_lost_spots_that_stay_or_all_the_sleeping_tablets_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("my vision is a bit blurry when i'm tired, reading glasses are old", SIGHT),
        ("lost my glasses and can't see the tv", SIGHT),
        ("a curtain came down in the shop and hit me on the head", SIGHT),
        ("spots on her face that fade when i press them", RASH),
        ("the rash stays the same, itchy, fades when pressed", RASH),
        ("took all my tablets this morning as usual", OVERDOSE),
        ("i've taken all of my antibiotics as prescribed", OVERDOSE),
    ],
)
def test_blurred_sight_lost_glasses_spots_that_fade_or_the_days_tablets_are_not_those(text: str, flag: str) -> None:
    assert flag not in flags(text, 40)


# Round 20's first batch of made-up emergencies in everyday words (40, from NHS.uk's "call 999" and "go to A&E"
# lists) found six a clinician's call back (T-95): a stab wound that is not bleeding much, heavy bleeding days after a
# birth, a feverish child's rash like bruises, a limb suddenly cold, pale and painful, a child's arm "bent" after a
# fall, and a toddler drinking and weeing loads who is now sleepy and breathing oddly.
STAB = "a stab wound"
PPH = "heavy bleeding after giving birth"
LIMB = "a limb suddenly cold, pale or numb and painful"
DIABETES = "a child drinking and weeing a lot, now drowsy, breathing oddly or vomiting"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("i've been stabbed in the leg, it's not bleeding much", 30, STAB),
        ("my brother got stabbed in his side an hour ago, he says it's only small", 19, STAB),
        ("had a baby 5 days ago and now i'm bleeding loads with big clots", 31, PPH),
        ("gave birth last week, soaking through a pad every hour", 27, PPH),
        ("he's got a temperature and a rash that looks like bruises", 1, RASH),
        ("burning up with bruise-like marks appearing on her legs", 4, RASH),
        ("my leg is cold, pale and really painful all of a sudden", 45, LIMB),
        ("suddenly my foot has gone white and numb and it really hurts", 70, LIMB),
        ("my son fell off the climbing frame and his arm is bent", 9, DEFORMED),
        ("my toddler is drinking and weeing loads and breathing funny, very sleepy", 2, DIABETES),
        ("she's so thirsty all the time, weeing constantly, lost weight and now she's vomiting", 11, DIABETES),
    ],
)
def test_round_20s_first_batch_of_call_backs_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("stabbing pain in my side when i breathe in", 40, STAB),
        ("stabbed my finger with a pin while sewing", 40, STAB),
        ("had a baby 3 weeks ago, the bleeding is light now and settling", 30, PPH),
        ("gave birth 6 weeks ago and my period has come back", 30, PPH),
        ("a bruise on her shin from football, no temperature, she's well", 8, RASH),
        ("my hands go cold and pale in winter, they're fine once they warm up", 40, LIMB),
        ("my arm is bent in a sling after the operation, healing fine", 40, DEFORMED),
        ("drinking loads in this heat and weeing a lot, feels fine", 8, DIABETES),
    ],
)
def test_a_stabbing_pain_a_settling_bleed_a_bruise_cold_hands_or_a_hot_day_are_not_those(
    text: str, age: float, flag: str
) -> None:
    assert flag not in flags(text, age)


# The same batch's emergencies that only the model kept at ED or 999 (T-96), each with a rule now so a retrained
# model cannot lose them: tearing pain between the shoulder blades, a pedestrian or cyclist hit by a vehicle, a kick
# to the testicles still in agony, black tarry poo or heavy bleeding from the bottom, and vomiting with no poo or wind.
TEARING = "tearing chest or back pain"
VEHICLE = "hit by a vehicle"
TESTICLE = "testicular pain"
GUT_BLEED = "black tarry poo, or heavy bleeding from the bottom"
OBSTRUCTION = "vomiting and cannot poo or pass wind"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("sudden pain between my shoulder blades like something tearing", 54, TEARING),
        ("he was hit by a car, says he's fine but his tummy hurts", 22, VEHICLE),
        ("knocked off my bike by a van, my hip is sore", 35, VEHICLE),
        ("my son got kicked in the balls at football an hour ago, still in agony and swollen", 14, TESTICLE),
        ("my poo is black and tarry and i feel faint", 60, GUT_BLEED),
        ("passing blood from my bottom, loads of it, and i feel dizzy", 55, GUT_BLEED),
        ("i've got really bad tummy pain and i'm vomiting, i can't do a poo or fart", 63, OBSTRUCTION),
    ],
)
def test_round_20s_emergencies_the_model_alone_kept_have_a_rule(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("tore a muscle in my back at the gym, sore between the shoulder blades", TEARING),
        ("the car hit a pothole and the tyre burst", VEHICLE),
        ("hit by a ball at cricket, bruised thigh", VEHICLE),
        ("kicked in the balls at football yesterday, sore but settled now", TESTICLE),
        ("dark green poo after iron tablets", GUT_BLEED),
        ("a little blood on the paper when i wipe, piles", GUT_BLEED),
        ("vomiting bug since last night, haven't eaten much", OBSTRUCTION),
        ("constipated, can't poo, no vomiting, passing wind fine", OBSTRUCTION),
    ],
)
def test_a_gym_strain_a_pothole_a_settled_knock_iron_piles_or_a_bug_are_not_those(text: str, flag: str) -> None:
    assert flag not in flags(text, 40)


# Round 20's second batch (30 made-up emergencies in children, older adults, pregnancy and mental health) found none a
# call back, but several that only the model kept (T-97): green vomit in a baby, pre-eclampsia's signs in pregnancy, a
# hip fracture's shortened, turned-out leg, and sudden double vision or a drooping eyelid.
BABY_GREEN = "green vomit in a baby"
PRE_ECLAMPSIA = "pregnant with a bad headache, changed sight, a swollen face or hands, or pain under the ribs"
EYE_NERVE = "sudden double vision or a drooping eyelid"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("my 4 week old is being sick, it's green", 0.08, BABY_GREEN),
        ("she's 5 months and her vomit is bright green", 0.4, BABY_GREEN),
        ("i'm 20 weeks pregnant and i've got a bad headache and swollen face and hands", 24, PRE_ECLAMPSIA),
        ("36 weeks pregnant, pain under my ribs on the right and flashing lights", 33, PRE_ECLAMPSIA),
        ("my mum fell and now her leg looks shorter and her foot is turned out", 78, DEFORMED),
        ("sudden double vision and my eyelid is drooping", 66, EYE_NERVE),
        ("his left eyelid suddenly drooped this morning and he's seeing double", 58, EYE_NERVE),
    ],
)
def test_round_20s_second_batch_of_model_only_emergencies_have_a_rule(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("my toddler was sick after eating green jelly", 2, BABY_GREEN),
        ("baby brings up a little milk after feeds, happy and gaining weight", 0.2, BABY_GREEN),
        ("i'm 12 weeks pregnant and have a bit of a cold", 28, PRE_ECLAMPSIA),
        ("swollen ankles at the end of the day, not pregnant", 45, PRE_ECLAMPSIA),
        ("i'm pregnant, pain under my right ribs after fatty food", 30, PRE_ECLAMPSIA),
        ("10 weeks pregnant with a bad headache from a cold", 30, PRE_ECLAMPSIA),
        ("i have a shorter leg since birth and walk fine", 30, DEFORMED),
        ("my eyelids droop a bit when i'm tired, always have", 60, EYE_NERVE),
        ("i see double when i've had too much to drink", 30, EYE_NERVE),
    ],
)
def test_jelly_posseting_a_cold_an_old_short_leg_or_tired_eyelids_are_not_those(
    text: str, age: float, flag: str
) -> None:
    assert flag not in flags(text, age)


# Round 20's third batch (30 made-up adult emergencies in everyday words) found eight a clinician's call back or
# below (T-98): choking that stops a cough or breath (GP out of hours), carbon monoxide told as a household's headaches
# (self-care), a child's high-pitched noise breathing in (GP out of hours), an erection for five hours, sudden
# unsteadiness with the room spinning, a fall onto a pregnant tummy, and a day with no wee after diarrhoea.
CHOKING = "choking and cannot breathe, cough or speak"
CARBON_MONOXIDE = "possible carbon monoxide poisoning"
STRIDOR_WORDS = "a high-pitched noise breathing in (stridor)"
PRIAPISM = "an erection lasting over 4 hours"
BALANCE = "sudden loss of balance with dizziness, vomiting or double vision"
BUMP = "a fall or blow to the tummy in pregnancy"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("he's choking on a sweet and can't cough or breathe", 6, CHOKING),
        ("she's choking on some meat, can't speak and going blue", 70, CHOKING),
        ("i can't cough or breathe", 40, "cannot breathe"),
        (
            "me and my husband both have headaches and feel sick, it's worse at home and the boiler is old",
            40,
            CARBON_MONOXIDE,
        ),
        ("the carbon monoxide alarm went off and we all feel dizzy", 35, CARBON_MONOXIDE),
        ("she's coughing and making a high-pitched noise when she breathes in", 2, STRIDOR_WORDS),
        ("harsh whistling sound every time he breathes in, even when resting", 3, STRIDOR_WORDS),
        ("i've had an erection for 5 hours and it's really painful", 35, PRIAPISM),
        ("my dad suddenly can't walk straight, the room is spinning and he's being sick", 70, BALANCE),
        ("i'm 32 weeks pregnant and i've had a fall onto my tummy", 29, BUMP),
        ("really bad diarrhoea and now i've not had a wee all day and i'm dizzy when i stand", 50, "sepsis signs"),
    ],
)
def test_round_20s_third_batch_of_call_backs_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("choked on my drink for a second, coughed it up and i'm fine now", 40, CHOKING),
        ("my chest is tight, i can't cough anything up", 40, "cannot breathe"),
        ("i get headaches at work, the office heating is on too high", 40, CARBON_MONOXIDE),
        ("the boiler broke and the house is cold, my son has a cough", 35, CARBON_MONOXIDE),
        ("wheezy with a whistling noise when he breathes out", 3, STRIDOR_WORDS),
        ("high-pitched squeal from the baby monitor when she breathes in her sleep, she's fine", 1, STRIDOR_WORDS),
        ("erection problems for 2 years", 55, PRIAPISM),
        ("i feel dizzy when i stand up quickly", 70, BALANCE),
        ("the room spins when i turn over in bed, had it for months", 60, BALANCE),
        ("pregnant and my tummy has been itchy", 29, BUMP),
        ("had a wee this morning, not since lunch", 50, "sepsis signs"),
    ],
)
def test_a_cleared_cough_office_heat_a_wheeze_or_a_dizzy_stand_are_not_those(text: str, age: float, flag: str) -> None:
    assert flag not in flags(text, age)


# Round 20's fourth batch (30 made-up emergencies in infants, children, eyes and ears, skin, mental health and older
# adults) found five a call back or below (T-99): a swelling behind the ear pushing it forward (a call back), a
# feverish child who "doesn't recognise me" (a call back), swollen red eyelids with a fever and an eye that will not
# move properly (UTC), a hot swollen knee with a fever (UTC), and a suicide threat with "he's got a knife" (ED).
MASTOIDITIS = "a swelling behind the ear pushing it forward"
CONFUSION = "new confusion with a fever or shivering"
ORBIT = "swollen eyelids with a fever, or an eye that hurts or will not move"
JOINT = "a hot swollen joint with a fever"
WEAPON = "a weapon held or threatened"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("bad earache and now a red swollen lump behind his ear that's pushing his ear forward", 6, MASTOIDITIS),
        ("her ear is sticking out and it's swollen and tender behind it", 3, MASTOIDITIS),
        ("he has a temperature and a headache and now he doesn't recognise me", 13, CONFUSION),
        ("she's burning up and didn't know who i was this morning", 80, CONFUSION),
        ("she has a temperature and her eyelids are swollen and red and she can't move her eye properly", 9, ORBIT),
        ("his eye is swollen shut, it hurts to move it and he's got a fever", 30, ORBIT),
        ("red hot swollen knee and i've got a temperature, i can't bend it", 45, JOINT),
        ("her ankle is hot, swollen and she won't put weight on it, and she has a fever", 4, JOINT),
        ("my boyfriend is threatening to kill himself and he's got a knife", 27, WEAPON),
    ],
)
def test_round_20s_fourth_batch_of_call_backs_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("his ears stick out a bit, always have, no pain", 6, MASTOIDITIS),
        ("earache with a cold, a bit of a temperature", 6, MASTOIDITIS),
        ("a temperature, and i don't recognise the name of the tablets she gave me", 40, CONFUSION),
        ("puffy eyelids in the morning from hay fever, no temperature", 30, ORBIT),
        ("sticky eye with a cold and a bit of a temperature, moves it fine", 4, ORBIT),
        ("my knee is swollen after football, no temperature", 25, JOINT),
        ("a temperature and achy joints with the flu", 30, JOINT),
        ("he's got a knife block in the kitchen, he's fine, just low", 40, WEAPON),
    ],
)
def test_prominent_ears_a_cold_puffy_eyelids_a_football_knee_or_a_kitchen_knife_are_not_those(
    text: str, age: float, flag: str
) -> None:
    assert flag not in flags(text, age)


# Round 20's fifth batch (30 made-up emergencies from NHS.uk and NICE CKS emergency advice) found five emergencies a
# call back or below and several the model alone kept (T-100): neck pain after a fall from a horse with tingling
# hands (a call back), weakness climbing from the legs to the arms (GP routine), a baby's redcurrant jelly poo (a call
# back), a sleepy toddler with no wet nappy since yesterday (a call back), Addison's disease with vomiting (a call
# back); and
# chest pain the GTN spray has not eased, a racing irregular heart with a faint feeling, a painful swollen leg with
# breathlessness (999 or ED through the model's words alone).
SPINE = "neck or back pain after an injury with tingling or numb limbs"
ASCENDING = "weakness spreading from the legs to the arms"
JELLY = "redcurrant jelly poo"
ADRENAL = "adrenal insufficiency with vomiting"
GTN = "chest pain not eased by GTN"
PALPITATIONS = "palpitations with a faint or blackout, chest pain or breathlessness"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("i fell off a horse and landed on my back and now my neck really hurts and my hands are tingling", 19, SPINE),
        ("dived into the pool and hit the bottom, neck is sore and i've got pins and needles in both arms", 22, SPINE),
        ("i've been getting weaker in my legs over two days and now my arms are going weak too", 35, ASCENDING),
        ("my baby is screaming on and off and pulling his legs up and his poo looks like redcurrant jelly", 1, JELLY),
        (
            "my toddler has had diarrhoea for 2 days, she's really sleepy and she's not wet a nappy since yesterday",
            2,
            "sepsis signs",
        ),
        ("i have addison's disease, i've been vomiting all day and i can't keep my steroids down", 40, ADRENAL),
        ("i think i'm having a heart attack, i've taken my gtn spray twice and the pain isn't going", 52, GTN),
        ("my heart is beating really fast and irregular and i feel faint", 72, PALPITATIONS),
        (
            "i've had a really painful swollen leg since i started the pill and now i'm breathless",
            17,
            "a swollen or painful calf with breathlessness or chest pain",
        ),
    ],
)
def test_round_20s_fifth_batch_of_emergencies_have_a_rule(triager: Triager, text: str, age: float, flag: str) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("banged my elbow on the door and my fingers are tingling", 40, SPINE),
        ("stiff neck from sleeping funny, no injury, hands fine", 40, SPINE),
        ("my legs feel weak after the gym yesterday", 30, ASCENDING),
        ("she had strawberry jelly for pudding and now a tummy ache", 6, JELLY),
        ("i have addison's disease and need a repeat prescription", 40, ADRENAL),
        ("used my gtn spray for angina and the pain went in a minute", 70, GTN),
        ("my heart races when i'm anxious, no dizziness or chest pain", 30, PALPITATIONS),
        (
            "both legs swollen in the heat, breathing fine",
            70,
            "a swollen or painful calf with breathlessness or chest pain",
        ),
    ],
)
def test_a_banged_elbow_a_gym_ache_pudding_a_repeat_or_gtn_that_worked_are_not_those(
    text: str, age: float, flag: str
) -> None:
    assert flag not in flags(text, age)


# Round 20's sixth batch (30 made-up emergencies, the same sources) found seven a call back or below, and a stroke
# told as words gone wrong that only the model kept (T-101).
TONSIL = "bleeding after a tonsil operation"
AMPUTATION = "a finger or toe cut off or hanging off"
STOMA = "a stoma gone dark, purple or black"
CRUSH = "crushed or trapped under a weight"
PARAPHIMOSIS = "a foreskin stuck back and swollen"
CAST = "a limb in a cast with worsening pain, numbness or cold toes or fingers"
STROKE = "stroke signs"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("my son had his tonsils out a week ago and now he's spitting out blood", 6, TONSIL),
        ("i've cut off the tip of my finger with a knife", 24, AMPUTATION),
        ("my daughter got her fingers trapped in the car door and one of them is hanging off", 3, AMPUTATION),
        ("my stoma has gone dark purple and it's really painful", 58, STOMA),
        ("a heavy shelf fell on my legs and i was trapped for an hour", 41, CRUSH),
        ("i have a catheter and nothing has drained for 6 hours and my tummy is painful", 50, RETENTION),
        ("my penis is swollen, the foreskin is stuck back and won't go forward", 33, PARAPHIMOSIS),
        ("my leg is in a plaster cast and the pain is getting worse, my toes are numb and cold", 31, CAST),
        ("my dad's speech suddenly doesn't make sense, he's using the wrong words", 67, STROKE),
    ],
)
def test_round_20s_sixth_batch_of_call_backs_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("had my tonsils out years ago, now a cold", 30, TONSIL),
        ("cut my finger chopping onions, small cut, stopped bleeding", 30, AMPUTATION),
        ("my stoma bag keeps leaking, the stoma looks pink and healthy", 60, STOMA),
        ("got my hand trapped in a drawer, bit sore", 30, CRUSH),
        ("my catheter was changed today and it's draining well", 80, RETENTION),
        ("my foreskin is a bit tight, no swelling", 20, PARAPHIMOSIS),
        ("my cast is itchy but no pain", 10, CAST),
        ("i keep using the wrong words when i'm tired, for years", 40, STROKE),
    ],
)
def test_old_tonsils_a_small_cut_a_pink_stoma_a_drawer_or_an_itchy_cast_are_not_those(
    text: str, age: float, flag: str
) -> None:
    assert flag not in flags(text, age)
