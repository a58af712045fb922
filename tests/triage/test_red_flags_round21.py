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

import ast
from collections import Counter
from pathlib import Path

import pytest

from models.vocabulary import Acuity, Disposition
from tests.triage.reports import assess, flags
from triage import rules
from triage.schemas import parse_report
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


# Round 21's made-up emergencies: 40 reports in everyday words written from NHS.uk "call 999" and "go to A&E" advice
# and NICE guidance, never from a vignette. 15 were a clinician's call back or below (T-103). Each class is told
# again in other words here, with near misses that must not fire.
BATCH_7 = [
    # A first fit told by what it looked like (NHS.uk febrile seizures: 999 for a first fit).
    (
        "my 2 year old has had a temperature since yesterday and just now her eyes rolled back and her whole body went "
        "stiff then shook for about 2 minutes",
        2,
        "unconscious or fitting",
    ),
    ("his arms and legs went stiff and started jerking, he's never done that before", 1.5, "unconscious or fitting"),
    # Epiglottitis (NICE CKS sore throat: 999 when the person cannot swallow their saliva).
    (
        "sorest throat of my life, can't even swallow my own spit, voice muffled like a hot potato",
        26,
        "stridor or drooling",
    ),
    # Anaphylaxis after a bite of a food allergen (Resuscitation Council UK; NHS.uk anaphylaxis: 999).
    (
        "my 4 year old took a bite of a chicken satay skewer, now she's coughing non stop and wheezy",
        4,
        "an allergic reaction with a hoarse voice, noisy breathing or trouble swallowing",
    ),
    (
        "he bit into a cookie with peanut butter in it and now he's wheezing",
        7,
        "an allergic reaction with a hoarse voice, noisy breathing or trouble swallowing",
    ),
    # Type 1 diabetes in a child told as thirst and weeing, now with ketoacidosis signs (NICE NG18: at once).
    (
        "she's been weeing constantly and drinking gallons for a few weeks and has lost weight. "
        "today she's throwing up and taking big deep breaths",
        12,
        "a child drinking and weeing a lot, now drowsy, breathing oddly or vomiting",
    ),
    # An electric shock from the mains (NHS.uk electric shock: A&E).
    (
        "my 10 year old poked a metal hair clip into a plug socket, it threw him backwards, "
        "there's a little black dot on his fingertip",
        10,
        "an electric shock with a burn, a racing or irregular heart, or a faint",
    ),
    # Hypothermia (NHS.uk: 999 or A&E).
    (
        "nan's boiler packed up in the cold snap, she's icy to touch, talking slowly and not making much sense",
        86,
        "hypothermia: very cold with drowsiness, confusion or shivering stopped",
    ),
    (
        "found him in the garden this morning, he's freezing cold to touch and isn't even shivering",
        79,
        "hypothermia: very cold with drowsiness, confusion or shivering stopped",
    ),
    # Nearly drowned (RLSS UK; NHS.uk: A&E after inhaling water).
    (
        "our 3yo was found face down in the paddling pool, he came round straight away but he's still coughing a lot",
        3,
        "pulled from the water with a cough, breathlessness or drowsiness",
    ),
    # A hypo with confusion in someone on a sulfonylurea (NHS.uk low blood sugar).
    (
        "my husband's type 2, on gliclazide, skipped lunch, drenched in sweat and talking gibberish",
        74,
        "a low blood sugar that treatment is not lifting, or with confusion or drowsiness",
    ),
    # Neutropenic sepsis on oral chemotherapy (NICE NG151).
    (
        "i'm on capecitabine tablets for my bowel cancer, tonight i'm shivery and the thermometer says 37.9",
        67,
        "on chemotherapy with a fever or signs of infection",
    ),
    # More paracetamol than the dose, over days (NHS.uk paracetamol: A&E if you take too much, even if you feel well).
    (
        "had bad toothache all week so i've been taking 2 tylenol every 3 hours, probably 12 or more a day for 5 days",
        29,
        "more paracetamol than the safe dose",
    ),
    (
        "she's been having about 10 paracetamol a day for her back since monday",
        58,
        "more paracetamol than the safe dose",
    ),
    # Wild mushrooms, then sick (NHS.uk poisoning: A&E).
    (
        "we picked some mushrooms on a woodland walk and fried them for dinner, now we both have violent vomiting",
        52,
        "wild mushrooms eaten, now sick",
    ),
    ("my son ate a toadstool from the garden and he's been sick twice", 3, "wild mushrooms eaten, now sick"),
    # A chemical on the skin that has harmed it (NHS.uk burns: A&E for chemical burns).
    (
        "splashed oven cleaner on my forearm, the skin's gone white and leathery looking",
        40,
        "a chemical on the skin with a burn",
    ),
    ("got drain cleaner on his hand and it's blistering", 35, "a chemical on the skin with a burn"),
    # Smoke breathed in, with signs of a burnt airway (NHS.uk burns and scalds: 999 if smoke or fumes were breathed in).
    (
        "kitchen fire, chip pan. my eyebrows and the hairs in my nose are singed and my voice has gone croaky",
        38,
        "smoke breathed in with signs of a burnt airway",
    ),
    (
        "there was a house fire next door, he breathed in loads of smoke and is coughing up black stuff",
        12,
        "smoke breathed in with signs of a burnt airway",
    ),
    # Compartment syndrome after an injury (NHS.uk compartment syndrome: A&E).
    (
        "took a kick to the shin at rugby, the pain is way worse than it should be "
        "and the front of my leg is rock hard",
        47,
        "an injured limb gone rock hard with pain out of proportion",
    ),
    # A heart attack told as indigestion, with a jaw or arm and sweating (NHS.uk heart attack: 999).
    (
        "i have type 2 diabetes, thought i had indigestion but gaviscon hasn't touched it, my jaw aches, i'm clammy",
        63,
        "indigestion or chest discomfort with jaw or arm pain and sweating",
    ),
    (
        "tight feeling in my chest like heartburn, my left arm feels heavy and i've come out in a cold sweat",
        58,
        "indigestion or chest discomfort with jaw or arm pain and sweating",
    ),
]


