"""Text to clinical findings: concept, polarity (present / negated / hypothetical / historical / someone else),
severity, onset, plus the numbers written in the text and how much of it the lexicon understood.

The pipeline: normalise (spelling, dialect, typos) -> clause scopes (triage/negation.py) -> longest lexicon
terms over the words, filler words ignored ("pain in my chest" = "pain in the chest") -> measurements. Pure.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, repeat

from triage import lexicon, measurements, prefilter
from triage.negation import Polarity, Scopes
from triage.normalise import normalise

_WORD = re.compile(r"[a-z][a-z'&]*")
_SEVERE = re.compile(r"\b(?:severe|terrible|worst|awful|unbearable|really bad|very bad|excruciating)\b")
_SUDDEN = re.compile(r"\b(?:sudden\w*|out of nowhere|all of a sudden|came on in (?:seconds|a second))\b")
# Another language: few English function words AND few words the lexicon knows (clinical shorthand such as
# "temp 39, sats 91%, hr 120" has few function words but every word known).
_ENGLISH_MIN, _KNOWN_MIN = 0.2, 0.6


@dataclass(frozen=True, slots=True)
class Finding:
    concept: str
    name: str
    polarity: Polarity
    start: int
    severe: bool
    sudden: bool


@dataclass(frozen=True, slots=True)
class Reading:
    """Each word of a text, where it starts, whether the model reads it, and the polarity of each word it reads (in
    order), and the numbers written in it: kept so that a text cut from this one can reuse the reading of its
    untouched sentences (triage/recut.py)."""

    starts: list[int]
    words: list[str]
    known: list[bool]
    polarity: list[Polarity]
    numbers: list[measurements.Number]
    qualifiers: Qualifiers = field(compare=False)  # what it found per clause, so far


@dataclass(frozen=True, slots=True)
class Findings:
    text: str  # normalised
    items: tuple[Finding, ...]
    measured: measurements.Measured
    words: int
    content_words: int  # words that are not English function words
    known_share: float  # words the lexicon or the common-word list knows
    english_share: float  # English function words: near 0 for another language
    present_text: str  # known content words outside any negated, hypothetical, historical or someone-else scope
    scopes: Scopes
    reading: Reading

    def present(self) -> list[Finding]:
        return [f for f in self.items if f.polarity is Polarity.PRESENT]

    @property
    def english(self) -> bool:
        return self.words < 3 or self.english_share >= _ENGLISH_MIN or self.known_share >= _KNOWN_MIN

    def tokens(self) -> str:
        """The model's findings column: one token per distinct (polarity, concept), plus qualifiers. Denied findings
        are left out: a denial may lower nothing (a metamorphic test puts "not vomiting," before red flags)."""
        out = {f"{f.polarity.value}:{f.concept}" for f in self.items if f.polarity is not Polarity.NEGATED}
        out |= {f"severe:{f.concept}" for f in self.present() if f.severe}
        out |= {f"sudden:{f.concept}" for f in self.present() if f.sudden}
        return " ".join(sorted(out))


def _match(starts: list[int], words: list[str], lex: lexicon.Lexicon) -> list[tuple[int, lexicon.Concept]]:
    """Longest lexicon terms over the words (and where each starts), left to right; only lengths some term starting
    with this word has are tried, and only at words some term starts with (the rest are stepped over, as a
    word-by-word walk would)."""
    keep = [w not in lexicon.FILLERS for w in words]
    tokens, where = list(compress(words, keep)), list(compress(starts, keep))
    found, i = [], 0
    for j in compress(count(), map(lex.lengths.__contains__, tokens)):
        if j < i:
            continue  # inside a term already matched
        for n in lex.lengths[tokens[j]]:
            concept = lex.terms.get(tuple(tokens[j : j + n]))
            if concept is not None:
                found.append((where[j], concept))
                i = j + n
                break
    return found


class Qualifiers:
    """Whether a clause says severe or sudden, asked per finding and answered once per clause. A clause is part of
    the text, so a word the whole text lacks is in none of its clauses: each pattern is scanned with only the
    alternatives the whole text allows (triage/prefilter.py), and not at all when it allows none. The scanners are
    chosen when first needed: a text cut from another one is never asked (triage/recut.py)."""

    def __init__(self, text: str, scopes: Scopes) -> None:
        self.text, self.scopes = text, scopes
        self.scanners: tuple[prefilter.Scanner | None, prefilter.Scanner | None] | None = None
        self.seen: dict[int, tuple[bool, bool]] = {}

    def of(self, start: int) -> tuple[bool, bool]:
        begin = self.scopes.clause_start(start)
        found = self.seen.get(begin)
        if found is None:
            if self.scanners is None:
                self.scanners = (prefilter.scanner(_SEVERE, self.text), prefilter.scanner(_SUDDEN, self.text))
            severe, sudden = self.scanners
            clause = self.text[begin : self.scopes.clause_end(start)]
            found = self.seen[begin] = (
                severe is not None and severe.search(clause) is not None,
                sudden is not None and sudden.search(clause) is not None,
            )
        return found


def finding(scopes: Scopes, qualifiers: Qualifiers, start: int, concept: lexicon.Concept) -> Finding:
    severe, sudden = qualifiers.of(start)
    return Finding(concept.id, concept.name, scopes.listed_polarity(start), start, severe, sudden)


# Who is telling ("i", "she", "my husband", "calling about") says nothing about what is wrong.
_WHO = frozenset(
    [
        "mum",
        "mom",
        "mother",
        "dad",
        "father",
        "son",
        "daughter",
        "baby",
        "child",
        "kid",
        "boy",
        "girl",
        "husband",
        "wife",
        "partner",
        "brother",
        "sister",
        "grandma",
        "grandad",
        "grandmother",
        "grandfather",
        "nan",
        "friend",
        "carer",
        "patient",
        "calling",
        "ringing",
        "phoning",
        "worried",
        # A stated age ("a 30-year-old woman", "my 3 year old") is the age feature already; as words it read as
        # a child's story, and "year old" pushed an adult's runny nose to ED.
        "year",
        "years",
        "old",
        # When says nothing about what is wrong either: a weekday is a common word so that a slip in it is repaired
        # and "since monday" is still read as a duration (triage/measurements.py), not a word the model reads
        # (round 17: "since modnay" lost the duration and moved a retrained model's answer).
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


def _for_model(word: str, lex: lexicon.Lexicon) -> bool:
    """The model's words: ones the lexicon or the common list knows (a typo of any other word changes nothing),
    never function words or who is telling."""
    return word in lex.known and word not in lexicon.ENGLISH and word not in _WHO


@lru_cache(maxsize=65536)
def _model_word(word: str) -> bool:
    """`_for_model` with the shipped lexicon, remembered: called per word of every report, answered in C once seen."""
    return _for_model(word, lexicon.load())


def read(raw: str) -> tuple[str, Scopes, Reading]:
    """The normalised text, its clauses and its words: everything of `extract` but the terms and the counts."""
    text = normalise(raw)
    scopes = Scopes(text)
    matched = list(_WORD.finditer(text))
    starts, groups = list(map(re.Match.start, matched)), list(map(re.Match.group, matched))  # in C, not per word
    known = list(map(_model_word, groups))
    polarity = scopes.listed_polarities(list(compress(starts, known)))
    numbers = measurements.numbers(text)
    return text, scopes, Reading(starts, groups, known, polarity, numbers, Qualifiers(text, scopes))


def terms(reading: Reading) -> list[tuple[int, lexicon.Concept]]:
    """The lexicon's terms over a text's words, and where each starts (`_match`), but those that name no symptom."""
    found = _match(reading.starts, reading.words, lexicon.load())
    return [(start, concept) for start, concept in found if concept.id != lexicon.NOT_A_SYMPTOM]


def extract(raw: str) -> Findings:
    text, scopes, reading = read(raw)
    items = tuple(finding(scopes, reading.qualifiers, s, c) for s, c in terms(reading))
    return of_reading(text, items, reading, scopes)


def of_reading(text: str, items: tuple[Finding, ...], reading: Reading, scopes: Scopes) -> Findings:
    """The findings of a normalised text, from its terms (`items`) and its words (`reading`)."""
    groups, lex = reading.words, lexicon.load()
    n = len(groups)
    english = sum(map(lexicon.ENGLISH.__contains__, groups))
    now = map(operator.is_, reading.polarity, repeat(Polarity.PRESENT))
    present = list(compress(compress(groups, reading.known), now))
    return Findings(
        text=text,
        items=items,
        measured=measurements.summary(reading.numbers),
        words=n,
        content_words=n - english,
        known_share=sum(map(lex.known.__contains__, groups)) / n if n else 0.0,
        english_share=english / n if n else 0.0,
        present_text=" ".join(present),
        scopes=scopes,
        reading=reading,
    )


prefilter.register(_SEVERE, _SUDDEN)
