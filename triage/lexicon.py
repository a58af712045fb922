"""The symptom lexicon as data (data/symptom_lexicon/): terms to concepts, the words it knows, and typo repair.

Loaded once per process from the shipped CSVs (never fetched). Terms are matched as token sequences, so
"tummy ache" and "abdominal pain" both reach the abdominal-pain concept. A concept from the Symptom Ontology is
preferred over a MeSH one for the same term: SYMP is narrower (MeSH folds stridor and wheeze into one heading).

Typo repair is symspellpy (symmetric-delete lookup, Damerau-Levenshtein) over the lexicon's own words: a word that
neither the lexicon, the common-word list nor symspellpy's English frequency dictionary (82,765 words) knows is
replaced by the one lexicon word within one edit (a swap of two letters counts as one), only when that word is
unique, or when the word is a one-letter typing slip of just one of the equally near ones (triage/slips.py: "spotts"
is spots, not spotty; round 15). The English dictionary is what stops real words becoming symptoms ("sitting" is
not "fitting", "gaping" is not "gasping"); one edit catches most typing slips, two turned ordinary words into
symptoms in our tests.
When no lexicon or common word is one edit away, the words the red-flag rules need are asked (red_flag_words.txt,
read off the rules' patterns), so "agonsing" is "agonising" and "testilce" "testicle" (issue 15 round 13, T-59);
asked second, they change no repair made before them, and a real word is still never repaired ("breeding").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import symspellpy  # type: ignore[import-untyped]
from symspellpy import SymSpell, Verbosity
from symspellpy.suggest_item import SuggestItem  # type: ignore[import-untyped]

from triage.slips import first_letter_slip, slips
from triage.stopwords import ENGLISH_STOP_WORDS

LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "symptom_lexicon"
MAX_TERM_WORDS = 6
# Words skipped when matching terms, so "pain in my chest" matches the term "pain in the chest".
FILLERS = frozenset({"my", "his", "her", "their", "the", "a", "an", "your", "our", "really", "very", "so", "quite"})
ENGLISH = frozenset(ENGLISH_STOP_WORDS) | {"i'm", "i've", "can't", "don't", "it's", "he's", "she's", "won't"}
MIN_REPAIR = 4  # shorter words are too easily another real word to repair; real words are never repaired
# one111_terms.csv's phrases that hold a symptom word in another sense ("fit and well", "it stings when", "bites her
# nails", "a faint line"): matched like any term, so the word inside is not read as its symptom, and then dropped.
# They win over a source's term for the same words: MeSH's entry term "Stings" is an insect's, never the verb.
NOT_A_SYMPTOM = "ONE111:not_a_symptom"


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    terms: dict[tuple[str, ...], Concept]
    lengths: dict[str, tuple[int, ...]]  # first word of a term -> the lengths of its terms, longest first
    words: frozenset[str]  # every word of every term: what repair may produce
    known: frozenset[str]  # words that are never repaired (lexicon, stop words, common narrative words)
    english: frozenset[str]  # symspellpy's English dictionary: real words, also never repaired
    speller: SymSpell  # over the lexicon's words and the common words
    red_flag_speller: SymSpell  # over the red-flag words the first speller does not hold: asked after it (`nearest`)
    red_flags: frozenset[str]  # the red-flag rules' words (red_flag_words.txt)

    def repair(self, word: str) -> str:
        """`word` itself if known or too short; else the unique word one edit away (a transposition is one) that
        `nearest` gives, settled as `candidates` says; `word` again when nothing is near or two words tie."""
        found = self.candidates(word)
        return found[0] if len(found) == 1 else word

    def readings(self, word: str) -> tuple[str, ...]:
        """The words a typo left unrepaired is equally a slip of ("feer": fever, fewer; "pani": pain, panic), which
        the triager reads it as in turn, keeping the most urgent answer (triage/readings.py); () for any other word."""
        found = self.candidates(word)
        return found if len(found) > 1 else ()

    def candidates(self, word: str) -> tuple[str, ...]:
        """What `word` may be read as: () if it is known, too short or nothing is one edit away; one word when repair
        can choose; two or more when they tie, each a typing slip's source."""
        if len(word) < MIN_REPAIR or word in self.known or word in self.english or not word.isalpha():
            return ()
        found = self.nearest(word)
        if len(found) > 1:
            # Equally near, but typed from one of them by a typing slip (a swap, a drop, a double, never the first
            # letter) and from no other: "spotts" is spots (not spotty), "weesk" weeks (round 15, T-60).
            found = [candidate for candidate in found if word in slips(candidate.term)]
        if len(found) == 2 and found[0].term.replace("z", "s") == found[1].term.replace("z", "s"):
            # The UK and US spellings of one word with the s or z left out ("localied"): no tie, and the UK one is
            # what US spellings are read as (round 16, T-60).
            found = [candidate for candidate in found if candidate.term == found[0].term.replace("z", "s")]
        return tuple(sorted(str(candidate.term) for candidate in found))

    def nearest(self, word: str) -> list[SuggestItem]:
        """The words one edit from `word` that repair may choose between: the lexicon's and the common words first,
        then the red-flag words, so those change no repair made before them (round 13: "throt" is throat, not throw);
        each first among those that keep the typo's first letter or swap its first two ("ehart" is heart). People
        rarely mistype the first letter (spell checkers assume the same, and so do triage/slips.py and the generator);
        a repair that dropped, added or changed it was nearly always another word: "ktone" read as tone, "genis" as
        penis, "dstressed" as stressed (issue 15 round 16). Only then a red-flag word with its first letter left out or
        struck on a neighbouring key ("eizure" is seizure, "alurring" slurring): read, it only escalates, and missed it
        costs the most (round 13, T-59)."""
        swapped = word[1::-1] + word[2:]
        first = self.speller.lookup(word, Verbosity.CLOSEST, max_edit_distance=1)
        if kept := [c for c in first if c.term[:1] == word[:1] or c.term == swapped]:
            return kept
        second = self.red_flag_speller.lookup(word, Verbosity.CLOSEST, max_edit_distance=1)
        if kept := [c for c in second if c.term[:1] == word[:1] or c.term == swapped]:
            return kept
        return [c for c in [*first, *second] if c.term in self.red_flags and first_letter_slip(word, c.term)]

    def givable(self) -> frozenset[str]:
        """Every word typo repair may give."""
        return frozenset(self.speller.words) | frozenset(self.red_flag_speller.words)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def tokens(text: str) -> tuple[str, ...]:
    return tuple(text.lower().replace("-", " ").replace("'", "'").split())


