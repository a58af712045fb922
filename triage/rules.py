"""The rule layer: red-flag answers, phrases, NEWS2 and age rules. It only ever sets floors.

Each hit names a disposition the final answer must be at least as urgent as; `decide.escalate` takes
the most urgent of the model's choice and every floor, so a rule can raise urgency but never lower it.
These rules are written independently of the synthetic generator's labelling rules (triage/training/generator.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from models.vocabulary import Disposition
from triage import measurements, news2, prefilter
from triage.findings import Findings, extract
from triage.negation import Polarity
from triage.questions import QUESTIONS
from triage.schemas import Observations, TriageReport

D = Disposition


@dataclass(frozen=True, slots=True)
class RuleHit:
    name: str
    floor: Disposition
    source: str


@dataclass(frozen=True, slots=True)
class Phrase:
    name: str
    pattern: re.Pattern[str]
    floor: Disposition
    source: str


def _p(name: str, regex: str, floor: D, source: str) -> Phrase:
    return Phrase(name, re.compile(regex), floor, source)


_CHEST = r"(?:chest|heart)"
PHRASES: tuple[Phrase, ...] = (
    _p(
        "crushing chest pain",
        rf"\b(?:crushing|heavy|tight|squeezing|pressure)\w*[\w ]{{0,20}}{_CHEST}|"
        rf"{_CHEST} (?:pain|tightness|pressure)[\w ,]{{0,40}}(?:down|into|to|spreading|radiating)[\w ]{{0,12}}"
        r"(?:arm|jaw|neck|back)",
        D.CALL_999,
        "NICE CG95 acute chest pain",
    ),
    _p(
        "chest pain with sweating",
        rf"{_CHEST} pain[\w ,]{{0,60}}\b(?:sweat\w*|clammy)",
        D.CALL_999,
        "NICE CG95 acute chest pain",
    ),
    _p(
        "cannot breathe",
        r"\b(?:can'?t|cannot|can not|unable to|struggling to|not able to|fighting to)"
        r" (?:breathe?|catch (?:my|his|her) breath)"
        r"|\b(?:isn'?t|not|stopped) breathing\b(?! (?:well|right|properly|through))|\bfighting for (?:breath|air)"
        r"|\bgasping\b|\bcan'?t (?:talk|speak) (?:in )?(?:full )?sentences",
        D.CALL_999,
        "NHS 111 online: breathing",
    ),
    _p(
        "blue or grey lips",
        r"\b(?:blue|grey|gray)(?:ish)? (?:lips|tongue|face|skin)\b"
        r"|\b(?:lips|tongue|face|skin)\b[\w ]{0,20}?\b(?:blue|grey|gray)(?:ish)?\b",
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
        r"\bface\b[\w ]{0,25}?\b(?:droop\w*|dropp?\w*|fallen|lopsided|gone funny on one side)|\bdrooping face"
        r"|\bslurr\w* (?:speech|words|talking)|\bspeech (?:is |has |was )?(?:slurred|garbled|jumbled)"
        r"|\bwords (?:are |were )?(?:coming out )?(?:all )?(?:jumbled|garbled|slurred)"
        r"|\b(?:can'?t|cannot|unable to) (?:lift|raise|move) (?:my |his |her |their )?(?:left |right )?(?:arm|leg)"
        r"|\b(?:sudden|new) (?:weakness|numbness) (?:in|of|down) (?:one|my|his|her|the) (?:side|arm|leg)",
        D.CALL_999,
        "NICE NG128 stroke (FAST)",
    ),
    _p(
        "non-blanching rash",
        r"non[- ]?blanch\w*|(?:don'?t|doesn'?t|do not|does not|won'?t|didn'?t|did not) (?:fade|go away|disappear"
        r"|go pale|blanch)[\w ]{0,30}(?:glass|press)|\bpurple (?:spots|rash|blotch\w*|dots|marks)"
        r"|glass test|purpur\w*|petechia\w*",
        D.CALL_999,
        "NICE NG240 meningococcal disease",
    ),
    _p(
        "suicidal with a plan",
        r"\b(?:suicid\w*|kill (?:my|him|her)self|end (?:my|his|her) life)"
        r"(?:(?!\b(?:no|not|don'?t|haven'?t|without|never)\b)[\w ,']){0,60}\b(?:plan|intend|intention)"
        r"|\bplan(?:ned|ning)? to (?:kill|end|hang|overdose)|\b(?:taken|took|had) (?:an )?overdose|\boverdosed"
        r"|\b(?:taken|took|swallowed) (?:all )?(?:a lot of|too many|loads of|lots of"
        r"|a whole (?:box|packet|bottle) of|\d+) "
        r"(?:of (?:my |her |his )?)?(?:tablets|pills|paracetamol|co-?codamol|sleeping)",
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
        r"|\b(?:don'?t|do not|doesn'?t) want to (?:be here|live|be alive|wake up)"
        r"|\bend(?:ing|s)? it all\b|\b(?:want|wants|wanted|wanting) to (?:die|be dead)\b"
        r"|\btak(?:e|es|ing) (?:my|his|her|their) own life|\bno (?:reason|point) (?:to|in) (?:live|living|going on)\b"
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
        r"(?:to )?|hard to|trouble) (?:swallow\w*|open (?:my |his |her )?mouth)",
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
        r"\bhearing voices|\bvoices (?:are )?telling|\bcan'?t cope\b|\bcan'?t go on\b|\bpsychotic\b|\bin crisis\b",
        D.MENTAL_HEALTH_CRISIS,
        "NHS 111 option 2 (mental health); NICE CG136",
    ),
    _p(
        "airway swelling",
        r"\b(?:lips?|tongue|throat|mouth)\b[\w ]{0,30}?\b(?:swell\w*|swollen|closing|puff\w* up)"
        r"|\b(?:swell\w*|swollen|puffy) (?:up )?(?:of )?(?:my |his |her |the )?(?:lips?|tongue|throat)\b"
        r"|\bthroat (?:feels )?(?:tight|closing)|\banaphyla\w*|\bepi-?pen"
        r"|\badrenaline (?:pen|auto-?injector|injector|injection|jab)",
        D.CALL_999,
        "Resuscitation Council UK anaphylaxis (2021)",
    ),
    _p(
        "uncontrolled bleeding",
        r"bleeding (?:heavily|a lot|won'?t stop|will not stop|that won'?t stop|not stopping)"
        r"|won'?t stop bleeding|(?:spurting|pouring) blood|\bhaemorrhag\w*|\bhemorrhag\w*",
        D.CALL_999,
        "NHS 111 online: bleeding",
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
        r"|\bhaematemesis|\bhaemoptysis|\bcoffee[- ]grounds?|\b(?:black|tarry) (?:tarry )?(?:stool|poo)\w*|\bmelaena",
        D.ED,
        "NICE CKS GI bleeding / haemoptysis",
    ),
    _p(
        "unconscious or fitting",
        r"\bunconscious|\bunresponsive|\bnot responding|\bwon'?t wake|\bcan'?t (?:be )?wake"
        r"|\bcollaps\w*|\bpassed out|\bfitting|\bseizure|\bconvuls\w*|\b(?:had|having|has had) (?:a |another )?fits?\b",
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
        r"|\b(?:can'?t|cannot) control (?:my )?(?:bladder|bowel|wee|poo)|\bwet (?:my|him|her)sel\w*",
        D.ED,
        "NICE CKS back pain (cauda equina)",
    ),
    _p(
        "neck stiffness with fever",
        r"\bstiff neck|\bneck (?:is )?stiff|\bphotophobia|light hurts (?:my|his|her) eyes",
        D.ED,
        "NICE NG240 meningitis",
    ),
    _p(
        "sepsis signs",
        r"\bmottled|\bsepsis|\bseptic|\bfeel(?:s|ing)? like (?:i'?m|i am|he'?s|she'?s) (?:going to|gonna) die"
        r"|\bnot (?:passed|done a) (?:urine|wee)\w* (?:all day|for 12|in 12)",
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
        r"(?:my |his |the |their )?(?:left |right )?(?:testic\w*|testes|scrot\w*|balls?\b(?! of))",
        D.ED,
        "NICE CKS scrotal pain (torsion)",
    ),
    _p(
        "bleeding in pregnancy",
        # Words between may not deny it: "12 weeks pregnant, no bleeding" is not bleeding in pregnancy.
        r"\bpregnan\w*(?:(?!\b(?:no|not|without|never|denies)\b)[\w ,]){0,50}(?:bleed\w*|severe pain|shoulder[- ]tip)"
        r"|\bectopic"
        r"|\bbaby (?:is )?(?:moving less|not moving|hasn'?t moved)|\breduced (?:fetal|foetal) movements?",
        D.ED,
        "NICE NG126; RCOG Green-top 57",
    ),
    _p(
        "chemotherapy with fever",
        r"\bchemo\w*[\w ,]{0,60}(?:fever|temperature|hot|shiver\w*|rigors?)"
        r"|(?:fever|temperature|shiver\w*)[\w ,]{0,60}\bchemo\w*|\bneutropeni\w*",
        D.ED,
        "NICE NG151 neutropenic sepsis",
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
        r"\b(?:burn\w*|scald\w*)\b[\w ,']{0,80}?\b(?:bigger than (?:the size of )?(?:my |his |her |their |your )?"
        r"(?:hand|palm)|larger than (?:my |his |her |their )?(?:hand|palm)|white and waxy|waxy|charred|leathery"
        r"|(?:looks?|gone|turned|is|are) white)",
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
        r"|\bbones? (?:is |are )?(?:visible|showing|exposed)\b|\b(?:open|compound) fracture",
        D.ED,
        "NHS.uk broken arm or wrist, broken leg (A&E: bone sticking out)",
    ),
    _p(
        "stridor or drooling",
        r"\bstridor|\bdrool\w*|can'?t swallow (?:my |his |her )?(?:own )?(?:saliva|spit)",
        D.CALL_999,
        "NICE CKS sore throat (epiglottitis)",
    ),
)

_FEVER_WORDS = re.compile(r"\b(?:fever\w*|temp\w*|hot|burning up|high temp\w*|pyrex\w*)")
# A child named by a possessive ("my 3 year old", "our baby"): "I'm a 30-year-old woman" is not a child.
_CHILD_WORDS = re.compile(
    r"\b(?:my|our|the|his|her) (?:baby|newborn|infant|toddler|son|daughter|child|kid|little (?:one|boy|girl))\b"
    r"|\b(?:my|our|his|her) (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:week|month)s?[- ]old\b"
    r"|\b(?:my|our|his|her) (?:\d|1[0-5]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen)[- ]years?[- ]old\b|\bnappies\b"
)


# Diabetic ketoacidosis shows as ordinary words (sick, thirsty, breathing fast) that only mean danger together
# with diabetes, so it is a compound rule rather than a phrase.
_DIABETES = re.compile(r"\b(?:diabet\w*|type ?(?:1|one|i)\b|t1dm?\b|insulin)")
_DKA_SIGNS = re.compile(
    r"\b(?:vomit\w*|being sick|been sick|throwing up|nause\w*|can'?t keep (?:anything|food|fluids?|water) down"
    r"|ketone\w*|breathing (?:fast|quick\w*|heavy|deep\w*)|fast breathing|pear ?drops|fruity|drows\w*|confus\w*"
    r"|(?:sugars?|glucose|bm|reading)\w* (?:is |are |reads |reading |says |of )?(?:hi|high|over \d+|\d{2}\b)"
    r"|tummy pain|stomach pain|abdominal pain)"
)

Matches = list[tuple[Phrase, re.Match[str]]]
# Denied, or safety-netting advice repeated ("told to call 999 if her lips go blue"): not happening now. Hypothetical,
# historical and someone-else phrases still fire: "worried about her breathing" may be about now.
_NOT_NOW = frozenset({Polarity.NEGATED, Polarity.ADVICE})


def _now(pattern: re.Pattern[str], f: Findings) -> Iterator[re.Match[str]]:
    """The pattern's occurrences that are not denied or advice. Most patterns are absent: their scans are skipped."""
    for m in prefilter.finditer(pattern, f.text):
        if f.scopes.polarity(m.start()) not in _NOT_NOW:
            yield m
        elif (hidden := _hidden(pattern, f, m)) is not None:
            yield hidden


