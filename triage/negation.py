"""Clause-scoped context, ConText-style: is a phrase negated, hypothetical, historical or about someone else?

A cue reaches forward only to the end of its clause, and clauses end at sentence punctuation, commas, "but",
"just", "now", "then", "which", "apart from", and "and" ("no fever and her lips are blue"): a denial covers a
list joined by "or", never one joined by "and", erring towards counting a symptom as present. So "no
temperature, lips are blue" negates the temperature and leaves the blue lips present. What the model and the findings
read (`Scopes.listed_polarity`) also lets a denial cover a list of short items closed by "or" ("no fever, cough or
rash", "denies fever, chills, or night sweats"); the rules keep the comma as an end, so a red flag said in such a
list still fires (T-111). Pseudo-negations ("not
breathing", "won't stop", "not responding") are symptoms, never cues. An uncertain denial ("not sure", "I don't
think") negates nothing: when in doubt the phrase counts as present and the rule escalates.
medspaCy's default ConText rules scope across commas ("no temperature, lips are blue" negates both), so the
terminators here are the point of this module; tests/triage/test_negation.py pins them.

A normal finding said after the function it describes ("breathing normally", "she can breathe fine", "her
breathing looks normal", "sats normal") is a pertinent negative: the function word is read as denied, so it feeds
neither the model nor a finding. Only a short list of functions (breathing, eating, drinking, feeding, speech,
vision, weeing, walking, colour, sats, pulse, temperature) and only when nothing in the clause before it says it is
not normal ("not breathing normally", "can't breathe properly", "struggling to breathe ok" stay present).
"""

from __future__ import annotations

import bisect
import re
from enum import StrEnum

from triage import prefilter


class Polarity(StrEnum):
    PRESENT = "present"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    HISTORICAL = "historical"
    OTHER = "other"  # about someone else, e.g. a family history
    ADVICE = "advice"  # safety-netting someone gave or the caller repeats: "told to call 999 if his lips go blue"


_PUNCTUATION = r"[.;:!?\n,()]"
_DASH = r"\s-\s"
_WORDS = r"\b(?:but|however|although|though|except|apart from|other than|just|now|then|which|whereas|and)\b"
_TERMINATOR = re.compile(f"{_PUNCTUATION}|{_DASH}|{_WORDS}")  # what ends a clause; scanned as `_clause_ends` does
# Its three parts scanned apart. Punctuation and words are found by a character-set and a literal search, where the
# alternation was tried at every position (50 us on a 1,200-character report). A dash may not start at a newline:
# there the alternation takes the newline as punctuation.
_PUNCTUATION_SCAN, _DASH_SCAN, _WORDS_SCAN = re.compile(_PUNCTUATION), re.compile(r"\s(?<!\n)-\s"), re.compile(_WORDS)


def _clause_ends(text: str) -> list[int]:
    """Where `_TERMINATOR`'s matches end, in order. Its three parts cannot overlap (words are word characters,
    punctuation and dashes are not), except a dash ending in a newline, where the alternation takes the dash and
    the newline alone ends at the same place; so the ends are the union of each part's own. tests/triage/
    test_negation.py compares this with `_TERMINATOR.finditer` on the corpus, generated reports and made-up text."""
    ends = set(map(re.Match.end, _PUNCTUATION_SCAN.finditer(text)))
    if "-" in text:
        ends.update(map(re.Match.end, _DASH_SCAN.finditer(text)))
    ends.update(map(re.Match.end, prefilter.finditer(_WORDS_SCAN, text)))
    return sorted(ends)


