"""Red flags said in words that only mean danger with their context, each needing two things said anywhere in
the report (`WordRule`), and a head injury on an anticoagulant.

They are written from guidance (each rule names its source) and our own made-up reports, never from vignette text,
and like every rule they only set floors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from models.vocabulary import Disposition
from triage import prefilter
from triage.findings import Findings
from triage.floors import NOT_NOW, NOT_NOW_OR_PAST, RuleHit, now, present
from triage.negation import Polarity
from triage.phrases import CHEMICAL, NOT_ANOTHER_PART, PEOPLE

D = Disposition


# A head injury in someone on an anticoagulant or antiplatelet other than aspirin alone needs a CT within 8 hours
# (NICE NG232), wherever in the report the medicine is named.
_HEAD = (
    r"(?:(?:my|his|her|their|the) )?(?:(?:back|side|front|top) of (?:my |his |her |their |the )?)?(?:head|forehead)\b"
)
_HEAD_INJURY = re.compile(
    r"\b(?:hit\w*|bang\w*|knock\w*|bump\w*|smash\w*|whack\w*|hurt\w*|bash\w*|smack\w*|thump\w*|clonk\w*|crack\w*) "
    rf"{_HEAD}|\bhead injur\w*|\bhead (?:knock|bump|bang|injury|knocks|bumps)\b|\bhead ?butt\w*"
    r"|\b(?:bang|knock|blow|bump|hit|whack|smack|bash|thump|clonk|kick|ball)\w* (?:on|to|in) the head\b"
    r"|\b(?:fell|fall|falling|fallen|tripped|landed|landing|dropped)\b[\w ,]{0,40}\b(?:on|onto|hit\w*) "
    rf"{_HEAD}|\bhead ?first\b"
    # ... or a child's fall from a height, the head unnamed (round 22, T-119: "rolled off the top bunk onto the
    # wooden floor").
    r"|\b(?:rolled|fell|fallen|tumbled|toppled) (?:off|out of|from) (?:the |a |her |his |their )?(?:top )?(?:bunk"
    r"|bunk bed|climbing frame|monkey bars|trampoline|high chair|changing table)\b"
)
_ANTICOAGULANT = re.compile(
    r"\b(?:warfarin|apixaban|eliquis|rivaroxaban|xarelto|edoxaban|dabigatran|pradaxa|clopidogrel|ticagrelor"
    r"|prasugrel|blood[- ]thinn\w*|anticoagul\w*"
    # ... or a bleeding disorder, which NICE NG232 treats alike (round 22, T-113: haemophilia, von Willebrand).
    r"|haemophil\w*|hemophil\w*|von willebrand\w*|(?:bleeding|clotting) disorder)"
)


def on_anticoagulant(f: Findings) -> bool:
    """An anticoagulant or antiplatelet named anywhere in the report, denied or not (a denial here only ever keeps
    a report more urgent)."""
    return prefilter.search(_ANTICOAGULANT, f.text) is not None


HEAD_BLEEDS = "head injury on an anticoagulant, an antiplatelet or with a bleeding disorder"


def anticoagulated_head_injury_hits(f: Findings) -> list[RuleHit]:
    if not (present(_HEAD_INJURY, f) and on_anticoagulant(f)):
        return []
    return [RuleHit(HEAD_BLEEDS, D.ED, "NICE NG232 head injury")]


# Too breathless to speak is acute severe asthma or worse (BTS/SIGN 158: cannot complete sentences; NHS.uk
# shortness of breath: call 999 if so breathless they cannot speak), however it is said: "can barely get a word
# out", "can't finish her sentences", "speaking in single words". Speech that fails for another reason (a lost voice,
# a sore throat) is not this, so the report must also say something about breathing that is not denied.
_WORDS_FAIL = (
    r"(?:get (?:a |one |the |her |his |my |their |any )?(?:word out|words out)"
    r"|finish (?:a |her |his |my |their |the )?sentences?"
    r"|complete (?:a |her |his |my |their )?(?:full )?sentences?|string (?:a )?sentences? together"
    r"|say (?:a word|more than (?:a few words|a couple of words|one or two words|two or three words)))"
)
_CANT = r"(?:can'?t|cannot|can not|couldn'?t|could not|unable to|not able to|struggl\w* to)"
_TALK = r"(?:talk|speak)(?! (?:to|with|about|until|till|on|english|for long|much)\b)"
_SPEECH_FAILS = re.compile(
    rf"\b(?:can|could|is able to|was able to) (?:barely|hardly|scarcely|only just) (?:{_WORDS_FAIL}|{_TALK})"
    rf"|\b{_CANT} {_WORDS_FAIL}"
    r"|\b(?:trouble|difficulty|struggling|struggles) (?:talking|speaking|getting (?:her |his |my |the )?words out"
    r"|finishing (?:her |his |my )?sentences)"
    r"|\b(?:stops?|stopping|has to stop) to (?:gulp|catch|take|get) (?:air|(?:his|her|my|their) breath|a breath)"
    r" (?:after|between) (?:every|each) (?:couple of |few |two |2 |three )?words?\b"
    r"|\b(?:speaking|talking|answering|talks|speaks) (?:only )?(?:in|with) (?:single|one|odd|short|two or three"
    r"|a (?:few|couple of)) (?:words?|word answers|word sentences)|\bone[- ]word answers"
    r"|\bonly (?:able to |managing to |manages to )?(?:say|get out|manage|saying|managing|gets out)"
    r" (?:a few words|one or two words|two or three words|single words|odd words|a couple of words|the odd word"
    r"|a word)"
    r"|\b(?:too|so) (?:breathless|out of breath|short of breath|wheezy|puffed(?: out)?) (?:to|that \w+ can'?t) "
    r"(?:speak|talk|say|answer|finish)"
    r"|\b(?:stopping|pausing|gasping) (?:for (?:a )?breath )?(?:between|after) (?:every |each |a few |two or three )?"
    r"words?"
)
# Split from _SPEECH_FAILS only so each is skipped when its words are absent (triage/prefilter.py).
_CANT_TALK = re.compile(rf"\b{_CANT} {_TALK}")
_BREATHING = re.compile(
    r"\bbreath\w*|\bwheez\w*|\basthma\w*|\binhaler|\bpuffer|\bnebuli\w*|\bchest (?:is |feels )?tight"
    r"|\btight chest|\bpuffed|\bpanting|\bgasping|\bshort of breath|\bsob\b"
)


# A limb at an odd angle or bent out of shape after an injury is a displaced fracture or dislocation: A&E (NHS.uk
# broken arm or wrist, broken leg). How it went ("went over at a funny angle", "landed awkwardly") is not its shape:
# words between the limb and the angle may not say how it happened, nor deny it.
_LIMB = (
    r"(?:arm|arms|forearm|wrist|elbow|hand|finger|fingers|thumb|leg|legs|shin|thigh|knee|kneecap|ankle|foot|toe"
    r"|hip|shoulder|collarbone|bone)"
)
_ODD_SHAPE = (
    r"(?:(?:at|in) (?:a |an )?(?:odd|funny|strange|weird|wrong|unnatural|abnormal|horrible|crazy|impossible|scary)"
    r" (?:angle|shape|direction|position)|bent the wrong way|bent out of shape|bent backwards|bent sideways"
    r"|bent in the middle|bent (?:a |the )?(?:funny|wrong|weird|odd|strange) way"
    # ... or a broken hip's leg, shortened and turned out (round 20, T-97; NICE CG124 hip fracture).
    r"|shorter|(?:turned|rotated|rolled|pointing) out(?:wards)?"
    # ... or just bent, said of the limb after a fall (round 20, T-95): "his arm is bent"; not bent over or in a sling.
    r"|(?:is|'s|looks|went|was) (?:all )?bent\b(?! (?:over|down|double|forward|back|in a|at the))"
    r"|(?:deformed|misshapen|the wrong shape|a funny shape|a strange shape|an odd shape|out of shape|crooked|wonky))"
)
_DEFORMED_LIMB = re.compile(
    rf"\b{_LIMB}\b(?:(?!\b(?:no|not|isn'?t|wasn'?t|doesn'?t|didn'?t|never|landed|landing|went|go|goes|going"
    rf"|rolled|twisted|turned(?! (?:out|in|outwards|inwards))|came|caught|slept|sleeping|sat|sitting|when|as"
    rf"|while)\b)[\w ,']){{0,30}}?\b{_ODD_SHAPE}"
    rf"|\b(?:bend in|kink in|step in|dent in) (?:his |her |my |their |the )?{_LIMB}\b|\bobvious(?:ly)? deform\w*"
    # The shape said before the limb ("deformed wrist", "deformity of his forearm", a note's "deformed distal
    # radius"): issue 15 round 12, T-52.
    r"|\b(?:(?:deformed|misshapen|crooked|wonky) |deformity (?:of|to) (?:the |his |her |my |their )?)"
    rf"(?:left |right |distal |proximal )?(?:{_LIMB}|radius|ulna|tibia|fibula|femur|humerus)\b"
)
_INJURY = re.compile(
    r"\b(?:fell|fall\w*|fallen|trip\w*|slip\w*|tackl\w*|crash\w*|collid\w*|accident|injur\w*|landed|hit|kicked"
    r"|knocked|banged|twisted|snapped|crack\w*|broke|broken|break|fractur\w*|dislocat\w*|came off|thrown|trampoline"
    r"|on the (?:floor|ground)|foosh)\b"
    # ... or taken as a noun (round 21, T-103): "took a kick to the shin at rugby".
    r"|\b(?:took|taken|had|got) a (?:kick|knock|blow|whack|bang|hit)\b"
    # A note's "obvious deformity" is said of a fresh injury (round 20, T-92); an old one is not obvious.
    r"|\bobvious(?:ly)? deform\w*"
)


# Saying that one cannot do something: the one vocabulary of every rule that needs it.
_UNABLE = r"(?:can'?t|cannot|can not|couldn'?t|could not|unable to|not able to|(?:hasn'?t|haven'?t|not) been able to)"

# Issue 15 round 12 (hazard rows T-53, T-55 to T-57): red flags said in words that no rule caught, found among the
# synthetic emergencies a call-back band would have moved from ED, written from guidance and made-up reports.
# A spinal cord injury: limbs that cannot be felt or moved, or are numb, after an injury (NICE NG41 spinal injury;
# NHS.uk: call 999 after a serious injury, such as a fall from height or a road crash).
_LIMBS_FAIL = re.compile(
    rf"\b{_UNABLE} (?:feel|move) (?:my |his |her |their |both |either )?"
    r"(?:legs?|arms|feet|hands|anything below)\b|\b{_UNABLE} (?:feel|move) (?:both|either) arms?\b"
    r"|\b(?:legs|arms)\b[\w ,']{0,15}?\b(?:are |is |feel |went |gone |have gone )?(?:numb|paralys\w*|dead|limp)\b"
    r"|\bnumb (?:legs|arms)\b|\bparalys(?:ed|is)\b"
)
# One arm that cannot be moved or felt (round 21, T-105): a stroke, or a spinal injury after an injury, unless the arm
# itself is hurt: fell on it, a shoulder out or a wrist swollen (NHS.uk broken arm, dislocated shoulder: A&E).
_ONE_ARM_FAILS = re.compile(rf"\b{_UNABLE} (?:lift|raise|move|feel) (?:my |his |her |their )?(?:left |right )?arm\b")
_ONE_ARM_MOVES_NOT = re.compile(rf"\b{_UNABLE} (?:lift|raise|move) (?:my |his |her |their )?(?:left |right )?arm\b")
_ARM_HURT = re.compile(
    r"\b(?:fell|fallen|landed|falling|tripped|came down)\b[\w ,']{0,30}?\b(?:on|onto) "
    r"(?:my |his |her |their |an? |the )?(?:outstretched )?(?:arm|shoulder|wrist|elbow|hand)\b"
    r"|\b(?:shoulder|wrist|elbow|collarbone|forearm|arm)\b[\w ,']{0,25}?\b(?:dislocat\w*|popped out|broken|fractur\w*"
    r"|swollen|deformed|bent|out of place|sprain\w*)\b"
    r"|\b(?:dislocat\w*|broke|broken|fractur\w*|hurt|injured|sprained|pulled|twisted|banged|bashed) (?:my |his |her "
    r"|their )?(?:left |right )?(?:shoulder|wrist|elbow|collarbone|arm)\b|\bpopped out\b"
)
_INJURY_OR_DIVE = re.compile(rf"{_INJURY.pattern}|\bdiv(?:ed|ing) in(?:to)?\b")
# A high-energy mechanism with the person unable to get up or walk: major trauma (NICE NG39; NHS.uk call 999 after a
# serious accident). A trip on the stairs or an old crash is not this.
_HIGH_ENERGY = re.compile(
    r"\bhigh[- ](?:energy|speed|impact)\b|\brt[ca]\b|\broad traffic (?:collision|accident)"
    r"|\b(?:car|motorbike|motorcycle|motorway|head-on|bike|cycling|road) (?:crash|collision|accident|smash)"
    r"|\bcrash\w* (?:his |her |my |their |the |a )?(?:car|motorbike|motorcycle|van)"
    r"|\b(?:hit|knocked (?:off|over|down)|run over)\b(?: \w+){0,4}? by a (?:car|van|lorry|bus|truck|motorbike|train)"
    r"|\b(?:fell|fallen|falling|came|thrown|jumped) (?:off|from|out of) (?:a |the |his |her |my |their )?(?:\w+ )?"
    r"(?:ladder|roof|scaffold\w*|balcony|tree|window|horse|motorbike|motorcycle|bridge|cliff|height)\b"
    r"|\bfall from (?:a )?height\b"
)
_CANT_GET_UP = re.compile(
    rf"\b{_UNABLE} (?:get up|stand|walk|move|mobili[sz]e|weight[- ]bear"
    r"|bear weight)\b"
)
# An asthma attack that the reliever does not help: NHS.uk asthma attacks (A&E or 999 if the inhaler is not helping
# or 10 puffs have not helped); BTS/SIGN 158 (poor response to bronchodilator: assess in hospital).
_ASTHMA = re.compile(r"\basthma\w*|\bwheez\w*")
_RELIEVER = r"(?:inhalers?|puffers?|relievers?|ventolin|salbutamol|nebuli[sz]er)"
_RELIEVER_FAILS = re.compile(
    # ... or used and still tight (round 20, T-91): "had 10 puffs of his blue inhaler and still struggling" was a
    # call back (NHS.uk asthma attack: up to 10 puffs, then 999 if no better).
    rf"\b{_RELIEVER}\b[\w ,']{{0,40}}?\b(?:(?:i'?m|he'?s|she'?s|they'?re|i am|he is|she is|they are) )?still"
    r" (?:really |very |so |quite )?(?:tight\w*|wheez\w*|struggling|breathless|short of breath|gasping|no better"
    r"|(?:can'?t|cannot) (?:breathe|catch (?:my|his|her|their) breath))\b"
    rf"|\b{_RELIEVER}\b[\w ,']{{0,30}}?\b(?:isn'?t|is not|not|hasn'?t|has not|haven'?t|have not|doesn'?t|does not"
    r"|didn'?t|did not|aren'?t|are not|no longer|won'?t) (?:really |even |been |made )?(?:help\w*|work\w*|touch\w*"
    r"|(?:make|making|made) (?:a|any) difference|do\w* anything)\b"
    r"|\bpoor (?:reliever|bronchodilator|inhaler|salbutamol) response"
    rf"|\b{_RELIEVER} (?:is |are )?(?:useless|not effective|ineffective)\b"
    # ... or no difference said after the puffs counted (round 22, T-115: "his blue inhaler through the spacer, 10
    # puffs now, one a minute like his card says, and it hasn't made a blind bit of difference").
    rf"|\b{_RELIEVER}\b[\w ,']{{0,80}}?\b(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|doesn'?t|isn'?t|not|no)"
    r" (?:made |making |make )?(?:a |any |the )?(?:blind |slightest |real )?(?:bit of )?difference\b"
)
# Green (bilious) vomit with a swollen tummy, or no poo or wind: a bowel obstruction (NHS.uk bowel obstruction: A&E).
GREEN_VOMIT = re.compile(
    r"\b(?:vomit\w*|throwing up|threw up|thrown up|being sick|been sick|sick)\b[\w ,']{0,15}?\b(?:green|bile|bilious)\b"
    # ... or the colour said further on (round 22, T-119: "thrown up 3 times, the last one was a dark green colour").
    r"|\b(?:thrown up|threw up|been sick|vomited)\b[\w ,']{0,40}?\b(?:dark |bright )?green colou?r\b"
    r"|\bgreen (?:vomit|sick)\b|\bbilious\b"
)
_SWOLLEN_TUMMY = re.compile(
    r"\b(?:tummy|stomach|belly|abdomen)\b[\w ,']{0,12}?\b(?:swollen|distended|bloated|swelling|blown up)\b"
    r"|\b(?:swollen|distended|bloated) (?:tummy|stomach|belly|abdomen)\b|\b(?:abdominal )?distension\b"
)
_NO_POO = re.compile(
    r"\b(?:can'?t|cannot|haven'?t|hasn'?t|not|unable to)\b[\w ]{0,10}?\b(?:poo\w*|pass(?:ed|ing)? wind|fart\w*"
    r"|open(?:ed)? (?:my|his|her|their) bowels)\b"
)
# Vomiting with no poo and no wind: a bowel obstruction (NHS.uk bowel obstruction: A&E if you are being sick and
# cannot poo or fart). Round 20, T-96: it reached ED only through the model's words. Both must be missing: constipation
# with wind passing, or a bug that stopped meals, is not this.
_NO_POO_OR_WIND = re.compile(
    r"\b(?:can'?t|cannot|haven'?t|hasn'?t|not|unable to|no)\b[\w ]{0,10}?\b(?:poo\w*|open(?:ed)? (?:my|his|her|their)"
    r" bowels)\b[\w ]{0,12}?\b(?:or|and|nor) (?:pass(?:ed|ing)? )?(?:wind|fart\w*)\b"
)
# Vomiting said now: the words of the three round-20 rules that need it ("keeps being sick" holds "being sick").
_BEING_SICK = r"\bvomit\w*|\bbeing sick\b|\bbeen sick\b"
_VOMITING = re.compile(_BEING_SICK)
# Peritonism: tummy pain that spreads across the whole tummy, or a rigid, board-hard tummy, at any age (NHS.uk
# appendicitis: call 999 if the pain spreads across your tummy, the sign of a burst appendix; NICE CKS acute abdomen:
# peritonitis is admitted). The pain must come before the spreading in its sentence, so a rash that has spread over
# the tummy is not this (round 17, T-63).
_TUMMY_AREA = r"(?:tummy|belly|stomach|abdomen)"
_SPREADING_TUMMY_PAIN = re.compile(
    r"\b(?:pain|ache|agony|hurt\w*|cramp\w*)\b[^.;!?]{0,80}?\bspread\w* (?:all )?(?:over|across|through(?:out)?) "
    rf"(?:(?:my|his|her|the|their|your) )?(?:whole |entire )?{_TUMMY_AREA}\b"
)
_RIGID_TUMMY = re.compile(
    rf"\b{_TUMMY_AREA} (?:(?:is|was|has|feels|felt|went|gone|became|got|seems|looks|it's)(?: gone| become| got)? )?"
    r"(?:(?:very|really|so|quite|completely|totally|all) )?(?:rigid|board[- ]like|rock hard|rock solid)\b"
    rf"|\b(?:rigid|board[- ]like|rock hard) {_TUMMY_AREA}\b|\bhard as a board\b"
    # A clinician's "peritonitic abdomen" (typo repair reads "peritonitic" as peritonitis) or "peritonism"; not
    # peritonitis alone, which is often a history.
    r"|\bperitoni(?:tic|tis) (?:abdomen|tummy|belly)\b|\bperitonism\b"
)
# Shingles near the eye: the rash on the forehead, eyelid or tip of the nose, or the eye sore or red with it, risks the
# sight (NHS.uk shingles: urgent GP or 111 if the rash is near your eye; NICE CKS shingles: herpes zoster
# ophthalmicus is seen the same day). Said in one sentence, so shingles on the back and itchy eyes are not it (T-66).
_ZOSTER = r"(?:shingles|(?:herpes )?zoster|(?:strip|band|stripe|line|cluster) of (?:painful )?blisters)"
_EYE_AREA = r"(?:eyes?|eyelids?|forehead|brow|tip of (?:my |his |her |their |the )?nose)"
_SHINGLES_NEAR_EYE = re.compile(
    rf"\b{_ZOSTER}\b[^.;!?]{{0,80}}?\b{_EYE_AREA}\b|\b{_EYE_AREA}\b[^.;!?]{{0,80}}?\b{_ZOSTER}\b"
)
# A painful red eye with a change in sight: acute glaucoma, iritis, keratitis (NHS.uk red eye and glaucoma: A&E for a
# painful red eye with changes in eyesight, or rings around lights). A sticky eye with good sight is not this (T-68).
_EYES_OF = r"(?:(?:my|his|her|their|the|one|left|right) )*eyes?"
_PAINFUL_EYE = re.compile(
    rf"\b(?:really |very |so )?painful (?:red )?{_EYES_OF}\b|\beye pain\b|\bpain (?:in|behind|around) {_EYES_OF}\b"
    r"|\beyes? (?:is |are |feels? |has been )?(?:really |very |so )?(?:painful|sore and red|red and (?:painful|sore))\b"
)
_SIGHT_CHANGED = re.compile(
    r"\b(?:vision|sight|eyesight) (?:is |has |gone |went |getting |has been |been )*(?:really |very |all )?"
    r"(?:blurry|blurred|misty|cloudy|hazy|dim|worse)\b|\bblurr(?:y|ed) vision\b"
    r"|\b(?:halos?|rings?|rainbows?) (?:around|round) (?:the )?lights\b"
    r"|\b(?:lost|losing|loss of) (?:the |my |her |his )?(?:sight|vision)\b"
    r"|\bcan'?t see (?:properly|out of|clearly)\b|\bflashing lights\b|\bwavy lines\b"
    # ... or "everything is blurry and dark in that eye", or blood sitting in front of the coloured part (round 22,
    # T-119: a hyphaema after a stick to the eye).
    r"|\beverything (?:is |looks |has gone )?(?:\w+ )?(?:blurry|blurred|dark|dim|fuzzy)\b"
    r"|\bblood\b[\w ,']{0,20}?\b(?:at the bottom of|in front of|over) (?:the |her |his )?(?:coloured (?:bit|part)"
    r"|iris)\b"
)
# An eye hit, poked or struck, with sight changed (NHS.uk eye injuries: A&E; round 18, T-78).
_EYE_HIT = re.compile(
    rf"\b(?:hit|poked|punched|struck|elbowed|kicked|whacked|smacked|caught|jabbed)\b[\w ,']{{0,30}}?\b(?:in|on|into) "
    rf"{_EYES_OF}\b|\b(?:ball|fist|finger|stick|branch|elbow|something)\b[\w ,']{{0,20}}?\b(?:hit|went into|went in"
    rf"|poked|caught) {_EYES_OF}\b|\beye injur\w*"
)
# A cut with fingers or toes near it that cannot move or be felt: a tendon or nerve cut (NHS.uk cuts and grazes: A&E if
# you cannot move or feel part of your body near the cut, such as your fingers) (T-69).
_CUT = re.compile(r"\b(?:cut|cuts|sliced|slashed|gashed|lacerat\w*|stabbed|deep wound)\b")
_DIGITS = r"(?:fingers?|thumbs?|toes?)"
_CANT_MOVE_OR_FEEL = re.compile(
    rf"\b(?:can'?t|cannot|unable to|not able to) (?:move|bend|straighten|feel)\b[\w ]{{0,20}}?\b{_DIGITS}\b"
    rf"|\b{_DIGITS} (?:is |are |feels? |has gone |have gone |gone )?(?:numb|dead)\b"
    rf"|\b{_DIGITS} (?:won'?t|will not|don'?t|do not) (?:move|bend|straighten)\b"
)
# Peeling or blistering skin after a new medicine: Stevens-Johnson syndrome or TEN (NHS.uk: A&E or 999; NICE CKS).
_SKIN_LOSS = re.compile(
    r"\b(?:skin|rash)\b[\w ,']{0,25}?\b(?:peel\w*|blister\w*|coming off|came off|falling off|slough\w*|shedding)"
    r"|\b(?:peeling|blistering|blistered) (?:skin|rash)\b|\bdesquamat\w*|\bexfoliat\w* (?:rash|skin)\b"
)
_MEDICINES = (
    r"(?:medicines?|medications?|meds|tablets?|pills?|drugs?|antibiotics?|lamotrigine|carbamazepine|allopurinol"
    r"|phenytoin|co-trimoxazole|nevirapine|sulfa\w*)"
)
_NEW_MEDICINE = re.compile(
    rf"\bnew (?:\w+ )?{_MEDICINES}\b"
    r"|\b(?:start\w*|began|begun|since|after) "
    rf"(?:on |taking |a |the |some |my |his |her |their |new |course of ){{0,3}}{_MEDICINES}\b"
)


# Early pregnancy with heavy bleeding, one-sided lower tummy pain or shoulder-tip pain: a possible ectopic pregnancy
# or miscarriage (NHS.uk ectopic pregnancy and miscarriage: A&E or 999; NICE NG126: a positive test with pain goes
# to an early pregnancy service at once), wherever in the report the pregnancy is named. "Might be pregnant" counts.
_PREGNANT = re.compile(
    r"\bpregnan\w*|\b\d{1,2} weeks (?:gone|along)\b|\bpositive (?:pregnancy )?test"
    r"|\b(?:missed|late) (?:a |her |my )?period"
    r"|\bperiod (?:is |was )?(?:\w+ )?(?:late|overdue)\b|\bexpecting (?:a baby|twins)\b"
)
_HEAVY_BLEEDING = re.compile(
    r"\bbleed\w* (?:very |really |so |quite )?heav\w*|\bheav(?:y|ily) (?:vaginal )?bleed\w*"
    r"|\b(?:losing|lost|passing|passed) (?:a lot of|lots of|loads of|so much|a load of) blood"
    r"|\b(?:passing|passed|big|large|huge|lots of) (?:blood )?clots\b"
    r"|\bclots (?:of blood )?(?:coming|came) (?:out|away)"
    r"|\bsoak\w* (?:through )?(?:a |her |my |the )?(?:pads?|sanitary|towels?)"
)
_ONE_SIDED_PAIN = re.compile(
    r"\b(?:pain|ache|aching|cramp|cramps|cramping|stabbing|twinge)\b[\w ,]{0,30}?\bon (?:the |her |my |one |his )?"
    r"(?:left|right|one) (?:hand )?side\b"
    # The site after the pain, "pain in my lower right tummy", "in the left side of her belly" (round 17, T-64).
    r"|\b(?:pain|ache|aching|cramp|cramps|cramping|stabbing|twinge)\b[\w ,]{0,20}?\b(?:in|at) (?:the |her |my |his )?"
    r"(?:lower |bottom )?(?:left|right)(?: hand)?(?: side)?(?: of)? (?:the |her |my |his )?"
    r"(?:tummy|belly|stomach|abdomen|pelvis)\b"
    r"|\b(?:left|right|one)[- ]sided (?:pain|tummy|abdominal|stomach|cramp\w*|pelvic)"
    r"|\b(?:lower |bottom )?(?:left|right) (?:side of (?:the |her |my )?)?(?:tummy|belly|stomach|abdomen|pelvis)"
    r" (?:pain|ache|cramp\w*|hurts)"
)
_SHOULDER_TIP = re.compile(r"\bshoulder[- ]tip|\btip of (?:her |my |the |his |their )?(?:left |right )?shoulder")

# Acute urinary retention: cannot pee at all, with a full, painful bladder (NHS.uk urinary retention: go to A&E if
# you cannot pee at all). Passing urine with difficulty or pain ("can't pee properly", "it stings") is not this.
_CANT_PEE = re.compile(
    rf"\b{_UNABLE} (?:pee|wee|urinate|pass (?:any )?(?:urine|water)|(?:go|get) (?:to the toilet )?for a (?:pee|wee)"
    r"|empty (?:my |his |her )?bladder)\b(?! (?:properly|without|because|as much|much|straight|in front))"
    r"|\b(?:hasn'?t|haven'?t|has not|have not|not) (?:passed|done|had) (?:a |any )?(?:urine|water|pee|wee)\b"
    r"|\bonly (?:passing|managing) (?:a few )?(?:dribbles|drops)\b"
    r"|\b(?:pee|wee|urinate)\b[\w ,']{0,40}?\bnothing (?:comes|came|will come|is coming) out\b"
    r"|\burinary retention\b|\bretention of urine\b"
    # ... or a catheter that has stopped draining (round 20, T-101): "nothing has drained for 6 hours".
    r"|\bcatheter\b[\w ,']{0,30}?\b(?:nothing|not|isn'?t|hasn'?t|stopped|no urine|no wee)\b[\w ]{0,10}?\bdrain\w*"
)
# ... or unable for hours, said in one breath (round 20, T-92): in "i haven't been able to wee since this morning" the
# clause's "haven't" denies "since this morning" for `_FULL_BLADDER`, so the hours are read with the inability.
_CANT_PEE_FOR_HOURS = re.compile(
    rf"\b{_UNABLE} (?:pee|wee|urinate|pass (?:any )?(?:urine|water))\b[\w ,']{{0,12}}?"
    r"\b(?:since (?:yesterday|last night|this morning|lunch\w*|breakfast)|for (?:\d+|several|many|a few|six|eight|ten"
    r"|twelve) hours|all day)\b"
)
_FULL_BLADDER = re.compile(
    r"\bat all\b|\bnothing (?:comes|came|will come|is coming) out\b|\bdesperate\b|\bbursting\b|\bburst\b"
    r"|\bbladder\b[\w ,']{0,30}?\b(?:full|swollen|distended|hard|huge|agony|painful|sore|hurts?)\b"
    r"|\b(?:lower |bottom of (?:my |his |her )?)?(?:tummy|belly|stomach|abdomen)\b[\w ,']{0,30}?\b(?:swollen|swelling"
    r"|bloated|distended|full|hard|tight|agony|painful|sore|hurts?)\b"
    r"|\b(?:agony|pain\w*|sore|swollen|swelling|hurts?)\b[\w ,']{0,25}?\b(?:tummy|belly|bladder|pubic)\b"
    r"|\b(?:above|over) (?:the |my |his |her )?pubic bone\b"
    r"|\b(?:for|in) (?:\d+|six|eight|ten|twelve|several|many) hours\b|\ball day\b"
    r"|\bsince (?:yesterday|last night|this morning|lunch\w*|breakfast|teatime)\b"
)

# A head injury with any vomiting since, drowsiness or any loss of consciousness goes to A&E (NICE NG232 1.1:
# refer to an emergency department; NHS.uk head and brain injuries), whoever tells it and however far apart the
# injury and the sign are said. A knocked-out tooth is not being knocked out.
_HEAD_WARNING = re.compile(
    r"\bvomit\w*|\bthr(?:ew|own|owing|ows?) up\b|\b(?:been|being|was|is|keeps being|has been) sick\b"
    r"|\bsick (?:twice|again|once|\w+ times)\b|\bdrows\w*|\bsleepy\b|\bdozing\b"
    r"|\bkeeps (?:falling asleep|nodding off|dropping off)"
    r"|\bknocked (?:out|unconscious)\b(?! (?:a |his |her |my |their |the )?(?:front )?(?:tooth|teeth))"
    r"|\bknocked (?:him|her|them|me) out\b|\bblack(?:ed)? out\b"
    r"|\b(?:lost|loss of|losing) consciousness|\bout cold\b"
    # ... or a pause with the eyes open and nobody home (round 22, T-115: "she didn't make a sound for what felt like
    # 10 seconds, eyes open but glassy like nobody home").
    r"|\b(?:didn'?t|did not) (?:make a sound|cry|react) for\b|\beyes (?:open but )?glassy\b|\bnobody home\b"
    r"|\bout for (?:a |a few |a couple of )?(?:seconds?|minutes?|a (?:second|minute|while|bit))\b"
    r"|\bconfus\w*|\bnot (?:himself|herself|themselves|making sense)"
    r"|\b(?:can'?t|doesn'?t|does not|cannot) remember (?:what happened|the fall|falling|hitting|the accident)"
    # Signs of a skull-base fracture (NICE NG232 1.4: CT within an hour), round 18, T-75: clear fluid from the nose or
    # an ear, blood from an ear; a head injury must be said too, so a runny nose is not this.
    r"|\bclear (?:fluid|liquid)\b[\w ,']{0,30}?\b(?:from|out of) (?:his|her|my|their|the) (?:nose|ears?)\b"
    r"|\b(?:blood|bleeding|fluid)\b[\w ]{0,20}?\b(?:from|out of) (?:his|her|my|their|the) ears?\b"
)


# A mental-health crisis told in everyday words, in the first person or by a relative or carer, with no suicidal
# words (NHS.uk "get help for a mental health crisis" and the urgent mental health helpline (111 option 2): hearing or
# seeing things others do not, believing people are watching or out to harm them, not sleeping, a sudden change in
# behaviour, being a danger to themselves or others; NICE CG178 psychosis and CG185 bipolar: refer urgently to a crisis
# team; Mind and RCPsych lay descriptions). Each needs a current crisis feature as well as the experience itself, so
# a history ("has schizophrenia, well on his meds"), a denial ("no voices") or advice fires nothing.
_PRONOUN = r"(?:he|she|they|i|we|you|it)"
_MH_CRISIS = "NHS.uk mental health crisis (urgent mental health helpline, NHS 111 option 2)"
_VOICES = re.compile(
    r"\bhear(?:s|d|ing)? (?:a )?voices?\b"
    r"(?! (?:on|through|over|down) (?:the|a|my|his|her) (?:phone|radio|tv|telly|baby monitor|monitor|intercom"
    r"|headset|headphones|game))"
    r"|\bvoices (?:in|inside) (?:my|his|her|their) head|\bvoices? (?:is |are |keeps? |have been |has been )?(?:telling"
    r"|saying|shouting|commanding|ordering)\b|\bhallucinat\w*"
    r"|\b(?:hear\w*|see\w*|seen|saw|talk\w* to) (?:things|people|someone|somebody|faces|spiders|insects|bugs|animals"
    r"|shadows|figures)\b[\w ,']{0,30}?\b(?:isn'?t|aren'?t|is not|are not|wasn'?t|weren'?t) (?:really )?there\b"
    r"|\b(?:hear\w*|see\w*|seen|saw) (?:things|people|someone|faces|figures)\b[\w ,']{0,25}?\b(?:no one|nobody|no-one"
    r"|others (?:can'?t|cannot)|we (?:can'?t|cannot)) (?:else )?(?:can )?(?:hear|see)\b"
)
_AGENT = (
    r"(?:people|someone|somebody|they|the neighbou?rs|neighbou?rs|the police|police|the government|mi5|the fbi"
    r"|the cia|strangers|everyone|everybody|(?:his|her|their|my|our) (?:family|neighbou?rs|wife|husband|partner)"
    r"|we|the (?:doctors|nurses|staff)|men|a man|cars?|the (?:tv|telly|radio))"
)
_PARANOID = re.compile(
    r"\b(?:believ\w*|thinks?|thought|convinced|sure|certain|says?|said|saying|claims?|insists?|accus\w*|feels?"
    r"|feeling|scared|frightened)\b[\w ,']{0,25}?\b" + _AGENT + r"\b(?: (?:is|are|was|were|have|has|had|keep|keeps"
    r"|been|'re|'s|have been|has been|are all))* (?:\w+ )?(?:watch\w*|follow\w*|spy\w*|poison\w*|track\w*|bugg\w*"
    r"|plott\w*|out to get|after (?:him|her|me|them)\b|trying to (?:kill|poison|harm|hurt|get)|listening (?:to|in)"
    r"|reading (?:his|her|my|their) (?:mind|thoughts)|controll\w*|put (?:cameras|microphones|chips|bugs))"
    r"|\b(?:cameras?|microphones?|bugs|listening devices?) (?:hidden )?(?:in|inside|behind)"
    r" (?:the |his |her |my |their )?(?:walls?|ceiling|lights?|house|flat|room|tv|telly|smoke alarm)"
    r"|\b(?:chip|microchip|implant|tracker|transmitter)\w* (?:in|inside) (?:his|her|my|their) (?:head|brain|teeth|body)"
    r"|\b(?:food|water|drinks?|tea|tablets|medication|meds) (?:is|are|was|were|has been|have been|being) (?:being )?"
    r"poison\w*|\bparanoi\w*"
)
_STOPPED_MEDS = re.compile(
    r"\bstopped (?:taking )?(?:his |her |their |my )?(?:medication|meds|tablets|lithium|antipsychotics?"
    r"|injections?|depot|clozapine|olanzapine|risperidone|aripiprazole|quetiapine)"
    r"|\b(?:not|isn'?t|hasn'?t been|won'?t) tak\w* (?:his |her |their |my )?(?:medication|meds|tablets|lithium)"
)
_CRISIS_NOW = re.compile(
    r"\b(?:frightened|terrified|scared|petrified|distress\w*|agitat\w*|panick\w*|aggressi\w*|violent|threaten\w*"
    r"|shouting|screaming|lashing out|smash\w*|barricad\w*|out of character|acting on|hiding|hidden)\b"
    r"|\b(?:can'?t|cannot|can not|won'?t|unable to) (?:calm|settle|reason with|get through to|talk \w+ down)"
    r"|\b(?:can'?t|cannot|won'?t|unable to) calm (?:him|her|them|me) down|\bwon'?t calm down"
    r"|\blocked (?:him|her|them|my)sel(?:f|ves) (?:in|away)|\bwon'?t (?:leave|come out of) (?:his|her|their|my|the) "
    r"(?:room|house|flat|bedroom)|\b(?:hasn'?t|has not|not|haven'?t) (?:left|been out of) (?:the|his|her|their|my) "
    r"(?:house|room|flat|bed)"
    r"|\b(?:not|hardly|barely|hasn'?t|haven'?t|has not|have not) (?:been )?(?:sleep\w*|slept)"
    r"|\bnot (?:him|her|them|my)sel(?:f|ves)\b|\b(?:acting|behaving) (?:very |really |so )?(?:strange\w*|odd\w*"
    r"|weird\w*|bizarre\w*|erratic\w*|differently|out of character)"
    r"|\b(?:sudden|big|massive|huge|complete) change in (?:his|her|their|my) (?:behaviou?r|personality)"
    r"|\b(?:doing|does|did) what (?:the voices|they|it) (?:tell|tells|told|say|says|said)"
    r"|\btelling (?:him|her|me|them) to\b|\b(?:talking|talks) (?:nonsense|gibberish|rubbish)|\bnot making sense"
    r"|\b(?:not|stopped|isn'?t|hasn'?t been|won'?t|refus\w* to) (?:eat\w*|drink\w*)"
    r"|\b(?:can'?t|cannot|unable to) (?:cope|look after (?:him|her|them|my)sel(?:f|ves))"
    r"|\b(?:won'?t|wants to) (?:go to|ring|call) the police\b|\bwander\w*|\bran off|\brunning off"
)
# Mania (NICE CG185): days without sleep with racing thoughts or pressured speech, and reckless or grandiose
# behaviour, psychotic beliefs or stopped medication. Worry keeping someone awake with a racing mind is not this.
_NO_SLEEP = re.compile(
    r"\b(?:not|hasn'?t|haven'?t|has not|have not|hardly|barely|no|without|n'?t|didn'?t|did not)\b[\w ']{0,12}?"
    r"\b(?:slept|sleeping|sleep)\b[\w ,']{0,25}?\b(?:days|nights|a week|\d+ hours)\b"
    r"|\b(?:up|awake) (?:all night|for (?:days|nights|\d+ (?:days|nights)|two|three|four|five|several|a few))\b"
    r"|\b(?:doesn'?t|does not|don'?t|do not) (?:seem to |think (?:he|she|they|i) )?need (?:any |to )?sleep"
)
_RACING = re.compile(
    r"\bracing (?:thoughts|mind)|\b(?:thoughts|mind) (?:is |are |keep |keeps )?racing"
    r"|\b(?:talking|talks|speaking|speaks) (?:very |really |so |incredibly |too )?(?:fast|quickly|non-?stop|constantly"
    r"|at a hundred miles an hour|over (?:everyone|people|us))|\bpressured speech|\b(?:can'?t|won'?t) stop talking"
    r"|\bcan'?t get a word in|\bjump\w* from (?:one )?(?:topic|subject|idea|thing) to|\bflight of ideas"
    r"|\bfull of (?:big )?(?:ideas|plans|energy)|\b(?:euphoric|elated|manic|mania|hypomani\w*|grandios\w*)"
)
_RECKLESS = re.compile(
    r"\b(?:spent|spending|spends|blown|blew|lost|gambl\w*) (?:\w+ )?(?:thousands|hundreds|all (?:his|her|their|my|our)"
    r" (?:money|savings|wages)|(?:his|her|their|my|our) savings|a fortune|loads of money|£\d|\$\d)"
    r"|\bmaxed out|\bcredit cards?\b|\bgambl\w*|\breckless\w*|\bspending spree|\bsplurg\w*"
    r"|\bdriving (?:dangerously|recklessly|too fast)"
    r"|\b(?:quit|walked out of) (?:his|her|their|my) job|\bgiving (?:all )?(?:(?:his|her|their|my|our) )?money away"
    r"|\bthinks? (?:he|she|they|i) (?:is|are|am|'s|'re|'m) (?:god|jesus|the messiah|a prophet|famous|royal\w*"
    r"|invincible|a genius|special|chosen|a millionaire|rich)\b|\binvincible"
)
_MANIA_MORE = (_RECKLESS, _PARANOID, _VOICES, _STOPPED_MEDS)
# Said of a person now: a danger to themselves or others, or the family cannot keep them safe (NHS.uk mental health
# crisis; NICE CG185 and NG225: refer urgently if a danger to self or others).
_DANGER = re.compile(
    r"\b(?:can'?t|cannot|can not|unable to|not able to|no longer able to|struggling to) keep (?:him|her|them|me|myself"
    r"|us|herself|himself|themselves|the (?:kids|children)|everyone) safe\b"
    r"|\bdanger to (?:him|her|them|my|your)sel(?:f|ves)\b"
    r"|\bdanger to (?:others|other people|us|me|the (?:kids|children|family)"
    r"|everyone|someone|anyone)\b"
    r"|\b(?:scared|afraid|frightened|terrified|worried) (?:that )?" + _PRONOUN + r"(?:'ll| will| might| may| could"
    r"| is going to| are going to|'s going to|'re going to) (?:hurt|harm|kill|attack) "
    + PEOPLE
    # ... or pictures, thoughts or urges of hurting someone (round 22, T-114: "pictures in my head of hurting my
    # flatmate", "thoughts of stabbing someone"); hurting one's own back is not this.
    + r"|\b(?:can'?t|cannot|won'?t) promise (?:i'?ll|she'?ll|he'?ll|they'?ll|i will|she will|he will|they will)"
    r" (?:be |stay |keep )?(?:ok|okay|safe|alright|all right)\b"
    r"|\b(?:pictures|images|thoughts|urges?|surges?|visions)\b[\w ,']{0,20}?\bof (?:hurting|killing|harming"
    r"|attacking|stabbing|strangling) (?:my (?!back|neck|knee|shoulder|hip)\w+|someone|somebody|people|the (?:kids|baby"
    r"|children)|him|her|them)\b"
)
# Not eating or drinking because of their mental state (NICE CG90 depression and CG178: a risk to life, refer
# urgently): both, or either for days, said with a mental-health state.
_NOT_EATING = re.compile(
    r"\b(?:not|stopped|isn'?t|hasn'?t (?:been )?|haven'?t|won'?t|refus\w* to|refusing|barely|hardly)\b ?(?:been )?"
    r"(?:eat\w*|ate)\b[\w ]{0,12}?\b(?:or|and|nor) (?:drink\w*|drunk|drank|fluids|water)"
    r"|\brefus\w* (?:all )?(?:food|to eat)|\b(?:hasn'?t|has not|not) (?:eaten|had anything to eat)\b[\w ]{0,15}?"
    r"\b(?:days|a week)\b|\b(?:won'?t|not|stopped) (?:eat\w*|drink\w*) because"
)
_MENTAL_STATE = re.compile(
    r"\b(?:depress\w*|psychos\w*|psychotic|schizophren\w*|bipolar|mania|manic|voices|paranoi\w*|mental (?:health|state"
    r"|illness)|breakdown|catatoni\w*|hopeless\w*|given up|suicid\w*)\b"
    r"|\b(?:won'?t|can'?t|hasn'?t|has not|not) (?:get|got|been) out of bed\b"
)
# A weapon in someone's hands with a threat, or held to themselves (a cut on a knife while cooking is not this).
_ARMS = r"(?:knife|knives|gun|shotgun|rifle|firearm|machete|axe|blade|razor(?: blade)?|broken glass|weapon|hammer)"
_WEAPON_HELD = re.compile(
    # "he's got a knife" too (round 20, T-99): "'s got" is how "has got" is said.
    rf"\b(?:holding|waving|brandish\w*|pointing|grabbed|picked up|got hold of|has got|'s got|'ve got|armed with"
    rf"|carrying"
    rf"|threaten\w* (?:\w+ )?with) (?:a |the |his |her |their |my |some )?(?:kitchen |big |large )?{_ARMS}\b"
    rf"|\b{_ARMS} (?:to|at|against) (?:his|her|my|their) (?:own )?(?:throat|wrists?|neck|head|chest)\b"
    rf"|\bwon'?t put (?:the |his |her )?{_ARMS} down"
)
_THREAT_NOW = re.compile(
    r"\bthreat\w*|\bwav\w*|\bbrandish\w*|\bpoint\w* (?:it|the \w+|a \w+) at|\bwon'?t put (?:it|the \w+) down"
    r"|\bto (?:his|her|my|their) (?:own )?(?:throat|wrists?|neck)\b|\blocked (?:him|her|them|my)sel(?:f|ves) in"
    rf"|\b(?:kill|stab|shoot|hurt) (?:(?:him|her|my|them)sel(?:f|ves)\b|{PEOPLE})"
)


# A suicide plan or preparations said in everyday words (NICE NG225 1.3: ask about plans and means and assess at
# once; NHS.uk "help for suicidal thoughts": call 999 if you have a plan or have made preparations). "... and i have a
# plan" is the phrase rule's; this is the plan told as what was worked out ("i've worked out how i'll do it", "she's
# been planning how she'd end it", "he knows how he'd do it") or a preparation (a goodbye note, tablets saved up).
# A method whose object is the person's life ("how she'd end it", "how to end his life") is enough on its own; "do
# it", "exactly how" or a preparation needs something suicidal said too, so "worked out how to do it himself" (a
# boiler), "end it with my boyfriend" or tablets saved for a holiday are not this.
_PLAN_VERB = (
    r"(?:work(?:ed|ing|s)? out|figur(?:ed|ing|es)? out|sort(?:ed|ing)? out|decided|decid(?:ed|ing) on|knows?|knew"
    r"|plann(?:ed|ing)|plans|thought out|research(?:ed|ing)|look(?:ed|ing|s)? up|googl(?:ed|ing|es)|chosen|picked)"
)
_WHO_WILL = r"(?:to |(?:i|he|she|they)\b[\w' ]{0,16}?\b)"
_ENDS_LIFE = (
    r"(?:end it(?! (?:with|between|off)\b)|end it all|end (?:my|his|her|their) (?:own )?life"
    r"|kill (?:my|him|her|them)sel(?:f|ves)|take (?:my|his|her|their) (?:own )?life)"
)
_PLAN_TO_END_LIFE = re.compile(rf"\b{_PLAN_VERB} (?:exactly |just )?how {_WHO_WILL}{_ENDS_LIFE}")
_PLAN_TO_DO_IT = re.compile(
    rf"\b{_PLAN_VERB} (?:exactly |just )?how\b(?: {_WHO_WILL}(?:do it|go through with it)\b"
    r"|(?=\s*(?:[,.;!?]|$|and\b|but\b|so\b)))"
)
_PREPARED = re.compile(
    r"\b(?:written|wrote|writing|left|found) (?:a |her |his |my |their |some )?(?:suicide|goodbye|farewell)"
    r" (?:notes?|letters?)\b|\bsuicide notes?\b"
    r"|\b(?:stockpil\w*|sav(?:ed|ing|es) up|hoard\w*|collect(?:ed|ing) up) (?:all )?(?:my |his |her |their )?"
    r"(?:tablets|pills|medication|meds|paracetamol|painkillers)\b"
)
_SUICIDAL_SAID = re.compile(
    r"\bsuicid\w*|\bkill(?:ing|ed|s)? (?:my|him|her|them)sel(?:f|ves)\b|\bend(?:ing|s)? it all\b"
    r"|\bend(?:ing|s)? (?:my|his|her|their) (?:own )?life|\b(?:want|wants|wanted|wanting) to (?:die|be dead)\b"
    r"|\bbetter off (?:dead|without (?:me|him|her|them)\b)|\btak(?:e|es|ing) (?:my|his|her|their) own life"
    r"|\b(?:don'?t|doesn'?t|do not|does not) want to (?:be here|live|be alive)"
    r"|\b(?:written|wrote|writing|left) (?:\w+ ){0,2}(?:notes?|letters?)\b"
    r"(?! (?:for|on|about|in|to (?:the|my) (?:gp|school|work))\b)"
    r"|\b(?:suicide|goodbye|farewell) (?:notes?|letters?)\b"
    r"|\bgiv(?:ing|en|es) (?:away )?(?:all )?(?:my|his|her|their) (?:things|stuff|belongings|possessions)\b"
)


# Two forms the clause scopes read as now, which the crisis rules skip (issue 15, round 11; hazard T-43). A safety
# plan recited: "if he gets paranoid and frightened again we ring the crisis line" is the condition of a plan, from
# "if" to the call it makes, unless a word between says it is now ("like this", "still"); a question ("should we
# call") may be about now and is not a plan. And a past episode joined by "and": "had a breakdown last year and was
# paranoid and aggressive", where "and" ends the historical clause (negation.py errs that way for every rule).
_NOW_WORDS = r"(?:now|right now|at the moment|currently|still|already|today|tonight|like this|at present)"
# "if" as a condition, not "whether" ("don't know if he's hallucinating"); the condition may not run past a comma
# except into the call itself, so "if he's ill or what, he's terrified, i'll call" is no plan.
_IF = (
    r"\b(?<!know )(?<!knows )(?<!sure )(?<!wonder )(?<!wondering )(?<!ask )(?<!asking )(?<!asked )(?<!asks )"
    r"(?<!see )(?<!tell )(?<!check )(?:if|in case)\b"
)
_CONDITION = rf"(?:(?!\b{_NOW_WORDS}\b)[^.;!?\n,]){{0,100}}?(?:,\s*)?"
_RECITED_PLAN = re.compile(
    rf"{_IF}{_CONDITION}"
    r"\b(?<!should )(?<!shall )(?<!do )(?<!can )(?<!could )(?<!would )(?<!will )(?:we|i|they|you|he|she)"
    r"(?:'ll| will| should| must| can| are to| is to| have to| has to| need to| know to| are meant to| are told to)?"
    r" (?:ring|call|phone|contact|text|dial|get hold of)\b"
    rf"|\bthe plan is\b[\w ,']{{0,20}}?{_IF}{_CONDITION}\bto (?:ring|call|phone|contact)\b"
)
# A clause continuing a past episode across "and" says nothing of now or the present and is told in the past ("was
# paranoid", "heard voices") or is a single word ("aggressive"); "and now he's hearing voices", "and hears voices",
# "and stopped his meds last week" are not the past episode.
_NOW_OR_PRESENT = re.compile(
    r"\b(?:now|again|still|currently|today|tonight|this|these|recently|lately|yesterday|since|ago|last (?:night|week"
    r"|weekend|few)|is|are|am|has|have|keeps?|won'?t|can'?t|cannot|doesn'?t|does|don'?t|do|isn'?t|aren'?t|hasn'?t"
    r"|haven'?t|will|going)\b|'(?:s|re|m|ve|ll)\b"
)
_PAST_TENSE = re.compile(r"\b(?:was|were|had|did|got|went|became|felt|thought|believed|heard|saw|kept|\w+ed)\b")
_CLAUSE_END = re.compile(r"(?:\s*(?:\band\b|[,.;:!?()\n]|\s-\s))+\s*$")


def _plan_or_past(f: Findings, at: int) -> bool:
    """Whether the occurrence at `at` lies in a safety plan recited or continues a past episode across "and"."""
    if any(m.start() <= at < m.end() for m in prefilter.finditer(_RECITED_PLAN, f.text)):
        return True
    return _continues_the_past(f, at)


def _continues_the_past(f: Findings, at: int) -> bool:
    start = f.scopes.clause_start(at)
    if not f.text[:start].endswith("and"):
        return False
    clause = _CLAUSE_END.sub("", f.text[start : f.scopes.clause_end(at)]).strip()
    if prefilter.search(_NOW_OR_PRESENT, clause) or not (
        prefilter.search(_PAST_TENSE, clause) or len(clause.split()) == 1
    ):
        return False
    before = start - len("and")
    polarity = f.scopes.polarity(before)
    return polarity is Polarity.HISTORICAL or (polarity is Polarity.PRESENT and _continues_the_past(f, before))


# A painful, swollen or red calf (a DVT) with breathlessness or chest pain may be a clot on the lung: A&E or 999 (NHS.uk
# DVT; round 18, T-76). The floor is A&E; the model or another rule may say 999.
_CALF = re.compile(
    r"\b(?:calf|calves)\b[\w ,']{0,25}?"
    r"\b(?:swollen|swelling|swelled|red|hot|warm|throbbing|painful|pain|tender|aching)\b"
    r"|\b(?:(?:swollen|painful|red|hot|tender) |pain in (?:my |his |her |their |the |one )?)"
    r"(?:left |right )?(?:calf|calves)\b"
    # ... or one leg, said as "leg" (round 20, T-100): "a really painful swollen leg since i started the pill";
    # both legs swollen are not this.
    r"|\b(?:swollen|painful|red|hot|tender),? (?:(?:and |swollen |painful |red |hot |tender )*)leg\b(?!s)"
    r"|\b(?:left|right|one) leg\b[\w ,']{0,20}?\b(?:swollen|swelling|painful|tender|hot|red)\b"
)
_BREATHLESS_OR_CHEST_PAIN = re.compile(
    r"\bshort of breath|\bbreathless(?:ness)?\b|\bout of breath|\bwinded\b"
    r"|\b(?:can'?t|cannot) (?:catch|get) (?:my|his|her|their) breath"
    r"|\bstruggling to breathe|\bchest pain|\bpain in (?:my |his |her |their |the )?chest"
    r"|\b(?:hurts|pain\w*) (?:when|as) (?:i|he|she|they) breathe|\bcough\w* (?:up )?blood"
)


# A low blood sugar that treatment is not lifting, or that has made someone confused, drowsy or seem drunk, needs
# someone else's help: A&E or 999 (first aid and NHS.uk low blood sugar: call 999 when sugar does not help or the
# person is confused or drowsy; JBDS-IP: a hypo that needs another's help is severe). Round 19, T-79: "a hypo that
# won't come up, i've had 3 lots of sugar and i'm still 2.5" was a call back. A hypo treated and over is not this.
_LOW_SUGAR = re.compile(
    r"\bhypo(?:s|glycaemi[ac]|glycemi[ac])?\b|\blow (?:blood )?(?:sugars?|glucose|bms?)\b(?! diet)"
    r"|\b(?:blood )?(?:sugars?|glucose|bms?)(?: levels?| readings?)? (?:is |are |was |were |has |have |keeps? )?"
    r"(?:gone |going |been |dropped |dropping |dipped |dipping |still |really |very |so )*(?:low|lo|dropping|down)\b"
    r"|\b(?:meter|monitor|reading|libre|sensor) (?:says|reads|shows|is|showing|reading) lo\b"
)
# Confusion now (not "confused about" a choice), or no response: a danger sign of heatstroke, hypothermia and a hypo.
_MIND_CHANGED = (
    r"\bconfus(?:ed|ion)\b(?! about)|\bnot making (?:any |much )?sense\b|\bunresponsive\b|\btalking gibberish\b"
)
# Insulin or a sulfonylurea: the diabetes medicines that cause hypos (NHS.uk low blood sugar). Round 21, T-103: "on
# gliclazide, skipped lunch, drenched in sweat and talking gibberish" was a call back: no word for a low sugar.
_HYPO_DRUG = re.compile(
    r"\binsulin\b|\bglic?lazide\b|\bglimepiride\b|\bglibenclamide\b|\bglipizide\b|\btolbutamide\b"
    r"|\bsul(?:f|ph)onylureas?\b"
)
_HYPO_MIND = re.compile(
    rf"{_MIND_CHANGED}|\b(?:acting|seems?|seeming|looks?) (?:drunk|strange(?:ly)?|odd(?:ly)?|weird(?:ly)?)\b"
    r"|\b(?:can'?t|cannot|couldn'?t) (?:wake|rouse)\b|\b(?:really |very )?aggressive\b"
)
_HYPO_NOT_LIFTING = re.compile(
    r"\bwon'?t come up|\b(?:is|are|isn'?t|aren'?t|not) (?:coming|going) (?:back )?up\b"
    r"|\bstill (?:low|lo\b|dropping|\d(?:\.\d)?\b)|\bkeeps? (?:dropping|going down)"
    r"|\b(?:3|three) (?:lots|times|goes|rounds|doses|tubes)\b|\bx ?3\b|\bnot (?:getting )?(?:any )?better after"
    r"|\bnot respond(?:ing)? to (?:oral )?(?:glucose|sugar|treatment)|\bglucagon"
    r"|\b(?:acting|seems?|seeming|looks?) (?:drunk|strange(?:ly)?|odd(?:ly)?|weird(?:ly)?)|\bnot making (?:any )?sense"
    r"|\bconfus\w*|\bdrows\w*|\b(?:can'?t|cannot|couldn'?t) (?:wake|rouse)"
    r"|\b(?:won'?t|can'?t|cannot|unable to) (?:eat|drink|swallow)|\bunresponsive"
)

# Palpitations with a faint or blackout, chest pain or breathlessness: A&E or 999 (NHS.uk heart palpitations). Round
# 19, T-80: "my heart is racing at 180 and i fainted" reached ED only through the model's words. A racing heart from
# anxiety that settles, or racing thoughts, is not this.
_PALPITATIONS = re.compile(
    r"\bpalpitat\w*|\b(?:racing|pounding|thumping) heart"
    r"|\bheart(?:beat)? (?:is |was |has been |had been |keeps |kept |started |starts )?(?:\w+ ){0,2}?"
    r"(?:racing|pounding|thumping|fluttering|flutters|going (?:\w+ )?(?:fast|quick|mad|crazy)"
    r"|beating (?:\w+ )?(?:fast|quickly|quick|hard|irregularly))"
)
_FAINTED_OR_CHEST = re.compile(
    r"\bfainted|\bpassed out|\bblack(?:ed)? out|\bcollapsed|\blost consciousness|\bkeeled over"
    # ... or near it (round 20, T-100; NHS.uk palpitations: A&E with dizziness or fainting): "i feel faint".
    r"|\bfeel(?:s|ing)? (?:very |really |a bit )?(?:faint|light-?headed|dizzy)\b|\bnearly (?:fainted|passed out)\b"
    r"|\bshort of breath|\bbreathless(?:ness)?\b|\bout of breath|\bstruggling to breathe"
    r"|\bchest (?:pain|tight\w*)|\bpain in (?:my |his |her |their |the )?chest|\btight chest"
)


# An allergic reaction now with a hoarse or croaky voice, noisy breathing, a wheeze or trouble swallowing: an airway
# problem, anaphylaxis (Resuscitation Council UK 2021: airway and breathing problems; NHS.uk anaphylaxis: call 999).
# Round 19, T-82: "my face is puffing up and my voice has gone hoarse after eating prawns" was a call back. A known
# allergy named in passing ("allergic to penicillin"), hay fever, a hoarse voice from shouting, or hives beside a
# croaky throat (a generated non-emergency: hives alone is the skin, not a reaction in the airway) is not this.
_ALLERGY_NOW = re.compile(
    r"\ballergic reaction|\breaction to (?:the |a |an |some )?(?:new )?\w+"
    r"|\b(?:face|lips?|tongue|eyes?|mouth|throat)\b[\w ']{0,20}?\b(?:puffing up|puffed up|puffs up|swelling up"
    r"|swelled up|swollen up|swelling|blown up|blew up)"
    r"|\b(?:ate|eaten|eating|had|swallowed|(?:a )?bite of|bit into|tasted) (?:a |an |some |the )?(?:\w+ ){0,4}?"
    r"(?:peanuts?|peanut butter|nuts?|satay|prawns?|shellfish|sesame|seafood|shrimps?|crab|lobster)\b"
    r"|\bstung\b|\bbee sting|\bwasp sting"
    # ... or a new medicine with a tongue gone thick or tingly (round 19, T-86).
    r"|\btongue (?:feels |is |has gone |went |gone )?(?:really |very |all )?(?:thick|tingly|tingling|fat|heavy)\b"
    r"(?=[\w ,']{0,40}?\b(?:after|since) (?:taking |starting )?(?:the |my |a |some |this )?new\b)"
)
_AIRWAY_SIGN = re.compile(
    r"\bhoarse|\bcroaky|\bhusky voice|\bvoice (?:has |is |was )?(?:gone |going |went |sounds? |sounding )?"
    r"(?:all |really |very )?(?:funny|strange|different|squeaky|weird)"
    r"|\bstridor|\bnoisy breathing|\bbreathing (?:is |was |sounds? |has gone |went )?(?:really |very )?noisy"
    r"|\b(?:can'?t|cannot|struggling to|trouble|difficulty|hard to|unable to) swallow(?:ing)?\b"
    r"|\bwheez(?:e|es|ed|ing|y)\b|\bshort of breath|\bstruggling to breathe|\b(?:can'?t|cannot) breathe|\bdrooling"
)

# New floaters with flashes of light or a shadow or curtain across the vision: a possible retinal tear or detachment,
# A&E or an urgent eye service at once (NHS.uk floaters and flashes in the eyes; RCOphth). Round 19, T-85: "seeing
# flashes and lots of new floaters, like a shadow in the corner of my eye" was a call back. Floaters for years,
# or the flashing lights of a migraine aura, are not this.
_NEW_FLOATERS = re.compile(
    r"\b(?:new|sudden|lots of new|loads of new|a shower of|shower of|lots more|more) floaters"
    r"|\bfloaters (?:started|appeared|came on|since)\b|\bfloaters? (?:suddenly|all of a sudden)"
    r"|\b(?:seeing|seen|got|noticed) (?:\w+ )?(?:and |with )?(?:lots of |loads of )?(?:new )?floaters"
)
_FLASHES_OR_SHADOW = re.compile(
    r"\bflash(?:es|ing lights?| of light)\b|\bshadow (?:in|across|over|coming|moving|at|on the (?:edge|side)) ?"
    r"(?!(?:my |the |an? )?(?:x-?ray|scan))|\bcurtain\b|\bdark (?:shadow|patch) (?:in|across|coming)"
)


# Heatstroke: heat with no sweating, confusion, a fit or a collapse (NHS.uk heat exhaustion and heatstroke: call 999).
# Hypothermia: cold with drowsiness, confusion, slurred speech or shivering that has stopped (NHS.uk hypothermia: 999
# or A&E). Round 19, T-87: both reached 999 only through the model's words. Sunburn, or cold hands, is not this.
_HEAT = re.compile(
    r"\bin the (?:sun|heat)\b|\bheat ?waves?\b|\bhot (?:day|weather|sun|car)\b|\bsunstroke\b|\bheat ?stroke\b"
    r"|\bheat exhaustion\b|\bsunbathing\b|\btoo hot\b|\bskin (?:is |was |feels |felt )?(?:very |really )?hot and dry\b"
)
_HEATSTROKE_SIGN = re.compile(
    r"\b(?:stopped|stop|not|isn'?t|is not|hasn'?t been|no longer) sweating\b"
    rf"|{_MIND_CHANGED}|\bfitting\b|\bhad a fit\b|\bseizure\b|\bcollapsed\b|\bpassed out\b"
)
_COLD_EXPOSURE = re.compile(
    r"\bhypotherm(?:ia|ic)\b|\b(?:freezing|icy|ice) cold\b|\bicy to (?:the )?touch\b"
    r"|\b(?:boiler|heating)\b[\w ,']{0,15}?\b(?:packed up|broke\w*|not working|stopped|gone off|off)\b(?=[\w ,']{0,60}?"
    r"\b(?:cold|icy|freezing)\b)|\bfell (?:in|into) (?:the |a |an )?(?:river|canal|lake|sea"
    r"|icy water|pond|water)\b|\b(?:outside|out) all night\b|\bout in the (?:cold|snow)\b"
    r"|\blying on the (?:floor|ground) all night\b|\bfound (?:him|her|them) (?:outside|in the (?:garden|snow|cold))\b"
)
_HYPOTHERMIA_SIGN = re.compile(
    r"\b(?:stopped|has stopped|no longer) shivering\b|\bdrows(?:y|iness)\b|\bslurr(?:ed|ing)\b"
    r"|\b(?:isn'?t|is not|not|wasn'?t) (?:even )?shivering\b|\btalking (?:really |very )?slow(?:ly)?\b"
    rf"|\b(?:can'?t|cannot) (?:wake|rouse)\b|{_MIND_CHANGED}"
)


# An electric shock with a burn, a racing or irregular heart, a faint or numbness (NHS.uk electric shock: A&E; 999 if
# unconscious), and anyone pulled from water who coughs, is breathless, vomits or is drowsy (RLSS UK and NHS: water
# in the lungs can harm hours later). Round 19, T-88: both reached 999 only through the model's words. A static shock,
# a fright, or a swim last week is not this.
_ELECTRIC_SHOCK = re.compile(
    r"\belectric(?:al)? shock\b|\belectrocut(?:ed|ion)\b|\bshock from (?:a |the )?(?:plug|socket|wire|cable|mains"
    r"|light (?:switch|fitting)|fence)\b"
    # A power line touched (round 21, T-108: "the ladder touched the overhead power line").
    r"|\b(?:overhead|power|electric|electricity|live|high[- ]voltage) (?:lines?|cables?|wires?)\b|\bpylons?\b"
    r"|\bthird rail\b"
    # ... or told as what happened (round 21, T-103): "poked a metal hair clip into a plug socket".
    r"|\b(?:poked|pushed|stuck|put) (?:a |the |his |her |my |their )?(?:\w+ ){0,3}?(?:into|in) (?:a |the )?"
    r"(?:plug ?socket|electric(?:al)? socket|power (?:socket|outlet)|socket|outlet)\b"
)
_SHOCK_HARM = re.compile(
    r"\bburn(?:t|ed|s)?\b|\bheart (?:feels |is |was |keeps )?(?:funny|racing|pounding|fluttering|irregular|skipping)"
    r"|\bpalpitat(?:ions|ing)\b|\bpassed out\b|\bblack(?:ed)? out\b|\bfainted\b|\bunconscious\b|\bchest pain\b"
    r"|\bcollapsed\b|\b(?:threw|thrown|flung|knocked) (?:him|her|me|them )?(?:back|backwards|across)\b"
    r"|\bblack (?:dot|mark|spot)\b"
)
_FROM_WATER = re.compile(
    r"\b(?:pulled|dragged|got|fished|rescued|taken) (?:\w+ )?out of (?:the )?(?:sea|water|pool|river|lake|canal|bath"
    r"|swimming pool)\b|\bwent under\b|\bnearly drowned\b|\bnear[- ]drowning\b|\bunder ?water for\b"
    r"|\bface down in (?:the |a )?(?:water|pool|paddling pool|swimming pool|bath|pond|river|sea)\b"
)
_WATER_HARM = re.compile(
    r"\bcough(?:s|ing|ed)?\b|\bbreathless(?:ness)?\b|\bshort of breath\b|\bstruggling to breathe\b"
    r"|\bvomit(?:s|ing|ed)?\b|\bbeen sick\b|\bdrows(?:y|iness)\b|\b(?:really |very )?sleepy\b"
    r"|\bconfus(?:ed|ion)\b|\bblue\b"
)


# Round 20, T-92: three emergencies that only the model kept, in the generator's words and in others.
# A faint, blackout or collapse during exercise (NICE CG109: exertional loss of consciousness needs a specialist
# cardiovascular assessment within 24 hours; ESC 2018 syncope: high risk). After exercise, or at rest, is not this.
_FAINT_DURING_EXERCISE = re.compile(
    r"\b(?:black(?:ed|s)? out|blacking out|faint(?:ed|s|ing)?|passed out|pass(?:es|ing) out|collaps(?:ed|es|ing)"
    r"|keeled over)\b[\w ,']{0,12}?\b(?:while|whilst|when|during|halfway through|in the middle of|at|on)\b"
    r" (?:\w+ ){0,2}?(?:running|jogging|exercis\w*|training|a run|the gym|football|rugby|netball|hockey|swimming"
    r"|cycling|(?:a|his|her|the|my) (?:match|game|race)|treadmill|sport|pe|dancing)\b"
    r"|\b(?:running|jogging|exercising|training|swimming|cycling|playing (?:football|rugby|netball|hockey|sport))\b"
    r"[\w ,']{0,20}?\b(?:and|when|then) (?:\w+ )?(?:black(?:ed)? out|fainted|passed out|collapsed|keeled over)\b"
)
# A blistering rash with sore mouth, eyes or genitals: Stevens-Johnson syndrome or toxic epidermal necrolysis (NHS.uk:
# A&E), with or without a new medicine named. A blister on a heel, or a cold sore, is not this.
_BLISTERING_RASH = re.compile(
    r"\bblister\w* (?:rash|all over|everywhere|over (?:his|her|my|their) (?:body|skin))\b"
    r"|\b(?:rash|skin)\b[\w ,']{0,30}?\bblister\w*|\bwidespread blister\w*|\bblisters? all over\b"
)
_MUCOSA = re.compile(r"\b(?:mouth|lips|eyes|genital\w*|private parts|down below|mucos\w*)\b")
# A nosebleed over 10 to 15 minutes, or that will not stop (NHS.uk nosebleed: A&E). One that stopped is not this.
_NOSEBLEED = re.compile(
    r"\bnose ?bleed\w*|\bepistaxis\b|\bnose (?:is |has been |was |keeps |kept )?(?:bleeding|pouring|gushing)\b"
)
_BLEED_GOES_ON = re.compile(
    r"\b(?:won'?t|will not|doesn'?t|does not|isn'?t|is not|can'?t get it to|cannot get it to) stop(?:ping)?\b"
    r"|\b(?:more than|over|>\s?|for|longer than) (?:1[5-9]|[2-9]\d)\s?min\w*|\bhalf an hour\b"
    r"|\bfor (?:over |more than )?(?:an|one|two|\d+) hours?\b|\bdespite (?:pressure|pinching|squeezing)\b"
    r"|\bstill (?:bleeding|pouring)\b"
)


# Round 20, T-95 (a batch of made-up emergencies in everyday words: each was a clinician's call back).
# Heavy bleeding in the days or weeks after a birth: a postpartum haemorrhage (NHS.uk: call 999 if you are soaking
# a pad an hour or passing large clots after giving birth; RCOG). Light bleeding settling, or a period back, is not.
_AFTER_BIRTH = re.compile(
    r"\b(?:had (?:a|my|the|our|her) baby|gave birth|given birth|giving birth|delivered|c-?section|caesarean"
    r"|post-?partum|post-?natal(?:ly)?|since the birth|after the birth)\b"
)
_HEAVY_LOSS = re.compile(
    r"\bbleeding (?:loads|lots|heavily|a lot|really heavily|very heavily|so much)\b"
    r"|\bsoak(?:ing|ed|s)? (?:through )?(?:a |one |my |her )?(?:pad|pads|sanitary)"
    r"|\b(?:big|large|huge|massive|golf ?ball|fist|plum) (?:sized )?clots\b|\bhaemorrhag\w*|\bhemorrhag\w*"
    r"|\bgushing blood\b|\bblood (?:is )?(?:pouring|gushing)\b"
)
# A limb suddenly cold, pale, white or blue, or numb, and painful: acute limb ischaemia (NHS.uk peripheral arterial
# disease: call 999; NICE CG147). Hands cold in winter, or Raynaud's warming up, is not this: nothing says sudden.
_LIMB_BLOODLESS = re.compile(
    rf"\b{_LIMB}s?\b[\w ,']{{0,25}}?\b(?:cold|pale|white|blue|mottled|numb|dead)\b"
    rf"|\b(?:cold|pale|white|blue|mottled|numb|dead)\b[\w ,']{{0,15}}?\b{_LIMB}s?\b"
)
_ALL_OF_A_SUDDEN = re.compile(r"\bsudden\w*|\ball of a sudden\b|\bout of (?:the )?(?:blue|nowhere)\b")
_LIMB_PAIN = re.compile(r"\bpain\w*|\bhurts?\b|\bhurting\b|\bagony\b|\bsore\b|\bcan'?t (?:feel|move)\b|\bthrobbing\b")


# Sudden unsteadiness, with the room spinning, vomiting or double vision: a stroke at the back of the brain (NICE NG128:
# sudden vertigo with a loss of balance; NHS.uk stroke). Round 20, T-98: "my dad suddenly can't walk straight, the room
# is spinning and he's being sick" was a call back. Dizziness on standing, or the room spinning on turning in bed for
# months, is not this: nothing says the balance went suddenly.
_SUDDEN_UNSTEADY = re.compile(
    r"\bsudden\w*\b[\w ,']{0,20}?\b(?:can'?t|cannot|couldn'?t|unable to)"
    r" (?:walk (?:straight|properly|in a straight line)|stand(?: up)?|keep (?:his|her|my|their) balance)\b"
    r"|\bsudden\w*\b[\w ,']{0,20}?\b(?:(?:lost|losing|loss of) (?:his |her |my |their )?balance|off balance|unsteady"
    r"|falling to one side|staggering|walking like (?:he'?s|she'?s|i'?m) drunk)\b"
)
_VERTIGO_SIGN = re.compile(
    rf"\broom (?:is |was |keeps )?spinning\b|\bspinning\b|\bvertigo\b|\bdizz\w*|{_BEING_SICK}"
    r"|\bdouble vision\b|\bseeing double\b|\bslurr\w*"
)


# A swelling behind the ear with the ear pushed forward or sticking out: mastoiditis (NHS.uk mastoiditis; NICE CKS
# otitis media: admit). Round 20, T-99: "bad earache and now a red swollen lump behind his ear that's pushing his ear
# forward" (6) was a call back. Ears that have always stuck out are not this.
_EAR_PUSHED = re.compile(
    r"\bears? (?:is |are |has been |have been )?(?:sticking|stuck|pushed|pushing|poking) (?:out|forward\w*)\b"
    r"|\bpush\w* (?:his|her|my|their|the) ears? (?:out|forward\w*)\b"
)
_BEHIND_EAR_SWELLING = re.compile(
    r"\b(?:swell\w*|swollen|lump|bump|red(?:ness)?|tender\w*|sore)\b[\w ,']{0,25}?"
    r"\bbehind (?:(?:his|her|my|their|the) ears?|it)\b"
    r"|\bbehind (?:his|her|my|their|the) ears?\b[\w ,']{0,20}?\b(?:swell\w*|swollen|lump|bump|red|tender)"
)


# Round 20, T-100. Neck or back pain after an injury, with tingling, pins and needles or numbness in the limbs: a
# spinal injury (NICE NG41: paraesthesia after a dangerous mechanism needs immobilising and imaging). A knock to the
# elbow with tingling fingers, or a stiff neck from sleeping, is not this.
_NECK_OR_BACK_HURT = re.compile(
    r"\b(?:neck|back|spine)\b[\w ,']{0,20}?\b(?:hurts?|hurting|pain\w*|sore|agony|severe pain)\b"
    r"|\b(?:pain|hurts?|agony) (?:in )?(?:my |his |her |their |the )?(?:neck|back|spine)\b"
    r"|\bsore (?:neck|back)\b"
)
_LIMB_TINGLE = re.compile(
    r"\b(?:hands|arms|legs|feet)\b[\w ,']{0,35}?\b(?:tingl\w*|pins and needles|numb|gone dead|buzzy|heavy|fizzy"
    r"|fizzing|like when your (?:foot|leg|arm|hand) goes to sleep)"
    r"|\b(?:tingl\w*|pins and needles|numbness) (?:in )?(?:both |my |his |her |their )?(?:hands|arms|legs|feet)\b"
)
# Round 21, T-102: the lips or mouth swollen (angioedema, anaphylaxis: the "airway swelling" phrase's 999), unless a
# blow to the mouth or face explains it ("my lip is swollen after i got punched", "took a hockey stick to the mouth"):
# a facial or dental injury (NHS.uk knocked-out tooth: urgent dentist). A denied blow ("no injury") explains nothing.
_LIPS_SWELLING = re.compile(
    rf"\b(?:lips?|mouth)\b{NOT_ANOTHER_PART}{{0,30}}?\b(?:swell\w*|swollen|puff\w* up)"
    r"|\b(?:swell\w*|swollen|puffy) (?:up )?(?:of )?(?:my |his |her |the )?(?:lips?|mouth)\b"
    # ... or with the eyelids or face named with them, puffed "right up" (round 22, T-118).
    r"|\blips? and (?:eyelids|eyes|face|tongue) (?:have |has )?(?:puffed|swollen|swelled|blown)(?: right)? up\b"
    r"|\blips?\b (?:have |has )?(?:puffed|swelled|blown) right up\b"
    # ... or likened (round 22, T-115: "her lips look like she's had fillers").
    r"|\blips? (?:look|looks|looked) like (?:she|he|they|i)'?(?:s|ve| has| have) had fillers\b"
)
_MOUTH_BLOW = re.compile(
    r"\b(?:punch\w*|hit|smack\w*|thump\w*|elbow\w*|kick\w*|head-?butt\w*|whack\w*|struck|knock\w*|fell|fall\w*"
    r"|tripped|bang\w*|bash\w*)\b[\w ,']{0,40}?\b(?:mouth|lips?|face|teeth|tooth|jaw)\b"
    r"|\b(?:split|fat|cut|bust|burst|bit|bitten) (?:open )?(?:my |his |her |their |a |the )?"
    r"(?:top |bottom |lower |upper )?lip\b"
    r"|\b(?:tooth|teeth)\b[\w ]{0,15}?\bknocked\b|\b(?:to|in|into) the (?:mouth|face|lips?|teeth)\b"
    r"|\b(?:got|been|was|were) (?:punched|hit|assaulted|beaten up)\b|\bin a fight\b"
)
# Weakness climbing from the legs to the arms over hours or days: Guillain-Barre syndrome (NHS.uk: A&E or 999 if
# weakness spreads quickly). Legs weak after the gym, alone, are not this.
_ASCENDING_WEAKNESS = re.compile(
    r"\bweak\w*\b[\w ,']{0,20}?\blegs?\b[\w ,']{0,40}?\b(?:arms|hands)\b[\w ,']{0,15}?\bweak\w*"
    r"|\blegs?\b[\w ,']{0,20}?\bweak\w*\b[\w ,']{0,40}?\b(?:arms|hands)\b[\w ,']{0,15}?\bweak\w*"
    r"|\bweak\w*\b[\w ,']{0,20}?\b(?:spread\w*|moving|creeping|going|travel\w*) up (?:my |his |her |their )?"
    r"(?:body|legs|arms)\b"
    # ... or legs giving way, then hands too weak to hold things (round 22, T-115: "his legs just gave out ... tonight
    # he couldnt hold his sippy cup").
    r"|\blegs?\b[\w ,']{0,20}?\b(?:gave out|gave way|giving way|give way|buckl\w*)\b[\w ,'.]{0,120}?"
    r"\b(?:can'?t|couldn'?t|cannot|could not|unable to) (?:hold|grip|lift)\b"
)
# Adrenal insufficiency (Addison's disease, or steroid dependence) with vomiting or unable to keep the steroids down:
# an adrenal crisis threatens (Society for Endocrinology adrenal crisis guidance; NHS.uk Addison's disease: emergency
# hydrocortisone, A&E or 999). A repeat prescription is not this.
_ADRENAL = re.compile(r"\baddison\w*|\badrenal (?:insufficiency|failure|crisis)\b|\bhypoadrenal\w*")
_CANT_KEEP_STEROIDS = re.compile(
    rf"{_BEING_SICK}|\bdiarrho?ea\b"
    r"|\b(?:can'?t|cannot|unable to) keep (?:my |his |her |their |the )?"
    r"(?:steroids|tablets|hydrocortisone|meds|medication) down\b"
)


# A stiff neck is a sign of meningitis (NICE NG240), unless a neck slept on wrongly or strained explains it and no
# fever is said (round 21, T-104: "woke up with a stiff neck, must have slept funny, no temperature" was an A&E). With
# a fever, rules.fever_sign_hits fires whatever the cause.
_STIFF_NECK = re.compile(r"\bstiff neck|\bneck (?:is )?stiff")
_NECK_STRAIN = re.compile(
    r"\bslept (?:on it |on my neck )?(?:funny|funnily|awkward\w*|wrong\w*|badly|on it)\b|\bcrick\w*"
    r"|\b(?:new|different|hotel) pillow\b|\bpulled (?:a )?muscle\b|\bafter (?:the gym|lifting|weights|a workout"
    r"|painting)\b|\blooking down at (?:my |his |her |the )?(?:phone|laptop|screen)\b"
    # ... or the gym itself (round 21, T-109: "heavy shrugs and deadlifts at the gym yesterday").
    r"|\bat the gym\b|\bdeadlifts?\b|\bshrugs\b|\bbench press\w*|\bweight ?lifting\b|\bworkout\b"
    # ... or sleep slumped in a chair, on a sofa or on the move (round 22, T-112: "fell asleep on the sofa with my head
    # on the armrest", "nodding off in the armchair", "slept on the train with my head against the window").
    r"|\b(?:fell asleep|fallen asleep|dozed off|nodd(?:ed|ing) off|slept|sleeping|napp(?:ed|ing))"
    r" (?:sitting up |upright )?(?:on|in|against) (?:the |a |my |his |her )?(?:sofa|couch|settee|chair|armchair"
    r"|recliner|train|bus|plane|flight|coach|car)\b|\barm ?rest\b"
)

# Round 21, T-103: six more emergencies that were a clinician's call back, told in everyday words.
# More paracetamol than the safe dose, over hours or days (NHS.uk paracetamol: A&E if you have taken too much, even
# if you feel well; a staggered overdose harms the liver). The dose every four to six hours, or calpol alternated with
# ibuprofen, is not this.
_PARACETAMOL = re.compile(
    r"\b(?:paracetamol|tylenol|acetaminophen|co-?codamol|panadol|calpol|nyquil|lemsip|day ?nurse)\b"
)
_TOO_MUCH_PARACETAMOL = re.compile(
    r"\b(?:paracetamol|tylenol|acetaminophen|co-?codamol|panadol|calpol)s? (?:tablets |pills |caplets )?every "
    r"(?:1|2|3|one|two|three|couple of) hours?\b"
    r"|\b(?:9|1\d|2\d|nine|ten|eleven|twelve|fourteen|sixteen|twenty)\b (?:or more |plus |or so )?(?:tablets |pills "
    r"|caplets |paracetamol |tylenol )?(?:a|per|each|every) day\b"
    r"|\bmore than the (?:recommended |maximum |max |safe )?dose\b|\bdouble (?:the|a) dose\b"
)
# Wild mushrooms picked and eaten, then sick (NHS.uk poisoning; UKHSA: suspected mushroom poisoning needs A&E). Shop
# mushrooms are not this.
_WILD_MUSHROOMS = re.compile(
    r"\b(?:picked|foraged|found|gathered|collected) (?:some |a few |a bag of |a basket of |loads of )?(?:wild )?"
    r"(?:mushrooms|toadstools|fungi)\b|\bwild (?:mushrooms|fungi)\b|\btoadstools?\b|\bforag\w* (?:for )?mushrooms\b"
)
_BEING_POORLY = re.compile(
    r"\bvomit\w*|\b(?:being|been|was|were) sick\b|\bthrowing up\b|\bthrew up\b|\bdiarrh\w*|\bdrows\w*|\bconfus\w*"
)
# A household or building chemical on the skin that has harmed it (NHS.uk burns and scalds: A&E for chemical burns).
_CHEMICAL_ON_SKIN = re.compile(
    rf"\b(?:splash\w*|spill\w*|spilt|got|poured|knelt in|kneeling in)\b[\w ,']{{0,25}}?\b{CHEMICAL}\b[\w ,']{{0,25}}?"
    r"\b(?:on|over|onto|into) (?:my |his |her |their |the )?(?:skin|arms?|forearms?|hands?|legs?|knees?|face|chest"
    r"|feet|foot|neck|back|wrists?|fingers?)\b"
)
_SKIN_HARMED = re.compile(
    r"\b(?:gone|going|turned|looks?|is|went) (?:all )?(?:white|grey|leathery|black)\b|\bleathery\b|\bblister\w*"
    r"|\bred raw\b|\bpeeling\b|\bburn(?:t|ed|ing|s)?\b|\bskin (?:is )?(?:coming|came) off\b"
)
# Smoke breathed in with signs of a burnt airway: singed nose hairs or eyebrows, soot, black phlegm, a hoarse voice
# (NHS.uk burns and scalds: 999 if someone has breathed in smoke or fumes). A throat "on fire" with a cold is not this.
_FIRE_SMOKE = re.compile(
    r"\b(?:house|kitchen|flat|bedroom|chip pan|car|building|garage|caravan|tent) fire\b|\bchip pan\b|\bcaught fire\b"
    r"|\bfire (?:in|at) (?:the|our|my|his|her|their)\b|\b(?:breathed in|inhaled|breathing in|lots of|loads of|thick"
    r"|full of) (?:the )?smoke\b|\bsmoke inhalation\b"
)
_BURNT_AIRWAY = re.compile(
    r"\bsinged\b|\bsoot\w*|\bblack (?:stuff|phlegm|spit|mucus|snot|bits|sputum)\b|\bhoarse|\bcroaky"
    r"|\bvoice (?:has |is )?(?:gone|changed|going)\b|\bburnt? (?:nose|nasal) hairs\b"
)
# A limb gone tense after an injury, with pain out of proportion: compartment syndrome (NHS.uk: A&E). Cramp is not
# this: it needs an injury.
_TENSE_LIMB = re.compile(
    r"\brock hard\b|\bhard and (?:tight|swollen|shiny)\b|\btight and (?:shiny|swollen|hard)\b|\bswollen tight\b"
)
_PAIN_BEYOND = re.compile(
    r"\bpain (?:is )?(?:way |much |far |a lot )?(?:worse|more) than (?:it should|expected|you'?d expect)"
    r"|\bout of proportion\b|\b(?:moving|pulling|bending|stretching|wiggling|lifting) (?:up )?(?:my |his |her |their )?"
    r"(?:toes|fingers|foot|feet)\b(?: up)?[\w ,']{0,20}?\b(?:scream\w*|agony|excruciating|unbearable)"
)
# A heart attack told as indigestion or a tight chest, with the jaw or arm and sweating (NHS.uk heart attack: the pain
# may spread to the jaw or arms, with sweating and feeling sick; women, diabetics and older people often say
# "indigestion"). All three are needed: indigestion alone, or an arm sore from the gym, is not this.
_CHEST_DISCOMFORT = re.compile(r"\bindigestion\b|\bheartburn\b|\bchest\b|\bbreastbone\b|\bsternum\b")
_JAW_OR_ARM = re.compile(
    r"\bjaw\b[\w ]{0,12}?\b(?:aches?|aching|pain\w*|hurts?|tight\w*|heavy)\b|\b(?:aches?|aching|pain|tightness) in "
    r"(?:my |his |her |their )?(?:jaw|left arm|arms?)\b"
    r"|\b(?:left |right )?arm\b[\w ]{0,12}?\b(?:feels |is |went |gone )?(?:heavy|aches?|aching|numb|dead)\b"
)
_COLD_SWEAT = re.compile(
    r"\bclammy\b|\bcold sweat\b|\b(?:sweaty|sweating|drenched in sweat|pouring with sweat)\b|\bgone (?:grey|gray)\b"
)


# Round 21, T-106: a second batch of 40 made-up emergencies (new kinds and voices); fifteen were a call back or below.
# A baby in the womb "gone quiet" (RCOG Green-top 57: reduced movements; NHS.uk: call the maternity unit at once).
_BABY_QUIET = re.compile(r"\bbaby(?:'s| is| has)? (?:gone |been |is )?(?:really |very |so |all )?quiet\b")
# A contact lens wearer with a red, painful eye, light hurting or a white spot: a corneal ulcer (NHS.uk red eye: A&E
# or an eye casualty at once). Dry eyes at the end of the day are not this.
_CONTACT_LENS = re.compile(r"\bcontact(?:s| lens\w*)\b|\bcontacts in\b")
_EYE_RED_PAINFUL = re.compile(
    r"\beye\b[\w ,']{0,30}?\b(?:red|painful|sore|agony|throbbing)\b|\b(?:red|painful|sore) (?:right |left )?eye\b"
)
_CORNEA_SIGN = re.compile(
    r"\btoo bright\b|\blight (?:hurts|is hurting|is too bright)\b|\b(?:can'?t|cannot) (?:stand|look at|bear) (?:the )?"
    r"(?:light|brightness|my phone|screens?)\b|\bphotophobi\w*|\bwhite (?:dot|spot|patch|mark)\b|\bblurr\w*|\bsmeary\b"
    r"|\bmisty\b|\bcloudy\b"
)
# Pregnancy with constant pain and a hard bump: placental abruption (RCOG Green-top 63; NHS.uk: 999). A bump that
# tightens now and then without pain (Braxton Hicks) is not this.
_HARD_BUMP = re.compile(
    r"\b(?:bump|belly|tummy|womb|stomach|abdomen)\b[\w ,']{0,20}?\b(?:hard as (?:wood|a rock|rock|a board)|rock hard"
    r"|rigid|like a (?:rock|board)|solid)\b"
)
_CONSTANT_PAIN = re.compile(
    r"\bconstant (?:\w+ )?pain\b|\bpain\b[\w ,']{0,30}?\b(?:doesn'?t|does not|won'?t) (?:come and go|ease|let up|stop)"
    r"|\b(?:severe|terrible|awful|agonising|agonizing) (?:tummy |belly |stomach )?pain\b"
)
# Missed dialysis with weakness, palpitations or breathlessness: a high potassium or fluid overload (Renal
# Association; NHS.uk: A&E). A session attended is not this.
_MISSED_DIALYSIS = re.compile(
    r"\b(?:missed|skipped|didn'?t go to|did not go to|haven'?t been to|not been to)\b[\w ,']{0,30}?\b(?:dialysis"
    r"|(?:a |my |two |2 )?sessions?)\b(?=[\w ,']{0,80}?\bdialysis\b)|\b(?:missed|skipped) (?:my |his |her )?"
    r"(?:haemo|hemo)?dialysis\b|\b(?:haemo|hemo)?dialysis\b[\w ,']{0,40}?\b(?:missed|skipped)\b"
)
_DIALYSIS_HARM = re.compile(
    r"\bjelly\b|\bweak\w*|\bheavy\b|\bpalpitat\w*|\bheart\b[\w ]{0,20}?\b(?:funny|missed|missing|skipp\w*|racing"
    r"|flutter\w*|pounding)|\bbreathless\w*|\bshort of breath\b|\b(?:can'?t|cannot) breathe\b|\bswollen\b"
)
# Cancer with back pain and new leg weakness or unsteadiness: metastatic spinal cord compression (NICE NG234: same
# day). Cancer years ago with a back that aches after gardening, alone, is not this.
_CANCER = re.compile(r"\bcancer\b|\bmetasta\w*|\bmets\b|\bca\b|\btumou?r\b|\bmyeloma\b|\blymphoma\b")
_BACK_PAIN = re.compile(
    r"\bback pain\b|\bpain in (?:my |his |her |their |the )?(?:back|spine)\b|\b(?:thoracic|lumbar|spinal) pain\b"
    r"|\bback\b[\w ,']{0,15}?\b(?:hurts?|aching|aches|pain)\b"
)
_LEGS_FAILING = re.compile(
    r"\blegs?\b[\w ,']{0,20}?\b(?:weak\w*|heav\w*|numb\w*|giving way|gone funny|wobbly|jelly)\b"
    r"|\b(?:weak\w*|heav\w*|numb\w*) (?:in )?(?:both |my |his |her |their )?legs?\b|\bunsteady\b"
    r"|\b(?:can'?t|cannot) walk\b"
)
_CANCER_NOW = re.compile(r"\byears? ago\b|\bin remission\b|\ball clear\b")
# A feeding (PEG) tube come out: the opening can close within hours (NHS.uk: A&E, take the tube).
_FEEDING_TUBE_OUT = re.compile(
    r"\b(?:peg|rig|feeding|gastrostomy|g)[- ]?tube\b[\w ,'()]{0,25}?\b(?:came out|come out|fell out|fallen out"
    r"|pulled out|has come out|is out|slipped out)\b"
    r"|\bpeg\b[\w ,']{0,15}?\b(?:came out|fell out|fallen out|pulled out)\b"
)
# A silent chest, or drowsiness, in an asthma attack: life-threatening asthma (BTS/SIGN 158: 999). A wheeze that
# went quiet after the inhaler, with the child chatting, is not this.
_SILENT_CHEST = re.compile(
    r"\bsilent chest\b|\bwheez\w* (?:has |have |had )?(?:gone|went|going|become|got) (?:really |very |all )?quiet\b"
)
_ASTHMA_EXHAUSTED = re.compile(
    r"\b(?:getting|gone|going|very|really|so) (?:sleepy|drowsy|tired)\b|\bdrows\w*|\bexhausted\b|\bconfus\w*"
    rf"|{_SPEECH_FAILS.pattern}"
)
# Sudden sharp chest pain with breathlessness: a collapsed lung or a clot (NHS.uk chest pain and collapsed lung: A&E or
# 999). A sharp pain on coughing with a cold, and no breathlessness, is not this.
_SUDDEN_SHARP_CHEST = re.compile(
    r"\bsudden\w* (?:\w+ ){0,2}(?:sharp|stabbing|severe) (?:\w+ ){0,2}pain\b[\w ,']{0,40}?\bchest\b"
    r"|\bsudden\w* (?:\w+ ){0,2}(?:sharp|stabbing) chest pain\b"
)
_CANT_GET_BREATH = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t) (?:get|take|catch) (?:a |my )?(?:full |deep |proper )?breath\b|\bbreathless\w*"
    r"|\bshort of breath\b|\bstruggling to breathe\b|\b(?:can'?t|cannot) breathe\b"
)
# An animal bite to the face, head or neck, or a deep one (NHS.uk animal and human bites: A&E). A scratch is not.
_ANIMAL_BITE = re.compile(
    r"\b(?:dog|cat|animal|fox|horse|pony|rat|ferret)\b[\w ,']{0,25}?\b(?:bit|bitten|bite|went for|attacked|mauled)\b"
    r"|\b(?:bitten|bit|mauled|attacked) by (?:a |the |our |their |my |his |her )?(?:\w+ )?"
    r"(?:dog|cat|animal|fox|horse)\b"
    r"|\b(?:dog|cat|animal) bite\b"
)
_BITE_SERIOUS = re.compile(
    r"\b(?:face|cheek|lip|eye|nose|ear|head|scalp|neck|throat)\b|\bdeep\b|\bgap\w*|\bgash\b|\bflap\b|\btorn\b"
    r"|\bwon'?t stop bleeding\b|\bbleeding through\b"
)
# A snake bite (NHS.uk snake bites: call 999 or go to A&E; the adder is the UK's venomous snake).
_SNAKE_BITE = re.compile(
    r"\bsnake ?bite\b|\b(?:bitten|bit) by (?:a |an |the )?(?:\w+ )?(?:snake|adder|viper)\b|\badder (?:bite|bit)\b"
    r"|\b(?:snake|adder|viper)\b[\w ,']{0,25}?\b(?:bit|bitten)\b"
    r"|\b(?:bitten|bit)\b[\w ,']{0,25}?\bby (?:a |an |the )?(?:\w+ )?(?:snake|adder|viper)\b"
)
# On the floor for hours and unable to get up: a long lie (NICE NG249 falls; crush and pressure harm, a hidden
# fracture, dehydration: A&E). A fall with a quick get-up is not this.
_LONG_LIE = re.compile(
    r"\bon the (?:bedroom |bathroom |kitchen |living room |hall )?(?:floor|ground)\b[\w ,']{0,40}?\b(?:all night"
    r"|since (?:last night|yesterday|this morning|he|she|they)|for (?:hours|ages|\d+ hours|a few hours|several hours)"
    r"|overnight)\b|\b(?:lay|lying|been) on the floor (?:all night|for hours|overnight)\b"
)
_HIP_HURTS = re.compile(r"\bhip (?:hurts|pain)\b|\bpain in (?:his|her|my|their) hip\b")
# Female genital mutilation with pain, swelling, bleeding, fever or not able to wee (RCOG Green-top 53; NHS.uk FGM:
# A&E for complications; a safeguarding duty). An FGM disclosed from childhood, alone, is not this.
_FGM = re.compile(
    r"\bfgm\b|\bfemale genital (?:mutilation|cutting)\b|\bcut (?:her|me|them|the girls?) (?:down below|down there)\b"
    r"|\b(?:was|been|got|get|getting) cut down (?:below|there)\b"
)
_FGM_HARM = re.compile(
    r"\bswollen\b|\bswelling\b|\bbleed\w*|\bsmell\w*|\bpus\b|\binfect\w*|\b(?:screams?|cries|crying) when (?:she |i )?"
    r"(?:wees?|pees?)\b|\b(?:can'?t|cannot|won'?t) (?:wee|pee)\b|\bburning hot\b|\bfever\w*|\btemperature\b"
)
# Something sharp in the eye itself: a penetrating eye injury (NHS.uk eye injuries: A&E; leave it in place).
_SHARP_IN_EYE = re.compile(
    r"\b(?:hook|nail|wire|glass|splinter|needle|pencil|stick|dart|knife|thorn|pin|skewer|metal)\b[\w ,']{0,30}?"
    r"\b(?:in|into|stuck in|through|pierced|went into|gone into) (?:my |his |her |their |the )?(?:eye ?ball|eye)\b"
    r"(?! ?(?:lid|brow|lash))"
)


# Round 21, T-107: a third batch of 40 made-up emergencies, told indirectly or downplayed; ten were a call back.
# Something breathed in (a nut, a small toy) with a cough, wheeze or breathing that will not settle: a foreign body in
# the airway (NICE CKS; NHS.uk choking: A&E if a cough persists after choking). Coughed up and fine is not this.
_INHALED_OBJECT = re.compile(
    r"\b(?:choked|choking|inhaled|breathed in|sucked in|went down the wrong way)\b[\w ,']{0,20}?\b(?:peanuts?|nuts?"
    r"|popcorn|a grape|grapes|a (?:small )?toy|a bead|beads|a coin|a sweet|a piece of (?:carrot|apple|toy|lego)|lego)\b"
)
_AIRWAY_NOT_SETTLED = re.compile(
    r"\bcough\w*\b[\w ,']{0,20}?\b(?:won'?t settle|hasn'?t settled|not settl\w*|won'?t stop|ever since|since then"
    r"|keeps? going)\b|\bwheez\w*|\bwhistl\w*|\bone side\b[\w ,']{0,30}?\b(?:squeak\w*|whistl\w*|quiet|doesn'?t)\b"
    r"|\b(?:struggling|trouble|hard) (?:to )?breath\w*"
)
# A button battery missing around a small child (RCEM and CAPT button battery alerts: A&E at once if it might have
# been swallowed, even with no symptoms).
_BUTTON_BATTERY = re.compile(
    r"\b(?:button|coin|round|flat|watch|lithium|disc)\b[\w ,']{0,20}?\bbatter(?:y|ies)\b"
    # ... or magnets (round 21, T-110: "at least 4 of the tiny ball magnets are missing").
    r"|\b(?:ball|tiny|small|magnetic|neodymium|desk toy)\b[\w ,']{0,15}?\bmagnets?\b|\bmagnetic (?:balls?|beads?)\b"
    r"|\bbatter(?:y|ies) (?:from|out of) (?:the |a |his |her )?(?:key ?fob|remote|watch|toy|scales|thermometer"
    r"|hearing aid)"
    # ... or the cells named by their look, in a remote opened (round 22, T-115: "he's had the back off it, it takes two
    # of those round flat silver coin things and there's only one in"), or fridge magnets' discs gone.
    r"|\b(?:round|flat|silver|coin) (?:\w+ ){0,2}?(?:coin |disc )?things\b|\bmagnetic (?:fridge )?letters\b"
)
_BATTERY_MISSING = re.compile(
    r"\bnowhere to be (?:found|seen)\b|\b(?:can'?t|cannot|couldn'?t) find\b|\bmissing\b|\bgone missing\b"
    r"|\b(?:ate|eaten|swallowed) (?:them|one|some|a few)\b"
    # Swallowed, it is the phrase "swallowed button battery or magnet"; here, missing or last seen in a mouth.
    r"|\b(?:in (?:his|her|their) mouth|put it in (?:his|her|their) mouth)\b"
    r"|\bonly one in\b|\b(?:not|never) the discs\b|\bbut not the\b"
    # ... or said to be eaten (round 22, T-118: "i think she eat the small round battery from kitchen scale").
    r"|\b(?:ate|eat|eaten|eats|swallow\w*|had) (?:the |a |an |one of the )?(?:\w+ ){0,2}?batter(?:y|ies)\b"
)
# Bloody diarrhoea, then pale, puffy or hardly weeing: haemolytic uraemic syndrome after E. coli O157 (NHS.uk; UKHSA:
# A&E). Diarrhoea with no blood, weeing normally, is not this.
_BLOODY_DIARRHOEA = re.compile(
    r"\b(?:bloody|blood in (?:the |his |her |their |my )?(?:poo|diarrh\w*|stools?)|blood(?:y)? (?:poo|stools?))\b"
    r"|\b(?:poo|diarrh\w*|stools?)\b[\w ,']{0,20}?\bblood\b"
)
_HUS_SIGN = re.compile(
    r"\bwhite as a sheet\b|\b(?:very |really |so )?pale\b|\bpuffy\b|\bswollen (?:eyes|face|ankles)\b"
    r"|\b(?:only|hardly|barely) (?:done |had |passed )?(?:one |a )?(?:tiny |little |small )?(?:dark )?(?:wee|pee)\b"
    r"|\bnot (?:weeing|peeing|had a wee)\b|\bdark (?:wee|pee|urine)\b"
)
# A tampon or menstrual cup with a fever and a sunburn-like rash or dizziness: toxic shock syndrome (NHS.uk: 999 or
# A&E).
_TAMPON = re.compile(r"\btampons?\b|\bmenstrual cup\b|\bmooncup\b")
_TSS_SIGN = re.compile(
    r"\bsunburn\w*|\brash\b[\w ,']{0,25}?\b(?:all over|everywhere|palms|soles)\b|\bdizz\w*|\bfaint\w*|\bcollaps\w*"
)
# Stopped drinking after heavy drinking, now seeing things, confused or fitting: delirium tremens or withdrawal fits
# (NICE CG100: admit to hospital). Feeling better after stopping is not this.
_STOPPED_DRINKING = re.compile(
    r"\b(?:stopped|stop|quit|gave up|giving up|cut out|off the) (?:the )?(?:drink\w*|booze|alcohol|vodka|beer|wine)\b"
    r"|\bdry january\b|\b(?:alcohol|drink) withdrawal\b|\bwithdrawing from (?:alcohol|drink)\b|\bstop(?:ped)? dead\b"
)
_DT_SIGN = re.compile(
    r"\bhallucinat\w*|\bseeing (?:things|bugs|spiders|insects)\b|\bpicking at\b|\bbugs\b[\w ,']{0,30}?\baren'?t there\b"
    r"|\b(?:doesn'?t|does not|didn'?t) know (?:what day|where (?:he|she|they) (?:is|are)|who)\b|\bconfus\w*"
    r"|\bfit(?:s|ting)?\b|\bseizures?\b"
)
# A new medicine (weeks ago), then a fever with a spreading rash or sore lips, eyes or genitals: Stevens-Johnson
# syndrome or DRESS (MHRA: lamotrigine, carbamazepine, allopurinol; NHS.uk: A&E). A headache on a new medicine is not.
_SKIN_REACTION_DRUG = re.compile(
    r"\b(?:started|starting|began|new|on) (?:\w+ ){0,2}?(?:lamotrigine|carbamazepine|phenytoin|allopurinol"
    r"|co-?trimoxazole|sulfasalazine|nevirapine)\b|\b(?:lamotrigine|carbamazepine|allopurinol)\b[\w ,']{0,20}?"
    r"\b(?:weeks?|days?) ago\b"
)
_SJS_SIGN = re.compile(
    r"\brash\b[\w ,']{0,25}?\b(?:spreading|everywhere|all over)\b|\bblister\w*"
    r"|\blips? (?:are |is )?(?:cracked|bleeding|crusted|peeling|raw|blistered)\b"
    r"|\beyes? (?:feel |feels )?(?:like (?:there'?s )?sand|gritty|red and sore)\b|\b(?:stings?|burns?) to (?:wee|pee)\b"
)
_FEVER_NOW = re.compile(
    r"\bfever\w*|\bfebrile\b|\btemperature\b|\btemp\b|\b(?:3[89]|4[01])\.\d\b|\bflu-?(?:like|ey|y)\b"
)
# A goodbye message with the means at hand or no contact: a suicide attempt may be under way (NHS.uk: call 999 if a
# life is at risk now). A text saying sorry for being late is not this.
_FAREWELL = re.compile(
    r"\bsorry for everything\b|\blook after (?:your|my|the) (?:sister|brother|mum|mom|dad|kids|children|family|dog|cat)"
    r"|\b(?:goodbye|farewell) (?:message|text|note|letter)\b"
    r"|\b(?:texted|messaged|wrote|left)\b[\w ,']{0,20}?\bgoodbye\b"
    r"|\bsuicide note\b|\bi love you all\b|\bwon'?t (?:be around|see (?:me|him|her) again)\b"
)
_MEANS_OR_GONE = re.compile(
    r"\bguns?\b|\bshotgun\b|\brifle\b|\bfirearms?\b|\b(?:gun|weapons?) cabinet\b|\brope\b|\bpills\b|\btablets\b"
    r"|\bnot answer\w*|\bisn'?t answer\w*|\bwon'?t answer\b|\bcar'?s gone\b|\b(?:car|van) (?:is )?gone\b|\bmissing\b"
    r"|\bcan'?t (?:reach|find|get hold of)\b|\bphone (?:is )?off\b"
)


# Self-harm with a deep or gaping wound, or bleeding that will not stop: the wound needs treating now (NICE NG225 1.7:
# physical health first; NHS.uk cuts: A&E for deep or gaping cuts). Round 21, T-110: "way deeper, gaping open, you can
# see yellowy bits" was a call back. Healed scratches are not this.
_SELF_HARM = re.compile(
    r"\bself[- ]?harm\w*|\b(?:she|he|they|i) cuts?\b|\b(?:cut|cutting|slashed|slashing) (?:my|him|her|them)sel(?:f|ves)"
    r"\b|\bcutting (?:again|herself|himself|myself)\b"
)
_DEEP_WOUND = re.compile(
    r"\b(?:way |really |very )?deep(?:er)?\b|\bgap(?:ing|es|e)\b|\bgaping open\b|\byell(?:ow|owy) (?:bits|fat)\b"
    r"|\bsee (?:the )?fat\b|\bbled through\b|\b(?:won'?t|will not|doesn'?t|not) stop(?:ping)? bleeding\b"
    r"|\bneeds? stitches\b|\bstill (?:bleeding|going)\b"
)

# Round 21, T-108: a fourth batch of 40 made-up emergencies; eleven were a call back or below.
# Something pushed into the back of the throat in a fall (a toothbrush, a pen, a stick): a penetrating palate or
# throat injury (RCEM; NHS.uk: A&E). A fall while brushing teeth, with no throat injury, is not this.
_THROAT_PIERCED = re.compile(
    r"\b(?:toothbrush|pencil|pen|stick|lolly stick|lollipop stick|chopstick|spoon|straw|fork|skewer)\b[\w ,']{0,40}?"
    r"\b(?:into|in|went into|gone into|jabbed|poked|stabbed) (?:the )?(?:back of )?(?:his |her |their |my |the )?"
    r"(?:throat|palate|roof of (?:his |her |their |my |the )?mouth)\b"
)
# A blow to the tummy (a handlebar, a kick), then pale, dizzy or shoulder-tip pain: a bleeding spleen or liver (NICE
# NG39 major trauma: 999). Winded and fine is not this.
_TUMMY_BLOW = re.compile(
    r"\b(?:handlebars?|kick\w*|punch\w*|blow|hit|elbow\w*|knee\w*|jammed|struck|rammed)\b[\w ,']{0,30}?"
    r"\b(?:into|in|to|on) (?:the |his |her |their |my )?(?:belly|tummy|stomach|abdomen|side|ribs)\b"
)
_BLEEDING_INSIDE = re.compile(
    r"\b(?:very |really |gone |going |looks )?pale\b|\bdizz\w*|\bfaint\w*|\blight-?headed\b"
    r"|\bshoulder\b[\w ,']{0,20}?\b(?:pain|hurts|tip)\b"
    r"|\bpain (?:on |at |in )?(?:the )?top of (?:his |her |their |my )?(?:left )?shoulder\b|\bclammy\b"
)
# A knuckle cut on someone's teeth, now infected: a fight bite reaches the joint (NHS.uk human bites: A&E).
_PUNCHED_MOUTH = re.compile(
    r"\b(?:punched|hit|thumped|smacked|swung at)\b[\w ,']{0,30}?\b(?:in|on) the (?:mouth|teeth|tooth|face|jaw)\b"
    r"|\bfight bite\b|\b(?:cut|caught) (?:his |her |my |their )?(?:hand|knuckles?) on (?:someone'?s |his |her |their )?"
    r"teeth\b"
)
_KNUCKLE_INFECTED = re.compile(
    r"\bknuckles?\b[\w ,']{0,40}?\b(?:swollen|red|pus|infect\w*|throbbing|hot)\b"
    r"|\b(?:can'?t|cannot) make a fist\b|\bredness\b[\w ,']{0,15}?\b(?:going|spreading|tracking) up\b"
)
# Peritoneal dialysis with tummy pain, a cloudy bag or a fever: PD peritonitis (UK Kidney Association: same day). A
# clear bag and a question about holidays is not this.
_PERITONEAL_DIALYSIS = re.compile(
    r"\bcapd\b|\bapd\b|\bperitoneal dialysis\b|\bpd (?:bag|fluid|catheter|exchange)s?\b|\b(?:drained|drain|dialysis)"
    r" (?:bag|fluid)\b"
)
_PD_PERITONITIS = re.compile(
    r"\bcloudy\b|\babdo(?:minal)? pain\b|\b(?:tummy|belly|stomach) (?:pain|ache)\b|\bfever\w*|\btemp\w*|\brigou?rs\b"
)
# Food stuck in the gullet with not even saliva going down: a food bolus obstruction (NICE CKS dysphagia; BSG: same
# day). Food stuck in the teeth is not this.
_FOOD_STUCK = re.compile(
    r"\b(?:stuck|lodged|wedged)\b[\w ,']{0,20}?\b(?:halfway down|behind (?:his |her |my |their |the )?breastbone"
    r"|in (?:his |her |my |their |the )?(?:gullet|oesophagus|esophagus|throat|chest))\b"
)
_NOTHING_GOES_DOWN = re.compile(
    r"\b(?:even|own) (?:his |her |my |their )?(?:own )?(?:saliva|spit)\b|\bcomes? (?:straight |right )?back up\b"
    r"|\bspitting (?:it )?(?:out|into)\b|\b(?:can'?t|cannot|unable to) swallow (?:anything|at all|water)\b|\bdrool\w*"
)
# A painful lump in the groin or a hernia, with vomiting or no poo: a strangulated hernia (NHS.uk hernia: A&E). A
# painless lump that goes back lying down is not this.
_GROIN_LUMP = re.compile(
    r"\b(?:lump|bulge|swelling)\b[\w ,']{0,25}?\b(?:groin|belly button|tummy button"
    r"|top of (?:the |my |her |his )?leg)\b"
    r"|\bhernia\b"
)
_LUMP_TENDER = re.compile(
    r"\b(?:very |really )?(?:painful|tender|sore|red|hard)\b|\bwon'?t go back\b|\bcan'?t push (?:it )?back\b"
)
_VOMIT_OR_BLOCKED = re.compile(
    r"\bvomit\w*|\b(?:being|been) sick\b|\bthrowing up\b|\b(?:no|not|didn'?t|hasn'?t|haven'?t) (?:had a |done a |go"
    r" to (?:the )?toilet for (?:a )?)?poo\w*\b|\bconstipat\w*"
)
# A burn or scald that blisters on the face, hands, arms, feet, legs or genitals (NHS.uk burns and scalds: A&E). Round
# 21, T-108: "boiling water for pasta, it fall on him ... big blisters coming" (a toddler) was a call back. A blister
# from new shoes is not this: the blistering follows the burn.
_BURN_BLISTERS = re.compile(
    r"\b(?:burn(?:t|ed|s)?|scald\w*|boiling|hot (?:water|oil|fat|tea|coffee|pan|iron|kettle|plates?|bath)|steam"
    r"|straighteners|curling (?:tongs|iron|wand)|(?:cup|mug) of (?:hot )?(?:tea|coffee)"
    # ... or water said to be too hot (round 22, T-122: "step in bath but water too hot").
    r"|(?:water|bath) (?:was |is )?(?:too|very|really|so) hot)\b"
    # ... with no denial between: "no blisters", "there aren't any blisters", "not blistered" (round 22, T-112).
    r"(?:(?!\bno\b(?! idea)|\b(?:not|never|without|aren'?t|isn'?t|hasn'?t|haven'?t|wasn'?t|weren'?t)\b)"
    r"[\w ,'.]){0,150}?"
    r"\b(?:blister\w*|water bubbles?|bubbles? on (?:the |her |his |their )?skin)"
)
_BLISTER_SITE = re.compile(
    r"\b(?:face|cheeks?|hands?|fingers?|palms?|arms?|forearms?|feet|foot|legs?|thighs?|genitals|private parts"
    r"|penis|scrotum|vulva)\b"
)
# Myasthenia gravis with trouble breathing or swallowing: a myasthenic crisis (NICE CKS myasthenia gravis: 999).
# Eyelids that droop by the evening, as usual, are not this.
_MYASTHENIA = re.compile(r"\bmyasthen\w*|\bmg\b(?= crisis)")
_MYASTHENIC_CRISIS = re.compile(
    r"\bbreath\w*|\bswallow\w*|\bsplutter\w*|\bchok\w*|\bvoice (?:keeps )?(?:fading|going|gone)\b"
    r"|\b(?:can'?t|cannot) hold (?:his |her |my |their )?head up\b"
)


# Round 22, T-113: emergencies of a sixth made-up batch that no rule read.
# Pain far worse than the wound or bump explains: necrotising fasciitis or compartment syndrome (NHS.uk necrotising
# fasciitis: 999 or A&E if the pain is much worse than you'd expect from the wound; NICE CKS cellulitis red flags).
_OUT_OF_PROPORTION = re.compile(
    r"\b(?:pain|hurts?|hurting|agony|sore)\b[\w ,']{0,40}?\b(?:way |much |far |a lot |so much )?(?:worse|more) than "
    r"(?:it looks|it should|you'?d (?:think|expect)|expected|it ought to|(?:the|a) (?:cut|wound|graze|scratch|bite) "
    r"(?:looks|should))\b"
    r"|\b(?:only|just) (?:a )?(?:little |tiny |small )?(?:cut|graze|scratch|scrape|nick|bite|wound)\b[\w ,']{0,30}?"
    r"\bbut (?:the )?pain\b[\w ,']{0,20}?\b(?:unbelievable|unbearable|excruciating|agony|horrendous|off the scale)\b"
)
# A birth about to happen at home (NHS.uk: if you go into labour suddenly, call 999): the head felt, seen or crowning,
# or the urge to push, in labour. "I need to push my appointment back" is not this.
_BIRTH_NOW = re.compile(
    r"\b(?:can (?:feel|see) (?:the |his |her |its )?(?:baby'?s? )?head|(?:baby'?s?|the) head (?:is )?(?:crowning"
    r"|coming|showing|out)|crowning"
    r"|(?:need|needs|needing|urge|want|wants|wanting) to push\b(?!(?: \w+)? (?:back|forward|through|for|it|them|him"
    r"|her|the|my|a|an|this|that)\b))"
)
_LABOUR = re.compile(r"\b(?:contractions?|labou?r\w*|waters?|midwife|giving birth)\b")
# Methotrexate taken daily or twice in a week (NHS.uk methotrexate: A&E if you take too much; MHRA: daily instead of
# weekly dosing has killed). Folic acid every day beside it is not this.
_METHOTREXATE_TOO_MUCH = re.compile(
    r"\bmethotrexate\b(?:(?!\b(?:folic|weekly|once a week)\b)[\w ,']){0,40}?\b(?:every day|each day|daily"
    r"|instead of (?:once )?(?:a|per|each) week|twice (?:this|in a|a) week|two doses|double dose|extra dose"
    r"|too (?:much|many)|by mistake|again today|by accident|accidentally|overdos\w*)\b"
)
# A high-pressure injection injury (BSSH and RCEM: a small hole hides grease or paint under pressure; A&E at once).
_INJECTION_TOOL = (
    r"(?:grease|paint|spray|injection|hydraulic|diesel|fuel|airless|pressure washer|jet wash|pressure)\w* (?:gun"
    r"|sprayer|injector|line|hose|nozzle|washer|jet|lance)\b"
)
_HIGH_PRESSURE = re.compile(
    rf"\b{_INJECTION_TOOL}[\w ,']{{0,60}}?\b(?:went off|fired|shot|injected|went into|into|through|hole|punctured"
    r"|pierced)\b[\w ,']{0,40}?\b(?:fingers?|thumbs?|hands?|palms?|skin)\b"
)
# Something stuck in a wound, or through a limb and still there (NHS.uk cuts and grazes: A&E if something is stuck
# in the wound). One's own nail, ingrowing, is not this.
_IMPALED = re.compile(
    r"\b(?:stake|nail|spike|rod|bolt|knife|blade|glass|stick|branch|pole|skewer|screwdriver|metal|railing|fork"
    r"|arrow)s?\b[\w ,']{0,60}?\b(?:still (?:in|stuck|there|sticking)|stuck (?:in|into|through)|sticking (?:out|in)"
    r"|embedded|impaled|lodged)\b"
    r"|\b(?:gone|went) (?:right |straight |all the way )?through (?:the (?:back|side|top|bottom) of )?(?:my |his |her "
    r"|their |the )?(?:hand|foot|leg|calf|thigh|arm|palm|shin|knee|finger|thumb|toe|cheek)\b[\w ,']{0,40}?\bstill\b"
    r"|\bimpaled\b"
)
_OWN_NAIL = re.compile(r"\bingrow\w*|\b(?:toe|finger) ?nails?\b|\b(?:my|his|her|their|your) nails?\b")
# Blood pressure of 180/120 or more with a headache, changed sight, chest pain or confusion (NICE NG136: same-day
# specialist review; NHS.uk high blood pressure). A high reading that feels fine is not this rule.
_VERY_HIGH_BP = re.compile(
    r"\b(?:1[89]\d|2\d\d) ?(?:/|over) ?\d{2,3}\b|/(?<=\d/) ?1[2-9]\d\b|\bover 1[2-9]\d\b(?<=\d over 1\d\d)"
)
_BP_SIGNS = re.compile(
    r"\b(?:headaches?|pounding head|vision|sight|eyesight|blurr\w*|chest pain|chest tight\w*|confus\w*|breathless\w*"
    r"|short of breath|nose ?bleed\w*|drows\w*)\b"
)
# Frostbite: fingers or toes white, grey, hard, waxy, blistered or still numb after the cold (NHS.uk frostbite: A&E
# for severe frostbite). Raynaud's fingers that go white and come back are not this.
_COLD = re.compile(
    r"\b(?:frost ?bit\w*|snow\w*|ice|icy|freezing|frozen|winter|mountain\w*|cairngorms|ski\w*|sub-?zero|below zero"
    r"|the cold|cold (?:weather|water|night)|hypotherm\w*|climb\w*)\b"
)
_DIGITS_FROZEN = re.compile(
    r"\b(?:fingers?|toes?|fingertips?|toe ?tips?|nose|ears?|feet|hands?)\b[\w ,']{0,40}?\b(?:white and hard|hard"
    r"|waxy|wax|grey|gray|blue-?grey|black|blister\w*|can'?t feel|still numb)\b"
)
_RAYNAUD = re.compile(r"\braynaud\w*")
# A sharp thing swallowed: a pin, needle, blade, glass (NHS.uk swallowed objects; RCEM: sharp objects need A&E).
# Swallowed, not "swallowing": a sore throat "like swallowing razor blades" is not this.
_SHARP_SWALLOWED = re.compile(
    r"\bswallowed (?:an? |the |some |one of (?:my|his|her|the) )?(?:open(?:ed)? |sharp |broken |bit of |piece of "
    r"|small |tiny |little |sewing |safety |nappy |diaper |drawing |push )*(?:pins?|needles?|razor(?: blades?)?"
    r"|blades?|glass|tacks?|thumb ?tacks?|nails?|screws?|toothpicks?|cocktail sticks?|staples?|fish ?hooks?)\b"
)
# Pain, redness or worse sight after eye surgery or an eye injection: endophthalmitis (RCOphth: same-day eye casualty).
_EYE_SURGERY = re.compile(
    r"\b(?:cataract\w*|eye (?:op|operation|surgery|laser)|laser eye|vitrectomy|corneal transplant"
    r"|(?:injection|jab)s? (?:in|into) (?:my |his |her |the )?eyes?|intravitreal|anti-?vegf|lucentis|eylea)\b"
)
_EYE_WORSE = re.compile(
    r"\b(?:painful|pain|aching|ache|very red|really red|so red|red and (?:sore|painful)|(?:sight|vision|eyesight) "
    r"(?:is |has )?(?:got |gone |getting )?(?:worse|blurr\w*|cloudy|misty|dim)|hand movements|counting fingers"
    r"|can'?t see)\b"
)
# Sudden severe tummy pain (NHS.uk stomach ache: 999 or A&E for sudden, severe pain): torsion, appendicitis, a
# perforation. A period pain that comes as it does every month is not this.
_TUMMY = r"(?:tummy|stomach|belly|abdom\w*|pelvi\w*|groin|side)"
_SUDDEN_TUMMY = re.compile(
    rf"\b(?:sudden\w*|all of a sudden|out of (?:nowhere|the blue))\b[\w ,']{{0,80}}?\b{_TUMMY}\b"
    rf"|\b{_TUMMY}\b[\w ,']{{0,60}}?\b(?:sudden\w*|out of (?:nowhere|the blue))\b"
)
_DOUBLED_UP = re.compile(
    r"\b(?:doubled (?:up|over)|curled up|can'?t (?:stand|straighten|stand up straight|walk)|crying (?:with|in) (?:it"
    r"|pain|the pain)|screaming|writhing|rolling around|excruciating|unbearable|worst pain|severe pain|in agony)\b"
)
# A crack or snap of the penis, then swelling, bruising or a bend (BAUS penile fracture: A&E at once).
_PENIS = r"(?:penis|willy|erection|dick|cock|todger|shaft)"
_PENILE_SNAP = re.compile(
    r"\b(?:crack\w*|snap\w*|pop\w*)\b[\w ,']{0,40}?\b(?:during|while|whilst|in the middle of|having) (?:sex"
    rf"|intercourse|masturbat\w*)\b|\b{_PENIS}\b[\w ,']{{0,30}}?\b(?:crack\w*|snap\w*|popp\w*)\b"
    rf"|\b(?:crack\w*|snap\w*|popp\w*)\b[\w ,']{{0,15}}?\b(?:in|of) (?:my|his) {_PENIS}\b"
)
_PENIS_HURT = re.compile(r"\b(?:swollen|swelling|purple|black|bruis\w*|bent|blood|lost (?:the |my |his )?erection)\b")


# Round 22, T-114: a further batch of adults' and one of children's emergencies that no rule read.
# A fall from a window, a balcony or a roof (NICE NG232: a dangerous mechanism; RoSPA window falls): ED however well
# the child seems.
_WINDOW_FALL = re.compile(
    r"\b(?:fell|fallen|falls|falling|tumbled|dropped) (?:out of|from|off) (?:a |an |the |her |his |my |their |our )?"
    r"(?:\w+ ){0,2}?(?:window|balcony|roof)\b(?! sill)|\bwindow\b[\w ,']{0,40}?\b(?:fell|fallen|tumbled) out\b"
)
# A head injury, then bruising round both eyes or behind an ear, or clear fluid or blood from the nose or an ear: a
# fracture of the base of the skull (NICE NG232: CT within an hour). Black eyes from a broken nose are not this.
_SKULL_BASE = re.compile(
    r"\b(?:two|both|panda|racoon|raccoon) (?:black )?eyes\b|\bblack eyes like a panda\b"
    r"|\bbruis\w*\b[\w ]{0,20}?\bbehind (?:the |his |her |my |their )?(?:right |left )?ears?\b"
    r"|\bclear (?:watery )?(?:stuff|fluid|liquid)\b[\w ,']{0,20}?\b(?:from|out of|coming out of|coming from) (?:one "
    r"|her "
    r"|his |the |their )?(?:nostril|nose|ear)\b"
    r"|\b(?:clear |watery )?(?:fluid|liquid) (?:is )?(?:from|out of|coming from|leaking from|dripping from|running "
    r"from) (?:his |her |my |the |their )?(?:nose|ears?)\b|\bblood (?:from|out of|coming from) (?:his |her |my |the "
    r"|their )?ears?\b"
)
# A head injury, then hard to keep awake, a fit, trouble speaking or understanding, weak, or unsteady on their feet:
# NHS.uk head and brain injuries lists these for a 999, where vomiting, a knock-out now woken, a headache or memory
# trouble are for A&E (round 22, T-120: a fall from the top bunk, then "keeps nodding off on me mid sentence", "the
# words come out wrong").
_HEAD_999_SIGNS = re.compile(
    r"\bdrows\w*|\bsleepy\b|\bkeeps? (?:falling asleep|nodding off|dropping off|closing (?:his|her|their|my) eyes)\b"
    r"|\b(?:hard|difficult|struggling) to (?:keep|stay) (?:him |her |them )?awake\b|\b(?:can'?t|cannot) (?:keep|stay)"
    r" (?:him |her |them )?awake\b|\b(?:keep|keeping) (?:his|her|their|my) eyes open\b"
    r"|\bwords (?:come|coming|came) out wrong\b|\bslurr\w*|\b(?:doesn'?t|does not|didn'?t) know (?:who|where)\b"
    r"|\bnot making (?:any )?sense\b|\b(?:can'?t|cannot) (?:walk|stand) (?:straight|properly)\b|\bunsteady\b"
    r"|\bwobbly on (?:his|her|their|my) feet\b"
)
_BROKEN_NOSE = re.compile(r"\b(?:broken|broke|fractured|bust) (?:his |her |my |their |the )?nose\b")
# A new squint or double vision with headaches, vomiting or clumsiness: raised pressure in the head (HeadSmart; NICE
# NG12: a child with a new squint or headache with vomiting, urgently; NHS.uk double vision: A&E if sudden). A squint
# since birth is not this.
_NEW_SQUINT = re.compile(
    r"\bsquint\w*|\beye (?:is |has |keeps )?(?:started )?(?:turning|turned|turns|going|gone|wandering|drifting) "
    r"(?:in|out|inwards|outwards|towards)\b|\bdouble vision\b|\bseeing double\b"
)
_PRESSURE_SIGNS = re.compile(
    r"\b(?:headaches?|being sick|been sick|vomit\w*|bump\w* into|tripp\w*|wobbly|clumsy|clumsier|falling over)\b"
)
_SQUINT_LONG = re.compile(
    r"\b(?:since (?:birth|she was (?:a )?baby|he was (?:a )?baby|they were (?:a )?baby|he was little|she was little)"
    r"|always had|lazy eye|for years|wears glasses)\b"
)
# A cord, rope or strap round the neck with hanging, a mark or a sign of strangling (RoSPA blind cords; NHS.uk: 999).
_ROUND_NECK = re.compile(
    r"\b(?:cord|rope|string|lead|strap|belt|scarf|ligature|wire|cable|chain|flex|lanyard)s?\b[\w ,']{0,50}?"
    r"\b(?:round|around) (?:his|her|my|their|the|your) neck\b"
)
_STRANGLED = re.compile(
    r"\b(?:hang\w*|hung|strangl\w*|chok\w*|red (?:line|mark|marks|ring)|marks? (?:round|around)|speckl\w*"
    r"|petechia\w*|hoarse|croaky|went blue|turned blue|gone blue|unconscious|limp|floppy|couldn'?t breathe)\b"
)
# Repeated shocks from an implanted defibrillator (BHF and Arrhythmia Alliance: two or more shocks, or a shock and
# feeling unwell: 999). A check at the device clinic is not this.
_ICD = re.compile(r"\b(?:icd|defib\w*|implanted (?:cardiac )?(?:device|defib\w*))\b")
_SHOCKS = re.compile(
    r"\b(?:gone off|went off|go off|goes off|fired|shocked|shocks?)\b[\w ,']{0,30}?\b(?:twice|two times|three times"
    r"|\d+ times|again|several times|more than once|repeatedly)\b|\b(?:two|three|several|multiple|\d+) shocks\b"
)
# Tummy swelling, pain or fever after a colonoscopy or endoscopy: a perforation or bleed (NHS.uk colonoscopy: A&E
# for severe tummy pain, a high temperature or heavy bleeding after it).
_SCOPED = re.compile(
    r"\b(?:colonoscopy|endoscopy|gastroscopy|sigmoidoscopy|ercp|polyps? (?:removed|taken off|out))\b[\w ,']{0,20}?"
    r"\b(?:yesterday|today|this morning|last night|(?:\d|one|two|three|a few|couple of) days ago|on (?:mon|tues"
    r"|wednes|thurs|fri|satur|sun)day)\b"
    r"|\b(?:yesterday|today|this morning)\b[\w ,']{0,20}?\b(?:colonoscopy|endoscopy|gastroscopy|sigmoidoscopy|ercp)\b"
)
_AFTER_SCOPE = re.compile(
    r"\b(?:tummy|stomach|belly|abdomen)\b[\w ,']{0,30}?\b(?:swell\w*|swollen|tight|hard|rigid|distended)\b"
    r"|\b(?:fever|temperature|temp of)\b|\bsore all over\b|\bbleed\w*|\bblood\b"
)


# Round 22, T-115: babies', children's and teenagers' emergencies told in a parent's words, that no rule read.
# A burn or scald with the skin come away, blackened, or white and shiny beneath: a deep burn (NHS.uk burns and scalds:
# A&E for deep burns, or white or charred skin, of any size; a firework that "went off in his hand").
_BURN_CAUSE = re.compile(
    r"\b(?:burn\w*|scald\w*|boiling|kettle|(?:mug|cup) of (?:hot )?(?:tea|coffee)|hot (?:tea|coffee|drink|water|oil"
    r"|fat)|firework\w*|rocket|sparkler|straighteners|went off in (?:his|her|their|my) hand)\b"
)
_SKIN_OFF = re.compile(
    r"\bskin\b[\w ']{0,15}?\b(?:wrinkled|slid off|peeled (?:off|away)|come (?:off|away)|came (?:off|away)"
    r"|coming (?:off|away)|blackened|charred)\b|\b(?:white and shiny|shiny white|blackened)\b"
)
# Drooling: epiglottitis or another airway emergency (NICE CKS sore throat: 999), unless teething explains it (round
# 22, T-116: "teething i think - 8mo drooling loads, chewing everything" was a 999).
_DROOLING = re.compile(r"\bdrool\w*")
_TEETHING = re.compile(
    r"\bteething\b|\bteeth (?:are )?(?:coming|cutting)\b|\bnew tooth\b|\bchew\w* (?:on )?everything\b"
)
# Choking first aid that has not cleared it (Resuscitation Council UK choking: back blows and chest or abdominal
# thrusts, then 999 if it has not come out; round 22, T-118: "he was eating a grape ... making no sound, mouth open,
# cant cry, ive done 5 back blows ... it hasnt come out").
_CHOKING_FIRST_AID = re.compile(r"\b(?:back (?:blows|slaps)|chest thrusts|abdominal thrusts|heimlich)\b")
_NOT_CLEARED = re.compile(
    r"\b(?:hasn'?t|has not|didn'?t|did not|not|won'?t) (?:come out|came out|worked|cleared|shifted|moved)\b"
    r"|\bstill (?:stuck|in there|choking)\b|\b(?:going|gone|turning) (?:purple|blue)\b|\bno (?:sound|noise)\b"
    r"|\bcan'?t (?:cry|breathe|cough)\b"
)
# Redcurrant-jelly poo: intussusception (NHS.uk intussusception: A&E; round 22, T-119: "poop in it that looked like
# red jelly", a 15-month-old screaming every 15 minutes with his knees pulled up).
_JELLY_POO = re.compile(
    r"\b(?:poo|poop|stools?|nappy|diaper)\b[\w ,']{0,40}?\b(?:red(?:currant)? jelly|jam|jelly)\b"
    r"|\b(?:red(?:currant)? jelly|jam-like|jelly-like) (?:poo|poop|stools?)\b"
)
# Stridor at rest with the chest or neck sucking in, grey or drowsy: severe croup or another airway obstruction (NICE
# CKS croup: severe croup needs emergency admission; round 22, T-121: "every single breath in makes a harsh rasping
# crowing noise like a rusty gate ... a hollow that caves in at the base of his neck ... a bit grey").
_STRIDOR = re.compile(
    r"\bstridor\b|\b(?:harsh|rasping|crowing|squeaky|whistling|high[- ]pitched)\b[\w ,']{0,30}?\bbreath\w* in\b"
    r"|\bbreath\w* in\b[\w ,']{0,30}?\b(?:rasp\w*|crow\w*|squeak\w*|whistl\w*)|\brusty gate\b"
)
_STRIDOR_SEVERE = re.compile(
    r"\b(?:sucking|sucks|pulling|pulls|dragging|drags|caves?|caving|sinking|sinks) in\b|\bhollow\b"
    r"|\bgrey(?:ish)?\b|\bgray(?:ish)?\b|\bdrows\w*|\blethargic\b|\bexhausted\b|\bagitated\b"
)
# An electrical burn: a wire, charger or socket bitten or touched, then a burn or sparks (NHS.uk burns and scalds:
# A&E for electrical burns, however small; round 22, T-122: "3yo bit phone charger wire it sparked burn on lip").
_LIVE_WIRE = re.compile(
    r"\b(?:bit|bitten|bites|chewed|chewing|sucked|touched|grabbed|poked)\b[\w ,']{0,25}?\b(?:charger|wire|cable|lead"
    r"|plug|socket|flex)\b"
)
_ELECTRIC_HARM = re.compile(r"\bspark\w*|\bburn\w*|\bshock\w*|\bblack(?:ened)?\b")
# Mottled skin, purple and white or marbled, with a fever: a high-risk sign of sepsis at any age (NICE NG51: mottled
# or ashen skin is high risk, emergency care; round 22, T-122: a 6-year-old's skin "blotchy colour, purple and white").
# A blotchy rash with a cold is not this; the NG143 words read blotchy skin under 5.
_MOTTLED = re.compile(r"\bmottled\b|\bmarbl\w*|\bpurple and white\b|\bwhite and purple\b|\blacy\b|\bcorned beef\b")
_FEVERISH = re.compile(r"\b(?:fever\w*|temperature|temp|high temp\w*|burning up|3[89](?:\.\d)?|4[01](?:\.\d)?)\b")
# Sickle cell disease with a fever, or pain the usual painkillers do not touch (NHS.uk sickle cell disease: A&E for a
# temperature of 38C or above, or pain that is not controlled at home).
_SICKLE = re.compile(r"\bsickle\w*")
_SICKLE_TRAIT = re.compile(r"\btrait\b|\bnot the disease\b|\bcarrier\b")
_SICKLE_DANGER = re.compile(
    r"\b(?:fever|temperature|temp|burning up|3[89](?:\.\d)?|4[01](?:\.\d)?)\b"
    r"|\b(?:none of (?:it|them|that)|nothing|not|isn'?t|aren'?t|hasn'?t|haven'?t) (?:is |are |has |have )?(?:even )?"
    r"(?:touching|touched|helping|helped|working|worked|shifting)\b"
)
# A fit still going after its rescue medicine (NICE NG217 epilepsies: call 999 if a seizure continues 5 minutes after
# the buccal midazolam; the care plan's own advice).
_RESCUE_MEDICINE = re.compile(
    r"\b(?:midazolam|buccolam|epistatus|rectal diazepam|rescue (?:med\w*|medicine|meds)|emergency (?:med\w*"
    r"|medicine))\b"
)
_STILL_FITTING = re.compile(
    r"\b(?:still (?:going|fitting|shaking|jerking|seizing|twitching)|(?:hasn'?t|has not|not) stopped|won'?t stop)\b"
)
# A fever of five days or more with red eyes, cracked red lips, a strawberry tongue or swollen hands and feet:
# Kawasaki disease (NICE CKS Kawasaki disease: refer urgently; NICE NG143: consider it in a fever of 5 days or more).
_KAWASAKI_MOUTH = re.compile(
    r"\bstrawberry tongue\b|\b(?:lips|mouth)\b (?:are |is )?(?:\w+ ){0,3}?(?:cracked|peeling)\b"
    r"|\bcracked (?:red )?lips\b"
)
_KAWASAKI_ELSE = re.compile(
    r"\b(?:eyes (?:are |look )?(?:\w+ )?red|red eyes|(?:hands|feet) (?:and (?:hands|feet) )?(?:are )?(?:\w+ )?"
    r"(?:puffy|swollen)|peeling (?:fingers|toes|skin))\b"
)
_FEVER_SAID = re.compile(r"\b(?:fever\w*|temperature|temp|high temp\w*|febrile)\b")
# Something swallowed that is now stuck: drooling, pain on swallowing, or food and drink refused or spat out (NHS.uk
# swallowed objects: A&E if they have pain, are drooling or cannot swallow).
_SWALLOWED_THING = re.compile(
    r"\b(?:coin|[125]p|[125]0p|penny|pound coin|marble|lego|bead|stone|button|earring|ring|key|toy"
    r"|bone|batter(?:y|ies))\b[\w ,']{0,40}?"
    r"\b(?:swallowed|went down|gone down|go down)\b"
    r"|\b(?:swallowed|eat|ate) (?:a |an |the |his |her |my )?(?:small |round |little )*(?:coin|[125]p|[125]0p|penny"
    r"|pound coin|marble|lego|bead|stone"
    r"|button|earring|ring|key|toy|bone)\b"
)
_STUCK_SIGNS = re.compile(
    r"\b(?:dribbl\w*|drool\w*|can'?t swallow|won'?t (?:eat|swallow)|gagg\w*|retch\w*|spat (?:it|his|her|their|the)"
    r"|spit\w* (?:it|his|her|their|the) (?:\w+ )?(?:back )?out)\b|\bhurts? (?:\w+ ){0,4}?when (?:he|she|they"
    r"|i) swallow\w*"
)


@dataclass(frozen=True, slots=True)
class WordRule:
    """A red flag said in words that only means danger with its context: fires when each group of `needs` has a
    pattern present."""

    name: str
    floor: Disposition
    source: str
    needs: tuple[tuple[re.Pattern[str], ...], ...]  # each group: any one of its patterns present
    # Contexts in which an occurrence does not count; the crisis rules skip a history as well ("used to hear voices").
    not_now: frozenset[Polarity] = NOT_NOW
    # Things that, said now, explain the red flag away (a blow to the mouth, for a swollen lip).
    unless: tuple[re.Pattern[str], ...] = ()


WORD_RULES: tuple[WordRule, ...] = (
    WordRule(
        "too breathless to speak",
        D.CALL_999,
        "BTS/SIGN 158 asthma (cannot complete sentences); NHS.uk shortness of breath (call 999)",
        ((_SPEECH_FAILS, _CANT_TALK), (_BREATHING,)),
    ),
    WordRule(
        "limb at an odd angle after an injury",
        D.ED,
        "NHS.uk broken arm or wrist, broken leg (A&E)",
        ((_DEFORMED_LIMB,), (_INJURY,)),
    ),
    WordRule(
        "pregnancy with heavy bleeding, one-sided or shoulder-tip pain",
        D.ED,
        "NHS.uk ectopic pregnancy and miscarriage (A&E); NICE NG126 (refer at once to an early pregnancy service)",
        ((_PREGNANT,), (_HEAVY_BLEEDING, _ONE_SIDED_PAIN, _SHOULDER_TIP)),
    ),
    WordRule(
        "cannot pass urine with a full bladder",
        D.ED,
        "NHS.uk urinary retention (A&E if you cannot pee at all)",
        ((_CANT_PEE,), (_FULL_BLADDER, _CANT_PEE_FOR_HOURS)),
    ),
    WordRule(
        "head injury with vomiting, drowsiness or loss of consciousness",
        D.ED,
        "NICE NG232 head injury (1.1: refer to ED); NHS.uk head and brain injuries (A&E)",
        ((_HEAD_INJURY,), (_HEAD_WARNING,)),
    ),
    WordRule(
        "hearing or seeing things, or paranoid beliefs, with distress or a change in behaviour",
        D.MENTAL_HEALTH_CRISIS,
        "NICE CG178 psychosis (refer urgently to a crisis team); " + _MH_CRISIS,
        ((_VOICES, _PARANOID), (_CRISIS_NOW, _STOPPED_MEDS, _DANGER)),
        NOT_NOW_OR_PAST,
    ),
    WordRule(
        "no sleep for days with racing thoughts and reckless behaviour or psychosis (mania)",
        D.MENTAL_HEALTH_CRISIS,
        "NICE CG185 bipolar disorder (mania: refer urgently); " + _MH_CRISIS,
        ((_RACING,), (_NO_SLEEP,), _MANIA_MORE),
        NOT_NOW_OR_PAST,
    ),
    WordRule(
        "a danger to themselves or others, or cannot be kept safe",
        D.MENTAL_HEALTH_CRISIS,
        "NICE NG225 self-harm; NICE CG185; " + _MH_CRISIS,
        ((_DANGER,),),
        NOT_NOW_OR_PAST,
    ),
    WordRule(
        "not eating or drinking because of their mental state",
        D.MENTAL_HEALTH_CRISIS,
        "NICE CG90 depression and CG178 psychosis (refer urgently: risk to life); " + _MH_CRISIS,
        ((_NOT_EATING,), (_MENTAL_STATE,)),
        NOT_NOW_OR_PAST,
    ),
    WordRule(
        "a suicide plan or preparations said in everyday words",
        D.CALL_999,
        "NICE NG225 self-harm (1.3: plans and means); NHS.uk help for suicidal thoughts (call 999 if you have a plan)",
        ((_PLAN_TO_END_LIFE, _PLAN_TO_DO_IT, _PREPARED), (_PLAN_TO_END_LIFE, _SUICIDAL_SAID)),
        NOT_NOW_OR_PAST,
    ),
    WordRule(
        "cannot feel or move the legs or arms after an injury",
        D.CALL_999,
        "NICE NG41 spinal injury; NHS.uk (call 999 after a serious injury)",
        ((_LIMBS_FAIL,), (_INJURY_OR_DIVE,)),
    ),
    WordRule(
        "cannot feel or move the legs or arms after an injury",
        D.CALL_999,
        "NICE NG41 spinal injury; NHS.uk (call 999 after a serious injury)",
        ((_ONE_ARM_FAILS,), (_INJURY_OR_DIVE,)),
        unless=(_ARM_HURT,),
    ),
    WordRule(
        "stroke signs",
        D.CALL_999,
        "NICE NG128 stroke (FAST)",
        ((_ONE_ARM_MOVES_NOT,),),
        unless=(_ARM_HURT,),
    ),
    WordRule(
        "a serious injury (fall from height or a road crash) and cannot get up or walk",
        D.CALL_999,
        "NICE NG39 major trauma; NHS.uk (call 999 after a serious accident)",
        ((_HIGH_ENERGY,), (_CANT_GET_UP,)),
    ),
    WordRule(
        "asthma with a reliever inhaler not helping",
        D.ED,
        "NHS.uk asthma attacks (A&E or 999 if the reliever is not helping); BTS/SIGN 158",
        ((_ASTHMA,), (_RELIEVER_FAILS,)),
    ),
    WordRule(
        "green vomit with a swollen tummy or no poo or wind",
        D.ED,
        "NHS.uk bowel obstruction (A&E); NICE CKS gastroenteritis red flags",
        ((GREEN_VOMIT,), (_SWOLLEN_TUMMY, _NO_POO)),
    ),
    WordRule(
        "vomiting and cannot poo or pass wind",
        D.ED,
        "NHS.uk bowel obstruction (A&E)",
        ((_VOMITING,), (_NO_POO_OR_WIND,)),
    ),
    WordRule(
        "tummy pain spreading across the whole tummy, or a rigid tummy",
        D.ED,
        "NHS.uk appendicitis (call 999 if the pain spreads across your tummy); NICE CKS acute abdomen (peritonitis)",
        ((_SPREADING_TUMMY_PAIN, _RIGID_TUMMY),),
    ),
    WordRule(
        "shingles near the eye",
        D.GP_OOH,
        "NHS.uk shingles (urgent GP or 111 if the rash is near the eye); NICE CKS (herpes zoster ophthalmicus)",
        ((_SHINGLES_NEAR_EYE,),),
        NOT_NOW_OR_PAST,
    ),
    WordRule(
        "painful red eye with a change in sight",
        D.ED,
        "NHS.uk red eye and glaucoma (A&E: a painful red eye with changes in eyesight or rings around lights)",
        ((_PAINFUL_EYE,), (_SIGHT_CHANGED,)),
    ),
    WordRule(
        "a cut with fingers or toes that cannot move or be felt",
        D.ED,
        "NHS.uk cuts and grazes (A&E if you cannot move or feel part of your body near the cut)",
        ((_CUT,), (_CANT_MOVE_OR_FEEL,)),
    ),
    WordRule(
        "sudden loss of balance with dizziness, vomiting or double vision",
        D.CALL_999,
        "NICE NG128 stroke (posterior circulation: sudden vertigo with ataxia); NHS.uk stroke",
        ((_SUDDEN_UNSTEADY,), (_VERTIGO_SIGN,)),
    ),
    WordRule(
        "a swelling behind the ear pushing it forward",
        D.ED,
        "NHS.uk mastoiditis; NICE CKS otitis media (mastoiditis: admit)",
        ((_EAR_PUSHED,), (_BEHIND_EAR_SWELLING,)),
    ),
    WordRule(
        "neck or back pain after an injury with tingling or numb limbs",
        D.CALL_999,
        "NICE NG41 spinal injury (paraesthesia after a dangerous mechanism)",
        # The rarest first: a rule's groups are read in turn and stop at the first absent.
        ((_LIMB_TINGLE,), (_NECK_OR_BACK_HURT,), (_INJURY_OR_DIVE,)),
    ),
    WordRule(
        "airway swelling",
        D.CALL_999,
        "NHS.uk anaphylaxis and angioedema (call 999 if the lips, mouth, tongue or throat swell suddenly)",
        ((_LIPS_SWELLING,),),
        unless=(_MOUTH_BLOW,),
    ),
    WordRule(
        "weakness spreading from the legs to the arms",
        D.ED,
        "NHS.uk Guillain-Barre syndrome (A&E or 999 if weakness spreads quickly)",
        ((_ASCENDING_WEAKNESS,),),
    ),
    WordRule(
        "adrenal insufficiency with vomiting",
        D.ED,
        "Society for Endocrinology adrenal crisis; NHS.uk Addison's disease (emergency hydrocortisone)",
        ((_ADRENAL,), (_CANT_KEEP_STEROIDS,)),
    ),
    WordRule(
        "heavy bleeding after giving birth",
        D.CALL_999,
        "NHS.uk your body after the birth (call 999: soaking a pad an hour, large clots); RCOG postpartum haemorrhage",
        ((_AFTER_BIRTH,), (_HEAVY_LOSS,)),
    ),
    WordRule(
        "a limb suddenly cold, pale or numb and painful",
        D.CALL_999,
        "NHS.uk peripheral arterial disease (call 999: sudden pain, pale, cold limb); NICE CG147",
        ((_LIMB_BLOODLESS,), (_ALL_OF_A_SUDDEN,), (_LIMB_PAIN,)),
    ),
    WordRule(
        "a faint or blackout during exercise",
        D.ED,
        "NICE CG109 transient loss of consciousness (exertional: assessment within 24 hours); ESC 2018 syncope",
        ((_FAINT_DURING_EXERCISE,),),
    ),
    WordRule(
        "a blistering rash with sore mouth, eyes or genitals",
        D.ED,
        "NHS.uk Stevens-Johnson syndrome (A&E); NICE CKS",
        ((_BLISTERING_RASH,), (_MUCOSA,)),
    ),
    WordRule(
        "a nosebleed that will not stop",
        D.ED,
        "NHS.uk nosebleed (A&E if longer than 10 to 15 minutes)",
        ((_NOSEBLEED,), (_BLEED_GOES_ON,)),
    ),
    WordRule(
        "peeling or blistering skin after a new medicine",
        D.ED,
        "NHS.uk Stevens-Johnson syndrome (A&E); NICE CKS",
        ((_SKIN_LOSS,), (_NEW_MEDICINE,)),
    ),
    WordRule(
        "an eye injury with a change in sight",
        D.ED,
        "NHS.uk eye injuries (A&E)",
        ((_EYE_HIT,), (_SIGHT_CHANGED,)),
    ),
    WordRule(
        "a swollen or painful calf with breathlessness or chest pain",
        D.ED,
        "NHS.uk DVT (go to A&E or call 999 with breathlessness or chest pain)",
        ((_CALF,), (_BREATHLESS_OR_CHEST_PAIN,)),
    ),
    WordRule(
        "a low blood sugar that treatment is not lifting, or with confusion or drowsiness",
        D.ED,
        "NHS.uk low blood sugar (hypoglycaemia); JBDS-IP hypoglycaemia (severe: needs another's help)",
        ((_LOW_SUGAR,), (_HYPO_NOT_LIFTING,)),
    ),
    WordRule(
        "a low blood sugar that treatment is not lifting, or with confusion or drowsiness",
        D.ED,
        "NHS.uk low blood sugar (hypoglycaemia: insulin and sulfonylureas; confusion is severe)",
        ((_HYPO_DRUG,), (_HYPO_MIND,)),
    ),
    WordRule(
        "palpitations with a faint or blackout, chest pain or breathlessness",
        D.ED,
        "NHS.uk heart palpitations (A&E or 999 with chest pain, shortness of breath or fainting)",
        ((_PALPITATIONS,), (_FAINTED_OR_CHEST,)),
    ),
    WordRule(
        "an allergic reaction with a hoarse voice, noisy breathing or trouble swallowing",
        D.CALL_999,
        "Resuscitation Council UK anaphylaxis (2021); NHS.uk anaphylaxis (call 999)",
        ((_ALLERGY_NOW,), (_AIRWAY_SIGN,)),
    ),
    WordRule(
        "new floaters with flashes or a shadow in the vision",
        D.ED,
        "NHS.uk floaters and flashes in the eyes (A&E or an urgent eye service at once)",
        ((_NEW_FLOATERS,), (_FLASHES_OR_SHADOW,)),
    ),
    WordRule(
        "heatstroke: hot and not sweating, confused, fitting or collapsed",
        D.CALL_999,
        "NHS.uk heat exhaustion and heatstroke (call 999)",
        ((_HEAT,), (_HEATSTROKE_SIGN,)),
    ),
    WordRule(
        "hypothermia: very cold with drowsiness, confusion or shivering stopped",
        D.ED,
        "NHS.uk hypothermia (call 999 or go to A&E)",
        ((_COLD_EXPOSURE,), (_HYPOTHERMIA_SIGN,)),
    ),
    WordRule(
        "an electric shock with a burn, a racing or irregular heart, or a faint",
        D.ED,
        "NHS.uk electric shock (A&E; 999 if unconscious)",
        ((_ELECTRIC_SHOCK,), (_SHOCK_HARM,)),
    ),
    WordRule(
        "neck stiffness with fever",
        D.ED,
        "NICE NG240 meningitis",
        ((_STIFF_NECK,),),
        unless=(_NECK_STRAIN,),
    ),
    WordRule(
        "baby moving less, or waters broken before 37 weeks",
        D.ED,
        "RCOG Green-top 57 (reduced fetal movements); NHS.uk your baby's movements",
        ((_BABY_QUIET,), (_PREGNANT,)),
    ),
    WordRule(
        "a contact lens wearer with a red, painful eye",
        D.ED,
        "NHS.uk red eye (A&E or an eye casualty at once for contact lens wearers); RCOphth",
        ((_CONTACT_LENS,), (_EYE_RED_PAINFUL,), (_CORNEA_SIGN,)),
    ),
    WordRule(
        "pregnancy with constant tummy pain and a hard bump",
        D.CALL_999,
        "RCOG Green-top 63 (antepartum haemorrhage; abruption may not bleed); NHS.uk",
        ((_HARD_BUMP,), (_PREGNANT,), (_CONSTANT_PAIN,)),
    ),
    WordRule(
        "missed dialysis with weakness, palpitations or breathlessness",
        D.ED,
        "UK Kidney Association hyperkalaemia guideline; NHS.uk dialysis",
        ((_MISSED_DIALYSIS,), (_DIALYSIS_HARM,)),
    ),
    WordRule(
        "cancer with back pain and new weak legs or unsteadiness",
        D.ED,
        "NICE NG234 metastatic spinal cord compression (same-day assessment)",
        ((_CANCER,), (_BACK_PAIN,), (_LEGS_FAILING,)),
        unless=(_CANCER_NOW,),
    ),
    WordRule(
        "a feeding tube come out",
        D.ED,
        "NHS.uk and BAPEN gastrostomy care (a displaced tube: A&E within hours, before the opening closes)",
        ((_FEEDING_TUBE_OUT,),),
    ),
    WordRule(
        "a silent chest or drowsy in an asthma attack",
        D.CALL_999,
        "BTS/SIGN 158 asthma (life-threatening: silent chest, exhaustion, altered consciousness)",
        ((_SILENT_CHEST,), (_ASTHMA_EXHAUSTED,)),
    ),
    WordRule(
        "sudden sharp chest pain with breathlessness",
        D.ED,
        "NHS.uk chest pain and collapsed lung (A&E or 999); NICE CKS pneumothorax",
        ((_SUDDEN_SHARP_CHEST,), (_CANT_GET_BREATH,)),
    ),
    WordRule(
        "an animal bite to the face or a deep bite",
        D.ED,
        "NHS.uk animal and human bites (A&E for deep bites or bites to the face or head)",
        ((_ANIMAL_BITE,), (_BITE_SERIOUS,)),
    ),
    WordRule("a snake bite", D.ED, "NHS.uk snake bites (call 999 or go to A&E)", ((_SNAKE_BITE,),)),
    WordRule(
        "on the floor for hours and cannot get up",
        D.ED,
        "NICE NG249 falls (a long lie); NHS.uk falls",
        ((_LONG_LIE,), (_CANT_GET_UP, _HIP_HURTS)),
    ),
    WordRule(
        "female genital mutilation with pain, swelling, bleeding or fever",
        D.ED,
        "RCOG Green-top 53 FGM; NHS.uk female genital mutilation (A&E for complications)",
        ((_FGM,), (_FGM_HARM,)),
    ),
    WordRule(
        "something sharp in the eye",
        D.ED,
        "NHS.uk eye injuries (A&E: leave it in place)",
        ((_SHARP_IN_EYE,),),
    ),
    WordRule(
        "an object breathed in, with a cough, wheeze or breathing that will not settle",
        D.ED,
        "NICE CKS (inhaled foreign body); NHS.uk choking (A&E if a cough goes on after choking)",
        ((_INHALED_OBJECT,), (_AIRWAY_NOT_SETTLED,)),
    ),
    WordRule(
        "a button battery or magnets missing and perhaps swallowed",
        D.ED,
        "RCEM and CAPT button battery alerts (A&E at once, even with no symptoms)",
        ((_BUTTON_BATTERY,), (_BATTERY_MISSING,)),
    ),
    WordRule(
        "bloody diarrhoea, then pale, puffy or hardly weeing",
        D.ED,
        "NHS.uk and UKHSA E. coli O157 (haemolytic uraemic syndrome: A&E)",
        ((_BLOODY_DIARRHOEA,), (_HUS_SIGN,)),
    ),
    WordRule(
        "a tampon with a fever and a sunburn-like rash or dizziness",
        D.ED,
        "NHS.uk toxic shock syndrome (999 or A&E)",
        ((_TAMPON,), (_TSS_SIGN,), (_FEVER_NOW,)),
    ),
    WordRule(
        "stopped drinking, now seeing things, confused or fitting",
        D.ED,
        "NICE CG100 alcohol-use disorders (delirium tremens, withdrawal seizures: hospital)",
        ((_STOPPED_DRINKING,), (_DT_SIGN,)),
    ),
    WordRule(
        "a new medicine, then a fever with a spreading rash or sore lips, eyes or genitals",
        D.ED,
        "MHRA (lamotrigine, carbamazepine, allopurinol: serious skin reactions); NHS.uk Stevens-Johnson syndrome (A&E)",
        ((_SKIN_REACTION_DRUG,), (_SJS_SIGN,), (_FEVER_NOW,)),
    ),
    WordRule(
        "a goodbye message with the means at hand or no contact",
        D.CALL_999,
        "NHS.uk help for suicidal thoughts (call 999 if a life is at risk now); NICE NG225",
        ((_FAREWELL,), (_MEANS_OR_GONE,)),
    ),
    WordRule(
        "self-harm with a deep or gaping wound, or bleeding that will not stop",
        D.ED,
        "NICE NG225 self-harm (1.7: treat the physical injury); NHS.uk cuts and grazes (A&E for deep cuts)",
        ((_SELF_HARM,), (_DEEP_WOUND,)),
    ),
    WordRule(
        "a stick, toothbrush or pen pushed into the back of the throat",
        D.ED,
        "RCEM (penetrating oropharyngeal injury in children); NHS.uk (A&E)",
        ((_THROAT_PIERCED,),),
    ),
    WordRule(
        "a blow to the tummy, then pale, dizzy or shoulder-tip pain",
        D.CALL_999,
        "NICE NG39 major trauma (signs of bleeding inside)",
        ((_TUMMY_BLOW,), (_BLEEDING_INSIDE,)),
    ),
    WordRule(
        "a knuckle cut on someone's teeth, now infected",
        D.ED,
        "NHS.uk animal and human bites (A&E)",
        ((_PUNCHED_MOUTH,), (_KNUCKLE_INFECTED,)),
    ),
    WordRule(
        "peritoneal dialysis with tummy pain, a cloudy bag or a fever",
        D.ED,
        "UK Kidney Association and ISPD peritonitis guidance (same day)",
        ((_PERITONEAL_DIALYSIS,), (_PD_PERITONITIS,)),
    ),
    WordRule(
        "food stuck in the gullet, not even saliva going down",
        D.ED,
        "NICE CKS dysphagia; BSG food bolus obstruction (same day)",
        ((_FOOD_STUCK,), (_NOTHING_GOES_DOWN,)),
    ),
    WordRule(
        "a painful lump in the groin or a hernia, with vomiting or no poo",
        D.ED,
        "NHS.uk inguinal and femoral hernia (A&E if painful and vomiting)",
        ((_GROIN_LUMP,), (_LUMP_TENDER,), (_VOMIT_OR_BLOCKED,)),
    ),
    WordRule(
        "a burn or scald that blisters the face, hands, arms, feet, legs or genitals",
        D.ED,
        "NHS.uk burns and scalds (A&E for blisters on the face, hands, arms, feet, legs or genitals)",
        ((_BURN_BLISTERS,), (_BLISTER_SITE,)),
    ),
    WordRule(
        "myasthenia gravis with trouble breathing or swallowing",
        D.CALL_999,
        "NICE CKS myasthenia gravis (a crisis: 999)",
        ((_MYASTHENIA,), (_MYASTHENIC_CRISIS,)),
    ),
    WordRule(
        "more paracetamol than the safe dose",
        D.ED,
        "NHS.uk paracetamol (A&E if you have taken too much, even if you feel well)",
        ((_TOO_MUCH_PARACETAMOL,), (_PARACETAMOL,)),
    ),
    WordRule(
        "wild mushrooms eaten, now sick",
        D.ED,
        "NHS.uk poisoning (A&E); UKHSA mushroom poisoning",
        ((_WILD_MUSHROOMS,), (_BEING_POORLY,)),
    ),
    WordRule(
        "a chemical on the skin with a burn",
        D.ED,
        "NHS.uk burns and scalds (A&E for chemical burns)",
        ((_CHEMICAL_ON_SKIN,), (_SKIN_HARMED,)),
    ),
    WordRule(
        "smoke breathed in with signs of a burnt airway",
        D.CALL_999,
        "NHS.uk burns and scalds (call 999 if smoke or fumes were breathed in); NICE NG39",
        ((_BURNT_AIRWAY,), (_FIRE_SMOKE,)),
    ),
    WordRule(
        "an injured limb gone rock hard with pain out of proportion",
        D.ED,
        "NHS.uk compartment syndrome (A&E)",
        ((_TENSE_LIMB,), (_PAIN_BEYOND,), (_INJURY,)),
    ),
    WordRule(
        "indigestion or chest discomfort with jaw or arm pain and sweating",
        D.CALL_999,
        "NHS.uk heart attack (call 999: pain spreading to the jaw or arm, sweating); NICE CG95",
        ((_JAW_OR_ARM,), (_COLD_SWEAT,), (_CHEST_DISCOMFORT,)),
    ),
    WordRule(
        "pulled from the water with a cough, breathlessness or drowsiness",
        D.ED,
        "RLSS UK drowning prevention; NHS.uk (A&E after inhaling water)",
        ((_FROM_WATER,), (_WATER_HARM,)),
    ),
    WordRule(
        "a weapon held or threatened",
        D.CALL_999,
        "NHS.uk mental health crisis (call 999 if a life is at risk now)",
        ((_WEAPON_HELD,), (_THREAT_NOW,)),
        NOT_NOW_OR_PAST,
    ),
    WordRule(
        "pain far worse than a wound or a bump would explain",
        D.ED,
        "NHS.uk necrotising fasciitis (999 or A&E: pain much worse than you'd expect)",
        ((_OUT_OF_PROPORTION,),),
    ),
    WordRule(
        "a baby about to be born",
        D.CALL_999,
        "NHS.uk signs of labour (call 999 if the baby is coming and no midwife is there)",
        ((_BIRTH_NOW,), (_LABOUR,)),
    ),
    WordRule(
        "methotrexate taken every day or too much",
        D.ED,
        "NHS.uk methotrexate (A&E if you take too much); MHRA daily dosing errors",
        ((_METHOTREXATE_TOO_MUCH,),),
    ),
    WordRule(
        "a high-pressure injection injury",
        D.ED,
        "BSSH and RCEM high-pressure injection injuries (A&E at once)",
        ((_HIGH_PRESSURE,),),
    ),
    WordRule(
        "an object stuck in a wound",
        D.ED,
        "NHS.uk cuts and grazes (A&E if something is stuck in the wound)",
        ((_IMPALED,),),
        unless=(_OWN_NAIL,),
    ),
    WordRule(
        "very high blood pressure with a headache, sight, chest or confusion",
        D.ED,
        "NICE NG136 hypertension (180/120 or more with these: same-day specialist review)",
        ((_VERY_HIGH_BP,), (_BP_SIGNS,)),
    ),
    WordRule(
        "frostbite: white, hard or numb fingers or toes after the cold",
        D.ED,
        "NHS.uk frostbite (A&E for severe frostbite)",
        ((_COLD,), (_DIGITS_FROZEN,)),
        unless=(_RAYNAUD,),
    ),
    WordRule(
        "a sharp object swallowed",
        D.ED,
        "NHS.uk swallowed objects; RCEM (sharp objects: A&E)",
        ((_SHARP_SWALLOWED,),),
    ),
    WordRule(
        "pain, redness or worse sight after eye surgery",
        D.ED,
        "RCOphth endophthalmitis (same-day eye casualty after eye surgery or an eye injection)",
        ((_EYE_SURGERY,), (_EYE_WORSE,)),
    ),
    WordRule(
        "sudden severe tummy pain",
        D.ED,
        "NHS.uk stomach ache (999 or A&E for sudden, severe stomach pain)",
        ((_SUDDEN_TUMMY,), (_DOUBLED_UP,)),
    ),
    WordRule(
        "a penis injured with a crack or snap",
        D.ED,
        "BAUS penile fracture (A&E at once)",
        ((_PENILE_SNAP,), (_PENIS_HURT,)),
    ),
    WordRule(
        "a fall from a window, a balcony or a roof",
        D.ED,
        "NICE NG232 head injury (a dangerous mechanism); RoSPA window falls",
        ((_WINDOW_FALL,),),
    ),
    WordRule(
        "a head injury, then bruising round both eyes or behind an ear, or fluid from the nose or an ear",
        D.CALL_999,
        "NHS.uk head and brain injuries (999: clear fluid from the nose or ears, bruising behind the ears); NICE NG232",
        ((_HEAD_INJURY,), (_SKULL_BASE,)),
        unless=(_BROKEN_NOSE,),
    ),
    WordRule(
        "a head injury, then hard to keep awake, a fit, trouble speaking or understanding, or unsteady",
        D.CALL_999,
        "NHS.uk head and brain injuries (call 999)",
        ((_HEAD_INJURY,), (_HEAD_999_SIGNS,)),
    ),
    WordRule(
        "a new squint or double vision with headaches, vomiting or clumsiness",
        D.ED,
        "HeadSmart; NICE NG12 (a new squint, or headache with vomiting, in a child); NHS.uk double vision",
        ((_NEW_SQUINT,), (_PRESSURE_SIGNS,)),
        unless=(_SQUINT_LONG,),
    ),
    WordRule(
        "a cord or ligature round the neck",
        D.CALL_999,
        "RoSPA blind cord safety; NHS.uk (strangling: call 999)",
        ((_ROUND_NECK,), (_STRANGLED,)),
    ),
    WordRule(
        "repeated shocks from an implanted defibrillator",
        D.CALL_999,
        "BHF and Arrhythmia Alliance (two or more shocks: 999)",
        ((_ICD,), (_SHOCKS,)),
    ),
    WordRule(
        "tummy swelling, pain or fever after a colonoscopy or endoscopy",
        D.ED,
        "NHS.uk colonoscopy and endoscopy (A&E for severe tummy pain, a temperature or bleeding after it)",
        ((_SCOPED,), (_AFTER_SCOPE,)),
    ),
    WordRule(
        "stridor or drooling",
        D.CALL_999,
        "NICE CKS sore throat (epiglottitis)",
        ((_DROOLING,),),
        unless=(_TEETHING,),
    ),
    WordRule(
        "stridor with the chest or neck sucking in, grey or drowsy",
        D.CALL_999,
        "NICE CKS croup (severe croup: emergency admission)",
        ((_STRIDOR,), (_STRIDOR_SEVERE,)),
    ),
    WordRule(
        "an electrical burn: a wire or socket bitten or touched, then a burn or sparks",
        D.ED,
        "NHS.uk burns and scalds (A&E for electrical burns)",
        ((_LIVE_WIRE,), (_ELECTRIC_HARM,)),
    ),
    WordRule(
        "mottled skin with a fever",
        D.CALL_999,
        "NICE NG51 sepsis (mottled skin: high risk, emergency care)",
        ((_MOTTLED,), (_FEVERISH,)),
    ),
    WordRule(
        "choking that back blows or thrusts have not cleared",
        D.CALL_999,
        "Resuscitation Council UK choking (999 if it has not cleared)",
        ((_CHOKING_FIRST_AID,), (_NOT_CLEARED,)),
    ),
    WordRule(
        "poo like redcurrant jelly",
        D.ED,
        "NHS.uk intussusception (A&E)",
        ((_JELLY_POO,),),
    ),
    WordRule(
        "a deep burn: skin come away, blackened, or white and shiny",
        D.ED,
        "NHS.uk burns and scalds (A&E for deep burns, white or charred skin)",
        ((_BURN_CAUSE,), (_SKIN_OFF,)),
    ),
    WordRule(
        "sickle cell disease with a fever or pain not controlled",
        D.ED,
        "NHS.uk sickle cell disease (A&E for a temperature of 38C or more, or pain not controlled at home)",
        ((_SICKLE,), (_SICKLE_DANGER,)),
        unless=(_SICKLE_TRAIT,),
    ),
    WordRule(
        "a fit still going after its rescue medicine",
        D.CALL_999,
        "NICE NG217 epilepsies (999 if a seizure goes on after the rescue medicine)",
        ((_RESCUE_MEDICINE,), (_STILL_FITTING,)),
    ),
    WordRule(
        "a fever with red eyes, cracked lips or a strawberry tongue (Kawasaki signs)",
        D.ED,
        "NICE CKS Kawasaki disease (refer urgently); NICE NG143",
        ((_KAWASAKI_MOUTH,), (_KAWASAKI_ELSE,), (_FEVER_SAID,)),
    ),
    WordRule(
        "something swallowed, then drooling, pain or trouble swallowing",
        D.ED,
        "NHS.uk swallowed objects (A&E if they have pain, are drooling or cannot swallow)",
        ((_SWALLOWED_THING,), (_STUCK_SIGNS,)),
    ),
)


def _said_now(pattern: re.Pattern[str], f: Findings, rule: WordRule) -> bool:
    # The rules that skip a history (the crisis rules) also skip a safety plan recited and a past episode joined by
    # "and" (`_plan_or_past`).
    if Polarity.HISTORICAL not in rule.not_now:
        return present(pattern, f, rule.not_now)
    return any(not _plan_or_past(f, m.start()) for m in now(pattern, f, rule.not_now))


def word_rule_hits(f: Findings) -> list[RuleHit]:
    """Red flags that need two things said anywhere in the report (each group of a rule's `needs` present). A rule
    whose first group's strings the report holds none of is passed over before any scan (`prefilter.one_needed`)."""
    held = prefilter.held_by(f.text)
    return [
        RuleHit(rule.name, rule.floor, rule.source)
        for rule, first in zip(WORD_RULES, _first_group_strings(), strict=True)
        if (first is None or not first.isdisjoint(held))
        and all(any(_said_now(pattern, f, rule) for pattern in group) for group in rule.needs)
        and not any(present(pattern, f) for pattern in rule.unless)
    ]


@cache
def _first_group_strings() -> tuple[frozenset[int] | None, ...]:
    """Per rule, the strings one of which any match of its first group holds (`prefilter.one_needed`)."""
    return tuple(prefilter.one_needed(rule.needs[0]) for rule in WORD_RULES)


prefilter.register(
    _RECITED_PLAN,
    _NOW_OR_PRESENT,
    _PAST_TENSE,
    _HEAD_INJURY,
    _ANTICOAGULANT,
    *(pattern for rule in WORD_RULES for group in rule.needs for pattern in group),
    *(pattern for rule in WORD_RULES for pattern in rule.unless),
)
