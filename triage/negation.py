"""Negation scope, NegEx-style: "no chest pain" is not chest pain. When in doubt it does not negate.

A cue negates a phrase only if it sits in the same clause and within a few words before it, and no
uncertainty ("not sure", "I think", "maybe") appears in that clause: an uncertain denial is treated as
a possible symptom, so the rule layer escalates.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.;:!?\n]|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bexcept\b|\bnow\b")
_SPLIT = re.compile(f"({_BOUNDARY.pattern})")
_CUE = re.compile(
    r"\b(?:no|not|denies|denied|denying|without|never|none|nor|negative for|free of|"
    r"(?:is|are|was|were|do|does|did|has|have|had)(?:n't|nt| not))\b"
)
_UNSURE = re.compile(
    r"\b(?:not sure|unsure|don'?t know|do not know|maybe|might|possibly|perhaps|can'?t tell|not certain|"
    r"don'?t think|i think|worried|wonder|if)\b"
)
_WORD = re.compile(r"[\w']+")
WINDOW = 5


def clause_before(text: str, start: int) -> str:
    prefix = text[:start]
    cuts = [m.end() for m in _BOUNDARY.finditer(prefix)]
    return prefix[cuts[-1] :] if cuts else prefix


def is_negated(text: str, start: int) -> bool:
    """Is the phrase beginning at `start` in lower-cased `text` negated by a nearby cue in its clause?"""
    clause = clause_before(text, start)
    if _UNSURE.search(clause):
        return False
    words = _WORD.findall(clause)[-WINDOW:]
    return _CUE.search(" ".join(words)) is not None


def mark(text: str) -> str:
    """Lower-case text with words in a negation scope prefixed `neg_`, so a model can tell them apart."""
    out: list[str] = []
    for clause in _split_clauses(text.lower()):
        out.append(_mark_clause(clause))
    return " ".join(out)


def _split_clauses(text: str) -> list[str]:
    return [piece for piece in _SPLIT.split(text) if piece and not piece.isspace()]


def _mark_clause(clause: str) -> str:
    if _UNSURE.search(clause):
        return clause
    words = clause.split()
    scope = 0
    for i, word in enumerate(words):
        if _CUE.fullmatch(word.strip(",'\"()")):
            scope = WINDOW
        elif scope > 0:
            words[i] = "neg_" + word
            scope -= 1
    return " ".join(words)
