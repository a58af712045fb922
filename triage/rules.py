"""The rule layer: red-flag answers, phrases, NEWS2 and age rules. It only ever sets floors.

Each hit names a disposition the final answer must be at least as urgent as; `decide.escalate` takes
the most urgent of the model's choice and every floor, so a rule can raise urgency but never lower it.
These rules are written independently of the synthetic generator's labelling rules (triage/training/generator.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.vocabulary import Disposition
from triage import negation, news2
from triage.questions import QUESTIONS
from triage.schemas import TriageReport

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
        r"\b(?:can'?t|cannot|can not|unable to|struggling to|not able to) (?:breathe?|catch (?:my|his|her) breath)"
        r"|\bgasping\b|\bcan'?t (?:talk|speak) (?:in )?(?:full )?sentences",
        D.CALL_999,
        "NHS 111 online: breathing",
    ),
    _p(
        "blue or grey lips",
        r"\b(?:blue|grey|gray)(?:ish)? (?:lips|tongue|face|skin)\b|\blips (?:are |have gone |went )?(?:blue|grey)",
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
        r"\bface (?:is )?(?:droop|drop)\w*|\bdrooping face|\bslurr\w* (?:speech|words)|\bspeech (?:is )?slurred"
        r"|\b(?:sudden|new) (?:weakness|numbness) (?:in|of|down) (?:one|my|his|her|the) (?:side|arm|leg)",
        D.CALL_999,
        "NICE NG128 stroke (FAST)",
    ),
    _p(
        "non-blanching rash",
        r"non[- ]?blanch\w*|(?:doesn'?t|does not|won'?t|didn'?t|did not) fade[\w ]{0,30}glass"
        r"|glass test|purpur\w*|petechia\w*",
        D.CALL_999,
        "NICE NG240 meningococcal disease",
    ),
    _p(
        "suicidal with a plan",
        r"\b(?:suicid\w*|kill (?:my|him|her)self|end (?:my|his|her) life)[\w ,']{0,60}\bplan"
        r"|\bplan(?:ned|ning)? to (?:kill|end|hang|overdose)|\b(?:taken|took) an overdose|\boverdosed",
        D.CALL_999,
        "NICE NG225 self-harm",
    ),
    _p(
        "suicidal thoughts",
        r"\bsuicid\w*|\bkill (?:my|him|her)self|\bend (?:my|his|her) life|\bbetter off dead",
        D.GP_OOH,
        "NICE NG225 self-harm; NHS 111 option 2",
    ),
    _p(
        "airway swelling",
        r"\b(?:lips?|tongue|throat|face) (?:is |are |has |have )?(?:swell\w*|swollen|closing)"
        r"|\bthroat (?:feels )?(?:tight|closing)|\banaphyla\w*|\bepi-?pen",
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
        r"|\bpain in (?:my |his )?(?:testicle|balls|scrotum)",
        D.ED,
        "NICE CKS scrotal pain (torsion)",
    ),
    _p(
        "bleeding in pregnancy",
        r"\bpregnan\w*[\w ,]{0,50}(?:bleed\w*|severe pain|shoulder[- ]tip)|\bectopic"
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
        r"\b(?:hit|bang\w*|knock\w*|bump\w*) (?:my |his |her |their )?head[\w ,]{0,60}"
        r"(?:vomit\w*|knocked out|blacked out|confus\w*|warfarin|blood thinner\w*|apixaban|rivaroxaban)",
        D.ED,
        "NICE NG232 head injury",
    ),
    _p(
        "stridor or drooling",
        r"\bstridor|\bdrool\w*|can'?t swallow (?:my |his |her )?(?:own )?(?:saliva|spit)",
        D.CALL_999,
        "NICE CKS sore throat (epiglottitis)",
    ),
)

_FEVER_WORDS = re.compile(r"\b(?:fever\w*|temp\w*|hot|burning up|high temp\w*|pyrex\w*)")
_CHILD_WORDS = re.compile(
    r"\b(?:my|our|the) (?:baby|newborn|infant|toddler|son|daughter|child|kid|little (?:one|boy|girl))\b"
    r"|\b\d{1,2}[- ](?:week|month|year)[- ]old\b|\bnappies\b"
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


def matches(text: str) -> Matches:
    """Every un-negated red-flag phrase occurrence in `text`."""
    lower = text.lower()
    return [
        (phrase, m)
        for phrase in PHRASES
        for m in phrase.pattern.finditer(lower)
        if not negation.is_negated(lower, m.start())
    ]


def phrase_hits(text: str, found: Matches | None = None) -> list[RuleHit]:
    """Red-flag phrases present and not negated (any un-negated occurrence counts)."""
    names = dict.fromkeys(phrase for phrase, _ in (matches(text) if found is None else found))
    return [RuleHit(phrase.name, phrase.floor, phrase.source) for phrase in names]


def without_phrases(text: str, found: Matches | None = None) -> str:
    """`text` with every red-flag phrase occurrence cut out (tidied); unchanged if there is none."""
    spans = sorted(m.span() for _, m in (matches(text) if found is None else found))
    if not spans:
        return text
    lower, keep, last = text.lower(), [], 0  # spans index the lower-cased text, which can differ in length
    for start, end in spans:
        keep.append(lower[last:start])
        last = max(last, end)
    keep.append(lower[last:])
    return re.sub(r"\s+", " ", "".join(keep)).strip(" ,;.")


def ketoacidosis_hits(report: TriageReport) -> list[RuleHit]:
    """A person with diabetes who is vomiting, breathing fast, drowsy, has ketones or very high sugars: possible DKA."""
    lower = report.text.lower()
    if not _present(_DIABETES, lower) or not _present(_DKA_SIGNS, lower):
        return []
    return [RuleHit("possible diabetic ketoacidosis", D.ED, "NICE NG17/NG18; JBDS-IP DKA guideline")]


def _present(pattern: re.Pattern[str], lower: str) -> bool:
    return any(not negation.is_negated(lower, m.start()) for m in pattern.finditer(lower))


def observation_hits(report: TriageReport) -> list[RuleHit]:
    return [*news2_hits(report), *child_obs_hits(report)]


def answer_hits(report: TriageReport) -> list[RuleHit]:
    """Every positive answer (YES or UNSURE) sets its question's floor."""
    hits = []
    for key, answer in report.answers.items():
        q = QUESTIONS[key]
        if answer.positive:
            hits.append(RuleHit(f"answer {key}: {answer.value}", q.floor, q.source))
    return hits