def _hidden(pattern: re.Pattern[str], f: Findings, denied: re.Match[str]) -> re.Match[str] | None:
    """An occurrence not denied that starts inside a denied one. Matches found in turn do not overlap, so in "no
    chest pain, crushing chest pain going down my arm" the only one starts at the denied "chest pain" and runs to
    "arm"; the pattern is tried again from each later start inside it (rare: only after a denied match)."""
    pos = denied.start() + 1
    while (m := pattern.search(f.text, pos)) is not None and m.start() < denied.end():
        if f.scopes.polarity(m.start()) not in _NOT_NOW:
            return m
        pos = m.start() + 1
    return None


def matches(text: str, found: Findings | None = None) -> Matches:
    """Every red-flag phrase occurrence in the normalised text that its clause does not negate."""
    f = extract(text) if found is None else found
    return [(phrase, m) for phrase in PHRASES for m in _now(phrase.pattern, f)]


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


def _present(pattern: re.Pattern[str], f: Findings) -> bool:
    return any(True for _ in _now(pattern, f))


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
)
_ANTICOAGULANT = re.compile(
    r"\b(?:warfarin|apixaban|eliquis|rivaroxaban|xarelto|edoxaban|dabigatran|pradaxa|clopidogrel|ticagrelor"
    r"|prasugrel|blood[- ]thinn\w*|anticoagul\w*)"
)


