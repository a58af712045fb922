"""Clause-scoped context, ConText-style: is a phrase negated, hypothetical, historical or about someone else?

A cue reaches forward only to the end of its clause, and clauses end at sentence punctuation, commas, "but",
"just", "now", "then", "which", "apart from", and "and" ("no fever and her lips are blue"): a denial covers a
list joined by "or", never one joined by "and", erring towards counting a symptom as present. So "no
temperature, lips are blue" negates the temperature and leaves the blue lips present. Pseudo-negations ("not
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
from dataclasses import dataclass
from enum import StrEnum


class Polarity(StrEnum):
    PRESENT = "present"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    HISTORICAL = "historical"
    OTHER = "other"  # about someone else, e.g. a family history
    ADVICE = "advice"  # safety-netting someone gave or the caller repeats: "told to call 999 if his lips go blue"


_TERMINATOR = re.compile(
    r"[.;:!?\n,()]|\s-\s|\b(?:but|however|although|though|except|apart from|other than|just|now|then|which|whereas"
    r"|and)\b"
)
_PSEUDO = re.compile(
    r"\b(?:not|isn'?t|is not|won'?t|will not|doesn'?t|does not|hasn'?t|has not|haven'?t|have not|didn'?t|can'?t)"
    r" (?:breathing|responding|responsive|moving|waking|wake|stop\w*|feeding|eating|drinking|making sense|able|fade"
    r"|improv\w*|getting better|get better|passed|weed|peed|settle|settling|right|herself|himself|myself|keep)\b"
    r"|\bno (?:better|change|longer able)\b|\bno idea\b|\bnot sure\b|\bnot only\b|\bnever (?:had|been) (?:this|like)"
)
_CUES: tuple[tuple[Polarity, re.Pattern[str]], ...] = (
    (
        Polarity.NEGATED,
        re.compile(
            r"\b(?:no|not|denies|denied|denying|without|never|none|nor|negative for|free of|absence of|no longer"
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
            r" (?:call|ring|phone|dial|contact|come back|go (?:back |straight )?to|bring \w+ back|get help|seek help)"
            r"|(?:i'll|i will|we'll|we will|she'll|she will|he'll|he will|they'll|they will)"
            r" (?:call|ring|phone|come back|go to|bring \w+ back))[\w&' ]{0,24}? (?:if|in case)\b"
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


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int
    unsure: bool
    cues: tuple[tuple[int, Polarity], ...]  # (end of the cue, its kind)


class Scopes:
    """The clauses of one lower-cased text and the context cues in each; built once, asked per phrase."""

    def __init__(self, text: str) -> None:
        self.text = text
        masked = _PSEUDO.sub(lambda m: " " * len(m.group()), text)
        starts = [0, *(m.end() for m in _TERMINATOR.finditer(text))]
        ends = [*starts[1:], len(text)]
        self._starts = starts
        self._clauses = [_clause(text, masked, s, e) for s, e in zip(starts, ends, strict=True)]
        self._normal = [span for m in _NORMAL.finditer(text) if (span := self._normal_span(m)) is not None]

    def _normal_span(self, m: re.Match[str]) -> tuple[int, int] | None:
        """The function word of a normal finding, unless its clause says before it that it is not normal."""
        start = m.start("what")
        before = self.text[self.clause_start(start) : start]
        if self.clause_end(start) < m.end() or _NOT_NORMAL.search(before):
            return None
        return (start, m.end("what"))

    def clause_start(self, at: int) -> int:
        return self._starts[bisect.bisect_right(self._starts, at) - 1]

    def clause_end(self, at: int) -> int:
        i = bisect.bisect_right(self._starts, at)
        return self._starts[i] if i < len(self._starts) else len(self.text)

    def polarity(self, start: int) -> Polarity:
        """The context of the phrase starting at `start`: the nearest cue before it in its clause, within WINDOW."""
        if any(low <= start < high for low, high in self._normal):
            return Polarity.NEGATED  # a pertinent normal: "breathing normally"
        clause = self._clauses[bisect.bisect_right(self._starts, start) - 1]
        before = [(end, kind) for end, kind in clause.cues if end <= start]
        if not before:
            return Polarity.PRESENT
        end, kind = before[-1]
        if len(self.text[end:start].split()) > WINDOW:
            return Polarity.PRESENT
        if kind is Polarity.NEGATED and clause.unsure:
            return Polarity.PRESENT  # an uncertain denial is a possible symptom
        return kind


def _clause(text: str, masked: str, start: int, end: int) -> _Clause:
    piece = masked[start:end]
    found = sorted((start + m.end(), kind) for kind, pattern in _CUES for m in pattern.finditer(piece))
    advice = {end for end, kind in found if kind is Polarity.ADVICE}  # "told to call 999 if": advice, not "if"
    cues = [(end, kind) for end, kind in found if kind is Polarity.ADVICE or end not in advice]
    return _Clause(start, _UNSURE.search(text[start:end]) is not None, tuple(cues))
