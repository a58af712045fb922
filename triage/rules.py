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
# People someone may attack or threaten (not "attacking my immune system", "stabbing pain in my chest").
_PEOPLE = (
    r"(?:me|us|someone|somebody|people|anyone|the (?:kids|children|neighbou?rs?|carer|nurse|staff)"
    r"|(?:his|her|their|my) (?:wife|husband|partner|mum|mother|dad|father|brother|sister|son|daughter|girlfriend"
    r"|boyfriend|carer|kids|children|neighbou?rs?))\b"
)
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
        r"|\bplan(?:ned|ning)? to (?:kill|end|hang|overdose)"
        # Intent with a time is a plan (NICE NG225: assess at once): "he says he's going to kill himself tonight".
        r"|\b(?:going to|gonna|about to|will) (?:kill|hang|overdose)\w* (?:my|him|her|them)sel(?:f|ves)\b"
        r"[\w ,']{0,20}?\b(?:tonight|today|now|this (?:morning|afternoon|evening|weekend))\b"
        r"|\b(?:taken|took|had) (?:an )?overdose|\boverdosed"
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
        r"|\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not) want to (?:be here|live|be alive|wake up)"
        # "can't see the point of going on" (NHS.uk help for suicidal thoughts: hopelessness, no reason to live).
        r"|\b(?:can'?t|cannot|can not|doesn'?t|does not|don'?t) see (?:the|any) point (?:of|in) (?:living|going on"
        r"|carrying on|life|being alive)\b"
        r"|\bend(?:ing|s)? it all\b|\b(?:want|wants|wanted|wanting) to (?:die|be dead)\b"
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
        r"\bhearing voices(?! (?:on|through|over|down) (?:the|a|my|his|her) (?:phone|radio|tv|telly|baby monitor"
        r"|monitor|intercom|headset|headphones|game))|\bvoices (?:are )?telling"
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
        rf"|\b(?:attack\w*|strangl\w*|stabb(?:ed|ing)) {_PEOPLE}"
        rf"|\btrying to (?:kill|stab|strangle) (?:(?:him|her|them)\b|{_PEOPLE})",
        D.CALL_999,
        "NHS.uk mental health crisis (call 999 if a life is at risk now); NICE NG225 self-harm",
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
_NOT_NOW_OR_PAST = _NOT_NOW | {Polarity.HISTORICAL}


def _now(pattern: re.Pattern[str], f: Findings, not_now: frozenset[Polarity] = _NOT_NOW) -> Iterator[re.Match[str]]:
    """The pattern's occurrences that are not denied or advice. Most patterns are absent: their scans are skipped."""
    for m in prefilter.finditer(pattern, f.text):
        if f.scopes.polarity(m.start()) not in not_now:
            yield m
        elif (hidden := _hidden(pattern, f, m, not_now)) is not None:
            yield hidden


def _hidden(
    pattern: re.Pattern[str], f: Findings, denied: re.Match[str], not_now: frozenset[Polarity] = _NOT_NOW
) -> re.Match[str] | None:
    """An occurrence not denied that starts inside a denied one. Matches found in turn do not overlap, so in "no
    chest pain, crushing chest pain going down my arm" the only one starts at the denied "chest pain" and runs to
    "arm"; the pattern is tried again from each later start inside it (rare: only after a denied match)."""
    pos = denied.start() + 1
    while (m := pattern.search(f.text, pos)) is not None and m.start() < denied.end():
        if f.scopes.polarity(m.start()) not in not_now:
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


def _present(pattern: re.Pattern[str], f: Findings, not_now: frozenset[Polarity] = _NOT_NOW) -> bool:
    return any(True for _ in _now(pattern, f, not_now))


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
    r"|\b(?:quit|walked out of) (?:his|her|their|my) job|\bgiving (?:all )?(?:his|her|their|my )?money away"
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
    r"| is going to| are going to|'s going to|'re going to) (?:hurt|harm|kill|attack) " + _PEOPLE
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
    rf"\b(?:holding|waving|brandish\w*|pointing|grabbed|picked up|got hold of|has got|armed with|carrying"
    rf"|threaten\w* (?:\w+ )?with) (?:a |the |his |her |their |my |some )?(?:kitchen |big |large )?{_ARMS}\b"
    rf"|\b{_ARMS} (?:to|at|against) (?:his|her|my|their) (?:own )?(?:throat|wrists?|neck|head|chest)\b"
    rf"|\bwon'?t put (?:the |his |her )?{_ARMS} down"
)
_THREAT_NOW = re.compile(
    r"\bthreat\w*|\bwav\w*|\bbrandish\w*|\bpoint\w* (?:it|the \w+|a \w+) at|\bwon'?t put (?:it|the \w+) down"
    r"|\bto (?:his|her|my|their) (?:own )?(?:throat|wrists?|neck)\b|\blocked (?:him|her|them|my)sel(?:f|ves) in"
    rf"|\b(?:kill|stab|shoot|hurt) (?:(?:him|her|my|them)sel(?:f|ves)\b|{_PEOPLE})"
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
    not_now: frozenset[Polarity] = _NOT_NOW


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
    WordRule(
        "hearing or seeing things, or paranoid beliefs, with distress or a change in behaviour",
        D.MENTAL_HEALTH_CRISIS,
        "NICE CG178 psychosis (refer urgently to a crisis team); " + _MH_CRISIS,
        ((_VOICES, _PARANOID), (_CRISIS_NOW, _STOPPED_MEDS, _DANGER)),
        _NOT_NOW_OR_PAST,
    ),
    WordRule(
        "no sleep for days with racing thoughts and reckless behaviour or psychosis (mania)",
        D.MENTAL_HEALTH_CRISIS,
        "NICE CG185 bipolar disorder (mania: refer urgently); " + _MH_CRISIS,
        ((_RACING,), (_NO_SLEEP,), _MANIA_MORE),
        _NOT_NOW_OR_PAST,
    ),
    WordRule(
        "a danger to themselves or others, or cannot be kept safe",
        D.MENTAL_HEALTH_CRISIS,
        "NICE NG225 self-harm; NICE CG185; " + _MH_CRISIS,
        ((_DANGER,),),
        _NOT_NOW_OR_PAST,
    ),
    WordRule(
        "not eating or drinking because of their mental state",
        D.MENTAL_HEALTH_CRISIS,
        "NICE CG90 depression and CG178 psychosis (refer urgently: risk to life); " + _MH_CRISIS,
        ((_NOT_EATING,), (_MENTAL_STATE,)),
        _NOT_NOW_OR_PAST,
    ),
    WordRule(
        "a weapon held or threatened",
        D.CALL_999,
        "NHS.uk mental health crisis (call 999 if a life is at risk now)",
        ((_WEAPON_HELD,), (_THREAT_NOW,)),
        _NOT_NOW_OR_PAST,
    ),
)


def word_rule_hits(f: Findings) -> list[RuleHit]:
    """Red flags that need two things said anywhere in the report (each group of a rule's `needs` present)."""
    return [
        RuleHit(rule.name, rule.floor, rule.source)
        for rule in WORD_RULES
        if all(any(_present(pattern, f, rule.not_now) for pattern in group) for group in rule.needs)
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
