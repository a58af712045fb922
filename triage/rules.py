"""The rule layer: every rule that fires on a report (`assess`), and the ones that need the report's numbers, age or
answers (red-flag answers, NEWS2 and NICE NG143, glucose and DKA, fever by age, loin pain with fever, a child's
appendicitis, the scope rule). Red-flag phrases are in `triage.phrases`, rules said in words in `triage.word_rules`.

Each hit names a disposition the final answer must be at least as urgent as; `decide.escalate` takes
the most urgent of the model's choice and every floor, so a rule can raise urgency but never lower it.
These rules are written independently of the synthetic generator's labelling rules (triage/training/generator.py).
"""

from __future__ import annotations

import re

from models.vocabulary import Disposition
from triage import measurements, news2, prefilter
from triage.findings import Findings, extract
from triage.floors import RuleHit, now, present
from triage.phrases import CHEMICAL, Matches, matches, phrase_hits
from triage.questions import QUESTIONS
from triage.schemas import Observations, TriageReport
from triage.word_rules import GREEN_VOMIT, anticoagulated_head_injury_hits, on_anticoagulant, word_rule_hits

D = Disposition


# "Febrile" is a clinician's word for it (round 20, T-90); "afebrile" has no word boundary before it.
# Not "hay fever" or "yellow fever" (round 20, T-99), which name no fever now.
# "Hot" of a shower, a drink or the weather, and "temple" or "temporary", say nothing of a fever (round 22, T-112:
# "eases a bit after a hot shower" gave a stiff neck, denied a temperature, the meningitis rule).
_FEVER_WORDS = re.compile(
    r"\b(?:(?<!hay )(?<!yellow )fever\w*|febrile|temp(?:erature|eratures|s)?\b|burning up|high temp\w*|pyrex\w*"
    r"|hot\b(?! (?:shower|showers|bath|baths|tub|water|tea|coffee|drink|drinks|chocolate|food|sauce|day|days|weather"
    r"|tap|pan|oven|iron|kettle|fat|oil|plate|tray|room|car|sun|flush\w*|flash\w*|spot|spots)\b))"
)
# A child named by a possessive ("my 3 year old", "our baby"): "I'm a 30-year-old woman" is not a child.
_CHILD_WORDS = re.compile(
    r"\b(?:my|our|the|his|her) (?:baby|newborn|infant|toddler|son|daughter|child|kid|little (?:one|boy|girl))\b"
    r"|\b(?:my|our|his|her) (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:week|month)s?[- ]old\b"
    r"|\b(?:my|our|his|her) (?:\d|1[0-5]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen)[- ]years?[- ]old\b|\bnappies\b"
)


# Diabetic ketoacidosis shows as ordinary words (sick, thirsty, breathing fast) that only mean danger together
# with diabetes, so it is a compound rule rather than a phrase.
# "Hyperglycaemia" names a high blood sugar itself (issue 15 round 12, T-54: a clinician's "hyperglycaemia with
# vomiting and kussmaul breathing" fired nothing).
# ... or its kit (round 22, T-115: "my pump tubing must of come out", "libre just says HI").
_DIABETES = re.compile(
    r"\b(?:diabet\w*|type ?(?:1|one|i)\b|t1dm?\b|insulin|hyperglyc\w*"
    r"|(?:insulin )?(?<!breast )pump (?:tubing|site|cannula|line)|libre|dexcom|omnipod)"
)
_DKA_SIGNS = re.compile(
    r"\b(?:vomit\w*|being sick|been sick|throwing up|nause\w*|can'?t keep (?:anything|food|fluids?|water) down"
    r"|ketone\w*|breathing (?:fast|quick\w*|heavy|deep\w*)|fast breathing|pear ?drops|fruity|drows\w*|confus\w*"
    r"|nail varnish|acetone|deep breaths"
    r"|(?:sugars?|glucose|bm|reading)\w* (?:is |are |reads |reading |says |of )?(?:hi|high|over \d+|\d{2}\b)"
    r"|tummy pain|stomach pain|abdominal pain|kussmaul|deep sighing breath\w*|sighing breath\w*)"
)


# Anticancer treatment with a fever or signs of infection: possible neutropenic sepsis (NICE NG151: suspect it in
# anyone having anticancer treatment who becomes unwell, and refer at once; the UKONS oncology triage tool counts a
# temperature of 37.5C or more). Issue 15 round 12, T-49: the phrase this replaces needed the two within 60
# characters of letters and commas ("high temperature and burning when i pee, for 2 days, i'm on chemotherapy" and
# "temp 37.8c" missed), and fired on "i'm on chemo, no fever". Treatment years ago or not yet started is not this.
_CHEMO = re.compile(
    r"\bchemo\w*|\bneutropeni\w*|\banti-?cancer (?:treatment|drugs?|medicines?)"
    # Chemotherapy taken as tablets, by name (round 21, T-103: "i'm on capecitabine tablets" was a call back).
    r"|\bcapecitabine\b|\btemozolomide\b|\bcyclophosphamide\b|\bchlorambucil\b|\blomustine\b|\betoposide\b"
)
_CHEMO_NOT_NOW = re.compile(
    r"\byears? ago\b|\bin remission\b|\bdue to (?:start|begin|have)\b"
    r"|\b(?:hasn'?t|has not|haven'?t|not) (?:yet )?started\b"
    r"|\b(?:start\w*|begin\w*) (?:\w+ ){0,2}(?:next|tomorrow|soon)\b"
    r"|\bbefore (?:starting|i start|she starts|he starts)\b"
)
# Shivering said in words: a sign of infection for the chemotherapy rule, and of a kidney infection with urinary
# symptoms.
_SHIVERING = r"\bshiver\w*|\bthe shivers\b|\bchills\b|\bhot and cold\b|\b(?:can'?t|cannot) get warm\b"
_INFECTION_SIGNS = re.compile(
    r"\b(?<!hay )(?<!yellow )fever\w*|\bfebrile\b|\bpyrexi\w*|\bburning up\b"
    r"|\b(?:high|raised|a|got a|has a|running a) temp(?:erature)?\b(?! (?:of |is |was |reads |reading )?\d)"
    rf"|{_SHIVERING}|\brigou?rs\b"
    r"|\bfeel\w* (?:really |very |so |suddenly |quite )?(?:unwell|awful|terrible|rough|dreadful|poorly)\b"
    r"|\bsuddenly unwell\b|\b(?:green|yellow|brown|rusty) (?:phlegm|sputum|mucus)\b"
    r"|\bcoughing up (?:green|yellow|phlegm|sputum)|\bproductive cough\b"
    r"|\b(?:burn\w*|sting\w*|hurts?) (?:when|while|as) (?:i |she |he |they )?(?:pee|wee|urinat)\w*|\bdysuria\b"
)


def _on_anticancer_treatment(f: Findings) -> bool:
    """Anticancer treatment said now, not denied, not years ago and not yet started (judged within its clause)."""
    return any(
        not prefilter.search(_CHEMO_NOT_NOW, f.text[f.scopes.clause_start(m.start()) : f.scopes.clause_end(m.start())])
        for m in now(_CHEMO, f)
    )


