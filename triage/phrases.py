"""Red-flag phrases: a table of patterns on the normalised text, each with the floor it sets and its source.

A phrase fires wherever an occurrence is said now (`triage.floors`): any occurrence its clause does not deny counts.
The triager also scores the model on the text with every phrase occurrence cut out (`without_phrases`), so a phrase
can raise urgency through the floor but cannot make the model's own reading of the rest more urgent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.vocabulary import Disposition
from triage import prefilter
from triage.findings import Findings, extract
from triage.floors import RuleHit, now

D = Disposition


@dataclass(frozen=True, slots=True)
class Phrase:
    name: str
    pattern: re.Pattern[str]
    floor: Disposition
    source: str


# An overdose's parts: how many, whose ("too many of her", "loads of his") and what.
_MANY = r"(?:a lot of|too many|loads of|lots of|a whole (?:box|packet|bottle) of)"
_WHOSE = r"(?:of )?(?:(?:my|her|his|their) )?"
_DRUGS = r"(?:tablets|pills|paracetamol|co-?codamol|ibuprofen|sleeping)"
# How many, when it is more than a dose (round 20, T-89): the usual adult dose is one or two tablets, and one or two
# extra by accident is unlikely to harm (NHS.uk paracetamol), so "took 2 paracetamol" is not an overdose; three or
# more at once, in digits or words, perhaps "about", perhaps "x 500mg", is; so is a packet, box, bottle or strip.
_ABOUT = r"(?:(?:about|around|roughly|maybe|over|nearly|almost|at least|more than|up to|like) )?"
_COUNT = (
    r"(?:[3-9]|[1-9]\d+|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|sixteen|twenty|thirty|forty"
    r"|fifty|a hundred)\b(?: ?x ?\d+ ?mg)?"
)
_PACKS = (
    r"(?:a|one|two|three|four|five|several|some|\d+) (?:full |whole |entire )?"
    r"(?:packets?|packs?|box(?:es)?|bottles?|tubs?|strips?|blister packs?) of"
)


# Speech that has stopped making sense (the stroke phrase, with "suddenly").
_NO_SENSE = (
    r"(?:(?:doesn'?t|does not|don'?t|isn'?t|is not) make sense|not making sense|muddled|jumbled|gibberish|nonsense)"
)


# Who or what comes before "fitted" or "seized" when it is a seizure: a person, or the verb's own helpers.
_WHO_FITS = (
    r"(?:he|she|they|i|we|baby|child|son|daughter|pt|patient|has|have|had|just|and|then|again|was|were|is|been"
    r"|started|starts|keeps|kept|began|begun)"
)


def _p(name: str, regex: str, floor: D, source: str) -> Phrase:
    return Phrase(name, re.compile(regex), floor, source)


_CHEST = r"(?:chest|heart)"
# "One side of my throat" (quinsy), read after the word "throat": a lookbehind of each fixed width.
_NOT_ONE_SIDE = "".join(rf"(?<!side of {whose}throat)" for whose in ("", "my ", "his ", "her ", "the ", "their "))
# The gap between a part and its swelling may not name another part, whose swelling it would then be.
NOT_ANOTHER_PART = (
    r"(?:(?!\b(?:glands?|tonsils?|nodes?|neck|cheeks?|gums?|jaw|face|eyes?|ankles?|feet|legs?|hands?|fingers?)\b)"
    r"[\w ])"
)
CHEMICAL = (
    r"(?:bleach|chemicals?|oven cleaner|drain cleaner|toilet cleaner|acid|alkali|caustic|ammonia|cement(?: dust)?|lime"
    r"|solvent|paint stripper|weed ?killer|detergent|cleaning (?:spray|product|fluid|liquid)"
    r"|dishwasher (?:tablet|powder|gel|liquid))"
)
_EYES = r"(?:(?:my|his|her|their|the|both|one|left|right) )*eyes?\b"
# People someone may attack or threaten (not "attacking my immune system", "stabbing pain in my chest").
PEOPLE = (
    r"(?:me|us|someone|somebody|people|anyone|the (?:kids|children|neighbou?rs?|carer|nurse|staff)"
    r"|(?:his|her|their|my) (?:wife|husband|partner|mum|mother|dad|father|brother|sister|son|daughter|girlfriend"
    r"|boyfriend|carer|kids|children|neighbou?rs?))\b"
)
PHRASES: tuple[Phrase, ...] = (
    _p(
        "crushing chest pain",
        rf"\b(?:crushing|heavy|tight|squeezing|pressure)\w*[\w ]{{0,20}}{_CHEST}|"
        rf"{_CHEST} (?:pain|tightness|pressure)[\w ,]{{0,40}}(?:down|into|to|spreading|radiating)[\w ]{{0,12}}"
        r"(?:arm|jaw|neck|back)"
        # ... and said "pain in my chest" first (round 18, T-70), which words between may not deny.
        r"|\bpain in (?:my |his |her |the |their )?(?:(?:centre|center|middle) of (?:my |his |her |the |their )?)?"
        r"chest\b(?:(?!\b(?:no|not|never|without)\b)[\w ,]){0,40}?"
        r"\b(?:down|into|to|spread\w*|radiat(?:es|ed|ing|e)|going)\b[\w ]{0,12}?\b(?:arm|jaw|neck|back)\b"
        # The same said chest first, "my chest feels tight", "chest has been heavy" (round 17, T-65); not "heart", as a
        # heart that feels heavy is sadness.
        r"|\bchest (?:is|feels|felt|has been|had been|was|went|goes|got|getting|has gone|keeps going"
        r"|started (?:to )?(?:feel|feeling|going|getting|get))"
        r"(?: (?:really|very|so|quite|all))? (?:tight|heavy|crushing|squeezed|squeezing)\b"
        # ... or as a weight on it (round 20, T-92): "chest feels like an elephant is sitting on it", "like someone
        # standing on my chest".
        # Each lead a plain word, so the prefilter can skip the alternative where none is said.
        r"|\b(?:elephant|someone|somebody|something heavy|a heavy weight|heavy weight|a weight|weight|a ton of bricks)"
        r" (?:is |was )?"
        r"(?:sitting|standing|pressing|pushing|lying) on (?:my|his|her|their|the) chest\b"
        r"|\bchest (?:feels|felt) like (?:an? )?"
        r"(?:elephant|someone|something heavy|(?:heavy )?weight|a ton of bricks)\b",
        D.CALL_999,
        "NICE CG95 acute chest pain",
    ),
    _p(
        "chest pain with sweating",
        rf"{_CHEST} pain[\w ,]{{0,60}}\b(?:sweat\w*|clammy)"
        # Pain in the arm and jaw with sweating is the same without the word chest (NHS.uk heart attack; round 18,
        # T-76): "sweating and feels sick with a pain in his arm and jaw".
        r"|\bpain in (?:my |his |her |their |the )?(?:left )?(?:arm and (?:his |her |my |their )?jaw|jaw and "
        r"(?:his |her |my |their )?(?:left )?arm)\b[\w ,']{0,60}?\b(?:sweat\w*|clammy)"
        r"|\b(?:sweat\w*|clammy)\b[\w ,']{0,60}?\bpain in (?:my |his |her |their |the )?(?:left )?(?:arm and "
        r"(?:his |her |my |their )?jaw|jaw and (?:his |her |my |their )?(?:left )?arm)\b"
        # A crushing or heavy pain across the shoulders or in the jaw with sweating (round 19, T-87).
        r"|\b(?:crushing|heavy|squeezing|pressing) (?:pain|pressure|ache)\b[\w ,']{0,30}?\b(?:shoulders|jaw)\b"
        r"[\w ,']{0,40}?\b(?:sweat(?:y|ing)|clammy)\b",
        D.CALL_999,
        "NICE CG95 acute chest pain",
    ),
    _p(
        "a chemical in the eye",
        # NHS.uk eye injuries: go to A&E after rinsing if a chemical such as bleach got in the eye (round 17, T-67).
        rf"\b{CHEMICAL}\b[^.;!?]{{0,40}}?\b(?:in|into|to|on) {_EYES}"
        rf"|\bchemical (?:splash|burn|injury)\w* (?:to|in|of) {_EYES}|\bchemical eye (?:injury|splash|burn)",
        D.ED,
        "NHS.uk eye injuries (A&E for a chemical in the eye)",
    ),
    _p(
        "something sharp or fast-moving in the eye",
        # NHS.uk eye injuries: A&E if something sharp or at high speed went into the eye, such as metal from a grinder
        # or drill (round 18, T-78); dust or an eyelash is not this.
        # No article before "piece": every alternative leads with a word, so the prefilter can split the phrase.
        r"\b(?:metal|glass|wood|shrapnel|a nail|(?:piece|bit|fragment|shard|sliver|splinter|spark) of "
        r"(?:metal|glass|wood)|hot metal)\b[\w ,']{0,30}?\b(?:flew|went|shot|got|is|stuck|embedded|lodged)\b"
        rf"[\w ,']{{0,10}}?\b(?:in|into) {_EYES}",
        D.ED,
        "NHS.uk eye injuries (A&E)",
    ),
    _p(
        "cannot breathe",
        r"\b(?:can'?t|cannot|can not|unable to|struggling to|not able to|fighting to)"
        r" (?:breath(?:e|ing)?|catch (?:my|his|her) breath)\b"
        # ... but not through a blocked nose (round 21, T-109: "my nose is so blocked i can't breathe through it").
        r"(?! (?:through|out of|via|with) (?:it|my nose|his nose|her nose|their nose|the nose|my nostrils?|one nostril"
        r"|that side)\b)"
        # ... or after another thing they cannot do (round 20, T-98): "can't cough or breathe".
        r"|\b(?:can'?t|cannot|unable to) (?:cough|talk|speak|swallow|move)(?: or| and|, or) breathe?\b"
        r"|\b(?:isn'?t|not|stopped) breathing\b(?! (?:well|right|properly|through))|\bfighting for (?:breath|air)"
        r"|\bgasping\b|\bcan'?t (?:talk|speak) (?:in )?(?:full )?sentences"
        # ... or not breathing told by what is seen (round 22, T-115: "couldn't see his chest moving at all", "snorty
        # gaspy noises, not really breathing properly", a boy collapsed at training).
        r"|\b(?:couldn'?t|can'?t|cannot|could not) see (?:his|her|their|the) chest (?:mov\w*|go(?:ing)? up)\b"
        r"|\bchest (?:wasn'?t|isn'?t|is not|was not|not) (?:moving|going up)\b|\bnot really breathing\b"
        r"|\bgaspy\b|\bgasps? for (?:breath|air)\b|\bagonal\b",
        D.CALL_999,
        "NHS 111 online: breathing",
    ),
    _p(
        "pauses in breathing (apnoea)",
        # NICE NG9 bronchiolitis 1.3.1: apnoea, observed or reported, is an emergency (999). Sleep apnoea is a
        # long-term condition, not this; "stopped breathing" is the phrase above. Issue 15 round 12, T-51.
        r"\bapn(?<!sleep apn)(?:o)?e(?:a|as|ic)\b|\bpauses? in (?:his |her |their |my |the )?(?:baby'?s? )?breathing\b"
        r"|\b(?:stops|stopping) breathing\b(?! (?:through|via|out of|in the (?:cold|smoke)))"
        # ... said as a verb or as gaps (round 20, T-90): "my baby keeps pausing his breathing", "her breathing keeps
        # stopping"; not breathing that keeps stopping someone from sleeping.
        r"|\bpaus(?:es|ing|ed) (?:his |her |their |my |the baby'?s )?breathing\b"
        r"|\bbreathing (?:keeps|kept) (?:stopping|pausing)\b(?! (?:me|him|her|them|us)\b)"
        r"|\bgaps in (?:his |her |their |my |the )?(?:baby'?s? )?breathing\b"
        # ... or told as what is seen (round 22, T-115): "every so often he just... forgets to breathe", "his chest
        # goes completely still", "ages before she sucked a breath back in" after a coughing fit.
        r"|\bbreathing (?:has |had )?(?:just )?(?:halted|stopped for)\b"
        r"|\bchest (?:no|not|isn'?t|wasn'?t) (?:going|moving) up and down\b"
        r"|\bforg(?:ets|ot|etting) to breathe\b|\bchest (?:goes|went|going|stays) (?:completely |totally "
        r"|really )?still\b"
        r"|\b(?:ages|seconds|a while|so long),? before (?:she|he|they) (?:sucked|took|got|drew|gasped)"
        r" (?:a |her |his )?breath\b",
        D.CALL_999,
        "NICE NG9 bronchiolitis (apnoea: emergency referral); NHS.uk call 999 if a baby stops breathing",
    ),
    _p(
        "blue or grey lips",
        r"\b(?:(?:blue|grey|gray)(?:ish)?|dusky) (?:lips|tongue|face|skin)\b"
        r"|\b(?:lips|tongue|face|skin)\b[\w ]{0,20}?\b(?:(?:blue|grey|gray)(?:ish)?|dusky)\b"
        # "went blue around the lips", "grey round her mouth" (round 18, T-70).
        r"|\b(?:blue|grey|gray)(?:ish)? (?:a?round|about) (?:the |his |her |my |their )?(?:lips|mouth)\b"
        # ... or purple (round 22, T-118: "her mouth n lips went dark purpley", "his lips have gone a dull purplish
        # colour"): cyanosis in other words.
        r"|\b(?:lips|tongue|mouth)\b[\w ]{0,25}?\bpurpl\w*",
        D.CALL_999,
        "NICE NG51 sepsis; NICE NG143",
    ),
    _p(
        "worst headache of life",
        r"worst headache|thunderclap|sudden (?:severe|explosive) headache|"
        r"like (?:being )?(?:hit|kicked|struck) (?:on|in) the head",
        D.ED,
        "NICE CKS headache (thunderclap)",
    ),
    _p(
        "stroke signs",
        # The mouth as well as the face, both arms or one side, and speech in lay words (NHS.uk stroke, FAST: the face
        # or mouth may have dropped, they may not be able to lift both arms, speech may be slurred or garbled or gone;
        # round 18, T-73: "one side of her mouth is drooping", "can't raise both arms", "his speech is slurry").
        # ... with no denial between (round 22, T-112: "face not drooping").
        r"\b(?:face|mouth)\b(?:(?!\b(?:no|not|never)\b)[\w ]){0,25}?\b(?:droop\w*|dropp?\w*|fallen|lopsided"
        r"|gone funny on one side)"
        r"|\bdrooping (?:face|mouth)"
        r"|\bslurr\w* (?:speech|words|talking)|\bspeech (?:is |has |was |has gone |went |is going |sounds |sounded "
        r"|seems )?(?:all )?(?:slurred|slurry|garbled|jumbled|mumbled|funny|strange|weird|odd|muddled)\b"
        r"|\bwords (?:are |were )?(?:coming out )?(?:all )?(?:jumbled|garbled|slurred)"
        # One arm alone is the word rule of this name, which an injury to that arm explains away (round 21, T-105).
        r"|\b(?:can'?t|cannot|couldn'?t|unable to) (?:lift|raise|move) (?:my |his |her |their )?(?:(?:both |either )"
        r"(?:left |right )?(?:arms?|legs?|side)|(?:left |right )?(?:arms|legs?|side))\b"
        r"|\b(?:sudden|new) (?:weakness|numbness) (?:in|of|down) (?:one|my|his|her|the) (?:side|arm|leg)"
        r"|\b(?:left|right|one) side (?:of (?:his|her|my|their|the) (?:body|face) )?(?:is|has gone|went|feels|felt|was"
        r"|has been|is going|suddenly went|has suddenly gone)(?: (?:very|really|all|a bit|quite))? (?:weak|numb"
        r"|paraly(?:sed|zed|sis)|dead|floppy|heavy)\b"
        # A limb gone weak or numb, or speech gone, said to be sudden (not an arm slept on: nothing says sudden).
        r"|\bsudden\w*\b[\w ,']{0,30}?\b(?:arm|leg)s?\b[\w ]{0,12}?\b(?:went|gone|go|goes|is|was|felt|feels|became)\b"
        r"[\w ]{0,10}?\b(?:weak|numb|dead|floppy|heavy)\b"
        r"|\b(?:arm|leg)s?\b[\w ]{0,12}?\b(?:went|gone|go|goes|is|was|felt|feels|became)\b[\w ]{0,12}?"
        r"\b(?:weak|numb|dead|floppy|heavy)\b[\w ,']{0,20}?\bsudden\w*"
        r"|\b(?:arm|leg)s? (?:suddenly|all of a sudden) (?:went|gone|going|became|felt|feels|is)\b[\w ]{0,10}?"
        r"\b(?:weak|numb|dead|floppy|heavy)\b"
        r"|\b(?:sudden\w*|all of a sudden|woke up)\b[\w ,']{0,30}?\b(?:can'?t|cannot|couldn'?t|could not|unable to)"
        r" (?:speak|talk|get (?:his|her|my|their|the|any) words out)\b"
        # Said in the past tense (round 18, T-70): "her face fell on one side", "suddenly lost the use of his arm";
        # not a face that fell at the news, nor a fall onto the face.
        r"|\bface (?:suddenly )?fell\b[\w ]{0,12}?\b(?:one side|left side|right side|on the left|on the right)\b"
        r"|\bsudden\w* (?:lost|loss of|losing) (?:the )?(?:use|power|strength|movement|feeling) (?:of|in) "
        r"(?:my |his |her |their |the )?(?:left |right )?(?:arm|leg|hand|side)\b"
        # ... or speech gone wrong of a sudden (round 20, T-101): "his speech suddenly doesn't make sense, he's using
        # the wrong words"; not words muddled when tired, for years.
        r"|\bsudden\w*\b[\w ,']{0,25}?\b(?:speech|words|talking|speaking)\b[\w ,']{0,15}?\b"
        + _NO_SENSE
        + r"|\b(?:speech|words|talking|speaking)\b[\w ,']{0,10}?\bsudden\w*\b[\w ,']{0,15}?\b"
        + _NO_SENSE,
        D.CALL_999,
        "NICE NG128 stroke (FAST)",
    ),
    _p(
        "non-blanching rash",
        r"non[- ]?blanch\w*|(?:don'?t|doesn'?t|do not|does not|won'?t|didn'?t|did not) (?:fade|go away|disappear"
        r"|go pale|blanch)[\w ]{0,30}(?:glass|press)|\bpurple (?:spots|rash|blotch\w*|dots|marks)"
        # A glass test whose spots faded is not this (round 22, T-116: "i did the glass test and they disappear"); one
        # whose spots did not fade, or with no result said, is.
        r"|glass test(?![\w ,']{0,50}?(?<!n't )(?<!not )\b(?:disappear\w*|fade[sd]?|fading|went away|go(?:es)? away"
        r"|went pale|go(?:es)? pale|blanch\w*)\b)"
        r"|glass test\b[\w ,']{0,40}?\b(?:don'?t|doesn'?t|didn'?t|won'?t|did not|do not|does not) (?:fade|disappear"
        r"|go away|go pale|blanch)"
        r"|purpur\w*|petechia\w*"
        # ... or a glass or cup pressed or rolled first, then the spots did not go (round 22, T-114: "i pressed a
        # clear plastic cup on them and they didn't go"), or purple pinpricks.
        r"|\b(?:press\w*|roll\w*|put|push\w*) (?:a |the )?(?:\w+ ){0,2}?(?:glass|cup|tumbler|beaker)\b[\w ,']{0,40}?"
        r"\b(?:didn'?t|did not|don'?t|doesn'?t|won'?t|wouldn'?t|never) (?:go|fade|disappear|change|blanch)\b"
        r"|\bpurple pin ?pricks?\b"
        # ... or the skin stretched and the dots did not go paler (round 22, T-115).
        r"|\bstretch\w* the skin\b[\w ,']{0,60}?\b(?:didn'?t|did not|don'?t|doesn'?t|won'?t) (?:go|fade|disappear"
        r"|change|blanch)"
        # ... or said as spots that stay (round 20, T-93): "still there when i press a glass on them".
        r"|\b(?:stay|stays|stayed|staying|still there|remains?|remained|don'?t (?:go|disappear))\b"
        r"(?:(?!\bfad|\bgo(?:es)? (?:away|pale))[\w ,']){0,25}?\b(?:when|if|under|with) (?:\w+ ){0,3}?"
        r"(?:press\w*|glass)",
        D.CALL_999,
        "NICE NG240 meningococcal disease",
    ),
    _p(
        "suicidal with a plan",
        r"\b(?:suicid\w*|kill (?:my|him|her)self|end (?:my|his|her) life)"
        r"(?:(?!\b(?:no|not|don'?t|haven'?t|without|never)\b)[\w ,']){0,60}"
        # A safety, care, crisis or treatment plan is care, not a suicide plan (NICE NG225 1.5): "had suicidal
        # thoughts, so she has a safety plan from the crisis team" (issue 15, round 11).
        r"\b(?<!safety )(?<!care )(?<!crisis )(?<!treatment )(?<!support )(?<!management )(?<!recovery )"
        r"(?<!keeping safe )(?<!staying safe )(?<!keep safe )(?:plan(?! (?:with|from) (?:(?:the|my|his|her|their) )?"
        # ... and so is a plan made with or from those who care for them: "i made a plan with the crisis team".
        r"(?:(?:crisis|care|mental health|home treatment|community) (?:team|line|nurse|coordinator)|gp|doctor"
        r"|psychiatrist|therapist)\b)|intend|intention)"
        r"|\bplan(?:ned|ning)? to (?:kill|end|hang|overdose)"
        # Intent with a time is a plan (NICE NG225: assess at once): "he says he's going to kill himself tonight".
        r"|\b(?:going to|gonna|about to|will) (?:(?:kill|hang|overdose)\w* (?:my|him|her|them)sel(?:f|ves)"
        # ... or end it, or their life (round 18, T-76: "he's going to end it tonight and has a rope"); "end it with
        # her boyfriend" is not this.
        r"|end (?:it(?: all)?|(?:my|his|her|their) (?:own )?life)(?! with\b))\b"
        r"[\w ,']{0,20}?\b(?:tonight|today|now|this (?:morning|afternoon|evening|weekend))\b"
        r"|\b(?:taken|took|had) (?:an? |another )?(?:(?:big|large|huge|massive|serious|deliberate|intentional|mixed) )?"
        # ... not of sweets or coffee (round 22, T-116: "6yo overdosed on Haribo at a party lol").
        r"overdose|\boverdosed\b(?! on (?:haribo|sweets|chocolate|sugar|candy|cake|biscuits|crisps|ice cream|carbs"
        r"|coffee|caffeine|sun|netflix|tv|telly)\b)"
        # All of them at once is an overdose too (round 18, T-70); all of them as prescribed, or today, is not.
        # All of a medicine kept by the packet is an overdose said plainly (round 20, T-93): "i swallowed all my
        # sleeping tablets"; not the day's tablets, or a course of antibiotics, taken as prescribed.
        r"|\b(?:taken|took|swallowed) all (?:of )?(?:my|his|her|their) (?:sleeping (?:tablets|pills)|antidepressants"
        r"|paracetamol|co-?codamol|codeine|painkillers)\b(?! (?:as (?:prescribed|usual|normal)|today|this morning))"
        r"|\b(?:taken|took|swallowed) all (?:of )?(?:my|his|her|their) (?:tablets|pills|medication|medicines|meds)\b"
        r"(?=[\w ,']{0,30}?\b(?:at once|in one go|all together|together|on purpose|deliberately|intentionally)\b)"
        r"|\b(?:taken|took|swallowed|ingested) "
        + _ABOUT
        + r"(?:all )?(?:"
        + _MANY
        + "|"
        + _COUNT
        + "|"
        + _PACKS
        + ") "
        + _WHOSE
        + _DRUGS
        # "Had too many" is how many say it ("she's had too many of her pills"), though "had 2 paracetamol" and "had
        # a lot of tablets to take" are not; and too many on purpose is an overdose whatever the verb or its spelling
        # ("she's takn too many of her tablets on purpose"; round 15, T-60).
        + r"|\bhad (?:too many|a whole (?:box|packet|bottle) of) "
        + _WHOSE
        + _DRUGS
        + r"|\b"
        + _MANY
        + " "
        + _WHOSE
        + _DRUGS
        + r"(?: tablets| pills)? (?:on purpose|deliberately|intentionally)\b",
        D.CALL_999,
        "NICE NG225 self-harm",
    ),
    _p(
        "suicidal thoughts",
        # Third-person and everyday forms too ("he keeps saying he wants to end it all", "she wants to die"): a
        # relative's report reaches the crisis line the same as the person's own words (issue 15, round 4).
        r"\bsuicid\w*|\bkill(?:ing|ed|s)? (?:my|him|her|them)sel(?:f|ves)\b"
        r"|\bend(?:ing|s)? (?:my|his|her|their) (?:own )?life"
        r"|\bbetter off (?:dead|without (?:me|him|her|them)\b)"
        # ... or with something else than with them (round 22, T-113: "his family would be better off with his life
        # insurance money than with him").
        r"|\bbetter off with (?:\w+ ){1,5}?than with (?:me|him|her|them)\b"
        # ... or thoughts of not being here (round 22, T-115: "she has thoughts about not being here any more").
        # "Thoughts of not wanting to be here" is the model's own (the generator's crisis words): a phrase there would
        # take it from the second scoring and move the crisis line to A&E.
        r"|\b(?:thoughts?|thinking|think\w*) (?:about|of) not being (?:here|around|alive)\b"
        r"|\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not) want to (?:be here|live|be alive|wake up)"
        # "can't see the point of going on" (NHS.uk help for suicidal thoughts: hopelessness, no reason to live).
        r"|\b(?:can'?t|cannot|can not|doesn'?t|does not|don'?t) see (?:the|any) point (?:of|in) (?:living|going on"
        r"|carrying on|life|being alive)\b"
        r"|\bend(?:ing|s)? it all\b|\b(?:want|wants|wanted|wanting) to (?:die|be dead)\b"
        # ... or a wish to be with the dead (round 21, T-108: "says there's no point to anything and he'd rather be
        # with her", a widower).
        r"|\b(?:would|he'?d|she'?d|i'?d|they'?d|we'?d) rather be (?:dead|with (?:her|him|them|mum|dad"
        r"|my (?:wife|husband|mum|dad)))\b"
        r"|\bno point (?:to|in) (?:anything|living|life|going on|carrying on)\b"
        r"|\btak(?:e|es|ing) (?:my|his|her|their) own life"
        r"|\bno (?:reason|point) (?:to|in|of)? ?(?:live|living|going on|carrying on)\b"
        r"|\bnot worth living",
        D.MENTAL_HEALTH_CRISIS,
        "NICE NG225 self-harm; NHS 111 option 2",
    ),
    _p(
        "severe chest pain",
        rf"{_CHEST}\b[\w ]{{0,20}}?\bsevere pain|\bsevere (?:pain in (?:my |the |his |her )?{_CHEST}|{_CHEST} pain)",
        D.ED,
        "NICE CKS chest pain; NHS.uk chest pain",
    ),
    _p(
        "dental swelling spreading to the eye or neck",
        r"\b(?:tooth|teeth|gum|gums|dental|abscess|jaw|cheek|face)\b[\w ,']{0,60}?\b(?:swell\w*|swollen)[\w ,']{0,40}?"
        r"\b(?:eye|eyes|neck)\b|\b(?:swell\w*|swollen)\b[\w ,']{0,30}?\b(?:spread\w*|going|moving|up|down) "
        r"(?:in)?to (?:my |his |her |the )?(?:eye|eyes|neck)\b",
        D.ED,
        "NHS.uk dental abscess; NICE CKS dental abscess (spreading infection)",
    ),
    _p(
        "dental swelling with difficulty swallowing",
        r"\b(?:tooth|teeth|gum|gums|dental|abscess|jaw)\b[\w ,']{0,80}?\b(?:can'?t|cannot|struggling to|difficult\w* "
        r"(?:to )?|hard to|trouble|can (?:hardly|barely)|(?:hardly|barely) able to)"
        r" (?:swallow\w*|open (?:my |his |her )?mouth)"
        # ... or a note's trismus (round 20, T-91): "odontogenic infection, submandibular swelling, trismus".
        r"|\b(?:tooth|teeth|gums?|dental|odontogenic|abscess|jaw|submandibular)\b[\w ,']{0,80}?\btrismus\b"
        r"|\btrismus\b[\w ,']{0,80}?\b(?:tooth|teeth|gums?|dental|odontogenic|abscess|jaw|submandibular)\b",
        D.ED,
        "NHS.uk dental abscess; NICE CKS dental abscess",
    ),
    _p(
        "urgent dental problem",
        r"\b(?:tooth|teeth) (?:has |have |got |was |were )?(?:been )?knocked out"
        r"|\bknocked (?:out )?(?:a |my |his |her )?(?:front )?(?:tooth|teeth)(?: out)?|\b(?:dental|tooth|gum) abscess"
        r"|\babscess (?:on|in) (?:my |his |her |the )?(?:gum|tooth)|\bswollen gum|\bgum (?:is |are )?swollen",
        D.DENTAL,
        "NHS England urgent dental care; NHS.uk dental abscess",
    ),
    _p(
        "self-harm",
        r"\bself[- ]?harm\w*|\b(?:cut|cutting|hurt|hurting|burn\w*|harm\w*) (?:my|him|her)sel(?:f|ves)\b",
        D.MENTAL_HEALTH_CRISIS,
        "NICE NG225 self-harm",
    ),
    _p(
        "acute mental-health crisis",
        r"\bhearing voices(?! (?:on|through|over|down) (?:the|a|my|his|her) (?:phone|radio|tv|telly|baby monitor"
        r"|monitor|intercom|headset|headphones|game))|\bvoices (?:are )?telling"
        # ... or one voice telling them to do something (round 22, T-115: "a man's voice in her head that's been
        # telling her to jump out of her bedroom window").
        r"|\bvoice\b[\w ,']{0,40}?\b(?:telling|tells|told|saying|says) (?:me|him|her|them|us) to\b"
        r"|\bcan'?t cope\b|\bcan'?t go on\b|\bpsychotic\b|\bin crisis\b",
        D.MENTAL_HEALTH_CRISIS,
        "NHS 111 option 2 (mental health); NICE CG136",
    ),
    _p(
        "immediate danger to life: a weapon, violence or an attempt in progress",
        # NHS.uk "get help for a mental health crisis": call 999 if someone's life is at risk now, e.g. they have
        # seriously hurt themselves or are about to, or are a danger to others. An attempt under way (a ligature,
        # on a bridge or roof threatening to jump) or a threat to kill or an attack on someone now.
        # A noose made or used, not a slip for "nose" ("blocked noose", "runny noose on and off").
        r"\b(?:a|the|made|tied|tying|found|with|makeshift) noose\b"
        r"|\bnoose (?:around|round|on|from|to|over) (?:his|her|my|their|the|a)\b|\bligatures?\b"
        r"|\b(?:trying|tried|going|about) to hang (?:him|her|my|them)sel(?:f|ves)"
        r"|\bhanging (?:him|her|my|them)sel(?:f|ves)|\bthreat\w* to jump\b"
        r"|\b(?:going|gonna|wants?|trying|tried|about) to jump (?:off|from) (?:a |the )?(?:bridge|roof|building|cliff"
        r"|balcony|car park|multi-?storey)|\b(?:jump|step|throw (?:him|her|my)self) in front of"
        r" (?:a |the )?(?:train|car|bus|lorry|truck|traffic)"
        r"|\b(?:on|standing on|sitting on|climbed onto|on the edge of) (?:a |the )?(?:bridge|ledge|roof|rooftop|cliff"
        r"|railway line|train tracks|tracks)\b(?:(?!\b(?:no|not|never|isn'?t|wasn'?t)\b)[\w ,']){0,60}?\b(?:jump\w*"
        r"|end it|kill|suicid\w*|won'?t come down|threat\w*)"
        r"|\bthreat\w* to (?:kill|stab|shoot|strangle) (?:me|us|him|her|them|you|someone|somebody|everyone|the"
        r" (?:kids|children|family|neighbou?rs?))\b"
        rf"|\b(?:attack\w*|strangl\w*|stabb(?:ed|ing)) {PEOPLE}"
        rf"|\btrying to (?:kill|stab|strangle) (?:(?:him|her|them)\b|{PEOPLE})",
        D.CALL_999,
        "NHS.uk mental health crisis (call 999 if a life is at risk now); NICE NG225 self-harm",
    ),
    _p(
        "airway swelling",
        # The tongue or throat; the lips and mouth are the word rule of the same name, which a blow to the mouth
        # explains away (round 21, T-102). Not the swelling of another part named between ("my throat is sore and
        # my glands are swollen"), nor one side of a throat (quinsy: NHS.uk urgent GP or 111; drooling, stridor or
        # not swallowing have rules of their own).
        rf"\b(?:tongue|throat)\b{_NOT_ONE_SIDE}{NOT_ANOTHER_PART}{{0,30}}?\b(?:swell\w*|swollen|closing|puff\w* up)"
        r"|\b(?:swell\w*|swollen|puffy) (?:up )?(?:of )?(?:my |his |her |the )?(?:tongue|throat)\b"
        rf"|\bthroat{_NOT_ONE_SIDE} (?:feels |felt |went |is |was |going |gone |has gone |getting |got )?"
        r"(?:really |very |so )?(?:tight|closing)|\bthroat (?:has |had |is |was |just |then )?closed up\b"
        # ... or likened (round 19): "my throat feels like it's closing after a bee sting".
        r"|\bthroat (?:feels |felt )like (?:it'?s|it is|it was) (?:closing|closing up|swelling)\b"
        r"|\banaphyla\w*|\bepi-?pen|\bauto-?injector\b"
        # ... or a tongue that "looks fat" (round 22, T-119).
        r"|\btongue (?:looks |is |has gone |gone |looked |was )?(?:really |very |so )?(?:fat|huge|massive|thick)\b"
        # ... or a child clawing at the throat (round 22, T-115: after a peanut butter sandwich, "keeps clawing at his
        # neck and coughing").
        r"|\bclaw\w* at (?:his|her|their|my|the) (?:neck|throat)\b"
        r"|\badrenaline (?:pen|auto-?injector|injector|injection|jab)",
        D.CALL_999,
        "Resuscitation Council UK anaphylaxis (2021)",
    ),
    _p(
        "uncontrolled bleeding",
        r"bleeding (?:heavily|a lot|won'?t stop|will not stop|that won'?t stop|not stopping)"
        r"|won'?t stop bleeding|(?:spurting|pouring) blood|\bhaemorrhag\w*|\bhemorrhag\w*"
        # Said as the blood's flow, or with words between ("gushing blood", "blood is pouring from a cut", "bleeding
        # through the towel and won't stop"): issue 15 round 12, T-50.
        r"|\b(?:gushing|pumping|pissing) (?:out )?blood\b"
        r"|\bblood (?:is |was |keeps |kept |just )?(?:pour|gush|spurt|pump|piss|squirt)(?:ing|ed)\b"
        # ... or squirting (round 19, T-86): "the blood is squirting out", "blood squirted everywhere".
        # ... in the past tense too (round 18, T-70): "blood spurted out", "it bled and bled and won't stop".
        r"|\b(?:bleed\w*|bled)\b[\w ,']{0,40}?"
        r"\b(?:won'?t|will not|doesn'?t|does not|can'?t get it to|cannot get it to) stop\b"
        # ... or soaking through what is pressed on it (round 22, T-113: "a towel pressed on it for 15 mins and it's
        # still soaking through", "soaked through two tea towels"); a pad in a heavy period is not this rule's.
        r"|\bstill soaking through\b|\bsoak(?:ing|ed|s) (?:right )?through (?:the |a |his |her |my |two |three "
        r"|several )?(?:towels?|tea ?towels?|bandages?|dressings?|cloths?|flannels?|gauze|kitchen roll)\b",
        D.CALL_999,
        "NHS 111 online: bleeding",
    ),
    _p(
        "tearing chest or back pain",
        # NHS.uk aortic dissection: sudden severe chest or upper back pain, described as tearing or ripping, going
        # through to the back (round 18, T-75); a torn calf or a back pulled lifting is not this.
        r"\b(?:tearing|ripping)\b[\w ]{0,15}?\bpain\b[\w ,']{0,40}?\b(?:chest|(?:through|into|to|going) (?:to )?"
        r"(?:my |his |her |their |the )?back|shoulder blades)\b|\bsudden\w* (?:\w+ ){0,2}(?:tearing|ripping) pain\b"
        # ... or likened after the site (round 20, T-96): "pain between my shoulder blades like something tearing".
        r"|\b(?:chest|back|shoulder blades)\b[\w ,']{0,30}?\blike (?:something|someone|it'?s|it is) (?:is )?"
        r"(?:tearing|ripping|being torn|being ripped|torn|ripped)\b",
        D.CALL_999,
        "NHS.uk aortic dissection (call 999)",
    ),
    _p(
        "vomiting or coughing blood",
        r"\b(?:vomit\w*|throw\w* up|being sick|cough\w*(?: up)?) (?:up )?(?:blood|bright red)"
        # Words between ("coughed up a few teaspoons of bright red blood", "bringing up mouthfuls of blood") may not
        # deny it, say it was only streaks or specks (NHS.uk coughing up blood: a GP), or be blood pressure or sugar.
        r"|\b(?:vomit\w*|throw\w* up|threw up|being sick|been sick|cough\w*(?: up)?|bring\w* up|brought up)\b"
        r"(?:(?!\b(?:no|not|never|without|streak\w*|speck\w*|fleck\w*|tinge\w*|trace|spots?|dots?)\b)[\w ,']){1,50}?"
        r"\b(?:blood|bright red)\b(?! (?:pressure|sugars?|tests?|thinn\w*|results?|count|glucose|levels?))"
        r"|\bblood when (?:i|he|she|they|you) (?:cough\w*|was sick|vomit\w*)"
        r"|\bhaematemesis|\bhaemoptysis|\bcoffee[- ]grounds?"
        r"|\b(?:black|tarry)(?:,? (?:and )?(?:tarry|sticky|tar-like))? (?:stool|poo)\w*|\bmelaena",
        D.ED,
        "NICE CKS GI bleeding / haemoptysis",
    ),
    _p(
        "unconscious or fitting",
        r"\bunconscious|\bunresponsive|\bnot responding|\bwon'?t wake|\bcan'?t (?:be )?wake"
        r"|\b(?:won'?t|can'?t|doesn'?t|not) rous(?:e|ing)\b"
        r"|\b(?:hard|difficult|impossible) to (?:wake|rouse)\b"
        # ... or to get to open the eyes (round 21, T-110: "really hard to get him to open his eyes", a feverish
        # non-verbal boy); not "hard to get up for school".
        r"|\b(?:hard|difficult|impossible) to get (?:him|her|them) to (?:wake(?: up)?|open (?:his|her|their) eyes)\b"
        r"|\bcollaps\w*|\bpassed out|\bfitting|\bseizure|\bconvuls\w*|\b(?:had|having|has had) (?:a |another )?fits?\b"
        # The same said as a verb of its own (round 18, T-70): "he fitted for ten minutes", "she was seizing"; not a
        # device fitted ("had a coil fitted", "they fitted a cast") nor a back or muscle that seized up.
        rf"|\b{_WHO_FITS} fitted\b"
        r"(?! (?:with|for (?:a|an|the|new|his|her|my|their)|in|into|out|on|a|an|the|his|her|my)\b)"
        rf"|\b{_WHO_FITS} seiz(?:ed|ing)\b(?! up\b)"
        # ... or told by what it looked like (round 21, T-103): "her eyes rolled back and her whole body went stiff
        # then shook", "his arms and legs went stiff and started jerking" (NHS.uk febrile seizures: 999 for a first).
        r"|\beyes (?:rolled|rolling|rolls|roll|went) (?:right |all the way )?(?:back|up)\b[\w ,']{0,60}?\b(?:stiff"
        r"|rigid"
        r"|shak\w*|shook|jerk\w*|twitch\w*)"
        # ... or the other way round, or rhythmic (round 22, T-115: "went rigid as a board, arms straight out, eyes
        # rolled right up"; "his whole body is doing these rhythmic twitches and his eyes are rolled to one side").
        r"|\b(?:went|gone|going|goes) (?:all )?(?:stiff|rigid)\b[\w ,']{0,60}?\beyes (?:rolled|rolling|went)\b"
        r"|\b(?:arms|legs|body)\b[\w ,']{0,30}?\b(?:shaking|shook|jerk\w*|twitch\w*)\b[\w ,']{0,40}?\beyes (?:went"
        r"|rolled"
        r"|rolling) (?:back|up)\b|\b(?:went|gone|goes) into a (?:sort of |kind of )?trance\b[\w ,']{0,40}?\bshak\w*"
        r"|\b(?:can'?t|cannot|couldn'?t|won'?t) (?:properly )?(?:get (?:him|her|them) to )?come round\b"
        r"|\b(?:arms?|legs?|body)\b (?:(?:is|are|keep|keeps|started|were|was) )?(?:jerking|twitching|shaking)\b"
        r"[\w ,']{0,20}?\b(?:won'?t|doesn'?t|not|hasn'?t) stop"
        r"|\brhythmic (?:twitch|jerk|shak|judder)\w*|\beyes (?:are |were )?(?:rolled|turned|rolling) to (?:one|the)"
        r" side\b|\bfroth\w* at (?:the |his |her |their )?mouth\b"
        r"|\b(?:went|gone|go|goes|going) (?:all )?(?:stiff|rigid)\b(?: then| and| before)?(?: \w+){0,3}? "
        r"(?:shook|shaking|jerk\w*|twitch\w*|twitching|juddering)\b",
        D.CALL_999,
        "NHS 111 online; NICE CG137",
    ),
    _p(
        "sudden loss of vision",
        r"\b(?:sudden\w*|suddenly) (?:lost|loss of|can'?t see|blind)|\blost (?:the )?(?:sight|vision)"
        r"|\bcurtain (?:over|across|coming)",
        D.ED,
        "NICE CKS sudden loss of vision",
    ),
    _p(
        "cauda equina signs",
        r"\bsaddle (?:numb|anaes|area)\w*|numb\w* (?:around|between) (?:my |the )?(?:bum|bottom|genitals|groin)"
        # Numbness found on the toilet (round 19, T-87): "can't feel myself on the toilet", "when i wipe".
        r"|\b(?:can'?t|cannot|couldn'?t) feel (?:myself|anything|a thing|my bum|my bottom)"
        r" (?:on|when i (?:go to|wipe|use)|after) (?:the )?(?:toilet|loo|wipe)\b"
        r"|\b(?:can'?t|cannot|couldn'?t) feel (?:anything|a thing) when i wipe\b"
        r"|\b(?:can'?t|cannot) control (?:my )?(?:bladder|bowel|wee|poo)|\bwet (?:my|him|her)sel\w*"
        r"|\b(?:lost|losing|loss of) control (?:of|over) (?:my |his |her |their )?(?:bladder|bowels?|wee|poo)",
        D.ED,
        "NICE CKS back pain (cauda equina)",
    ),
    _p(
        "neck stiffness with fever",
        # A stiff neck said alone is the word rule of this name, which a neck slept on wrongly explains away (round
        # 21, T-104); with a fever it fires whatever the cause (rules._NECK_OR_LIGHT).
        r"\bphotophobia|light hurts (?:my|his|her) eyes"
        # A child who cries out when the neck is moved (round 19, T-86): "he screams when i move his neck".
        r"|\b(?:screams?|screaming|cries|crying|yells?|yelling) (?:out )?when (?:i|you|we|anyone|someone)"
        r" (?:move|moves|bend|bends|touch|touches|lift|lifts|turn|turns) (?:his|her|their) (?:neck|head)\b"
        # How it is checked and told (round 18, T-74): "i can't put my chin on my chest".
        r"|\b(?:can'?t|cannot|unable to|couldn'?t) (?:put|touch|bring|get|tuck|bend) (?:my |his |her |their )?"
        r"(?:head|chin)(?: forward)? (?:on|to|down to|onto) (?:my |his |her |their )?chest\b",
        D.ED,
        "NICE NG240 meningitis",
    ),
    _p(
        "hit by a vehicle",
        # Round 20, T-96: a pedestrian or cyclist hit by a car reached 999 only through the model's words, and "knocked
        # off my bike by a van, my hip is sore" was a call back. Hit by a vehicle is a high-energy injury, assessed
        # in hospital however well the person seems (NICE NG39 major trauma). A car that hit a pothole is not this.
        r"\b(?:hit|struck|knocked (?:down|over|off)|run over|ran over|clipped|thrown|hit off)\b"
        r"(?: (?:my|his|her|their) (?:bike|bicycle|scooter|motorbike))? by (?:a |an |the )?"
        r"(?:car|van|lorry|truck|bus|vehicle|motorbike|taxi|tractor)\b"
        r"|\b(?:car|van|lorry|truck|bus) (?:hit|ran over|knocked (?:down|over)) (?:me|him|her|them)\b",
        D.ED,
        "NICE NG39 major trauma (a pedestrian or cyclist hit by a vehicle)",
    ),
    _p(
        "black tarry poo, or heavy bleeding from the bottom",
        # Round 20, T-96: both reached ED or 999 only through the model's words. NHS.uk: A&E for black, sticky or
        # tarry poo (bleeding high in the gut), and for bleeding from the bottom that is heavy, will not stop or comes
        # with dizziness. Dark poo after iron tablets, or a little blood on the paper, is not this.
        r"\bblack,? (?:and )?(?:tarry|sticky|tar-?like|like tar)\b[\w ]{0,10}?\b(?:poo\w*|stools?|motions?|bowel)"
        r"|\b(?:poo|stools?|motions?)\b[\w ,']{0,20}?\bblack,? (?:and )?(?:tarry|sticky|like tar)\b|\bmela?ena\b"
        r"|\b(?:blood|bleeding) (?:from|out of) (?:my |his |her |their |the )?(?:bottom|bum|back passage|rectum|anus)\b"
        r"[\w ,']{0,30}?\b(?:loads|lots|a lot|heav\w*|won'?t stop|non-?stop|clots|dizz\w*|faint\w*)\b",
        D.ED,
        "NHS.uk bleeding from the bottom; NHS.uk stomach ulcer (A&E for black, tarry poo)",
    ),
    _p(
        "a stab wound",
        # Round 20, T-95: "i've been stabbed in the leg, it's not bleeding much" was a call back. A penetrating wound
        # can bleed inside however little shows (NICE NG39 major trauma; NHS.uk: call 999). A stabbing pain, or a
        # finger stabbed with a pin, needle or fork, is not this.
        r"\b(?:been|got|was|were|get|gets|getting|just|he'?s|she'?s|i'?m|they'?ve|i'?ve) stabbed\b"
        r"(?! (?:(?:my|his|her|their) (?:finger|thumb|hand) )?(?:with|by) (?:a |the )?(?:pin|needle|fork|pencil"
        r"|drawing pin|thorn|splinter|compass))"
        r"|\bstab (?:wound|injury|injuries|wounds)\b|\bknife (?:wound|injury)\b|\bstabbing (?:incident|attack)\b",
        D.CALL_999,
        "NICE NG39 major trauma; NHS.uk (call 999 for a serious injury)",
    ),
    _p(
        "sudden double vision or a drooping eyelid",
        # Round 20, T-97: "sudden double vision and my eyelid is drooping" reached 999 only through the model's words.
        # Sudden double vision, or an eyelid that suddenly droops, may be a stroke or a nerve pressed by an aneurysm
        # (NHS.uk stroke: sudden vision problems; NICE CKS diplopia: sudden onset, same-day emergency referral).
        # Double vision after drink, or eyelids that droop when tired, are not this.
        r"\bsudden\w*\b[\w ,']{0,25}?\b(?:double vision|seeing double|see double|eye ?lids? (?:is |are |has |have )?"
        r"(?:droop\w*|dropped)|droop\w* (?:eye ?lid|eyelid))\b"
        r"|\b(?:double vision|seeing double|eye ?lids? (?:is |has )?(?:droop\w*|dropped))\b[\w ,']{0,25}?\bsudden\w*"
        r"|\beye ?lid\b[\w ]{0,10}?\bsudden\w* (?:droop\w*|dropped)\b"
        r"|\b(?:double vision|seeing double)\b[\w ,']{0,40}?\beye ?lid\b[\w ]{0,10}?\bdroop\w*"
        r"|\beye ?lid\b[\w ]{0,10}?\bdroop\w*[\w ,']{0,40}?\b(?:double vision|seeing double)\b",
        D.ED,
        "NHS.uk stroke (sudden vision problems); NICE CKS diplopia (sudden: same-day emergency referral)",
    ),
    _p(
        "sudden loss of sight",
        # Round 20, T-93: sight lost in one eye, for minutes or still, reached ED only through the model's words, and
        # a note's "sudden painless monocular visual loss" was a call back. NHS.uk: sudden loss of vision, A&E or 999;
        # NICE NG128: sight lost in one eye for minutes (amaurosis fugax) is a TIA. Blurred sight, lost glasses or a
        # curtain in a shop are not this.
        r"\b(?:lost|loss of|losing|lose) (?:the |all |my |his |her |their )?(?:vision|sight)\b[\w ]{0,6}?"
        r"\b(?:in|of|out of) (?:one|my|his|her|their|the|left|right|both)\b"
        r"|\bcurtain (?:came|coming|comes|come|has come|went|is coming|was coming) (?:down|across|over)"
        r"(?: over| across| in front of)?"
        r" (?:my |his |her |their |the )?(?:vision|sight|eyes?)\b"
        r"|\b(?:monocular|sudden\w*) (?:painless )?(?:visual|vision|sight) loss\b|\bamaurosis\b"
        r"|\b(?:can'?t|cannot|couldn'?t) see (?:anything|a thing) (?:out of|with|in) (?:my|his|her|their|one|the)"
        r" (?:left |right )?eye\b",
        D.ED,
        "NHS.uk sudden loss of vision (A&E); NICE NG128 stroke and TIA (amaurosis fugax)",
    ),
    _p(
        "an emergency diagnosis suspected in a note",
        # Round 20, T-91: a note's "?ruptured AAA" and "?epiglottitis, tripod posture" were a call back (the model
        # reads too few of their words). A ruptured or leaking aneurysm and a dissection are 999 (NHS.uk abdominal
        # aortic aneurysm); so is suspected epiglottitis (NICE CKS: do not examine the throat, admit at once) and
        # tripod sitting. Epiglottitis or a dissection only when suspected now, so "had epiglottitis as a child" is
        # not this; a known aneurysm under surveillance is not either.
        r"\b(?:ruptur\w*|leak\w*) (?:abdominal )?(?:aortic aneurysm|aaa)\b"
        + r"|(?:\?\s*|\b(?:suspected|suspect|query|possible|probable|likely|presumed|rule out|ruling out) )"
        + r"(?:acute )?(?:epiglottitis|(?:aortic )?dissection|svco|svc obstruction|superior vena cava obstruction"
        + r"|(?:metastatic )?(?:spinal )?cord compression|mscc|cauda equina|neutropenic sepsis)\b"
        + r"|\btripod(?:ing|ding|(?: sitting)? (?:position|posture))\b",
        D.CALL_999,
        "NHS.uk abdominal aortic aneurysm (call 999 if it bursts); NICE CKS epiglottitis (admit at once)",
    ),
    _p(
        "sepsis signs",
        r"\bmottled|\bsepsis|\burosepsis|\bseptic"
        r"|\bfeel(?:s|ing)? like (?:i'?m|i am|he'?s|she'?s) (?:going to|gonna) die"
        r"|\bnot (?:passed|done a) (?:urine|wee)\w* (?:all day|for 12|in 12)"
        # ... and "i've not had a wee all day" (round 20, T-98).
        r"|\bnot (?:had|done|passed) (?:a |an |any )?(?:wee|pee|urine) (?:all day|for 12|in 12|for (?:18|24) hours)\b"
        # ... or a nappy not wet (round 20, T-100): "she's not wet a nappy since yesterday".
        r"|\b(?:not|hasn'?t|haven'?t|has not|have not) (?:had |done |wet )?(?:a |any )?(?:wet )?nappy\b[\w ]{0,10}?"
        r"\b(?:since (?:yesterday|last night)|all day|for 12|in 12|for (?:18|24) hours)\b"
        r"|\bno wet nappies?\b[\w ]{0,10}?"
        r"\b(?:since (?:yesterday|last night)|all day|for 12|in 12|for (?:18|24) hours)\b"
        # ... said any way (round 18, T-74): "hasn't peed all day", "hasn't had a wee for 12 hours".
        r"|\b(?:hasn'?t|haven'?t|has not|have not|hadn'?t|had not) (?:passed|done|had|peed|weed|been for)(?: an?)?"
        r"(?: (?:urine|wee|pee))? (?:all day|for 12|in 12|for (?:18|24) hours)",
        D.CALL_999,
        "NICE NG51 sepsis",
    ),
    _p(
        "testicular pain",
        r"\b(?:testic\w*|testes|testicle|ball|balls|scrot\w*) (?:pain|hurts|swollen|agony)"
        r"|\bpain in (?:my |his )?(?:testicle|balls|scrotum)"
        # The same with words between ("pain in my left testicle", "his right testicle is swollen and painful"),
        # which may not deny it; "ball" only as his, my or one of them, so "ball of the foot" is not this.
        r"|\b(?:testic\w*|testes|scrot\w*|(?:my|his|their|one of (?:my|his|their)|left|right) balls?\b)"
        r"(?:(?!\b(?:no|not|never|without|isn'?t|doesn'?t)\b)[\w ,']){1,30}?"
        r"\b(?:pain\w*|hurt\w*|ache|aching|agony|swollen|swelling|sore|tender)\b"
        r"|\b(?:pain|ache|aching|agony|swelling|soreness)\b[\w ,']{0,20}?\b(?:in|of|on) (?:one of )?"
        r"(?:my |his |the |their )?(?:left |right )?(?:testic\w*|testes|scrot\w*|balls?\b(?! of))"
        # The same in slang, round 18, T-75: "his nuts are really sore and swollen", "pain in his privates" (his only:
        # nuts are also food, and privates anyone's).
        # A kick or blow there, still in agony or swollen (round 20, T-96; NHS.uk testicle injury: A&E).
        r"|\b(?:kicked|hit|kneed|struck|whacked|booted|smacked) (?:in|on) (?:the |his |my |their )?(?:balls|testicles?"
        r"|nuts|groin|privates)\b[\w ,']{0,40}?\b(?:still (?:in )?(?:agony|pain|hurting|hurts)|agony|severe pain"
        r"|swollen|swelling|being sick|vomit\w*)\b"
        r"|\b(?:my|his|their) (?:nuts|bollocks)\b(?:(?!\b(?:no|not|never|without)\b)[\w ,']){1,30}?"
        r"\b(?:pain\w*|hurt\w*|ache|aching|agony|swollen|swelling|sore|tender)\b"
        r"|\b(?:pain\w*|hurt\w*|ache|aching|agony|soreness|swelling)\b[\w ,']{0,20}?\b(?:in|of|on) his privates\b"
        # ... or "his sack" (round 22, T-119: "one side of his sack is swollen and dark red").
        r"|\b(?:his|my|their) (?:ball ?|nut ?)?sack\b[\w ,']{0,30}?\b(?:pain\w*|hurt\w*|swollen|swelling|red|purple"
        r"|dark|tender)\b"
        # A testicle lying higher than usual (round 19, T-87): "his testicle is sitting really high up and it hurts".
        r"|\b(?:testicle|testis|ball)\b (?:is |has )?(?:sitting |gone |pulled |riding )?(?:really |very )?"
        r"(?:high up|higher than (?:the other|usual|normal)|pulled up)\b",
        D.ED,
        "NICE CKS scrotal pain (torsion)",
    ),
    _p(
        "bleeding in pregnancy",
        # Words between may not deny it: "12 weeks pregnant, no bleeding" is not bleeding in pregnancy.
        r"\bpregnan\w*(?:(?!\b(?:no|not|without|never|denies)\b)[\w ,]){0,50}"
        r"(?:bleed\w*|\bbled\b|severe pain|shoulder[- ]tip)"
        r"|\bectopic",
        D.ED,
        "NICE NG126",
    ),
    _p(
        "baby moving less, or waters broken before 37 weeks",
        # Round 19, T-84: "36 weeks and i haven't felt her kick since yesterday" and "i'm 30 weeks and my waters have
        # broken" were a call back. NHS.uk: call the maternity unit at once if the baby moves less than usual, or if
        # the waters break before 37 weeks; at term, waters breaking is labour, not this.
        r"\bbaby (?:is |has )?(?:moving less|not moving|hasn'?t moved|not been moving|stopped moving"
        # ... or kicking (round 20, T-92): "baby hasn't kicked since yesterday".
        r"|hasn'?t kicked|has not kicked|not kick(?:ed|ing)|isn'?t kicking|stopped kicking)"
        r"|\b(?:baby|he|she|it) (?:is |isn'?t |is not |has |hasn'?t |has not )?(?:not )?"
        r"(?:kick(?:ing|ed)?|mov(?:ing|ed))"
        r" (?:as much|like (?:normal|usual|before)|as often|much today)"
        r"|\b(?:haven'?t|have not|havent|hasn'?t|has not|hasnt|not|can'?t|cannot) (?:felt|feel) "
        r"(?:the baby|baby|him|her|it|them)"
        r" (?:kick|move|moving)"
        r"|\breduced (?:fetal|foetal) movements?|\b(?:fetal|foetal) movements? (?:reduced|less|have slowed)"
        # A midwife's or clinician's "RFM" (round 20, T-91), not its leaflet or advice.
        r"|\brfms?\b(?! (?:leaflet|advice|info\w*|guidance))"
        r"|\b(?:1\d|2\d|3[0-6]) weeks\b(?:(?!\b(?:no|not|never)\b)[\w ,']){0,40}?\bwaters? (?:have |has |had |just )?"
        r"(?:broken|broke|gone|went)\b",
        D.ED,
        "RCOG Green-top 57 (reduced fetal movements); NHS.uk your baby's movements; NICE NG25 preterm labour",
    ),
    _p(
        "head injury with warning signs",
        r"\b(?:hit|bang\w*|knock\w*|bump\w*) (?:my |his |her |their )?(?:head|forehead|face)[\w ,]{0,60}"
        r"(?:vomit\w*|knocked out|blacked out|confus\w*|warfarin|blood thinner\w*|apixaban|rivaroxaban)",
        D.ED,
        "NICE NG232 head injury",
    ),
    _p(
        "large or deep burn",
        # A scald from a hot drink or boiling water with no burn word (round 19, T-83: "she pulled a cup of boiling tea
        # over her chest, the skin is blistering, it's bigger than her hand" was a call back).
        r"\b(?:burn\w*|scald\w*|boiling (?:hot )?(?:water|tea|coffee|kettle|oil|milk|soup)"
        r"|hot (?:tea|coffee|water|oil|fat|soup|drink))\b[\w ,']{0,80}?"
        # "more big than his whole hand" (round 21, T-108: said in another first language).
        r"\b(?:(?:bigger|larger|more big|more large|wider) than (?:the size of )?(?:my |his |her |their |your )?"
        r"(?:whole )?(?:hand|palm)"
        r"|larger than (?:my |his |her |their )?(?:hand|palm)|white and waxy|waxy|charred|leathery"
        r"|(?:looks?|gone|went|turned|is|are|was) white"
        # ... or its size said as a whole limb (round 18, T-70): "scalded my whole arm".
        r"|(?:whole|entire) (?:arm|leg|back|chest|tummy|belly|face|hand|foot)\b)",
        D.ED,
        "NHS.uk burns and scalds (A&E for large or deep burns)",
    ),
    _p(
        "swallowed button battery or magnet",
        # NHS.uk "swallowed an object", RCEM/CAPT button battery alerts: a swallowed button battery or magnet (or one
        # put in the nose or ear) goes to A&E at once, whatever the child seems like. Words between may not deny it
        # ("the battery is there, he didn't swallow it").
        r"\b(?:swallow\w*|gulped|ate|eaten|(?:put|pushed|stuck|shoved)\b(?=[\w ,']{0,40}?\b(?:nose|nostril|ear)\b))"
        r"(?:(?!\b(?:no|not|didn'?t|hasn'?t|haven'?t|never|without)\b)[\w ,']){0,60}?"
        r"\b(?:batter(?:y|ies)|magnets?|magnetic (?:balls?|beads?))\b"
        r"|\b(?:batter(?:y|ies)|magnets?|magnetic (?:balls?|beads?))\b"
        r"(?:(?!\b(?:no|not|didn'?t|hasn'?t|haven'?t|never|without)\b)[\w ,']){0,60}?"
        r"\b(?:swallowed|swallow (?:it|one|them)|ate (?:it|one|them)|eaten (?:it|one|them)"
        r"|(?:in|up) (?:his|her|their|my) (?:mouth|nose|nostril|ear))\b",
        D.ED,
        "NHS.uk swallowed objects (button batteries, magnets: A&E immediately); RCEM/CAPT button battery alert",
    ),
    _p(
        "bone through the skin",
        r"\bbones?\b(?:(?!\b(?:no|not|isn'?t|wasn'?t|never)\b)[\w ,']){0,30}?\b(?:sticking|poking|coming|pushing"
        r"|protruding|showing) (?:out|through)\b|\b(?:see|seen|see the|visible|showing) (?:the )?bone\b"
        r"|\bbones? (?:is |are )?(?:visible|showing|exposed)\b|\b(?:open|compound) fracture"
        # ... or "out of the skin" (round 22, T-123: "the bone of leg below the knee is out of the skin, i can see it").
        r"|\bbones?\b(?:(?!\b(?:no|not|isn'?t|wasn'?t|never)\b)[\w ,']){0,30}?\b(?:is |was )?(?:out of|through|outside)"
        r" (?:the |his |her |my )?skin\b",
        D.ED,
        "NHS.uk broken arm or wrist, broken leg (A&E: bone sticking out)",
    ),
    _p(
        "choking and cannot breathe, cough or speak",
        # Round 20, T-98: "he's choking on a sweet and can't cough or breathe" was GP out of hours. Resuscitation
        # Council UK choking: someone who cannot cough, speak or breathe has a severe airway obstruction (back blows,
        # 999). A cough that cleared it is not this.
        r"\bchok(?:ing|ed|es)\b[\w ,']{0,40}?\b(?:(?:can'?t|cannot|unable to|isn'?t|not|won'?t|stopped) (?:\w+ )?"
        r"(?:cough\w*|breath\w*|speak\w*|talk\w*|cry|make a (?:sound|noise))"
        # ... or silent (round 22, T-114: "choking on a grape, no noise coming out, cant cry").
        r"|(?:making )?no (?:noise|sound) (?:is )?(?:coming out|at all)?|going blue|turning blue|gone blue"
        r"|blue in the face"
        r"|unconscious|collapsed)\b",
        D.CALL_999,
        "Resuscitation Council UK choking (severe airway obstruction: 999)",
    ),
    _p(
        "a high-pitched noise breathing in (stridor)",
        # Round 20, T-98: "she's coughing and making a high-pitched noise when she breathes in" (2) was GP out of
        # hours. A high-pitched, harsh or whistling noise on breathing in is stridor (NHS.uk croup; NICE CKS croup:
        # stridor at rest is moderate croup, assessed the same day, admitted if severe). A wheeze is heard breathing
        # out; a monitor's squeal with a child well is not this.
        r"\b(?:high[- ]pitched|harsh|squeaky|whistling|crowing|rasping|wheezy|noisy|strange|funny|weird)"
        r" (?:noise|sound|whistle|squeak|rasp)\b(?:(?!\bout\b|\bmonitor\b|\bfine\b)[\w ,']){0,30}?"
        r"\bbreath(?:e|es|ing)? in\b"
        # ... or the breath in first (round 22, T-115: "every single breath in makes a harsh rasping crowing noise").
        r"|\bbreath(?:e|es|ing)? in\b[\w ,']{0,30}?\b(?:rasp\w*|crow\w*|squeak\w*|whistl\w*|harsh (?:noise|sound))"
        r"|\b(?:whistl\w*|squeak\w*|crow\w*|rasp\w*) (?:when|as|every time) (?:he|she|they|i) breathes? in\b",
        D.ED,
        "NHS.uk croup (stridor); NICE CKS croup",
    ),
    _p(
        "an erection lasting over 4 hours",
        # Round 20, T-98: "i've had an erection for 5 hours and it's really painful" was a call back. NHS.uk priapism:
        # A&E for an erection lasting more than 4 hours.
        r"\bpriapism\b|\berection\b[\w ,']{0,25}?\b(?:for|lasting|lasted|over|more than|nearly) (?:[4-9]|\d{2}"
        r"|four|five|six|seven|eight|several|many) hours?\b"
        r"|\berection (?:that )?(?:won'?t|will not|doesn'?t) go down\b"
        # ... or said of "my thing" (round 21, T-110: "woke up at 3am with my thing hard and it wont go down", a boy
        # with sickle cell).
        r"|\b(?:thing|penis|willy|dick|cock|todger)\b[\w ,']{0,15}?\bhard\b[\w ,']{0,25}?\b(?:won'?t|will not|doesn'?t"
        r"|hasn'?t|not) go(?:ne)? (?:down|away)\b",
        D.ED,
        "NHS.uk priapism (A&E after 4 hours)",
    ),
    _p(
        "bleeding after a tonsil operation",
        # Round 20, T-101: "my son had his tonsils out a week ago and now he's spitting out blood" (6) was a call back.
        # NHS.uk tonsillectomy: go to A&E at once for any bleeding after the operation (999 if heavy). Tonsils out
        # years ago is not this.
        r"\b(?:tonsils?|tonsillectomy|adenoids?)\b[\w ,']{0,40}?\b(?:(?:days?|a week|weeks?|\d+ days) ago|last week"
        r"|yesterday|this week|recently)\b[\w ,']{0,40}?\b(?:blood\w*|bleed\w*)\b",
        D.ED,
        "NHS.uk tonsillectomy (A&E for any bleeding after the operation)",
    ),
    _p(
        "a finger or toe cut off or hanging off",
        # Round 20, T-101: "i've cut off the tip of my finger" was a call back. NHS.uk: A&E for a finger or toe, or
        # part of one, cut off; keep the part cool. A small cut is not this.
        r"\b(?:cut|chopped|sliced|sawn|sawed|torn|ripped) off (?:the (?:tip|end|top) of )?(?:my |his |her |their |a )?"
        r"(?:finger|fingers|toe|toes|thumb|fingertip)\b"
        r"|\b(?:finger|fingers|toe|toes|thumb|fingertip)(?: tip)?\b[\w ,']{0,50}?\b(?:hanging off|hanging on by|cut off"
        r"|chopped off|severed|amputated)\b|\bamputat\w* (?:my |his |her |their |the )?(?:finger|toe|thumb)",
        D.ED,
        "NHS.uk (A&E for a finger or toe cut off)",
    ),
    _p(
        "a stoma gone dark, purple or black",
        # Round 20, T-101: "my stoma has gone dark purple and it's really painful" was a call back. A stoma gone dark,
        # purple or black has lost its blood supply (NHS.uk stoma problems: A&E). A pink stoma is not this.
        r"\bstoma\b[\w ,']{0,25}?\b(?:dark|purple|black|blue|dusky|grey|gray)\b",
        D.ED,
        "NHS.uk colostomy and ileostomy (A&E if the stoma turns dark)",
    ),
    _p(
        "crushed or trapped under a weight",
        # Round 20, T-101: "a heavy shelf fell on my legs and i was trapped for an hour" was a call back. A limb crushed
        # or trapped for a while may release its damage when freed (crush syndrome; NICE NG39 major trauma). A hand
        # caught in a drawer is not this.
        r"\b(?:trapped|pinned|stuck|crushed)\b[\w ,']{0,30}?\bfor (?:over |more than |about |nearly )?(?:an hour"
        r"|\d+ (?:hours?|minutes)|hours|half an hour)\b"
        r"|\b(?:trapped|pinned|crushed) (?:under|beneath|by) (?:a |an |the )?(?:heavy |fallen )?(?:\w+ )?(?:car|tree"
        r"|wall|shelf|wardrobe|machine|machinery|vehicle|rubble|beam|furniture)\b",
        D.ED,
        "NICE NG39 major trauma (crush injury)",
    ),
    _p(
        "a foreskin stuck back and swollen",
        # Round 20, T-101: "the foreskin is stuck back and won't go forward" was an urgent treatment centre.
        # Paraphimosis cuts off the glans' blood supply (NHS.uk: A&E). A tight foreskin is not this.
        r"\bforeskin\b[\w ,']{0,25}?\b(?:stuck|won'?t go (?:back|forward|down)|can'?t (?:get|pull|push) it"
        r" (?:back|forward|down))|\bparaphimosis\b",
        D.ED,
        "NHS.uk paraphimosis (A&E)",
    ),
    _p(
        "a limb in a cast with worsening pain, numbness or cold toes or fingers",
        # Round 20, T-101: compartment syndrome or a cast too tight (NHS.uk after a fracture: go back to A&E if the
        # pain gets worse, or the toes or fingers go numb, cold, pale or blue). An itchy cast is not this.
        r"\b(?:cast|plaster)\b[\w ,']{0,50}?\b(?:pain (?:is )?(?:getting |got )?worse|worse pain|numb|cold|pale|blue"
        r"|tingl\w*|pins and needles|can'?t (?:move|feel) (?:my |his |her |their )?(?:toes|fingers))\b",
        D.ED,
        "NHS.uk broken arm or leg (A&E if a cast is too tight: pain, numbness, cold toes or fingers)",
    ),
    _p(
        "redcurrant jelly poo",
        # Round 20, T-100: "his poo looks like redcurrant jelly" (1) was a call back. Redcurrant jelly stools (blood
        # and mucus) in a child are intussusception until shown otherwise (NHS.uk intussusception: A&E or 999).
        r"\b(?:red ?currant|raspberry) jelly\b|\bjelly-?like (?:poo|stools?)\b"
        r"|\b(?:poo|stools?|nappy)\b[\w ,']{0,25}?\bblood and mucus\b",
        D.ED,
        "NHS.uk intussusception (A&E)",
    ),
    _p(
        "chest pain not eased by GTN",
        # Round 20, T-100: "i've taken my gtn spray twice and the pain isn't going" reached 999 through the model's
        # words alone. NICE CG95: chest pain not eased by GTN is an emergency (999). GTN that worked is not this.
        r"\b(?:gtn|glyceryl trinitrate|angina spray|nitro ?spray)\b[\w ,']{0,40}?"
        r"\b(?:(?:not|isn'?t|hasn'?t|has not|didn'?t|did not) (?:\w+ )?(?:work\w*|help\w*|eas\w*|going|gone|touched)"
        r"|pain (?:is )?(?:still|not going|isn'?t going|hasn'?t gone)|still (?:got|have|there))",
        D.CALL_999,
        "NICE CG95 acute chest pain (not eased by GTN: 999)",
    ),
    _p(
        "stridor or drooling",
        # Drooling alone is the word rule of this name, which teething explains away (round 22, T-116).
        r"\bstridor|can'?t (?:even )?swallow (?:my |his |her )?(?:own )?(?:saliva|spit)"
        # ... or said otherwise (round 22, T-114): "won't swallow anything, not even her own spit", "his spit is pouring
        # out of his mouth".
        r"|\b(?:can'?t|cannot|won'?t|unable to) swallow (?:anything|a thing)?[, ]*(?:not )?even (?:my |his |her )?"
        r"(?:own )?(?:saliva|spit)\b|\b(?:spit|saliva|dribble)\b[\w ,']{0,30}?\bpouring out\b",
        D.CALL_999,
        "NICE CKS sore throat (epiglottitis)",
    ),
)

Matches = list[tuple[Phrase, re.Match[str]]]


def matches(text: str, found: Findings | None = None) -> Matches:
    """Every red-flag phrase occurrence in the normalised text that its clause does not negate."""
    f = extract(text) if found is None else found
    return [(phrase, m) for phrase in PHRASES for m in now(phrase.pattern, f)]


def phrase_hits(text: str, found: Matches | None = None) -> list[RuleHit]:
    """Red-flag phrases present and not negated (any un-negated occurrence counts)."""
    names = dict.fromkeys(phrase for phrase, _ in (matches(text) if found is None else found))
    return [RuleHit(phrase.name, phrase.floor, phrase.source) for phrase in names]


def without_phrases(text: str, found: Matches | None = None, normalised: str | None = None) -> str:
    """The normalised text with every red-flag phrase occurrence cut out (tidied); `text` if there is none."""
    hits = matches(text) if found is None else found
    spans = sorted(m.span() for _, m in hits)
    if not spans:
        return text
    lower, keep, last = normalised if normalised is not None else extract(text).text, [], 0
    for start, end in spans:
        keep.append(lower[last:start])
        last = max(last, end)
    keep.append(lower[last:])
    return re.sub(r"\s+", " ", "".join(keep)).strip(" ,;.")


prefilter.register(*(phrase.pattern for phrase in PHRASES))