def anticoagulated_head_injury_hits(f: Findings) -> list[RuleHit]:
    if not (_present(_HEAD_INJURY, f) and prefilter.search(_ANTICOAGULANT, f.text)):
        return []
    return [RuleHit("head injury on an anticoagulant or antiplatelet", D.ED, "NICE NG232 head injury")]


# Too breathless to speak is acute severe asthma or worse (BTS/SIGN 158: cannot complete sentences; NHS.uk
# shortness of breath: call 999 if so breathless they cannot speak), however it is said: "can barely get a word
# out", "can't finish her sentences", "speaking in single words". Speech that fails for another reason (a lost voice,
# a sore throat) is not this, so the report must also say something about breathing that is not denied.
_WORDS_FAIL = (
    r"(?:get (?:a |the |her |his |my |their |any )?(?:word out|words out)"
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
    r"|bent in the middle"
    r"|(?:deformed|misshapen|the wrong shape|a funny shape|a strange shape|an odd shape|out of shape|crooked|wonky))"
)
_DEFORMED_LIMB = re.compile(
    rf"\b{_LIMB}\b(?:(?!\b(?:no|not|isn'?t|wasn'?t|doesn'?t|didn'?t|never|landed|landing|went|go|goes|going"
    rf"|rolled|twisted|turned(?! (?:out|in|outwards|inwards))|came|caught|slept|sleeping|sat|sitting|when|as"
    rf"|while)\b)[\w ,']){{0,30}}?\b{_ODD_SHAPE}"
    rf"|\b(?:bend in|kink in|step in|dent in) (?:his |her |my |their |the )?{_LIMB}\b|\bobvious(?:ly)? deform\w*"
)
_INJURY = re.compile(
    r"\b(?:fell|fall\w*|fallen|trip\w*|slip\w*|tackl\w*|crash\w*|collid\w*|accident|injur\w*|landed|hit|kicked"
    r"|knocked|banged|twisted|snapped|crack\w*|broke|broken|break|fractur\w*|dislocat\w*|came off|thrown|trampoline"
    r"|on the (?:floor|ground))\b"
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
    r"|\b(?:left|right|one)[- ]sided (?:pain|tummy|abdominal|stomach|cramp\w*|pelvic)"
    r"|\b(?:lower |bottom )?(?:left|right) (?:side of (?:the |her |my )?)?(?:tummy|belly|stomach|abdomen|pelvis)"
    r" (?:pain|ache|cramp\w*|hurts)"
)
_SHOULDER_TIP = re.compile(r"\bshoulder[- ]tip|\btip of (?:her |my |the |his |their )?(?:left |right )?shoulder")