NEAR_7 = [
    ("she went stiff with cold waiting for the bus, then shook it off", "unconscious or fitting"),
    ("i can swallow my own spit fine, it's just a sore throat", "stridor or drooling"),
    (
        "i'm allergic to peanuts but haven't eaten any, just wheezy with my cold",
        "an allergic reaction with a hoarse voice, noisy breathing or trouble swallowing",
    ),
    (
        "she's drinking loads because it's hot and weeing a lot, otherwise fine and eating well",
        "a child drinking and weeing a lot, now drowsy, breathing oddly or vomiting",
    ),
    (
        "he got a static shock off the car door",
        "an electric shock with a burn, a racing or irregular heart, or a faint",
    ),
    (
        "my hands are icy to touch, i always have cold hands",
        "hypothermia: very cold with drowsiness, confusion or shivering stopped",
    ),
    (
        "i have type 2 diabetes and i'm confused about which tablets to take",
        "a low blood sugar that treatment is not lifting, or with confusion or drowsiness",
    ),
    (
        "my mum finished capecitabine 3 years ago and has a cold",
        "on chemotherapy with a fever or signs of infection",
    ),
    (
        "he loves the paddling pool and has a bit of a cough from nursery",
        "pulled from the water with a cough, breathlessness or drowsiness",
    ),
    ("i took 2 paracetamol every 4 hours yesterday for my cold", "more paracetamol than the safe dose"),
    ("giving calpol and nurofen every 2 hours alternately for his fever", "more paracetamol than the safe dose"),
    ("i bought mushrooms from the supermarket and now i've got a tummy bug", "wild mushrooms eaten, now sick"),
    ("spilled bleach on my jeans, no skin contact", "a chemical on the skin with a burn"),
    (
        "my throat is on fire and my voice has gone croaky with this cold",
        "smoke breathed in with signs of a burnt airway",
    ),
    ("we had a bonfire last week, now i have a cough", "smoke breathed in with signs of a burnt airway"),
    (
        "my calf went rock hard with cramp last night, gone now",
        "an injured limb gone rock hard with pain out of proportion",
    ),
    (
        "i've got indigestion after a curry and my arm aches from the gym",
        "indigestion or chest discomfort with jaw or arm pain and sweating",
    ),
]