def higher_risk(f: Findings) -> bool:
    """Current anticancer treatment or an anticoagulant named: contexts in which guidance lowers the bar for being
    seen (NICE NG151: anyone on anticancer treatment who becomes unwell is assessed at once; NICE CKS
    anticoagulation and NICE NG232: bleeding or a head injury on one goes to A&E). The call-back band
    (`decide.callback_band`) leaves the model's ED alone in them: an hour's delay costs more there."""
    return _on_anticancer_treatment(f) or on_anticoagulant(f)


def chemotherapy_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """On anticancer treatment with a fever (37.5C or more, or said in words) or signs of infection."""
    if not _on_anticancer_treatment(f):
        return []
    temp = _temperature(report, f)
    if not ((temp is not None and temp >= 37.5) or present(_INFECTION_SIGNS, f)):
        return []
    source = "NICE NG151 neutropenic sepsis (refer at once); UKONS oncology triage tool (37.5C)"
    return [RuleHit("on chemotherapy with a fever or signs of infection", D.ED, source)]


# Medicines that can stop the bone marrow making white cells (agranulocytosis): a sore throat, fever or mouth ulcers
# on them needs a blood count the same day (MHRA: clozapine, carbimazole; BNF). Round 21, T-106: "23F on clozapine,
# sore throat, T 38.4, rigors" was a call back. A well person on the medicine is not this.
_MARROW_RISK = re.compile(
    r"\bclozapine\b|\bclozaril\b|\bcarbimazole\b|\bpropylthiouracil\b|\bmethotrexate\b|\bazathioprine\b"
    r"|\bmercaptopurine\b"
    # ... and the medicines after a transplant (round 21, T-108: "kidney transplant, on tacrolimus, 38.4").
    r"|\btacrolimus\b|\bmycophenolate\b|\bciclosporin\b|\bcyclosporine\b|\bsirolimus\b|\bimmunosuppress\w*"
    r"|\btransplant\b"
)
_MARROW_INFECTION = re.compile(
    rf"{_INFECTION_SIGNS.pattern}|\bsore throat\b|\bmouth ulcers\b|\bthroat (?:is )?(?:really |very )?sore\b"
)


def marrow_risk_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """On a medicine that can cause agranulocytosis, with a fever (38C or more, or said) or a sore throat: ED."""
    if not present(_MARROW_RISK, f):
        return []
    temp = _temperature(report, f)
    if not ((temp is not None and temp >= 38.0) or present(_MARROW_INFECTION, f)):
        return []
    source = "MHRA drug safety (clozapine, carbimazole: agranulocytosis); BNF"
    name = "on a medicine that can stop the body fighting infection, with a fever or sore throat"
    return [RuleHit(name, D.ED, source)]


# Sudden severe tummy or back pain with dizziness, fainting, collapse or clammy skin over 50: a ruptured abdominal
# aortic aneurysm until shown otherwise (NHS.uk abdominal aortic aneurysm: call 999; NICE CKS AAA). Issue 15 round
# 12, T-58.
_SUDDEN = re.compile(r"\bsudden\w*|\bout of (?:the )?(?:blue|nowhere)\b|\ball at once\b")
_SEVERITY = r"(?:agoni[sz]\w*|severe|terrible|excruciating|unbearable|worst|tearing|ripping|horrendous|crippling)"
_TUMMY_OR_BACK = r"(?:back|tummy|stomach|belly|abdomen|abdominal)"
_SEVERE_TUMMY_OR_BACK_PAIN = re.compile(
    rf"\b{_SEVERITY}\b[\w ,']{{0,25}}?\bpain\b[\w ,']{{0,25}}?\b{_TUMMY_OR_BACK}\b"
    rf"|\b{_SEVERITY} (?:\w+ ){{0,2}}?{_TUMMY_OR_BACK} (?:pain|ache)\b"
    rf"|\b{_TUMMY_OR_BACK} pain\b[\w ,']{{0,15}}?\b{_SEVERITY}"
)
_SHOCK = re.compile(
    r"\bdizz\w*|\bfaint\w*|\blight-?headed\b|\bpassed out\b|\bcollaps\w*|\bblack(?:ed)? out\b|\bclammy\b"
    r"|\bsweaty\b|\bcold and sweaty\b"
)