# Acute urinary retention: cannot pee at all, with a full, painful bladder (NHS.uk urinary retention: go to A&E if
# you cannot pee at all). Passing urine with difficulty or pain ("can't pee properly", "it stings") is not this.
_UNABLE = r"(?:can'?t|cannot|can not|couldn'?t|could not|unable to|not able to|(?:hasn'?t|haven'?t|not) been able to)"
_CANT_PEE = re.compile(
    rf"\b{_UNABLE} (?:pee|wee|urinate|pass (?:any )?(?:urine|water)|(?:go|get) (?:to the toilet )?for a (?:pee|wee)"
    r"|empty (?:my |his |her )?bladder)\b(?! (?:properly|without|because|as much|much|straight|in front))"
    r"|\b(?:hasn'?t|haven'?t|has not|have not|not) (?:passed|done|had) (?:a |any )?(?:urine|water|pee|wee)\b"
    r"|\bonly (?:passing|managing) (?:a few )?(?:dribbles|drops)\b"
    r"|\b(?:pee|wee|urinate)\b[\w ,']{0,40}?\bnothing (?:comes|came|will come|is coming) out\b"
    r"|\burinary retention\b|\bretention of urine\b"
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
    r"|\bout for (?:a |a few |a couple of )?(?:seconds?|minutes?|a (?:second|minute|while|bit))\b"
    r"|\bconfus\w*|\bnot (?:himself|herself|themselves|making sense)"
    r"|\b(?:can'?t|doesn'?t|does not|cannot) remember (?:what happened|the fall|falling|hitting|the accident)"
)


