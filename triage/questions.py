"""The red-flag question bank: per symptom group, in the order a clinician asks, each with its source.

A YES (or UNSURE) answer sets a floor on the disposition: the rule layer may raise the model's choice to
it, never lower it. `next_question` is pure: it picks what to ask next from the answers so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from models.vocabulary import Acuity, Disposition
from triage.groups import Answer, SymptomGroup

D = Disposition
G = SymptomGroup

NICE_CKS = "NICE CKS"
NHS_111 = "NHS 111 online"
NEWS2 = "RCP NEWS2 (2017)"


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    group: SymptomGroup
    clinician: str
    patient: str
    source: str
    floor: Disposition
    red_flag: bool = True
    min_age: float | None = None
    max_age: float | None = None
    only_if: str | None = None

    def applies_to(self, age: float | None) -> bool:
        if age is None:
            return self.min_age is None
        low_ok = self.min_age is None or age >= self.min_age
        return low_ok and (self.max_age is None or age < self.max_age)


def _q(group: G, key: str, floor: D, source: str, clinician: str, patient: str, **kw: object) -> Question:
    return Question(f"{group.value}.{key}", group, clinician, patient, source, floor, **kw)  # type: ignore[arg-type]


_BANK: tuple[Question, ...] = (
    _q(
        G.CHEST_PAIN,
        "crushing",
        D.CALL_999,
        f"{NICE_CKS}: chest pain; NICE CG95",
        "Central crushing/heavy chest pain, or pain spreading to arm, jaw, neck or back?",
        "Does the pain feel heavy, tight or crushing, or spread to your arm, jaw, neck or back?",
    ),
    _q(
        G.CHEST_PAIN,
        "sweaty_breathless",
        D.CALL_999,
        f"{NICE_CKS}: chest pain; NICE CG95",
        "Chest pain with sweating, nausea, breathlessness or collapse?",
        "With the pain, are you sweating, feeling sick, short of breath or faint?",
    ),
    _q(
        G.CHEST_PAIN,
        "ongoing_15min",
        D.ED,
        "NICE CG95 (ongoing pain >15 min)",
        "Pain ongoing for more than 15 minutes, or recurring at rest?",
        "Has the pain lasted more than 15 minutes, or come back while resting?",
    ),
    _q(
        G.CHEST_PAIN,
        "pleuritic",
        D.UTC,
        f"{NICE_CKS}: chest pain",
        "Pain worse on breathing in or coughing?",
        "Is the pain worse when you breathe in or cough?",
        red_flag=False,
    ),
    _q(
        G.BREATHING,
        "cannot_speak",
        D.CALL_999,
        f"{NHS_111}: shortness of breath; BTS/SIGN asthma",
        "Too breathless to speak in sentences, or lips/face blue or grey?",
        "Are you too out of breath to say a full sentence, or are your lips or face blue or grey?",
    ),
    _q(
        G.BREATHING,
        "sudden_severe",
        D.ED,
        f"{NHS_111}: shortness of breath",
        "Sudden severe breathlessness, or with chest pain or coughing blood?",
        "Did the breathlessness come on suddenly and badly, or with chest pain or coughing up blood?",
    ),
    _q(
        G.BREATHING,
        "asthma_no_relief",
        D.ED,
        "BTS/SIGN 158 asthma",
        "Known asthma/COPD with reliever not helping?",
        "Is your reliever inhaler not helping?",
    ),
    _q(
        G.BREATHING,
        "worse_over_days",
        D.GP_OOH,
        f"{NICE_CKS}: cough",
        "Breathlessness worsening over days?",
        "Has your breathing been getting worse over a few days?",
        red_flag=False,
    ),
    _q(
        G.HEADACHE,
        "thunderclap",
        D.ED,
        f"{NICE_CKS}: headache assessment (thunderclap)",
        "Sudden severe 'worst ever' headache peaking within 5 minutes?",
        "Did the headache come on suddenly, like a blow to the head, and is it the worst you have ever had?",
    ),
    _q(
        G.HEADACHE,
        "neuro_deficit",
        D.CALL_999,
        "NICE NG128 stroke (FAST)",
        "New weakness, facial droop, slurred speech or confusion?",
        "Is your face drooping, are your arms or legs weak, or is your speech slurred or confused?",
    ),
    _q(
        G.HEADACHE,
        "fever_stiff_neck",
        D.ED,
        f"{NICE_CKS}: meningitis; NICE NG240",
        "Fever with neck stiffness, photophobia or non-blanching rash?",
        "Do you have a high temperature with a stiff neck, or does light hurt your eyes?",
    ),
    _q(
        G.HEADACHE,
        "head_injury",
        D.ED,
        "NICE NG232 head injury",
        "Headache after a head injury?",
        "Did the headache start after a knock to your head?",
    ),
    _q(
        G.ABDOMINAL_PAIN,
        "rigid_severe",
        D.ED,
        f"{NICE_CKS}: acute abdomen",
        "Severe constant pain, rigid abdomen, or pain with fainting?",
        "Is the pain severe and constant, is your tummy hard to touch, or have you fainted?",
    ),
    _q(
        G.ABDOMINAL_PAIN,
        "blood",
        D.ED,
        f"{NICE_CKS}: GI bleeding",
        "Vomiting blood or passing black/tarry stools?",
        "Are you being sick with blood, or is your poo black and sticky?",
    ),
    _q(
        G.ABDOMINAL_PAIN,
        "pregnant_possible",
        D.ED,
        f"{NICE_CKS}: ectopic pregnancy",
        "Could the patient be pregnant (ectopic risk)?",
        "Could you be pregnant?",
        min_age=11,
    ),
    _q(
        G.ABDOMINAL_PAIN,
        "testicular",
        D.ED,
        f"{NICE_CKS}: scrotal pain (torsion)",
        "Sudden testicular pain?",
        "Do you have sudden pain in a testicle?",
    ),
    _q(
        G.FEVER,
        "infant_under_3m",
        D.ED,
        "NICE NG143 fever in under 5s (red: <3 months >=38C)",
        "Infant under 3 months with temperature 38C or more?",
        "Is your baby under 3 months old with a temperature of 38C or more?",
        max_age=0.25,
    ),
    _q(
        G.FEVER,
        "floppy_unresponsive",
        D.CALL_999,
        "NICE NG143 traffic light (red)",
        "Child floppy, unresponsive, weak high-pitched cry or grunting?",
        "Is your child floppy, hard to wake, crying weakly or in a high-pitched way, or grunting?",
        max_age=5,
    ),
    _q(
        G.FEVER,
        "non_blanching",
        D.CALL_999,
        "NICE NG240 meningococcal disease",
        "Non-blanching rash?",
        "Is there a rash that does not fade when you press a glass on it?",
    ),
    _q(
        G.FEVER,
        "sepsis_signs",
        D.CALL_999,
        "NICE NG51 sepsis",
        "Mottled/ashen skin, confusion, not passed urine all day, rapid breathing?",
        "Is the skin mottled, blue or pale, are they confused, or have they not passed urine all day?",
    ),
    _q(
        G.FEVER,
        "immunosuppressed",
        D.ED,
        "NICE NG151 neutropenic sepsis",
        "On chemotherapy or immunosuppressed?",
        "Are you having chemotherapy or taking medicine that lowers immunity?",
    ),
    _q(
        G.FEVER,
        "dehydration_child",
        D.GP_OOH,
        "NICE NG143 (amber: reduced fluid intake)",
        "Child drinking less than half usual / fewer wet nappies?",
        "Is your child drinking less than half their usual, or having fewer wet nappies?",
        red_flag=False,
        max_age=5,
    ),
    _q(
        G.FEVER,
        "over_5_days",
        D.GP_OOH,
        "NICE NG143 (amber: fever >=5 days)",
        "Fever for 5 days or more?",
        "Has the temperature lasted 5 days or more?",
        red_flag=False,
    ),
    _q(
        G.RASH,
        "non_blanching",
        D.CALL_999,
        "NICE NG240 meningococcal disease",
        "Non-blanching (glass test) rash, especially with fever?",
        "Does the rash stay when you press a glass on it?",
    ),
    _q(
        G.RASH,
        "blistering_mucosa",
        D.ED,
        f"{NICE_CKS}: SJS/TEN",
        "Widespread blistering or mouth/eye involvement?",
        "Is the skin blistering or peeling, or are your mouth or eyes sore?",
    ),
    _q(
        G.RASH,
        "cellulitis_spreading",
        D.GP_OOH,
        f"{NICE_CKS}: cellulitis",
        "Red, hot, spreading area with fever?",
        "Is there a hot, red, spreading area of skin, and a temperature?",
        red_flag=False,
    ),
    _q(
        G.INJURY,
        "head_ko",
        D.ED,
        "NICE NG232 head injury",
        "Head injury with loss of consciousness, vomiting, seizure or anticoagulants?",
        "Did you knock yourself out, vomit or have a fit after hitting your head, or take blood thinners?",
    ),
    _q(
        G.INJURY,
        "deformity",
        D.ED,
        f"{NHS_111}: broken bones",
        "Obvious deformity, bone through skin, or cannot bear weight?",
        "Is the limb a strange shape, is bone showing, or can you not put any weight on it?",
    ),
    _q(
        G.INJURY,
        "neck_fall_elderly",
        D.ED,
        "NICE NG232; NICE CG161 falls",
        "Neck pain or new confusion after a fall?",
        "After the fall, is there neck pain or new confusion?",
    ),
    _q(
        G.INJURY,
        "swollen_can_walk",
        D.UTC,
        f"{NHS_111}: sprains",
        "Swollen/bruised but weight-bearing?",
        "Is it swollen or bruised but you can still walk on it?",
        red_flag=False,
    ),
    _q(
        G.BACK_PAIN,
        "cauda_equina",
        D.ED,
        f"{NICE_CKS}: back pain (cauda equina)",
        "Saddle numbness, new bladder/bowel dysfunction, or bilateral leg weakness?",
        "Is there numbness around your bottom or genitals, or new problems controlling your bladder or bowels?",
    ),
    _q(
        G.BACK_PAIN,
        "aaa",
        D.CALL_999,
        f"{NICE_CKS}: abdominal aortic aneurysm",
        "Sudden severe back/abdominal pain in someone over 60, or with collapse?",
        "Did severe pain in your back or tummy start suddenly, or did you collapse?",
        min_age=50,
    ),
    _q(
        G.BACK_PAIN,
        "fever_cancer",
        D.GP_OOH,
        f"{NICE_CKS}: back pain red flags",
        "Back pain with fever, history of cancer, or weight loss?",
        "With the back pain, do you have a temperature, or have you had cancer?",
    ),
    _q(
        G.URINARY,
        "pyelo",
        D.GP_OOH,
        f"{NICE_CKS}: pyelonephritis",
        "Loin pain, fever or rigors?",
        "Do you have pain in your side or back, a temperature or shivering?",
    ),
    _q(
        G.URINARY,
        "retention",
        D.ED,
        f"{NICE_CKS}: acute urinary retention",
        "Unable to pass urine with pain?",
        "Are you unable to pass urine at all, with pain?",
    ),
    _q(
        G.URINARY,
        "male_or_child",
        D.GP_OOH,
        f"{NICE_CKS}: UTI (men, children)",
        "Male, pregnant, or child?",
        "Are you male, pregnant, or is this a child?",
        red_flag=False,
    ),
    _q(
        G.EYE,
        "sudden_vision_loss",
        D.ED,
        f"{NICE_CKS}: sudden loss of vision",
        "Sudden loss or change of vision?",
        "Have you suddenly lost some or all of your sight?",
    ),
    _q(
        G.EYE,
        "chemical_penetrating",
        D.ED,
        f"{NICE_CKS}: eye trauma",
        "Chemical splash or penetrating injury?",
        "Has a chemical gone in your eye, or has something pierced it?",
    ),
    _q(
        G.EYE,
        "painful_red_photophobia",
        D.UTC,
        f"{NICE_CKS}: red eye",
        "Painful red eye with photophobia?",
        "Is your eye very painful and red, and does light hurt it?",
    ),
    _q(
        G.ENT,
        "stridor_drooling",
        D.CALL_999,
        f"{NICE_CKS}: sore throat (epiglottitis)",
        "Stridor, drooling or unable to swallow saliva?",
        "Are you drooling, unable to swallow your spit, or making a noise when breathing in?",
    ),
    _q(
        G.ENT,
        "quinsy",
        D.UTC,
        f"{NICE_CKS}: sore throat (quinsy)",
        "One-sided throat swelling, trismus or muffled voice?",
        "Is one side of your throat very swollen, or can you not open your mouth fully?",
    ),
    _q(
        G.ENT,
        "nosebleed_20min",
        D.ED,
        f"{NICE_CKS}: epistaxis",
        "Nosebleed not stopping after 20 min pressure?",
        "Has your nosebleed not stopped after 20 minutes of pinching?",
    ),
    _q(
        G.ENT,
        "fever_pain_score",
        D.GP_OOH,
        "NICE NG84 (FeverPAIN 4-5)",
        "FeverPAIN score 4 or more?",
        "Do you have a temperature, pus on your tonsils and no cough?",
        red_flag=False,
    ),
    _q(
        G.MENTAL_HEALTH,
        "plan_intent",
        D.CALL_999,
        "NICE NG225 self-harm",
        "Suicidal thoughts with a plan or intent, or has taken an overdose?",
        "Are you thinking of ending your life and have a plan, or have you taken an overdose?",
    ),
    _q(
        G.MENTAL_HEALTH,
        "harm_others",
        D.CALL_999,
        "NICE NG225; Mental Health Act guidance",
        "Risk to others?",
        "Are you worried you might hurt someone else?",
    ),
    _q(
        G.MENTAL_HEALTH,
        "suicidal_thoughts",
        D.MENTAL_HEALTH_CRISIS,
        "NICE NG225 self-harm; NHS 111 option 2",
        "Suicidal thoughts without a plan?",
        "Are you having thoughts of ending your life?",
    ),
    _q(
        G.MENTAL_HEALTH,
        "alone_with_means",
        D.ED,
        "NICE NG225 self-harm (risk assessment)",
        "Alone, or with access to means (stockpiled medication, weapons)?",
        "Are you on your own, or do you have things you could use to hurt yourself nearby?",
        only_if="mental_health.suicidal_thoughts",
    ),
    _q(
        G.MENTAL_HEALTH,
        "psychosis",
        D.MENTAL_HEALTH_CRISIS,
        "NICE CG178 psychosis",
        "New hallucinations or paranoia?",
        "Are you seeing or hearing things others do not, or feeling very suspicious?",
    ),
    _q(
        G.MENTAL_HEALTH,
        "self_harm",
        D.MENTAL_HEALTH_CRISIS,
        "NICE NG225 self-harm",
        "Self-harm now or in the last few days (wounds needing care go to ED)?",
        "Have you hurt yourself on purpose, or are you thinking of doing it?",
    ),
    _q(
        G.DENTAL,
        "breathing_swallowing",
        D.CALL_999,
        "NHS.uk dental abscess; NICE CKS dental abscess",
        "Swelling with difficulty breathing or swallowing saliva?",
        "Is the swelling making it hard to breathe, or to swallow your own spit?",
    ),
    _q(
        G.DENTAL,
        "spreading_swelling",
        D.ED,
        "NHS.uk dental abscess; NICE CKS dental abscess",
        "Facial swelling spreading to the eye or neck, or cannot open the mouth?",
        "Is the swelling spreading to your eye or down your neck, or can you not open your mouth?",
    ),
    _q(
        G.DENTAL,
        "uncontrolled_bleeding",
        D.ED,
        "NHS England urgent dental care",
        "Bleeding from the mouth that will not stop after 20 minutes of pressure?",
        "Is your mouth bleeding and it will not stop after pressing on it for 20 minutes?",
    ),
    _q(
        G.DENTAL,
        "knocked_out",
        D.DENTAL,
        "NHS England urgent dental care (avulsed permanent tooth)",
        "Adult tooth knocked out or broken?",
        "Has an adult tooth been knocked out or broken?",
    ),
    _q(
        G.DENTAL,
        "swelling_or_fever",
        D.DENTAL,
        "NICE CKS dental abscess",
        "Swollen gum or face, or a high temperature, with the toothache?",
        "Is your gum or face swollen, or do you have a high temperature?",
    ),
    _q(
        G.ALLERGIC_REACTION,
        "airway",
        D.CALL_999,
        "Resuscitation Council UK anaphylaxis (2021)",
        "Swelling of lips/tongue/throat, wheeze, or collapse?",
        "Are your lips, tongue or throat swelling, are you wheezy, or do you feel faint?",
    ),
    _q(
        G.ALLERGIC_REACTION,
        "adrenaline_used",
        D.CALL_999,
        "Resuscitation Council UK anaphylaxis (2021)",
        "Adrenaline auto-injector used?",
        "Have you used an adrenaline pen (EpiPen)?",
    ),
    _q(
        G.ALLERGIC_REACTION,
        "spreading_hives",
        D.PHARMACY,
        f"{NICE_CKS}: urticaria",
        "Itchy hives only?",
        "Is it just an itchy, raised rash?",
        red_flag=False,
    ),
    _q(
        G.BLEEDING,
        "uncontrolled",
        D.CALL_999,
        f"{NHS_111}: bleeding",
        "Heavy bleeding not controlled by pressure?",
        "Is the bleeding heavy and not stopping when you press on it?",
    ),
    _q(
        G.BLEEDING,
        "anticoagulant",
        D.ED,
        f"{NICE_CKS}: anticoagulation",
        "On anticoagulants with bleeding?",
        "Do you take blood thinners such as warfarin or apixaban?",
    ),
    _q(
        G.BLEEDING,
        "vomit_cough_blood",
        D.ED,
        f"{NICE_CKS}: GI bleeding / haemoptysis",
        "Vomiting or coughing up blood?",
        "Are you vomiting or coughing up blood?",
    ),
    _q(
        G.PREGNANCY,
        "heavy_bleed_pain",
        D.CALL_999,
        "NICE NG126 ectopic pregnancy and miscarriage",
        "Heavy bleeding or severe abdominal pain in pregnancy, or shoulder-tip pain?",
        "Are you bleeding heavily, or do you have severe tummy pain or shoulder-tip pain?",
    ),
    _q(
        G.PREGNANCY,
        "reduced_movements",
        D.ED,
        "RCOG Green-top 57 reduced fetal movements",
        "Reduced fetal movements after 24 weeks?",
        "Is your baby moving less than usual?",
    ),
    _q(
        G.PREGNANCY,
        "pre_eclampsia",
        D.ED,
        "NICE NG133 hypertension in pregnancy",
        "Severe headache, visual disturbance or sudden swelling?",
        "Do you have a bad headache, blurred vision or flashing lights, or sudden swelling of face or hands?",
    ),
    _q(
        G.PREGNANCY,
        "waters_broken",
        D.ED,
        "NICE NG235 intrapartum care",
        "Waters broken or regular contractions?",
        "Have your waters broken, or are you having regular contractions?",
    ),
    _q(
        G.DIZZINESS,
        "fast_signs",
        D.CALL_999,
        "NICE NG128 stroke (FAST)",
        "Dizziness with facial droop, limb weakness, slurred speech or double vision?",
        "Is your face drooping, an arm weak, or your speech slurred, or are you seeing double?",
    ),
    _q(
        G.DIZZINESS,
        "syncope_exertion",
        D.ED,
        "NICE CG109 transient loss of consciousness",
        "Blackout on exertion, with palpitations or chest pain?",
        "Did you black out during exercise, or with a racing heart or chest pain?",
    ),
    _q(
        G.DIZZINESS,
        "vertigo_positional",
        D.GP_ROUTINE,
        f"{NICE_CKS}: vertigo (BPPV)",
        "Brief positional vertigo only?",
        "Does the room spin only when you move your head?",
        red_flag=False,
    ),
    _q(
        G.VOMITING_DIARRHOEA,
        "blood_or_green",
        D.ED,
        f"{NICE_CKS}: gastroenteritis red flags",
        "Vomiting blood or green bile, or bloody diarrhoea?",
        "Is there blood or green bile in the sick, or blood in the poo?",
    ),
    _q(
        G.VOMITING_DIARRHOEA,
        "severe_dehydration",
        D.ED,
        "NICE CG84 diarrhoea and vomiting in children",
        "Signs of shock or severe dehydration (no urine 12h, drowsy)?",
        "Have you not passed urine in 12 hours, or are you very drowsy or confused?",
    ),
    _q(
        G.VOMITING_DIARRHOEA,
        "cannot_keep_fluids",
        D.GP_OOH,
        f"{NICE_CKS}: gastroenteritis",
        "Unable to keep fluids down for 24 hours?",
        "Have you been unable to keep any drinks down for a day?",
    ),
    _q(
        G.VOMITING_DIARRHOEA,
        "over_7_days",
        D.GP_ROUTINE,
        f"{NICE_CKS}: gastroenteritis",
        "Diarrhoea for over 7 days?",
        "Has the diarrhoea lasted more than a week?",
        red_flag=False,
    ),
)


def _ordered(questions: tuple[Question, ...]) -> tuple[Question, ...]:
    """Red flags first (in bank order), then context questions: the order a clinician asks."""
    return tuple(sorted(questions, key=lambda q: not q.red_flag))


QUESTIONS: dict[str, Question] = {q.id: q for q in _BANK}
BY_GROUP: dict[SymptomGroup, tuple[Question, ...]] = {
    g: _ordered(tuple(q for q in _BANK if q.group is g)) for g in SymptomGroup
}


def emergency_found(answers: Mapping[str, Answer]) -> bool:
    """True once any positive answer already demands emergency care: there is nothing more worth asking."""
    return any(
        a.positive and QUESTIONS[k].floor.acuity is Acuity.EMERGENCY for k, a in answers.items() if k in QUESTIONS
    )


def next_question(group: SymptomGroup, answers: Mapping[str, Answer], age: float | None = None) -> Question | None:
    """The next question to ask, or None when done.

    Red flags come first; an emergency-level positive answer ends the interview (escalate now); a question
    with `only_if` is asked only after its parent was answered positively; age decides which questions apply.
    """
    if emergency_found(answers):
        return None
    for q in BY_GROUP[group]:
        if q.id in answers or not q.applies_to(age):
            continue
        if q.only_if is not None and not answers.get(q.only_if, Answer.NO).positive:
            continue
        return q
    return None