NECK = "neck stiffness with fever"


@pytest.mark.parametrize(
    "text",
    [
        "woke up with a really stiff neck, must have slept funny, no temperature, no headache",
        "stiff neck since i started using a new pillow",
        "my neck is stiff from looking down at my laptop all day",
    ],
)
def test_a_stiff_neck_slept_on_wrongly_without_a_fever_is_not_a_meningitis_sign(text: str) -> None:
    """Round 21, T-104: a stiff neck explained by a strain, with no fever, is not sent to A&E by the rule."""
    assert NECK not in flags(text, 36)


@pytest.mark.parametrize(
    "text",
    [
        "stiff neck and a terrible headache, light is hurting my eyes",
        "slept funny and now i have a stiff neck, but also a fever of 39 and i've been sick",
        "he has a stiff neck and a temperature",
    ],
)
def test_a_stiff_neck_with_a_fever_or_unexplained_still_fires(text: str) -> None:
    assert NECK in flags(text, 20)


def test_nowhere_near_denies_what_follows() -> None:
    """Round 21, T-104: "nowhere near my face or eyes" denied nothing, so shingles on the back read as a blistering
    rash with the eyes involved (ED)."""
    text = "painful blistery rash in a band on one side of my back, nowhere near my face or eyes"
    assert "a blistering rash with sore mouth, eyes or genitals" not in flags(text, 52)


STROKE, SPINAL = "stroke signs", "cannot feel or move the legs or arms after an injury"


@pytest.mark.parametrize(
    "text",
    [
        "i fell off my bike and now i can't move my arm, i think my shoulder is dislocated",
        "fell on my outstretched hand, wrist is swollen and i can't move my arm properly",
        "she tripped and landed on her shoulder, now she can't lift her arm",
        "my shoulder popped out playing rugby and i can't move my arm",
        "hurt my shoulder at the gym and can't raise my arm above my head",
        "he fell off the trampoline onto his elbow and can't move his arm, it's really painful",
    ],
)
def test_an_arm_that_cannot_move_because_it_is_injured_is_not_a_stroke_or_a_spinal_injury(text: str) -> None:
    """Round 21, T-105: one arm that will not move because the arm or shoulder itself is hurt is a limb injury
    (NHS.uk broken arm, dislocated shoulder: A&E), not a stroke (999) nor a spinal cord injury (999)."""
    said = flags(text, 30)
    assert STROKE not in said
    assert SPINAL not in said


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("my dad suddenly can't lift his right arm", STROKE),
        ("she fell over and now she can't move her arm, she seems a bit muddled", STROKE),
        ("mum can't raise her left arm since this morning", STROKE),
        ("he can't lift both arms and his words are slurred", STROKE),
        ("dived into the shallow end and now he can't move his arms", SPINAL),
        ("came off his motorbike and can't feel his legs", SPINAL),
        ("fell off a ladder, hurt my neck and can't move my arm", SPINAL),
    ],
)
def test_an_arm_that_cannot_move_with_no_injury_to_it_still_fires(triager: Triager, text: str, rule: str) -> None:
    assert rule in flags(text, 70)
    assert assess(triager, text, 70).disposition is Disposition.CALL_999