@dataclass(frozen=True, slots=True)
class WordRule:
    """A red flag said in words that only means danger with its context: fires when each group of `needs` has a
    pattern present."""

    name: str
    floor: Disposition
    source: str
    needs: tuple[tuple[re.Pattern[str], ...], ...]  # each group: any one of its patterns present


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
        ((_CANT_PEE,), (_FULL_BLADDER,)),
    ),
    WordRule(
        "head injury with vomiting, drowsiness or loss of consciousness",
        D.ED,
        "NICE NG232 head injury (1.1: refer to ED); NHS.uk head and brain injuries (A&E)",
        ((_HEAD_INJURY,), (_HEAD_WARNING,)),
    ),
)


def word_rule_hits(f: Findings) -> list[RuleHit]:
    """Red flags that need two things said anywhere in the report (each group of a rule's `needs` present)."""
    return [
        RuleHit(rule.name, rule.floor, rule.source)
        for rule in WORD_RULES
        if all(any(_present(pattern, f) for pattern in group) for group in rule.needs)
    ]


def ketoacidosis_hits(report: TriageReport, f: Findings | None = None) -> list[RuleHit]:
    """A person with diabetes who is vomiting, breathing fast, drowsy, has ketones or very high sugars: possible DKA."""
    f = extract(report.text) if f is None else f
    high_sugar = f.measured.glucose_mmol is not None and f.measured.glucose_mmol >= 11.0
    if not _present(_DIABETES, f) or not (high_sugar or _present(_DKA_SIGNS, f)):
        return []
    return [RuleHit("possible diabetic ketoacidosis", D.ED, "NICE NG17/NG18; JBDS-IP DKA guideline")]


def glucose_hits(f: Findings) -> list[RuleHit]:
    """A blood glucose written in the text: severe hypoglycaemia is an emergency, very high or low needs a clinician."""
    g, source = f.measured.glucose_mmol, "NICE NG17/NG28; JBDS-IP hypoglycaemia"
    if g is None:
        return []
    if g < 3.0:
        return [RuleHit(f"blood glucose {g} mmol/L (<3)", D.ED, source)]
    if g < 4.0 or g >= 20.0:
        return [RuleHit(f"blood glucose {g} mmol/L", D.UTC, source)]
    return []