def aneurysm_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Sudden severe tummy or back pain with dizziness or collapse, aged 50 or over."""
    if report.age is None or report.age < 50:
        return []
    if not all(present(p, f) for p in (_SUDDEN, _SEVERE_TUMMY_OR_BACK_PAIN, _SHOCK)):
        return []
    source = "NHS.uk abdominal aortic aneurysm (call 999); NICE CKS abdominal aortic aneurysm"
    return [RuleHit("sudden severe tummy or back pain with dizziness or collapse over 50", D.CALL_999, source)]


def ketoacidosis_hits(report: TriageReport, f: Findings | None = None) -> list[RuleHit]:
    """A person with diabetes who is vomiting, breathing fast, drowsy, has ketones or very high sugars: possible DKA."""
    f = extract(report.text) if f is None else f
    high_sugar = f.measured.glucose_mmol is not None and f.measured.glucose_mmol >= 11.0
    if not present(_DIABETES, f) or not (high_sugar or present(_DKA_SIGNS, f)):
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
    return present(_FEVER_WORDS, f) or report.symptom_group == "fever"


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
    # Round 18, T-74: the same in other words; "ribs are sucking in", "a bulging soft spot", "her cry is weak and high
    # pitched", "crying continuously", "hard to wake".
    r"|\b(?:ribs|chest|tummy)\b (?:is |are |keeps |keep )?(?:sucking|pulling|drawing) in\b"
    r"|\bbulging (?:soft spot|fontanelle|fontanel)"
    r"|\b(?:soft spot|fontanelle|fontanel)\b[\w ]{0,20}?\bbulg(?:ing|ed|es|e)\b"
    r"|\bcry(?:ing)? (?:is |was |sounds |has been )?(?:\w+ )?(?:weak|high[- ]pitched)\b"
    r"|\b(?:cry|cries|cried|crying) (?:continuously|constantly|non-?stop)\b|\bcontinuous (?:cry|crying)\b"
    r"|\b(?:hard|difficult|impossible) to (?:wake|rouse)\b"
    # Round 22, T-115, told as parents tell them: skin "this funny purple lacy pattern, like corned beef"; a soft spot
    # "raised up and tight, like a little dome"; a cry "gone sort of moany"; screaming more when picked up; no smile
    # for a brother's peekaboo and "a blank look"; a baby who "won't open her eyes" and "goes straight back off"; "went
    # all limp"; an "eh ... eh" at the end of every breath out (grunting); a hollow that caves in at the neck.
    r"|\b(?:lacy|marbled|corned beef|purple blotch\w*)\b"
    r"|\b(?:soft (?:spot|bit|part|place)|fontanel\w*)\b[\w ,']{0,40}?\b(?:raised|domed?|tight|puffed|sticking up"
    r"|pushing up|swollen)\b"
    r"|\bcry\b[\w ,']{0,15}?\b(?:moany|moaning|whiny|whimper\w*|weak\w*)\b|\bmoaning cry\b"
    r"|\bscreams? (?:even )?more when (?:i|we|you) pick (?:him|her|them) up\b"
    r"|\b(?:didn'?t|won'?t|doesn'?t|not) even (?:crack a )?smil\w*|\bstar(?:es|ing) (?:past|through)\b"
    r"|\bwon'?t open (?:her|his|their) eyes\b|\bwent (?:all )?limp\b"
    r"|\b(?:noise|sound)\b[\w ,'.]{0,25}?\bat the end of (?:every|each) breath\b"
    r"|\bcaves? in (?:at|above|below) (?:the )?(?:base|bottom) of (?:his|her|their|the) (?:neck|throat)\b"
    # Round 22, T-118, more of the same: a "patchy purple-and-white marbly colour"; "gone like a greyish colour",
    # "white as a sheet"; "all droopy", "like a rag doll"; "slumped", "pale and clammy"; the skin between the ribs
    # "dragging in"; an "uh" sound at the end of every breath, said after it.
    r"|\bmarbl\w*|\bpatchy purple\b|\b(?:gone|went|turned|is|looks) (?:like )?(?:a )?(?:grey|greyish|gray|grayish"
    r"|ashen) colou?r\b|\bwhite as a sheet\b|\b(?:all )?droopy\b|\brag ?doll\b|\bslumped\b|\bpale and clammy\b"
    r"|\b(?:ribs|neck)\b[\w ,']{0,40}?\b(?:dragging|drawing|pulling|sucking|sinking) in\b"
    # Round 22, T-119: "you can see her ribs every time she breathes in", "a hollow at the bottom of her throat going
    # in and out", an "uh" sound with "every breath out", skin "gone a funny patchy colour".
    r"|\bsee (?:her|his|their|the) ribs (?:every time|when|as|with each)\b"
    r"|\bhollow\b[\w ,']{0,40}?\b(?:going|goes|sinking|sucking|pulling) in\b"
    r"|\b(?:every|each) breath out\b[\w ,'.]{0,45}?\b(?:noise|sound|grunt\w*)\b"
    r"|\b(?:gone|went|turned) (?:a )?(?:funny |strange |weird )?patchy\b"
    r"|\bat the end of (?:every|each) breath\b[\w ,'.]{0,30}?\b(?:noise|sound|grunt\w*)\b"
    # Round 22, T-114: head bobbing with each breath, and the neck or throat sucking in (tracheal tug), which NICE
    # NG143 counts with chest indrawing: "his head is nodding up and down with every breath", "a dip that sucks in at
    # the bottom of his throat".
    r"|\bhead (?:is )?(?:bobbing|nodding)\b[\w ]{0,20}?\b(?:with|when|as) (?:each|every|she|he|they) (?:breath\w*)"
    r"|\bhead bobbing\b|\b(?:sucks?|sucking|pulls?|pulling|dips?|dipping) in (?:at|above|below) (?:the )?"
    r"(?:bottom of (?:his|her|the) )?(?:throat|neck|collar ?bones?)\b|\b(?:neck|throat) (?:is )?(?:sucks?|sucking) in\b"
)


def ng143_word_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """A red feature of the NICE NG143 traffic-light table described in words, in a child under 5: ED, and 999 in a
    baby under one, as NHS.uk's "call 999 if your baby" list asks (floppy, mottled, blue or grey, hard to wake, a
    weak or high-pitched cry, grunting, sucking in under the ribs; round 22, T-117)."""
    if report.age is None or report.age >= 5 or not present(_NG143_RED_WORDS, f):
        return []
    hits = [RuleHit("NG143 red feature in words (under 5)", D.ED, "NICE NG143 traffic light (red)")]
    if report.age < 1 and not present(_EVERYDAY_BABY, f):
        hits.append(RuleHit(BABY_999, D.CALL_999, "NHS.uk baby health: call 999 (NICE NG143 red features)"))
    return hits


BABY_999 = "a red feature in a baby under one (NHS.uk: call 999)"
# What a baby does every day that looks like a red feature for a moment: floppy as she drifts off after a feed,
# blotchy after a bath, grunty with a blocked nose, feeding well (round 22, T-118; 60 blind non-urgent reports). Said
# with it, the red feature stays an A&E (the NG143 rule's own floor) and is not raised to a 999.
_EVERYDAY_BABY = re.compile(
    r"\b(?:when|as|while|once|after) (?:she|he|they) (?:drifts? off|falls? asleep|goes off to sleep)\b"
    r"|\bwhen (?:she'?s|he'?s|they'?re|she is|he is) (?:asleep|sleeping|feeding|pooing|doing a poo|concentrating)\b"
    r"|\bdoes a poo\b|\bafter (?:his|her|their|the) bath\b|\bwarmed (?:him |her |them )?up\b"
    r"|\b(?:blocked|stuffy|snuffly) nose\b|\bnose is blocked\b|\btakes? (?:the|her|his|a) full feed\b"
    r"|\bfeeding (?:well|fine|normally|as normal|as usual)\b"
)


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
    if not present(_LOIN, f):
        return []
    fever_with = _has_fever(report, f) and (present(_STONE, f) or present(_KEEPS_VOMITING, f))
    if not (fever_with or present(_RIGORS, f)):
        return []
    source = "NICE CKS renal or ureteric colic (systemic infection: admit); NICE CKS pyelonephritis"
    return [RuleHit("loin pain with fever or rigors", D.ED, source)]


# A urinary infection with a fever, shivering or loin pain: possible kidney infection (NHS.uk kidney infection: an
# urgent GP appointment or 111 for a high temperature and pain in the side or back with UTI symptoms; NICE NG111:
# antibiotics the same day). Round 18, T-72: once "burning when she pees" was read as dysuria (T-71), the model read
# such a report as a pharmacy's cystitis whatever the fever said.
_URINARY = re.compile(
    r"\b(?:burn\w*|sting\w*|hurts?|pain\w*|sore) (?:when|while|as|to) (?:i |she |he |they |you )?"
    r"(?:pee|wee|urinat|pass\w* (?:urine|water))\w*|\bdysuria\b|\bcystitis\b"
    r"|\b(?:uti|water infection|urine infection|urinary (?:tract )?infection|bladder infection)\b"
)
_SHIVERY = re.compile(_SHIVERING)


def kidney_infection_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Urinary symptoms with a fever (38C or more, or said), shivering or loin pain: seen the same day."""
    if not present(_URINARY, f):
        return []
    if not (_has_fever(report, f) or any(present(p, f) for p in (_SHIVERY, _RIGORS, _LOIN))):
        return []
    source = "NHS.uk kidney infection (urgent GP or 111); NICE NG111 pyelonephritis"
    return [RuleHit("urinary infection with a fever, shivering or loin pain", D.GP_OOH, source)]