def news2_hits(report: TriageReport) -> list[RuleHit]:
    if report.observations is None or (report.age is not None and report.age < 16):
        return []
    result = news2.score(report.observations)
    source = "RCP NEWS2 (2017)"
    if result.emergency:
        return [RuleHit(f"NEWS2 {result.total} (>=7)", D.CALL_999, source)]
    if result.urgent:
        return [RuleHit(f"NEWS2 {result.total} (5-6 or a single parameter scoring 3)", D.ED, source)]
    return []


def child_obs_hits(report: TriageReport) -> list[RuleHit]:
    obs = report.observations
    if obs is None or report.age is None or report.age >= 16:
        return []
    hits = []
    if obs.spo2 is not None and obs.spo2 <= 92:
        hits.append(RuleHit("child SpO2 <=92%", D.ED, "NICE NG143; BTS/SIGN 158"))
    if obs.consciousness is not None and obs.consciousness.value in "VPU":
        hits.append(RuleHit("child not alert (V/P/U)", D.CALL_999, "NICE NG143 traffic light (red)"))
    return hits


def _has_fever(report: TriageReport) -> bool:
    temp = report.observations.temperature if report.observations else None
    if temp is not None:
        return temp >= 38.0
    return _FEVER_WORDS.search(report.text.lower()) is not None or report.symptom_group == "fever"


def age_hits(report: TriageReport) -> list[RuleHit]:
    age = report.age
    if age is None or age >= 0.5 or not _has_fever(report):
        return []
    if age < 0.25:
        return [RuleHit("fever in an infant under 3 months", D.ED, "NICE NG143 (red: <3 months, >=38C)")]
    temp = report.observations.temperature if report.observations else None
    if temp is not None and temp >= 39.0:
        return [RuleHit("temperature >=39C in an infant 3-6 months", D.ED, "NICE NG143 (red: 3-6 months, >=39C)")]
    return [RuleHit("fever in an infant 3-6 months", D.UTC, "NICE NG143 (amber: 3-6 months)")]


def scope_hits(report: TriageReport) -> list[RuleHit]:
    """A child described in a report filed with an adult's age: outside the model's scope, so a clinician calls back."""
    if report.age is not None and report.age >= 16 and _CHILD_WORDS.search(report.text.lower()):
        return [RuleHit("report may be about a child (age given is an adult's)", D.GP_OOH, "one111 scope rule")]
    return []


def assess(report: TriageReport, found: Matches | None = None) -> list[RuleHit]:
    """Every rule that fires on this report; each is a floor, never a ceiling. `found`: matches(report.text)."""
    return [
        *answer_hits(report),
        *phrase_hits(report.text, found),
        *ketoacidosis_hits(report),
        *observation_hits(report),
        *age_hits(report),
        *scope_hits(report),
    ]