def observations(report: TriageReport, f: Findings | None = None) -> Observations | None:
    """The structured observations with gaps filled by vital signs written in the text."""
    return measurements.merged(report.observations, (f or extract(report.text)).measured)


def observation_hits(report: TriageReport, f: Findings | None = None) -> list[RuleHit]:
    obs = observations(report, f)
    return [*news2_hits(report, obs), *child_obs_hits(report, obs)]


def answer_hits(report: TriageReport) -> list[RuleHit]:
    """Every positive answer (YES or UNSURE) sets its question's floor."""
    hits = []
    for key, answer in report.answers.items():
        q = QUESTIONS[key]
        if answer.positive:
            hits.append(RuleHit(f"answer {key}: {answer.value}", q.floor, q.source))
    return hits


def news2_hits(report: TriageReport, obs: Observations | None) -> list[RuleHit]:
    if obs is None or (report.age is not None and report.age < 16):
        return []
    result = news2.score(obs)
    source = "RCP NEWS2 (2017)"
    if result.emergency:
        return [RuleHit(f"NEWS2 {result.total} (>=7)", D.CALL_999, source)]
    if result.urgent:
        return [RuleHit(f"NEWS2 {result.total} (5-6 or a single parameter scoring 3)", D.ED, source)]
    return []


# NICE NG143 amber heart and breathing rates by age (years): (upper age, pulse above, breathing rate above).
_NG143_AMBER: tuple[tuple[float, int, int], ...] = ((0.5, 160, 60), (1.0, 160, 50), (2.0, 150, 40), (5.0, 140, 40))


def child_obs_hits(report: TriageReport, obs: Observations | None) -> list[RuleHit]:
    if obs is None or report.age is None or report.age >= 16:
        return []
    hits = []
    if obs.spo2 is not None and obs.spo2 <= 92:
        hits.append(RuleHit("child SpO2 <=92%", D.ED, "NICE NG143; BTS/SIGN 158"))
    elif obs.spo2 is not None and obs.spo2 <= 95:
        hits.append(RuleHit("child SpO2 <=95%", D.UTC, "NICE NG143 traffic light (amber)"))
    if obs.consciousness is not None and obs.consciousness.value in "VPU":
        hits.append(RuleHit("child not alert (V/P/U)", D.CALL_999, "NICE NG143 traffic light (red)"))
    if obs.respiratory_rate is not None and obs.respiratory_rate > 60:
        hits.append(RuleHit("child breathing rate >60", D.ED, "NICE NG143 traffic light (red)"))
    band = next((b for b in _NG143_AMBER if report.age < b[0]), None)
    if band is not None and obs.pulse is not None and obs.pulse > band[1]:
        hits.append(RuleHit(f"child heart rate >{band[1]}", D.UTC, "NICE NG143 traffic light (amber)"))
    if band is not None and obs.respiratory_rate is not None and 60 >= obs.respiratory_rate > band[2]:
        hits.append(RuleHit(f"child breathing rate >{band[2]}", D.UTC, "NICE NG143 traffic light (amber)"))
    return hits


def _temperature(report: TriageReport, f: Findings) -> float | None:
    temp = report.observations.temperature if report.observations else None
    return temp if temp is not None else f.measured.temperature


def _has_fever(report: TriageReport, f: Findings) -> bool:
    temp = _temperature(report, f)
    if temp is not None:
        return temp >= 38.0
    return _present(_FEVER_WORDS, f) or report.symptom_group == "fever"