# A poison swallowed (NHS.uk poisoning: call 999 or go to A&E if a child may have swallowed something harmful; NHS
# Healthier Together: A&E with breathing difficulty, difficulty swallowing or severe tummy pain after it). Round 18,
# T-77: "he swallowed some bleach from under the sink and is coughing" (3) was GP out of hours. A child's own dose is
# not this, nor an adult's swallow with nothing wrong (111 advises that).
_SWALLOW = (
    r"\b(?:swallow\w*|drank|drunk|drinking|ate|eaten|eating|licked|sucked|bit into|bite|bit|bitten|chewed|got into"
    r"|took|taken)\b"
)
_POISON = (
    rf"(?:{CHEMICAL}|laundry (?:capsules?|pods?|tablets?|liquid)|washing (?:up liquid|powder|capsules?|pods?)"
    r"|(?:washing|laundry|detergent) (?:liquid |machine |gel )?(?:capsules?|pods?|tabs?)"
    # ... or said the other way round (round 22, T-122: "the capsule of washing machine liquid").
    r"|(?:capsules?|pods?|tabs?) of (?:the )?(?:washing|laundry|detergent)"
    r"|antifreeze|white spirit|paraffin|petrol|e-?cigarette liquid|vape (?:liquid|juice)|rat poison|slug pellets"
    # ... or screenwash, said by its use (round 22, T-115: "the blue stuff for the car windows").
    r"|screen ?wash|windscreen (?:wash|fluid)|(?:stuff|fluid|liquid) for the (?:car )?windows?|de-?icer)"
)
_SWALLOWED_POISON = re.compile(
    rf"{_SWALLOW}[\w ,']{{0,30}}?\b{_POISON}\b"
    # ... or the poison first, then gone down or smelt on the breath (round 22, T-115: "the lid was off and it's gone
    # down a bit. his mouth smells of it").
    rf"|\b{_POISON}\b[\w ,'.]{{0,80}}?\b(?:gone down|mouth smells|breath smells|smells of it|drank some|drunk some"
    r"|swallowed some)\b"
)
_MEDICINE = r"(?:tablets|pills|medicines?|medication|meds|capsules)\b"
_SOMEONE_ELSES_MEDICINE = re.compile(
    rf"{_SWALLOW}[\w ,']{{0,20}}?\b(?:nan|nana|nanny|gran|granny|grandma|grandad|grandpa|mum|mom|mummy|mommy|dad"
    rf"|daddy|auntie|aunty|uncle|sister|brother|parents|someone|an adult|a visitor)'?s (?:\w+ )?"
    rf"(?:{_MEDICINE}|sweets\b)"
    # ... or tablets gone from a strip or packet (round 22, T-114: "a box of amitriptyline, about 8 gone from the
    # strip").
    r"|\b(?:\d+|some|a few|several|loads)\b[\w ,']{0,12}?\b(?:gone|missing) from (?:the )?(?:strip|packet|box|bottle"
    r"|blister(?: pack)?)\b"
)
# ... or a parent's own: "my toddler ate some of my iron tablets" was a call back (round 19, T-86). A child's own
# dose ("he took his antibiotics"), or a child speaking of their own tablets ("i took my tablets"), is not this.
_PARENTS_MEDICINE = re.compile(
    rf"\b(?:he|she|they|(?:my|our) (?:toddler|baby|son|daughter|child|kid|little (?:one|boy|girl)|boy|girl|twins?)"
    # ... or a child named by an age (round 22, T-122: "2yo ate loads of my pregnancy iron tablets").
    r"|\d{1,2} ?(?:yo|y/o|yr old|year old|month old|mo))\b"
    rf"[\w ,']{{0,40}}?{_SWALLOW}[\w ,']{{0,20}}?\b(?:my|our)\b (?:\w+ ){{0,2}}{_MEDICINE}"
)
_POISONED = re.compile(
    r"\bcough\w*|\bchok\w*|\bbreath\w*|\bdrool\w*|\bvomit\w*|\b(?:being|been) sick\b|\bthrowing up\b"
    r"|\b(?:mouth|throat|lips|tongue)\b[\w ]{0,15}?\b(?:burn\w*|sting\w*|sore|swollen|blister\w*)"
    r"|\b(?:burn\w*|sting\w*) (?:in )?(?:my |his |her |their |the )?(?:mouth|throat)\b|\bdrows\w*|\bconfus\w*"
)


def poisoning_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """A child who swallowed a household chemical or someone else's medicine, or anyone who swallowed a chemical
    and has symptoms: A&E."""
    child = report.age is not None and report.age < 16
    chemical = present(_SWALLOWED_POISON, f)
    others = present(_SOMEONE_ELSES_MEDICINE, f) or present(_PARENTS_MEDICINE, f)
    if not ((child and (chemical or others)) or (chemical and present(_POISONED, f))):
        return []
    source = "NHS.uk poisoning (999 or A&E); NHS Healthier Together poisoning in children"
    hits = [RuleHit("a poison swallowed: a child, or with symptoms", D.ED, source)]
    if child and others and present(_TOXIC_SIGNS, f):
        hits.append(RuleHit(TOXIC_CHILD, D.CALL_999, "NHS.uk poisoning (999 if drowsy, confused or a fast heartbeat)"))
    return hits


TOXIC_CHILD = "a child who took someone else's medicine, now drowsy, slurring or with a racing heart"


# New confusion with a fever or shivering: a new altered mental state is high risk in suspected sepsis (NICE NG51
# 1.4; round 18, T-78). "Confused about whether to go" is a choice, and lifelong confusion is not new.
_NEW_CONFUSION = re.compile(
    r"\bmore confused than (?:usual|normal)\b|\bnew(?:ly)? confus\w*|\bsudden(?:ly)? (?:very |really )?confus\w*"
    r"|\bconfus\w* (?:since|today|all of a sudden|suddenly|this (?:morning|afternoon|evening))\b"
    r"|\bacute(?:ly)? confus\w*"
    r"|\bdelirium\b|\bdelirious\b"
    # ... or said as speech that has stopped making sense (round 19, T-87): "she's not making sense".
    r"|\bnot making (?:any )?sense\b|\btalking (?:\w+ )?(?:nonsense|gibberish|rubbish)\b"
    r"|\b(?:says?|saying|talking|speaks?|speaking) (?:very )?(?:strange|weird|odd|funny) things\b"
    # ... or not knowing where they are, or seeing what is not there, with a fever (round 22, T-115: "doesnt seem to
    # realise he's in his own bedroom", "keeps saying there's ants crawling on the wall").
    r"|\b(?:doesn'?t|does not|didn'?t) (?:seem to )?(?:realise|realize|know|recognise|recognize) (?:where (?:he|she"
    r"|they)"
    r" (?:is|are)|(?:he'?s|she'?s|they'?re) in (?:his|her|their) own)\b"
    r"|\b(?:ants|spiders|bugs|insects|people|things) (?:crawling|on the walls?|that aren'?t there)\b"
    # ... or as the day lost (round 21, T-110: "i keep losing track of what day it is", a 93-year-old with a cough).
    r"|\b(?:losing|lost|lose|loses) track of (?:what )?(?:day|time|date)\b|\b(?:doesn'?t|don'?t|does not|didn'?t)"
    r" know what day it is\b"
    # ... or as someone familiar not known (round 20, T-99): "he doesn't recognise me", "didn't know who i was".
    r"|\b(?:doesn'?t|does not|didn'?t|did not|won'?t|can'?t|cannot) (?:recogni[sz]e|know) (?:me|us|him|her|them)\b"
    r"|\b(?:doesn'?t|does not|didn'?t|did not) know who (?:i|we|he|she|they) (?:was|were|am|are|is)\b"
)


def confusion_fever_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """New confusion with a fever (38C or more, or said) or shivering: ED."""
    if not present(_NEW_CONFUSION, f) or not (_has_fever(report, f) or present(_SHIVERY, f)):
        return []
    return [RuleHit("new confusion with a fever or shivering", D.ED, "NICE NG51 sepsis (new altered mental state)")]