_PSEUDO = re.compile(
    r"\b(?:not|isn'?t|is not|won'?t|will not|doesn'?t|does not|hasn'?t|has not|haven'?t|have not|didn'?t|can'?t)"
    r" (?:breathing|responding|responsive|moving|waking|wake|stop\w*|feeding|eating|drinking|making sense|able|fade"
    r"|improv\w*|getting better|get better|passed|weed|peed|settle|settling|right|herself|himself|myself|keep"
    # ... and what a treatment does not do (round 22, T-122: "10 puffs not working cant talk lips going blue" read the
    # blue lips as denied): the denial is of the working, not of what follows.
    r"|working|helping|touching it|doing anything)\b"
    r"|\bno (?:better|change|longer able)\b|\bno idea\b|\bnot sure\b|\bnot only\b|\bnever (?:had|been) (?:this|like)"
)
_CUES: tuple[tuple[Polarity, re.Pattern[str]], ...] = (
    (
        Polarity.NEGATED,
        re.compile(
            r"\b(?:no|not|denies|denied|denying|without|never|none|nor|negative for|free of|absence of|no longer"
            r"|nowhere near"
            r"|(?:is|are|was|were|do|does|did|has|have|had)(?:n'?t| not))\b"
        ),
    ),
    (
        Polarity.HYPOTHETICAL,
        re.compile(r"\b(?:if|in case|what if|worried (?:about|it)|would|should i|could it be|to rule out)\b"),
    ),
    (
        # Reported or promised safety-netting only: a question ("should i call 999 if he can't breathe?") may be
        # about now, so it stays present.
        Polarity.ADVICE,
        re.compile(
            r"\b(?:(?:told|advised|said|asked|instructed)(?: (?:us|me|him|her|them))?(?: to)?"
            r" (?:call|ring|phone|dial|contact|come back|come (?:straight )?in|go (?:back |straight )?to"
            r"|bring \w+ (?:back|in)|take \w+ (?:in|to)|get help|seek help)"
            r"|(?:i'll|i will|we'll|we will|she'll|she will|he'll|he will|they'll|they will)"
            r" (?:call|ring|phone|come back|come in|go to|bring \w+ (?:back|in)|take \w+ (?:in|to)))"
            r"[\w&' ]{0,24}? (?:if|in case)\b"
            r"|\b(?:watch (?:out )?for|look out for|keep an eye out for|warning signs? (?:are|is|of|like|such as))\b"
        ),
    ),
    (
        Polarity.HISTORICAL,
        re.compile(r"\b(?:(?<!family )history of|used to|previous\w*|in the past|years ago|last year|as a child)\b"),
    ),
    (
        Polarity.OTHER,
        re.compile(
            r"\b(?:family history|runs in the family|(?:mum|mom|mother|dad|father|brother|sister|grandad|grandma"
            r"|grandmother|grandfather|uncle|aunt)(?:'s)? (?:had|died|passed away))\b"
        ),
    ),
)
_UNSURE = re.compile(
    r"\b(?:not sure|unsure|don'?t know|do not know|maybe|might|possibly|perhaps|can'?t tell|not certain|"
    r"don'?t think|i think|wonder)\b"
)
WINDOW = 8  # words a cue reaches forward inside its clause
# A denial over a list whose items are joined by commas and closed by "or" or "nor" ("no fever, cough or rash",
# "not swollen, red or hot") covers every item. An item is one to four words none of which starts a clause: a
# subject pronoun, a verb of being, having or doing, a modal, a "-n't", a clause word, a word that says something is
# so ("hardly", "still", "very", "getting"), a denial or a word for normal: "no temperature, lips are blue", "no
# fever, she is pale or grey" and "no fever, hardly eating or drinking" stay two clauses ("and", "now" and "then" end
# one already).
_STARTS_CLAUSE = (
    r"(?:i|you|he|she|it|we|they|there|is|are|was|were|am|be|been|being|has|have|had|do|does|did|can|could|will"
    r"|would|shall|should|may|might|must|and|but|now|then|so|because|which|who|that|when|if|since|while|\w+n't"
    r"|hardly|barely|only|still|very|really|quite|too|also|even|always|keeps?|getting|gets|got|gone|going|went"
    r"|looks?|seems?|feels?|started|starting|become|becoming"
    r"|no|not|never|without|nor|none|normal|normally|fine|ok|okay|well|good)"
)
_ITEM = rf"(?!{_STARTS_CLAUSE}\b)[a-z][a-z'-]*(?: (?!{_STARTS_CLAUSE}\b)[a-z][a-z'-]*){{0,3}}(?![\w'-])"
# The first item is in the denial's own clause, so anything up to its comma but a word that ends a clause.
_FIRST = rf"(?:(?!\b{_WORDS}\b)[a-z' -]){{1,40}}?"
_LIST = re.compile(
    r"\b(?:no|not|denies|denied|denying|without|never|none|nor|negative for|free of"
    rf"|(?:is|are|was|were|do|does|did|has|have|had)(?:n'?t| not)) {_FIRST}"
    rf"(?P<rest>(?:, {_ITEM})*,? (?:or|nor) {_ITEM})"
)
_FUNCTION = (
    r"breath(?:e|es|ing)|eating|drinking|feeding|wee(?:ing|s)?|pee(?:ing|s)?|urin\w*|passing urine|walking|talking"
    r"|speaking|speech|vision|eyesight|sight|see|swallow(?:ing)?|colou?r|sats|oxygen(?: levels?)?|pulse|heart rate"
    r"|temperature|temp|blood pressure|bp|obs|observations|nappies"
)
_NORMAL = re.compile(
    rf"\b(?P<what>{_FUNCTION})(?:'s)?(?: (?:is|are|was|were|looks?|looked|seems?|seemed|sounds?|sounded|all|completely"
    r"|totally|perfectly|absolutely|quite|pretty|ok|to me|to them|to us|to him|to her|as|usual|still|now|seem|look"
    r"|has been|have been|been))* (?:fine|normal(?:ly)?|ok|okay|alright|all right|usual|as usual|as normal"
    r"|is normal|are normal|unremarkable|settled|good|clear)\b"
)
# Anything before the function in its clause that says it is not normal keeps it present.
_NOT_NORMAL = re.compile(
    r"\b(?:not|no|never|can'?t|cannot|couldn'?t|unable|won'?t|isn'?t|aren'?t|wasn'?t|hardly|barely|struggl\w*"
    r"|difficult\w*|trouble|problems?|less|worse|fast|quick\w*|noisy|heavy|hard|funny|strange|odd|abnormal\w*"
    r"|stopped|pain\w*|hurts?|sore)\b"
)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