# Round 21's second batch: 40 more made-up emergencies (new kinds, new voices), 15 a call back or below (T-106).
BATCH_8 = [
    (
        "fell asleep in my contacts again and now my right eye is soooo red and sore, "
        "cant look at my phone its too bright",
        22,
        "a contact lens wearer with a red, painful eye",
    ),
    (
        "i wear contact lenses and my eye is really painful and red, there's a white spot on it",
        30,
        "a contact lens wearer with a red, painful eye",
    ),
    (
        "she's 33 weeks pregnant, constant pain in her belly that doesn't come and go, the bump feels hard as wood",
        30,
        "pregnancy with constant tummy pain and a hard bump",
    ),
    (
        "i'm 35 weeks pregnant and my baby's gone really quiet today",
        29,
        "baby moving less, or waters broken before 37 weeks",
    ),
    (
        "i do haemodialysis but skipped friday and today, now my legs feel like jelly and my heart keeps missing beats",
        58,
        "missed dialysis with weakness, palpitations or breathlessness",
    ),
    (
        "67m, known metastatic prostate ca, mid-thoracic back pain for a week, today new leg heaviness, unsteady",
        67,
        "cancer with back pain and new weak legs or unsteadiness",
    ),
    ("dad's peg tube came out when he turned over in bed an hour ago", 79, "a feeding tube come out"),
    ("his feeding tube (peg) fell out an hour ago, it was only put in 3 weeks ago", 79, "a feeding tube come out"),
    (
        "my son's asthmatic, the wheezing has gone quiet but he can barely get one word out and he's getting sleepy",
        14,
        "a silent chest or drowsy in an asthma attack",
    ),
    (
        "sudden sharp stabbing pain in the right side of my chest, worse breathing in, can't get a full breath",
        19,
        "sudden sharp chest pain with breathlessness",
    ),
    (
        "the neighbours' dog went for my 2yo, she's got a deep gash on her cheek that gapes open",
        2,
        "an animal bite to the face or a deep bite",
    ),
    ("my son got bitten on the ankle by a snake, we think an adder, and his leg is swelling", 9, "a snake bite"),
    (
        "he's on the bedroom floor, been there since last night, he can't get up and his hip hurts",
        83,
        "on the floor for hours and cannot get up",
    ),
    (
        "the 5 month old i look after has bruises like finger marks on his chest and he's much sleepier than usual",
        0.4,
        "a baby under one with bruises, now sleepy, floppy or vomiting",
    ),
    (
        "the aunties cut her down below last week, now it's swollen and smells bad and she screams when she wees",
        11,
        "female genital mutilation with pain, swelling, bleeding or fever",
    ),
    (
        "my 4 year old won't stand on his right leg and screams when i move it, he's 38.9",
        4,
        "a child who will not walk or bear weight, with a fever",
    ),
    ("the hook's gone into my eyeball itself, it's still in there", 50, "something sharp in the eye"),
    (
        "23f on clozapine, sore throat 2 days, t 38.4, rigors",
        23,
        "on a medicine that can stop the body fighting infection, with a fever or sore throat",
    ),
    (
        "i'm on carbimazole for my thyroid and i've got a really sore throat and a temperature",
        45,
        "on a medicine that can stop the body fighting infection, with a fever or sore throat",
    ),
]


NEAR_8 = [
    (
        "i wear contact lenses and my eyes are a bit dry at the end of the day",
        30,
        "a contact lens wearer with a red, painful eye",
    ),
    (
        "i'm 20 weeks pregnant and my bump feels hard sometimes, no pain",
        30,
        "pregnancy with constant tummy pain and a hard bump",
    ),
    (
        "i'm on dialysis, went as usual today, just a bit tired",
        60,
        "missed dialysis with weakness, palpitations or breathlessness",
    ),
    (
        "i had breast cancer 10 years ago and my back aches after gardening",
        60,
        "cancer with back pain and new weak legs or unsteadiness",
    ),
    ("his peg tube site is a bit red but the tube is in fine", 70, "a feeding tube come out"),
    (
        "the wheezing has gone quiet since his inhaler and he's chatting away",
        10,
        "a silent chest or drowsy in an asthma attack",
    ),
    ("sharp pain in my chest when i cough with this cold", 30, "sudden sharp chest pain with breathlessness"),
    ("the cat scratched my hand, tiny scratch", 30, "an animal bite to the face or a deep bite"),
    ("there's a snake in my garden, what should i do", 40, "a snake bite"),
    ("he fell on the floor but got straight back up", 80, "on the floor for hours and cannot get up"),
    (
        "my 2 year old has bruises on his shins from climbing",
        2,
        "a baby under one with bruises, now sleepy, floppy or vomiting",
    ),
    (
        "my 3 year old is limping after falling off the slide, no temperature",
        3,
        "a child who will not walk or bear weight, with a fever",
    ),
    ("i've got an eyelash in my eye", 30, "something sharp in the eye"),
    (
        "i'm on clozapine and my bloods were fine last week, i feel well",
        30,
        "on a medicine that can stop the body fighting infection, with a fever or sore throat",
    ),
]