# A stiff neck or a dislike of light said in other words, with a fever (NICE NG240: fever with neck stiffness or
# photophobia suggests meningitis; round 20, T-90): "she's got a fever and her neck seems stiff" (5) was a call back.
# The fever is needed here, unlike the phrase's "stiff neck", because these words also tell a cricked neck ("can't
# turn my neck since the gym") or a bright screen.
_NECK_OR_LIGHT = re.compile(
    r"\bstiff neck|\bneck (?:is )?stiff|"
    r"\bneck (?:seems|looks|feels|went|has gone|'s gone|is going|has been|was) (?:really |very |quite |a bit |all )?"
    r"stiff\b"
    r"|\b(?:can'?t|cannot|couldn'?t|unable to|won'?t|doesn'?t want to) (?:bend|move|turn) (?:my|his|her|their) neck\b"
    r"|\b(?:won'?t|can'?t|doesn'?t want to|refus\w* to) look at (?:the )?lights?\b"
    r"|\b(?:the lights?|lights?|the brightness|brightness) (?:is |are )?(?:hurt\w*|bother\w*) (?:my|his|her|their)"
    r" eyes\b"
    r"|\b(?:hates?|can'?t stand|can'?t bear|sensitive to) (?:the )?(?:bright )?lights?\b"
    r"|\bwants? to (?:lie|be) in the dark\b"
)


# A rash like bruises with a fever: meningococcal disease, whose spots spread into what looks like bruising (NICE
# NG240; NHS.uk meningitis: call 999). Round 20, T-95: "he's got a temperature and a rash that looks like bruises" (1)
# was a call back. A bruise from a knock, without a fever, is not this.
_BRUISE_RASH = re.compile(
    r"\b(?:rash|spots|marks|blotches)\b[\w ,']{0,20}?\b(?:looks?|looking|look) like (?:a )?bruis\w*"
    r"|\b(?:rash|spots|marks|blotches) like (?:a )?bruis\w*|\bbruise-?like (?:rash|spots|marks|blotches)\b"
    r"|\bbruis\w* (?:appearing|coming up|coming out|spreading|all over)\b"
)


# Signs that are red flags only beside a fever: each pattern, and the rule it fires.
_WITH_FEVER: tuple[tuple[re.Pattern[str], RuleHit], ...] = (
    (_NECK_OR_LIGHT, RuleHit("neck stiffness with fever", D.ED, "NICE NG240 meningitis")),
    (_BRUISE_RASH, RuleHit("non-blanching rash", D.CALL_999, "NICE NG240 meningococcal disease")),
)


def fever_sign_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """A stiff neck or light shunned (ED), or a rash like bruises (999), in words the phrases do not read, with a
    fever (38C or more, or said)."""
    signs = [hit for pattern, hit in _WITH_FEVER if present(pattern, f)]
    return signs if signs and _has_fever(report, f) else []


# A child drinking and weeing far more than usual, now drowsy, breathing oddly, vomiting or with tummy pain: new type
# 1 diabetes with ketoacidosis (NICE NG18 1.1: refer a child with suspected type 1 diabetes the same day; with DKA
# signs, at once). Round 20, T-95: "my toddler is drinking and weeing loads and breathing funny, very sleepy" (2) was
# a call back. Thirst on a hot day, with nothing else, is not this.
_THIRSTY = re.compile(
    r"\b(?:drink\w*|thirst\w*)\b[\w ,']{0,20}?\b(?:loads|lots|all the time|constantly|non-?stop|so much|more than"
    r" usual|a lot|like mad|gallons|litres|liters|bottles and bottles)\b"
    r"|\b(?:really|so|very|always|constantly|extremely) thirsty\b"
    # ... or told by what is seen (round 22, T-115): "forever refilling his water bottle", "desperate for drinks",
    # "tried to drink the bath water".
    r"|\b(?:forever|always|constantly|keeps?) (?:refilling|asking for (?:a )?(?:drinks?|juice|water|squash))\b"
    r"|\b(?:drink|drinks|drinking) (?:water )?(?:too much|so much)\b"
    r"|\bdesperate for (?:a )?drinks?\b"
    r"|\bdrink (?:the )?bath ?water\b"
)
_WEEING = re.compile(
    r"\b(?:wee\w*|pee\w*|urinat\w*|nappies|toilet)\b[\w ,']{0,20}?\b(?:loads|lots|all the time|constantly"
    r"|non-?stop|so much|more than usual|a lot|soaked|every hour)\b|\b(?:weeing|peeing) (?:constantly|non-?stop)\b"
    # ... or as the loo in every lesson, or nappies so heavy they leak (round 22, T-115).
    r"|\b(?:loo|toilet|bathroom)\b[\w ,']{0,25}?\bevery (?:lesson|hour|half hour)\b"
    r"|\bnappies (?:are )?(?:so )?heavy\b|\bwetting the bed\b|\bwet the bed\b|\bbed ?wetting\b"
    r"|\bgo(?:es)? (?:to )?(?:the )?toilet (?:every time|all the time|a lot|so much)\b"
)
_DKA_CHILD_SIGNS = re.compile(
    r"\b(?:sleepy|drowsy|lethargic|floppy|hard to wake|vomit\w*|being sick|been sick|tummy (?:pain|ache)"
    r"|stomach (?:pain|ache)|breathing (?:funny|fast|deep\w*|heavy|weird\w*|strange\w*|odd\w*|quick\w*)"
    r"|lost weight|losing weight|weight loss|pear ?drops|fruity|throwing up|deep breaths|nail varnish(?: remover)?"
    r"|acetone|threw up|slow (?:heavy|deep) breath\w*|big (?:slow |deep |heavy )+breaths|dopey)\b"
)


def baby_green_vomit_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Green (bilious) vomit in a baby under one, on its own: a twisted or blocked gut until shown otherwise (NHS.uk
    vomiting in babies: A&E or 999 for green vomit; round 20, T-97). Older, it needs a swollen tummy or no poo."""
    if report.age is None or report.age >= 1 or not present(GREEN_VOMIT, f):
        return []
    return [RuleHit("green vomit in a baby", D.ED, "NHS.uk vomiting in babies (green vomit: A&E)")]


# Pre-eclampsia's signs in pregnancy from 20 weeks: a bad headache, flashing lights or blurred sight, a swollen face
# or hands, or pain just below the ribs (NHS.uk pre-eclampsia: call your maternity unit or 111 at once; 999 if severe;
# NICE NG133). Round 20, T-97: both reached ED or 999 only through the model's words. A stated gestation under 20 weeks
# is not this, nor swollen ankles alone.
_PREGNANT_NOW = re.compile(r"\bpregnan\w*|\b\d{1,2}/40\b|\b\d{1,2} ?(?:weeks?|wks?) (?:gone|along)\b")
_GESTATION = re.compile(r"\b(\d{1,2}) ?(?:weeks?|wks?)(?: pregnant| gone| along)?\b|\b(\d{1,2})/40\b")
_PRE_ECLAMPSIA_SIGN = re.compile(
    r"\b(?:bad|severe|terrible|awful|pounding|splitting|horrendous|thumping|really bad) (?:\w+ )?head(?:ache)?\b"
    r"|\bheadache (?:that )?(?:won'?t|will not|doesn'?t) (?:go|shift|ease)\b|\bflashing lights?\b"
    r"|\bblurr\w* (?:vision|sight)\b|\b(?:vision|sight) (?:is |has gone |gone |went )?(?:blurr\w*|funny|spotty)\b"
    r"|\bseeing (?:spots|stars|flashes)\b"
    r"|\bswollen (?:face|hands|fingers)\b|\b(?:face|hands|fingers)\b[\w ,']{0,15}?\b(?:swollen|puffed up|puffy)\b"
    # Severe, as NHS.uk says: gallstone pain after fatty food, in pregnancy, is not this alone.
    r"|\b(?:severe|bad|really bad|terrible|awful|agoni\w*) pain (?:just )?(?:under|below) (?:my |her |the )?"
    r"(?:right )?ribs\b"
)


def pre_eclampsia_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Pregnant (not under 20 weeks, if a gestation is said) with a sign of pre-eclampsia: ED."""
    if not present(_PREGNANT_NOW, f) or not present(_PRE_ECLAMPSIA_SIGN, f):
        return []
    weeks = [int(next(g for g in m.groups() if g)) for m in prefilter.finditer(_GESTATION, f.text)]
    if weeks and max(weeks) < 20:
        return []
    name = "pregnant with a bad headache, changed sight, a swollen face or hands, or pain under the ribs"
    return [RuleHit(name, D.ED, "NHS.uk pre-eclampsia; NICE NG133 hypertension in pregnancy")]