class Scopes:
    """The clauses of one lower-cased text and the context cues in each; built once, asked per phrase.

    Each cue and doubt pattern scans the whole text once and its matches are filed under their clauses (a cue
    never spans a clause break, so this finds what a scan of each clause would); a pattern whose needed
    strings are absent is not run (triage/prefilter.py). tests/triage/test_negation.py checks it against a
    clause-by-clause reference."""

    def __init__(self, text: str) -> None:
        self.text = text
        masked = prefilter.sub(_PSEUDO, _blank, text)
        self._starts = [0, *_clause_ends(text)]
        self._cues: dict[int, list[tuple[int, Polarity]]] = {}  # only clauses that have a cue
        for kind, pattern in _CUES:
            for m in prefilter.finditer(pattern, masked):
                self._cues.setdefault(self._index(m.start()), []).append((m.end(), kind))
        for i, cues in self._cues.items():
            self._cues[i] = _without_advised(sorted(cues))
        self._cue_ends = {i: [end for end, _ in cues] for i, cues in self._cues.items()}
        self._unsure = {self._index(m.start()) for m in prefilter.finditer(_UNSURE, text)}
        self._normal = [span for m in prefilter.finditer(_NORMAL, text) if (span := self._normal_span(m)) is not None]
        # Where a denial covers the later items of a list (`_LIST`), unless its clause is in doubt.
        self._lists = [
            (m.start("rest"), m.end())
            for m in prefilter.finditer(_LIST, masked)
            if m.group("rest").startswith(",")
            and self._unsure.isdisjoint(range(self._index(m.start()), self._index(m.end()) + 1))
        ]

    def _normal_span(self, m: re.Match[str]) -> tuple[int, int] | None:
        """The function word of a normal finding, unless its clause says before it that it is not normal."""
        start = m.start("what")
        before = self.text[self.clause_start(start) : start]
        if self.clause_end(start) < m.end() or _NOT_NORMAL.search(before):
            return None
        return (start, m.end("what"))

    def polarities(self, starts: list[int]) -> list[Polarity]:
        """`polarity` of each of these ascending positions. Most lie before their clause's first cue (or in a clause
        with none) and are present; only those from a clause's first cue to its end are looked up."""
        out = [Polarity.PRESENT] * len(starts)
        for ends in self._cue_ends.values():
            # (and one past the clause's end: the last clause owns the text's end position too)
            lo, hi = bisect.bisect_left(starts, ends[0]), bisect.bisect_left(starts, self.clause_end(ends[0]) + 1)
            for j in range(lo, hi):
                out[j] = self.polarity(starts[j])
        for low, high in self._normal:  # a pertinent normal, wherever it lies: "breathing normally"
            for j in range(bisect.bisect_left(starts, low), bisect.bisect_left(starts, high)):
                out[j] = Polarity.NEGATED
        return out

    def listed_polarity(self, start: int) -> Polarity:
        """`polarity`, but a later item of a denied list (`_LIST`) is denied: what the model and the findings read.
        The rules ask `polarity`, so a red flag said in such a list still fires."""
        if any(low <= start < high for low, high in self._lists):
            return Polarity.NEGATED
        return self.polarity(start)

    def listed_polarities(self, starts: list[int]) -> list[Polarity]:
        """`listed_polarity` of each of these ascending positions."""
        out = self.polarities(starts)
        for low, high in self._lists:
            for j in range(bisect.bisect_left(starts, low), bisect.bisect_left(starts, high)):
                out[j] = Polarity.NEGATED
        return out

    def _index(self, at: int) -> int:
        return bisect.bisect_right(self._starts, at) - 1

    def clause_start(self, at: int) -> int:
        return self._starts[self._index(at)]

    def clause_end(self, at: int) -> int:
        i = bisect.bisect_right(self._starts, at)
        return self._starts[i] if i < len(self._starts) else len(self.text)

    def polarity(self, start: int) -> Polarity:
        """The context of the phrase starting at `start`: the nearest cue before it in its clause, within WINDOW."""
        if any(low <= start < high for low, high in self._normal):
            return Polarity.NEGATED  # a pertinent normal: "breathing normally"
        i = self._index(start)
        if i not in self._cues:
            return Polarity.PRESENT
        before = bisect.bisect_right(self._cue_ends[i], start)  # the clause's cues ending at or before `start`
        if not before:
            return Polarity.PRESENT
        end, kind = self._cues[i][before - 1]
        if len(self.text[end:start].split()) > WINDOW:
            return Polarity.PRESENT
        if kind is Polarity.NEGATED and i in self._unsure:
            return Polarity.PRESENT  # an uncertain denial is a possible symptom
        return kind


def _without_advised(cues: list[tuple[int, Polarity]]) -> list[tuple[int, Polarity]]:
    """A clause's cues, less any that end where advice does: "told to call 999 if" is advice, not "if"."""
    advice = {end for end, kind in cues if kind is Polarity.ADVICE}
    return [(end, kind) for end, kind in cues if kind is Polarity.ADVICE or end not in advice]


prefilter.register(_PSEUDO, *(pattern for _, pattern in _CUES), _UNSURE, _NORMAL, _WORDS_SCAN, _LIST)