def age_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """NICE NG143 for fever in children: infants by age and temperature, and fever lasting 5 days or more."""
    age = report.age
    if age is None or age >= 5 or not _has_fever(report, f):
        return []
    days = f.measured.duration_days
    long_fever = [RuleHit("fever for 5 days or more", D.UTC, "NICE NG143 (amber)")] if days and days >= 5 else []
    if age >= 0.5:
        return long_fever
    if age < 0.25:
        return [RuleHit("fever in an infant under 3 months", D.ED, "NICE NG143 (red: <3 months, >=38C)")]
    temp = _temperature(report, f)
    if temp is not None and temp >= 39.0:
        return [RuleHit("temperature >=39C in an infant 3-6 months", D.ED, "NICE NG143 (red: 3-6 months, >=39C)")]
    return [RuleHit("fever in an infant 3-6 months", D.UTC, "NICE NG143 (amber: 3-6 months)"), *long_fever]


# NICE NG143 red features a parent describes in words (children under 5): grunting, moderate or severe chest
# indrawing, pale/mottled/ashen/blue skin, no response to social cues, not staying awake, a weak, high-pitched
# or continuous cry.
_NG143_RED_WORDS = re.compile(
    r"\bgrunt\w*|\b(?:sucking|pulling|drawing) in (?:under|between|below) (?:\w+ )?ribs"
    r"|\b(?:chest|rib) (?:in-?drawing|recession)|\brecession\b"
    r"|\b(?:skin|she|he|face|body)\b[\w ]{0,20}?\b(?:pale and blotchy|blotchy|ashen|mottled)"
    r"|\b(?:doesn'?t|does not|won'?t|not) (?:really )?(?:respond\w*|react\w*) (?:to|when)\b"
    r"|\b(?:won'?t|can'?t|doesn'?t) stay awake|\bhigh[- ]pitched (?:cry|crying|scream\w*)|\bweak (?:cry|crying)"
    r"|\bfloppy\b"
)


def ng143_word_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """A red feature of the NICE NG143 traffic-light table described in words, in a child under 5."""
    if report.age is None or report.age >= 5 or not _present(_NG143_RED_WORDS, f):
        return []
    return [RuleHit("NG143 red feature in words (under 5)", D.ED, "NICE NG143 traffic light (red)")]


# Loin pain with fever or rigors may be an infected, obstructed kidney (NICE CKS renal or ureteric colic: admit if
# there are signs of systemic infection; NICE CKS pyelonephritis: admit if vomiting or unable to keep fluids down).
_LOIN = re.compile(
    r"\bloin\b|\bflank\b|\bkidney (?:pain|stones?|area)\b|\brenal colic\b"
    r"|\bkidney\b[\w ]{0,12}?\b(?:stones?|pain|hurts?)\b"
    r"|\b(?:side|ribs?)\b[\w ,']{0,30}?\b(?:round|through|into|to) (?:the |my |his |her |their )?back\b"
    r"|\bback\b[\w ,']{0,15}?\bunder (?:the |my |his |her |their )?ribs\b"
)
_STONE = re.compile(r"\bstones?\b|\bcolic\b|\bcomes? in waves\b|\bcoming in waves\b")
_RIGORS = re.compile(
    r"\brigou?rs?\b|\b(?:shaking|shivering|shakes|shivers|trembling)\b[\w ]{0,20}?\b(?:uncontrollabl\w*|violent\w*)"
    r"|\b(?:uncontrollabl\w*|violent\w*) (?:shaking|shivering|shivers|shakes)\b|\bcan'?t stop (?:shaking|shivering)\b"
    r"|\bteeth (?:are )?chattering\b|\bshaking (?:all over|like a leaf)\b"
)
_KEEPS_VOMITING = re.compile(
    r"\bvomit\w*|\bthrowing up\b|\b(?:been|being|keeps being) sick\b"
    r"|\bcan'?t keep (?:anything|food|fluids?|water|drinks?) down\b"
)