# A fall or a blow to the tummy in pregnancy (NHS.uk: call your maternity unit at once after a fall or a blow to the
# bump; RCOG: a placental abruption may follow). Round 20, T-98: "i'm 32 weeks pregnant and i've had a fall onto my
# tummy" was a call back.
_BLOW_TO_BUMP = re.compile(
    r"\b(?:fell|fall\w*|fallen|tripped|slipped|landed|hit|kicked|punched|kneed|knocked|bumped|crash\w*|accident)\b"
    r"[\w ,']{0,30}?\b(?:tummy|bump|belly|stomach|abdomen)\b"
)


def pregnant_blow_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Pregnant, with a fall or a blow to the tummy: ED."""
    if not present(_PREGNANT_NOW, f) or not present(_BLOW_TO_BUMP, f):
        return []
    return [RuleHit("a fall or blow to the tummy in pregnancy", D.ED, "NHS.uk pregnancy (a fall or blow to the bump)")]


# Carbon monoxide: named, or headaches, sickness or dizziness with a fuel-burning source and others at home ill too
# or better outside (NHS.uk carbon monoxide poisoning: A&E). Round 20, T-98: "me and my husband both have headaches
# and feel sick, it's worse at home and the boiler is old" was self-care.
_CARBON_MONOXIDE = re.compile(r"\bcarbon monoxide\b|\bco (?:alarm|detector|poisoning)\b")
_FUEL_SOURCE = re.compile(
    r"\b(?:boiler|gas fire|gas heater|heater|gas cooker|cooker|generator|wood ?burner|log burner|stove|fireplace"
    r"|chimney|flue|bbq|barbecue|paraffin)\b"
)
_HOUSEHOLD_ILL = re.compile(
    r"\b(?:both|all) (?:of us|have|got|feel|felt)\b|\bwe (?:all|both)\b|\beveryone (?:in the house|at home|here)\b"
    r"|\b(?:me|i) and (?:my|the) \w+ (?:both|all|have|are|feel)\b|\bworse (?:at|in the) (?:home|house|flat)\b"
    r"|\bbetter (?:outside|out of the house|when (?:i|we) go out|at work)\b"
    r"|\bthe (?:dog|cat) (?:is|seems) (?:ill|sick|poorly)"
)
_CO_SYMPTOM = re.compile(
    r"\bhead ?ache\w*|\bdizz\w*|\bfeel(?:s|ing)? sick\b|\bnause\w*|\bvomit\w*|\bdrows\w*|\bconfus\w*|\bbreathless\w*"
)


def carbon_monoxide_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """A symptom, with carbon monoxide named, or with a fuel-burning source and a household ill or better outside."""
    # The rare words first: a headache or feeling sick is in many reports, a boiler or carbon monoxide in few.
    if not (present(_CARBON_MONOXIDE, f) or (present(_FUEL_SOURCE, f) and present(_HOUSEHOLD_ILL, f))):
        return []
    if not present(_CO_SYMPTOM, f):
        return []
    return [RuleHit("possible carbon monoxide poisoning", D.ED, "NHS.uk carbon monoxide poisoning (A&E)")]


# A fever said as such, not as "hot" (a hot joint or eyelid is the sign itself, not a fever).
_FEVER_SAID = re.compile(
    r"\b(?:(?<!hay )(?<!yellow )fever\w*|febrile|temperature|high temp\w*|burning up|pyrex\w*|shivery|shivering)\b"
)


def _fever_said(report: TriageReport, f: Findings) -> bool:
    temp = _temperature(report, f)
    return temp >= 38.0 if temp is not None else present(_FEVER_SAID, f)


# Swollen eyelids with a fever, or with an eye that hurts to move, will not move or sees double: orbital cellulitis
# (NHS.uk cellulitis around the eye: A&E; NICE CKS). A hot, red or warm swollen joint with a fever: septic arthritis
# (NICE CKS septic arthritis: same-day hospital assessment; NHS.uk: A&E). Round 20, T-99: both were an urgent treatment
# centre. Puffy eyelids from hay fever, or a knee swollen after football, are not these.
_EYELIDS_SWOLLEN = re.compile(
    r"\b(?:eye ?lids?|eyes?)\b[\w ,']{0,20}?\b(?:swollen|swelling|puffy|puffed up)\b"
    r"|\b(?:swollen|puffy) (?:eye ?lids?|eyes?)\b"
)
_EYE_MOVES_BADLY = re.compile(
    r"\b(?:can'?t|cannot|won'?t|unable to|hurts? to|painful to|pain (?:when|on)) (?:move|moving|look\w*)\b"
    r"[\w ,']{0,15}?\b(?:eye|eyes|it)\b|\b(?:eye|eyes)\b[\w ,']{0,15}?\b(?:won'?t|can'?t|doesn'?t) move\b"
    r"|\bdouble vision\b|\bseeing double\b|\beye (?:is |looks )?bulging\b"
)
_HOT_SWOLLEN_JOINT = re.compile(
    r"\b(?:knee|ankle|hip|elbow|wrist|shoulder|joint)s?\b[\w ,']{0,25}?\b(?:hot|red|warm)\b[\w ,']{0,15}?\bswollen\b"
    r"|\b(?:hot|red|warm)\b[\w ,']{0,15}?\bswollen (?:knee|ankle|hip|elbow|wrist|shoulder|joint)s?\b"
)


def eye_and_joint_infection_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """Orbital cellulitis and septic arthritis in words, each ED."""
    hits = []
    if present(_EYELIDS_SWOLLEN, f) and (present(_EYE_MOVES_BADLY, f) or _fever_said(report, f)):
        name = "swollen eyelids with a fever, or an eye that hurts or will not move"
        hits.append(RuleHit(name, D.ED, "NHS.uk orbital cellulitis (A&E); NICE CKS cellulitis"))
    if present(_HOT_SWOLLEN_JOINT, f) and _fever_said(report, f):
        hits.append(RuleHit("a hot swollen joint with a fever", D.ED, "NICE CKS septic arthritis (same day)"))
    return hits


# Appendicitis in a child: tummy pain in the lower right, or spreading across the tummy or a hard, rigid tummy,
# that is worse on moving, walking, coughing or bumps (NHS.uk appendicitis; NICE NG143 and CKS: a child with
# suspected appendicitis is referred to hospital at once).
_TUMMY = re.compile(r"\b(?:tummy|belly|stomach|abdomen|abdominal|appendi\w*)\b")
_RIGHT_OR_SPREADING = re.compile(
    r"\b(?:lower|bottom) right\b|\bright (?:side )?(?:of (?:his |her |the |my |their )?)?(?:lower )?"
    r"(?:tummy|belly|stomach|abdomen)\b|\bright side low down\b|\blow down on the right\b|\bright iliac\b"
    r"|\b(?:moved|moving|shifted|gone|went|travelled) (?:down )?(?:to|into) (?:the )?(?:lower |bottom )?right\b"
    r"|\bright hip ?bone\b"
    r"|\bspread\w* (?:all )?(?:over|across|everywhere)\b|\b(?:all over|across) (?:his |her |the |their )?(?:whole )?"
    r"(?:tummy|belly|stomach|abdomen)\b|\b(?:rigid|hard as a board|like a board)\b"
)
_WORSE_MOVING = re.compile(
    r"\b(?:worse|hurts? (?:more|worse)?|agony|screams?|cries|winces?)\b[\w ,']{0,12}?\b(?:when|if|on|with|as) (?:\w+ )?"
    r"(?:moves?|moving|movement|walks?|walking|coughs?|coughing|jumps?|jumping|stands?|standing|sneez\w*|bumps?)\b"
    r"|\bover (?:the |any |a )?bumps?\b|\b(?:won'?t|can'?t|doesn'?t want to|unable to) (?:stand up straight|straighten"
    r"|stand up|walk|move)\b|\bbent (?:over|double)\b|\bdoubled (?:up|over)\b|\blying (?:very )?still\b"
)


# Round 21, T-106: a child who will not walk or bear weight, with a fever: septic arthritis until shown otherwise (NICE
# CKS acute childhood limp: same-day assessment; Kocher criteria). A limp after a fall, with no fever, is not this.
_WONT_BEAR_WEIGHT = re.compile(
    r"\b(?:won'?t|will not|can'?t|cannot|refus\w* to|doesn'?t want to) (?:stand|walk|weight ?bear|put (?:any )?weight)"
    r"\b|\blimp\w*|\bscreams? when (?:i|we|you) (?:move|touch|bend) (?:his|her|their) (?:leg|hip|knee)\b"
    # ... or a limb the child will not move or bear weight on (round 22, T-114: "not moving l leg", "won't bear
    # weight", "won't move her right arm").
    r"|\b(?:not|won'?t|will not|isn'?t|refus\w* to) (?:moving|move|using|use) (?:his |her |their |the |l |r |left "
    r"|right )*(?:legs?|arms?|hip)\b|\b(?:won'?t|will not|can'?t|cannot|refus\w* to) bear (?:any )?weight\b"
)
# A baby under one with bruises who is now sleepy, floppy, vomiting or not feeding: a non-mobile baby should not
# bruise, and with these signs a head injury is possible (NICE CG89 child maltreatment; NICE NG232: ED).
_BRUISES = re.compile(r"\bbruis\w*|\bfinger ?marks\b|\bgrip marks\b")
_BABY_UNWELL = re.compile(
    r"\bsleep(?:y|ier)\b|\bdrows\w*|\bfloppy\b|\bvomit\w*|\b(?:been|being) sick\b|\bsick (?:twice|again|\d)"
    r"|\bnot feeding\b|\bwon'?t feed\b|\bhard to wake\b|\bhigh[- ]pitched cry"
)

# A baby under one who fell, with a big, boggy or growing swelling on the head (NICE NG232 1.4.11: under one, a bruise,
# swelling or cut over 5 cm on the head needs a CT scan within an hour; round 21, T-107: "a big mushy goose egg above
# her ear, bigger than a golf ball" was a call back). A small bump is not this.
_BABY_FALL = re.compile(
    r"\b(?:rolled|fell|fallen|dropped|slipped|tumbled|toppled)\b[\w ,']{0,20}?\b(?:off|from|out of|down|onto)\b"
    r"|\b(?:hit|banged|bumped|knocked) (?:his|her|their|the) head\b"
)
_BIG_HEAD_SWELLING = re.compile(
    r"\b(?:big|large|huge|massive|boggy|squishy|mushy|spongy)\b[\w ,']{0,15}?\b(?:lump|swelling|bump|egg|goose ?egg)\b"
    r"|\b(?:lump|swelling|bump|goose ?egg)\b[\w ,']{0,40}?\b(?:bigger than|boggy|squishy|mushy|spongy|growing"
    r"|getting bigger)\b"
)


# A baby said to have been shaken (NICE CG89 child maltreatment; NSPCC ICON: A&E, and 999 if floppy, drowsy, not
# responding or being sick; round 22, T-114). Shaking a rattle, or a baby shaking with cold, is not this.
_SHAKEN = re.compile(
    r"\b(?:shook|shaken|shaking|was shaking) (?:him|her|them|the baby|my baby|our baby|my son|my daughter)\b"
    r"(?!'s| (?:awake|gently|to wake|a rattle|the rattle))"
)
_SHAKEN_SIGNS = re.compile(
    r"\b(?:floppy|limp|drows\w*|sleepy|not (?:waking|responding|looking)|won'?t wake|eyes (?:aren'?t|are not|not) "
    r"(?:looking|focus\w*)|vomit\w*|been sick|being sick|fit\w*|seizure\w*|stopped breathing|not breathing)\b"
)
# A child who took someone else's medicine and is now drowsy, slurring or with a racing heart: 999 (NHS.uk
# poisoning; TOXBASE, tricyclics; round 22, T-114).
_TOXIC_SIGNS = re.compile(
    r"\b(?:sleepy|drows\w*|slurr\w*|confus\w*|wobbly|floppy|not waking|hard to wake|fit\w*|seizure\w*"
    r"|heart (?:is )?(?:going |beating |racing|pounding)(?:really |very |so )?(?:fast|quick\w*)?)\b"
)


# Signs of dehydration in a baby or young child: a sunken soft spot or eyes, no tears, no wee all day (NHS.uk
# dehydration: A&E for a sunken soft spot or no wee for 12 hours in a baby; NICE CG84 red flags; round 22, T-115:
# "his eye look go inside, deep ... the soft place on head is go down like hole", in another first language).
_DEHYDRATED = re.compile(
    r"\bsunken (?:soft spot|fontanel\w*|eyes)\b"
    r"|\b(?:soft (?:spot|place|bit|part)|fontanel\w*)\b[\w ,']{0,30}?\b(?:sunken|sunk|go(?:ne|es)? down|dip\w*|hollow"
    r"|like (?:a )?hole)\b"
    r"|\beyes? (?:look |looks )?(?:\w+ ){0,2}?(?:sunken|sunk|go(?:ne)? inside)\b"
    r"|\bno (?:tears|water)\b[\w ,']{0,15}?\beyes?\b|\b(?:cries|crying|cry) (?:with )?no tears\b"
    r"|\bno (?:pee ?pee|wee|wees|pee|wet nappies?|wet diapers?) all day\b|\b(?:nappy|diaper) (?:is "
    r"|has been )?dry (?:all day"
    r"|since)\b"
)
# A baby taking less than half the usual feeds (NICE NG9 bronchiolitis 1.3.4: refer to hospital; round 22, T-115).
_HALF_FEEDS = re.compile(
    # ... or a third, a quarter, "maybe half" (round 22, T-118).
    r"\b(?:about|maybe|around|only|just|under) (?:managed |taking |taken |had |having )?(?:about |around |maybe )?"
    r"(?:a third|a quarter|half) (?:of )?(?:her|his|their) (?:usual |normal )?(?:feeds?|bottles?|milk|formula)\b"
    r"|\bless than half\b[\w ,']{0,30}?\b(?:usual\w*|normal\w*)\b"
    r"|\b(?:under|only|just) (?:about |around )?half (?:of )?(?:her|his|their) (?:usual |normal )?(?:feeds?|bottles?"
    r"|milk)\b"
)


# Rules for a child that need each of their patterns said now, with the age they are for: appendicitis and new type 1
# diabetes with ketoacidosis signs under 16 (round 20, T-95); bruises or a big swelling on the head after a fall under
# one (round 21, T-106, T-107); a baby shaken (round 22, T-114).
_CHILD_RULES: tuple[tuple[float, tuple[re.Pattern[str], ...], RuleHit], ...] = (
    (
        2,
        (_SHAKEN, _SHAKEN_SIGNS),
        RuleHit(
            "a baby who has been shaken, now floppy, drowsy, vomiting or not responding",
            D.CALL_999,
            "NICE CG89 child maltreatment; NSPCC ICON (a shaken baby who is unwell: 999)",
        ),
    ),
    (2, (_SHAKEN,), RuleHit("a baby who has been shaken", D.ED, "NICE CG89 child maltreatment; NSPCC ICON")),
    (
        5,
        (_DEHYDRATED,),
        RuleHit(
            "signs of dehydration in a young child: a sunken soft spot or eyes, no tears or no wee all day",
            D.ED,
            "NHS.uk dehydration (A&E for a baby); NICE CG84 (red flags)",
        ),
    ),
    (
        1,
        (_HALF_FEEDS,),
        RuleHit("a baby taking less than half the usual feeds", D.ED, "NICE NG9 bronchiolitis (refer to hospital)"),
    ),
    (
        16,
        (_TUMMY, _RIGHT_OR_SPREADING, _WORSE_MOVING),
        RuleHit("possible appendicitis in a child", D.ED, "NHS.uk appendicitis; NICE CKS appendicitis"),
    ),
    (
        16,
        (_THIRSTY, _WEEING, _DKA_CHILD_SIGNS),
        RuleHit(
            "a child drinking and weeing a lot, now drowsy, breathing oddly or vomiting",
            D.ED,
            "NICE NG18 diabetes in children (suspected type 1: same day; with ketoacidosis signs: at once)",
        ),
    ),
    (
        1,
        (_BRUISES, _BABY_UNWELL),
        RuleHit(
            "a baby under one with bruises, now sleepy, floppy or vomiting",
            D.ED,
            "NICE CG89 child maltreatment (bruising in a non-mobile baby); NICE NG232 head injury",
        ),
    ),
    (
        1,
        (_BABY_FALL, _BIG_HEAD_SWELLING),
        RuleHit(
            "a baby under one with a big or boggy swelling on the head after a fall",
            D.ED,
            "NICE NG232 head injury (under one: a swelling over 5 cm on the head)",
        ),
    ),
)


def limp_fever_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """A child under 16 who will not walk or bear weight, with a fever: ED."""
    if report.age is None or report.age >= 16 or not present(_WONT_BEAR_WEIGHT, f) or not _has_fever(report, f):
        return []
    source = "NICE CKS acute childhood limp (with a fever: same day; septic arthritis)"
    return [RuleHit("a child who will not walk or bear weight, with a fever", D.ED, source)]


def child_word_hits(report: TriageReport, f: Findings) -> list[RuleHit]:
    """The child rules told in words (`_CHILD_RULES`), each for a child under its age, at its floor."""
    if report.age is None:
        return []
    age = report.age
    return [hit for limit, patterns, hit in _CHILD_RULES if age < limit and all(present(p, f) for p in patterns)]


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
        *chemotherapy_hits(report, f),
        *marrow_risk_hits(report, f),
        *aneurysm_hits(report, f),
        *anticoagulated_head_injury_hits(f),
        *word_rule_hits(f),
        *glucose_hits(f),
        *observation_hits(report, f),
        *age_hits(report, f),
        *ng143_word_hits(report, f),
        *loin_fever_hits(report, f),
        *kidney_infection_hits(report, f),
        *poisoning_hits(report, f),
        *confusion_fever_hits(report, f),
        *fever_sign_hits(report, f),
        *baby_green_vomit_hits(report, f),
        *pre_eclampsia_hits(report, f),
        *pregnant_blow_hits(report, f),
        *carbon_monoxide_hits(report, f),
        *eye_and_joint_infection_hits(report, f),
        *child_word_hits(report, f),
        *limp_fever_hits(report, f),
        *scope_hits(report, f),
    ]


prefilter.register(
    _FEVER_WORDS,
    _CHILD_WORDS,
    _DIABETES,
    _DKA_SIGNS,
    _NG143_RED_WORDS,
    _LOIN,
    _URINARY,
    _SHIVERY,
    _SWALLOWED_POISON,
    _SOMEONE_ELSES_MEDICINE,
    _PARENTS_MEDICINE,
    _POISONED,
    _TOXIC_SIGNS,
    _SHAKEN,
    _SHAKEN_SIGNS,
    _DEHYDRATED,
    _HALF_FEEDS,
    _EVERYDAY_BABY,
    _NEW_CONFUSION,
    _NECK_OR_LIGHT,
    _BRUISE_RASH,
    _THIRSTY,
    _WEEING,
    _DKA_CHILD_SIGNS,
    _PREGNANT_NOW,
    _GESTATION,
    _PRE_ECLAMPSIA_SIGN,
    _BLOW_TO_BUMP,
    _CARBON_MONOXIDE,
    _FUEL_SOURCE,
    _HOUSEHOLD_ILL,
    _CO_SYMPTOM,
    _FEVER_SAID,
    _EYELIDS_SWOLLEN,
    _EYE_MOVES_BADLY,
    _HOT_SWOLLEN_JOINT,
    _STONE,
    _RIGORS,
    _KEEPS_VOMITING,
    _TUMMY,
    _RIGHT_OR_SPREADING,
    _WORSE_MOVING,
    _CHEMO,
    _CHEMO_NOT_NOW,
    _MARROW_RISK,
    _WONT_BEAR_WEIGHT,
    _BRUISES,
    _BABY_UNWELL,
    _BABY_FALL,
    _BIG_HEAD_SWELLING,
    _MARROW_INFECTION,
    _INFECTION_SIGNS,
    _SUDDEN,
    _SEVERE_TUMMY_OR_BACK_PAIN,
    _SHOCK,
)