@cache
def load(directory: Path = LEXICON_DIR) -> Lexicon:
    terms: dict[tuple[str, ...], Concept] = {}
    for row in [*_rows(directory / "symptoms.csv"), *_rows(directory / "one111_terms.csv")]:
        key = tuple(w for w in tokens(row["term"].strip(" .,")) if w not in FILLERS)
        if not key or len(key) > MAX_TERM_WORDS:
            continue
        concept = Concept(row["concept_id"], row["preferred_term"].lower())
        if key not in terms or concept.id == NOT_A_SYMPTOM or _prefer(concept, terms[key]):
            terms[key] = concept
    words = frozenset(w for key in terms for w in key if w.isalpha())
    common = frozenset((directory / "common_words.txt").read_text().split())
    # Typos of everyday words are repaired too, so they read the same to the model; typos of the red-flag rules' words
    # so the rules read them ("agonsing" is "agonising", "testilce" is "testicle"; issue 15 round 13, T-59).
    speller = _speller(words | common)
    red_flags = red_flag_words(directory)
    red_flag_speller = _speller(red_flags - words - common)
    lengths: dict[str, set[int]] = {}
    for key in terms:
        lengths.setdefault(key[0], set()).add(len(key))
    first = {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}
    known = words | common | frozenset(ENGLISH_STOP_WORDS)
    return Lexicon(terms, first, words, known, _english(), speller, red_flag_speller, red_flags)


def _prefer(concept: Concept, than: Concept) -> bool:
    return concept.id.startswith("SYMP") and not than.id.startswith("SYMP") and than.id != NOT_A_SYMPTOM


def _speller(vocabulary: frozenset[str]) -> SymSpell:
    speller = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    for w in sorted(vocabulary):
        if len(w) >= MIN_REPAIR and w.isalpha():
            speller.create_dictionary_entry(w, 1)
    return speller


def red_flag_words(directory: Path = LEXICON_DIR) -> frozenset[str]:
    """The red-flag vocabulary: one word a line, `#` lines are comments (tests/triage/rule_text.py writes it)."""
    path = directory / "red_flag_words.txt"
    return frozenset(w for w in path.read_text().splitlines() if w and not w.startswith("#"))


def _english() -> frozenset[str]:
    path = Path(symspellpy.__file__).with_name("frequency_dictionary_en_82_765.txt")
    return frozenset(line.split(" ", 1)[0] for line in path.read_text().splitlines())