# Round 21's third batch: 40 made-up emergencies told indirectly, downplayed or in shorthand; 10 were a clinician's
# call back or below (T-107).
BATCH_9 = [
    (
        "my 10 month old rolled off our bed onto the floor, there's a big mushy goose egg above her ear, bigger than a "
        "golf ball",
        0.8,
        "a baby under one with a big or boggy swelling on the head after a fall",
    ),
    (
        "she choked on a peanut on sunday and since then has a cough that won't settle "
        "and a whistly wheeze on one side",
        2.5,
        "an object breathed in, with a cough, wheeze or breathing that will not settle",
    ),
    (
        "the little round flat battery from the key fob is nowhere to be found and he said he ate it",
        3,
        "a button battery or magnets missing and perhaps swallowed",
    ),
    (
        "bloody diarrhoea after the petting farm, now he's white as a sheet, puffy eyes and only one tiny dark wee",
        4,
        "bloody diarrhoea, then pale, puffy or hardly weeing",
    ),
    (
        "she uses tampons, has a fever of 39.6, and a red rash all over like she's been sunburnt, and went dizzy",
        17,
        "a tampon with a fever and a sunburn-like rash or dizziness",
    ),
    (
        "dived into the shallow end, hit his head, just a sore neck "
        "but both his hands have gone buzzy like electric pins and needles",
        19,
        "neck or back pain after an injury with tingling or numb limbs",
    ),
    (
        "he stopped drinking three days ago and now he's shaking, picking at bugs on the duvet that aren't there and "
        "doesn't know what day it is",
        47,
        "stopped drinking, now seeing things, confused or fitting",
    ),
    (
        "knee replacement 11 days ago, calf hot and swollen, this morning i got winded walking to the mailbox",
        61,
        "a swollen or painful calf with breathlessness or chest pain",
    ),
    (
        "started lamotrigine 3 weeks ago, fever and a red rash spreading everywhere, my lips are cracked and bleeding",
        37,
        "a new medicine, then a fever with a spreading rash or sore lips, eyes or genitals",
    ),
    (
        "he texted me look after your sister, sorry for everything, he's not answering and the gun cabinet is empty",
        58,
        "a goodbye message with the means at hand or no contact",
    ),
]


NEAR_9 = [
    (
        "my 2 year old bumped her head on the table, small bump, playing happily",
        2,
        "a baby under one with a big or boggy swelling on the head after a fall",
    ),
    (
        "he choked on a grape but coughed it up straight away and is fine now",
        3,
        "an object breathed in, with a cough, wheeze or breathing that will not settle",
    ),
    (
        "i changed the battery in the key fob, where do i recycle the old one",
        40,
        "a button battery or magnets missing and perhaps swallowed",
    ),
    (
        "a bit of diarrhoea after the takeaway, no blood, weeing normally",
        30,
        "bloody diarrhoea, then pale, puffy or hardly weeing",
    ),
    (
        "i use tampons and have period pain, no fever",
        17,
        "a tampon with a fever and a sunburn-like rash or dizziness",
    ),
    (
        "i stopped drinking last week and feel much better, sleeping well",
        45,
        "stopped drinking, now seeing things, confused or fitting",
    ),
    (
        "started lamotrigine last month, a bit of a headache, no rash",
        30,
        "a new medicine, then a fever with a spreading rash or sore lips, eyes or genitals",
    ),
    (
        "he texted me sorry for being late, he's on his way",
        40,
        "a goodbye message with the means at hand or no contact",
    ),
]


