"""Which symptom group a patient's own words belong to, and each group's name in plain language.

Pure keyword matching over the lower-cased text: the groups are checked most dangerous first, so
"chest pain and a cough" files under chest pain. No match means we ask the patient to choose.
"""

from __future__ import annotations

import re

from triage.groups import SymptomGroup

G = SymptomGroup

# Checked in this order; the first group with a matching word wins.
KEYWORDS: tuple[tuple[SymptomGroup, str], ...] = (
    (G.CHEST_PAIN, r"chest|heart attack|angina"),
    (
        G.ALLERGIC_REACTION,
        r"allerg|anaphyla|epipen|swollen (lips?|tongue|throat)|hives|nettle rash|itchy (raised )?rash",
    ),
    (G.BREATHING, r"breath|wheez|asthma|inhaler|choking"),
    (G.MENTAL_HEALTH, r"suicid|kill myself|end my life|self[- ]harm|overdose|depress|anxi|panic|hearing voices"),
    (G.PREGNANCY, r"pregnan|contraction|waters|baby (is )?moving|weeks gone"),
    (G.HEADACHE, r"headache|migraine|head (hurts|pain)"),
    (G.DENTAL, r"tooth|teeth|toothache|dental|dentist|\bgums?\b|wisdom"),
    (G.BLEEDING, r"bleed|blood|cut myself|deep cut"),
    (G.INJURY, r"fell|fall|broke|broken|sprain|twist|injur|knock|bang|burn|wound|fracture"),
    (G.ABDOMINAL_PAIN, r"stomach|tummy|abdom|belly|testic"),
    (G.VOMITING_DIARRHOEA, r"vomit|sick|diarrh|being sick|throwing up|the runs"),
    (G.BACK_PAIN, r"back (pain|ache|hurts)|backache|sciatica"),
    (G.URINARY, r"urin|\bwee\b|\bpee\b|cystitis|water infection|uti\b"),
    (G.EYE, r"\beyes?\b|vision|sight"),
    (G.ENT, r"throat|tonsil|\bears?\b|earache|nose|sinus"),
    (G.RASH, r"rash|spots|skin|itch"),
    (G.DIZZINESS, r"dizz|faint|vertigo|light[- ]headed|blacked out|passed out"),
    (G.FEVER, r"fever|temperature|hot and cold|shiver"),
)
_PATTERNS = tuple((group, re.compile(pattern)) for group, pattern in KEYWORDS)

LABELS: dict[SymptomGroup, str] = {
    G.CHEST_PAIN: "Chest pain",
    G.BREATHING: "Breathing problems",
    G.HEADACHE: "Headache",
    G.ABDOMINAL_PAIN: "Stomach (tummy) pain",
    G.FEVER: "High temperature (fever)",
    G.RASH: "Rash or skin problem",
    G.INJURY: "Injury or fall",
    G.BACK_PAIN: "Back pain",
    G.URINARY: "Problems peeing",
    G.EYE: "Eye problem",
    G.ENT: "Ear, nose or throat",
    G.MENTAL_HEALTH: "Mental health",
    G.ALLERGIC_REACTION: "Allergic reaction",
    G.BLEEDING: "Bleeding",
    G.PREGNANCY: "Pregnancy",
    G.DIZZINESS: "Dizziness or fainting",
    G.VOMITING_DIARRHOEA: "Being sick or diarrhoea",
    G.DENTAL: "Teeth, gums or dental pain",
}


def guess_group(text: str) -> SymptomGroup | None:
    """The first group whose words appear in the text, or None when nothing matches."""
    lower = text.lower()
    return next((group for group, pattern in _PATTERNS if pattern.search(lower)), None)
