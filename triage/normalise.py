"""One spelling for what people type many ways: case, apostrophes, dropped apostrophes, US/UK spelling, dialect
("me chest"), and typos of symptom words, so the rules and the model see the same words for the same story.

Pure and cheap: a token map, then the lexicon's typo repair on words nobody knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from triage import lexicon, prefilter

# Dropped apostrophes and common contractions, US spellings to UK, and dialect that hides a symptom word.
_WORD_MAP: dict[str, str] = {
    "cant": "can't",
    "dont": "don't",
    "wont": "won't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "arent": "aren't",
    "couldnt": "couldn't",
    "im": "i'm",
    "ive": "i've",
    "hes": "he's",
    "shes": "she's",
    "theyre": "they're",
    "thats": "that's",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "n": "and",
    "wiv": "with",
    "yr": "year",
    "yrs": "years",
    "yo": "year old",
    "y/o": "year old",
    "mins": "minutes",
    "hrs": "hours",
    "hr": "hr",
    "color": "colour",
    "gray": "grey",
    "diarrhea": "diarrhoea",
    "hemorrhage": "haemorrhage",
    "hemorrhaging": "haemorrhaging",
    "edema": "oedema",
    "anemia": "anaemia",
    "esophagus": "oesophagus",
    "pediatric": "paediatric",
    "fetal": "foetal",
    "hematuria": "haematuria",
    "anesthetic": "anaesthetic",
    "tumor": "tumour",
    "vomitting": "vomiting",
    "feces": "faeces",
    "center": "centre",
    "stomachache": "stomach ache",
    "tummyache": "tummy ache",
    "bellyache": "belly ache",
    "paralyzed": "paralysed",
    "behavior": "behaviour",
    "er": "a&e",
    "pharmacist's": "pharmacist",
    "breathin": "breathing",
    "feelin": "feeling",
    "throwin": "throwing",
    "pukin": "vomiting",
    "puking": "vomiting",
    "puke": "vomit",
    "puked": "vomited",
    "barfing": "vomiting",
    "poop": "poo",
    "pooping": "pooing",
    "peeing": "peeing",
    "tylenol": "paracetamol",
    "acetaminophen": "paracetamol",
    "advil": "ibuprofen",
    "tounge": "tongue",
    "sieze": "seize",
    "siezure": "seizure",
    "stomache": "stomach",
    "nauseous": "nauseous",
    "temprature": "temperature",
    "tempreture": "temperature",
    "breahting": "breathing",
    "motrin": "ibuprofen",
    "epipen": "epi-pen",
    "mum's": "mum's",
    "mom": "mum",
}
_PHRASE_MAP: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\bme (?=(?:chest|head|heart|belly|tummy|stomach|back|arm|leg|face|lips|tongue|throat|neck|eyes?)\b)"
        ),
        "my ",
    ),
    (re.compile(r"\bemergency room\b"), "a&e"),
    (re.compile(r"\bcan'?t breath\b"), "can't breathe"),
    (re.compile(r"\bthrow(?:ing|n)? up\b"), "vomiting"),
    (re.compile(r"\b(?:killing me|in agony|agonising|agonizing|unbearable|excruciating)\b"), "severe pain"),
    (re.compile("[\u2019\u2018`\u00b4]"), "'"),
    (re.compile("[\u201c\u201d]"), '"'),
)


# Runs of spaces and tabs become one space. Only what that changes is matched: runs of two or more, and a lone tab,
# carriage return, form feed or vertical tab (a lone space is one space already). Led by a character set, so `re`
# skips to the next space rather than trying `[ \t\r\f\v]+` at every position: 12 us instead of 26 on a
# 1,200-character report. tests/triage/test_normalise.py compares it with the plain substitution.
_SPACE_RUNS = re.compile(r"[ \t\r\f\v](?:[ \t\r\f\v]+|(?<=[\t\r\f\v]))")
_TOKEN = re.compile(r"([a-z][a-z'/]*)")


def normalise(text: str) -> str:
    """Lower-cased text with one spelling per word; punctuation and numbers kept where they were."""
    lower = text.lower()
    for pattern, replacement in _PHRASE_MAP[-2:]:
        lower = prefilter.sub(pattern, replacement, lower)
    lower = _SPACE_RUNS.sub(" ", lower)  # runs of spaces are one space; newlines stay clause breaks
    parts = _TOKEN.split(lower)  # text, word, text, word, ..., text: one spelling per word, no callback per word
    parts[1::2] = map(_spelling, parts[1::2])
    out = "".join(parts)
    for pattern, replacement in _PHRASE_MAP[:-2]:
        out = prefilter.sub(pattern, replacement, out)
    return out


@lru_cache(maxsize=65536)
def _spelling(word: str) -> str:
    """`_word`, remembered: people reuse words, and a hit is answered without running any Python."""
    return _word(word, lexicon.load())


def _word(word: str, lex: lexicon.Lexicon) -> str:
    if (mapped := _WORD_MAP.get(word)) is not None:
        return mapped
    repaired = _repaired(word)
    # A slip of a spelling the map knows is repaired to that spelling, then spelt as the map says (round 20): "ahvent"
    # is "havent", so "haven't", and "i ahvent felt the baby move" reads as the rules need.
    return _WORD_MAP.get(repaired, repaired)


@lru_cache(maxsize=65536)
def _repaired(word: str) -> str:
    """Typo repair is a dictionary lookup per unknown word; people reuse words, so a bounded cache pays."""
    return lexicon.load().repair(word)


prefilter.register(*(pattern for pattern, _ in _PHRASE_MAP))