@pytest.mark.parametrize("module", ["phrases", "word_rules", "rules", "measurements"])
def test_no_rule_module_names_a_pattern_twice(module: str) -> None:
    """Round 21 twice gave a new pattern the name of an old one (`_CANT_GET_UP`, `_NEW_MEDICINE`): the later silently
    replaced the earlier in every rule defined below it. Each module-level name is assigned once."""
    tree = ast.parse((Path(__file__).parents[2] / "triage" / f"{module}.py").read_text())
    names = [
        t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)
    ]
    assert sorted(n for n, k in Counter(names).items() if k > 1) == []


# Round 21's fourth batch: 40 more made-up emergencies, 11 a call back or below (T-108); and two rules that fired on
# its near-miss batch (T-109).
BATCH_10 = [
    (
        "the pot of boiling water fall on him, the skin on his chest and arm very red and big blisters, "
        "more big than his whole hand",
        1.7,
        "large or deep burn",
    ),
    (
        "he pull the pot with boiling water for pasta, it fall on him. the skin on his arm is very red and now big "
        "blisters coming",
        1.7,
        "a burn or scald that blisters the face, hands, arms, feet, legs or genitals",
    ),
    (
        "she tripped with her toothbrush in her mouth and it went into the back of her throat, now she's dribbling",
        3,
        "a stick, toothbrush or pen pushed into the back of the throat",
    ),
    (
        "the end of the handlebar jammed into his belly, now he's very pale, dizzy and has a pain on top of his left "
        "shoulder",
        12,
        "a blow to the tummy, then pale, dizzy or shoulder-tip pain",
    ),
    (
        "he punched a lad in the mouth at the weekend, now the knuckle is swollen, red and there's pus coming out",
        15,
        "a knuckle cut on someone's teeth, now infected",
    ),
    (
        "the ladder touched the overhead power line, he was thrown across the lawn and has a black mark on his palm",
        44,
        "an electric shock with a burn, a racing or irregular heart, or a faint",
    ),
    (
        "55m on capd, abdo pain since last night, drained bag this am cloudy",
        55,
        "peritoneal dialysis with tummy pain, a cloudy bag or a fever",
    ),
    (
        "a bit of steak is stuck behind his breastbone, "
        "anything he swallows even his own saliva comes straight back up",
        72,
        "food stuck in the gullet, not even saliva going down",
    ),
    (
        "kidney transplant 2 years ago, on tacrolimus, shivery with a temp of 38.4",
        68,
        "on a medicine that can stop the body fighting infection, with a fever or sore throat",
    ),
    (
        "she is vomiting since morning and has a small hard lump in the right groin, very painful when touch",
        71,
        "a painful lump in the groin or a hernia, with vomiting or no poo",
    ),
    (
        "dad has myasthenia gravis, his voice keeps fading, "
        "he's spluttering when he sips water and can't take a proper breath",
        74,
        "myasthenia gravis with trouble breathing or swallowing",
    ),
    (
        "since nan died he barely eats, sits in the dark and says there's no point to anything and he'd rather be with "
        "her",
        81,
        "suicidal thoughts",
    ),
]


NEAR_10 = [
    ("i spilt a drop of hot tea on my hand, it's a bit red, no blisters", 30, "large or deep burn"),
    (
        "new shoes gave me a blister on my heel, and i burnt the toast",
        30,
        "a burn or scald that blisters the face, hands, arms, feet, legs or genitals",
    ),
    (
        "he fell over while brushing his teeth and bumped his knee",
        6,
        "a stick, toothbrush or pen pushed into the back of the throat",
    ),
    (
        "got hit by a football in the stomach, winded for a second, fine now",
        14,
        "a blow to the tummy, then pale, dizzy or shoulder-tip pain",
    ),
    ("grazed my knuckles on a brick wall, a bit sore", 30, "a knuckle cut on someone's teeth, now infected"),
    (
        "i'm on capd, bags clear, just asking about holidays",
        50,
        "peritoneal dialysis with tummy pain, a cloudy bag or a fever",
    ),
    ("feels like a bit of food is stuck in my teeth", 40, "food stuck in the gullet, not even saliva going down"),
    (
        "i have a small painless lump in my groin that goes back when i lie down",
        50,
        "a painful lump in the groin or a hernia, with vomiting or no poo",
    ),
    (
        "i have myasthenia gravis and my eyelids droop by the evening, as usual",
        60,
        "myasthenia gravis with trouble breathing or swallowing",
    ),
    # T-109: the two rules that fired on the fourth non-urgent batch.
    (
        "did heavy shrugs and deadlifts at the gym yesterday, today my neck is stiff and sore, no temperature",
        24,
        "neck stiffness with fever",
    ),
    ("heavy cold, my nose is so blocked i can't breathe through it at night", 30, "cannot breathe"),
    ("i can't breathe through my nose with this cold", 30, "cannot breathe"),
]