def loin_fever_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Loin pain with rigors, or with a fever and a stone or vomiting: possible obstructed infected kidney."""
    if not _present(_LOIN, f):
        return []
    fever_with = _has_fever(report, f) and (_present(_STONE, f) or _present(_KEEPS_VOMITING, f))
    if not (fever_with or _present(_RIGORS, f)):
        return []
    source = "NICE CKS renal or ureteric colic (systemic infection: admit); NICE CKS pyelonephritis"
    return [RuleHit("loin pain with fever or rigors", D.ED, source)]


# Appendicitis in a child: tummy pain in the lower right, or spreading across the tummy or a hard, rigid tummy,
# that is worse on moving, walking, coughing or bumps (NHS.uk appendicitis; NICE NG143 and CKS: a child with
# suspected appendicitis is referred to hospital at once).
_TUMMY = re.compile(r"\b(?:tummy|belly|stomach|abdomen|abdominal|appendi\w*)\b")
_RIGHT_OR_SPREADING = re.compile(
    r"\b(?:lower|bottom) right\b|\bright (?:side )?(?:of (?:his |her |the |my |their )?)?(?:lower )?"
    r"(?:tummy|belly|stomach|abdomen)\b|\bright side low down\b|\blow down on the right\b|\bright iliac\b"
    r"|\b(?:moved|moving|shifted|gone|went|travelled) (?:down )?(?:to|into) (?:the )?(?:lower |bottom )?right\b"
    r"|\bspread\w* (?:all )?(?:over|across|everywhere)\b|\b(?:all over|across) (?:his |her |the |their )?(?:whole )?"
    r"(?:tummy|belly|stomach|abdomen)\b|\b(?:rigid|hard as a board|like a board)\b"
)
_WORSE_MOVING = re.compile(
    r"\b(?:worse|hurts? (?:more|worse)?|agony|screams?|cries|winces?)\b[\w ,']{0,12}?\b(?:when|if|on|with|as) (?:\w+ )?"
    r"(?:moves?|moving|movement|walks?|walking|coughs?|coughing|jumps?|jumping|stands?|standing|sneez\w*|bumps?)\b"
    r"|\bover (?:the |any |a )?bumps?\b|\b(?:won'?t|can'?t|doesn'?t want to|unable to) (?:stand up straight|straighten"
    r"|stand up|walk|move)\b|\bbent (?:over|double)\b|\bdoubled (?:up|over)\b|\blying (?:very )?still\b"
)


def appendicitis_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Tummy pain in the lower right or spreading, worse on moving, in a child under 16."""
    if report.age is None or report.age >= 16:
        return []
    if not all(_present(p, f) for p in (_TUMMY, _RIGHT_OR_SPREADING, _WORSE_MOVING)):
        return []
    return [RuleHit("possible appendicitis in a child", D.ED, "NHS.uk appendicitis; NICE CKS appendicitis")]


def scope_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """A child described in a report filed with an adult's age: outside the model's scope, so a clinician calls back."""
    if report.age is not None and report.age >= 16 and prefilter.search(_CHILD_WORDS, f.text):
        return [
            RuleHit("report may be about a child (age given is an adult's)", D.CLINICAL_ASSESSMENT, "one111 scope rule")
        ]
    return []


def assess(report: TriageReport, found: Matches | None = None, f: Findings | None = None) -> list[RuleHit]:
    """Every rule that fires on this report; each is a floor, never a ceiling. `found`: matches(report.text)."""
    f = extract(report.text) if f is None else f
    return [
        *answer_hits(report),
        *phrase_hits(report.text, matches(report.text, f) if found is None else found),
        *ketoacidosis_hits(report, f),
        *anticoagulated_head_injury_hits(f),
        *word_rule_hits(f),
        *glucose_hits(f),
        *observation_hits(report, f),
        *age_hits(report, f),
        *ng143_word_hits(report, f),
        *loin_fever_hits(report, f),
        *appendicitis_hits(report, f),
        *scope_hits(report, f),
    ]


prefilter.register(
    *(phrase.pattern for phrase in PHRASES),
    _FEVER_WORDS,
    _CHILD_WORDS,
    _DIABETES,
    _DKA_SIGNS,
    _HEAD_INJURY,
    _ANTICOAGULANT,
    _NG143_RED_WORDS,
    _LOIN,
    _STONE,
    _RIGORS,
    _KEEPS_VOMITING,
    _TUMMY,
    _RIGHT_OR_SPREADING,
    _WORSE_MOVING,
    *(pattern for rule in WORD_RULES for group in rule.needs for pattern in group),
)