# Round 21's fifth batch: 40 made-up emergencies in people whose emergencies are easy to miss (a non-verbal child, a
# teenager on FaceTime, a hospice nurse's note, a 93-year-old who did not want to trouble anybody); 7 were a call back
# or below (T-110).
BATCH_11 = [
    (
        "he's 39.4, his hands and feet are icy cold and when he dozes off it's really hard to get him to open his eyes",
        5,
        "unconscious or fitting",
    ),
    (
        "at least 4 of the tiny ball magnets are missing and he nodded when i asked if he ate them",
        8,
        "a button battery or magnets missing and perhaps swallowed",
    ),
    (
        "she cuts, tonight it's way deeper, gaping open, you can see yellowy bits and it's bled through a flannel",
        15,
        "self-harm with a deep or gaping wound, or bleeding that will not stop",
    ),
    (
        "woke up at 3am with my thing hard and it wont go down and its really painful now, its nearly 8",
        15,
        "an erection lasting over 4 hours",
    ),
    (
        "she's 38 weeks and she hasn't felt him move since last night",
        34,
        "baby moving less, or waters broken before 37 weeks",
    ),
    (
        "67f, nsclc. 5/7 progressive facial and neck swelling, distended neck veins. ?svco.",
        67,
        "an emergency diagnosis suspected in a note",
    ),
    (
        "chesty cough since sunday, out of breath sitting in my chair, i can't get warm "
        "and i keep losing track of what "
        "day it is",
        93,
        "new confusion with a fever or shivering",
    ),
]
NEAR_11 = [
    ("my son is hard to get up for school in the mornings", 12, "unconscious or fitting"),
    (
        "we bought a set of ball magnets for his sister's desk, all there",
        8,
        "a button battery or magnets missing and perhaps swallowed",
    ),
    (
        "she self-harmed last year, small scratches, healed now and she's doing well",
        15,
        "self-harm with a deep or gaping wound, or bleeding that will not stop",
    ),
    ("i'm 30 weeks and i felt him move loads this morning", 30, "baby moving less, or waters broken before 37 weeks"),
    ("i keep losing track of my keys, no fever", 70, "new confusion with a fever or shivering"),
]


def _aged(cases: list[tuple[str, str]]) -> list[tuple[str, float, str]]:
    """Round 21's first near misses name no age: an adult's words are 30, a child's 6."""
    return [(text, 30 if "my mum" in text or "i " in text else 6, rule) for text, rule in cases]


@pytest.mark.parametrize(("text", "age", "rule"), [*BATCH_7, *BATCH_8, *BATCH_9, *BATCH_10, *BATCH_11])
def test_round_21_emergencies_fire_their_rule_and_reach_its_floor(
    triager: Triager, text: str, age: float, rule: str
) -> None:
    """Round 21's five batches of made-up emergencies (T-103, T-106 to T-108, T-110), each told again in other words."""
    floors = [hit.floor for hit in rules.assess(parse_report({"text": text, "age": age})) if hit.name == rule]
    assert floors, f"{rule!r} did not fire"
    assert assess(triager, text, age).disposition.urgency >= floors[0].urgency


@pytest.mark.parametrize(("text", "age", "rule"), [*_aged(NEAR_7), *NEAR_8, *NEAR_9, *NEAR_10, *NEAR_11])
def test_round_21_near_misses_do_not_fire(text: str, age: float, rule: str) -> None:
    assert rule not in flags(text, age)
