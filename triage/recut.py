"""The findings of a text cut from an earlier one (the report without its red-flag phrases, triage/service.py), reading
again only the sentences the cut touched. Exactly `extract(text)`: tests/triage/test_recut.py.

Why it is exact. Sentences are the parts between ". " separators. Every pattern the normalising, the clause scopes
and the words use (`CONFINED` in tests/triage/test_recut.py) consumes no "." except the clause terminator's lone
".", so each of their matches lies inside one sentence and the space before it. What a pattern decides at a
sentence's edge depends only on whether a separator is there: lookbehinds that reach past the space meet the "."
(which none of them accepts), and lookaheads stop at the ".". So a sentence's normalised text, its clauses, its cues
and the polarity and qualifiers of its words depend on the sentence and on whether it opens or ends the text, and
nothing else (`Key`). Three conditions keep normalising from reaching a separator (`reusable`): no whitespace but
single spaces (a run would be merged across it), lower case already, and no word typo repair can give that the word
map changes again ("pukng" -> "puking" -> "vomiting"): with those, normalising a normalised sentence gives it back.
The numbers' patterns (`NUMBERS`, likewise) take a "." only before a digit ("38.5") or at the end of a unit
("mmol."), never the space after it, so each reading's match starts and ends inside its sentence or on the
separator's ".", and what the first reading found in a sentence is what reading the cut text finds there;
`measurements.summary` then takes the first of each and the longest duration, as over the whole text. The terms
(which do run across sentences, "chest. pain") and the counts are computed over the whole text, as `extract`
computes them, from the words of the sentences in order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

from triage import lexicon, measurements, negation, normalise
from triage.findings import (
    Finding,
    Findings,
    Qualifiers,
    Reading,
    extract,
    of_reading,
    read,
    terms,
)
from triage.negation import Scopes

SEPARATOR = ". "
Key = tuple[str, bool, bool]  # a sentence, whether it opens the text, whether it ends it


@cache
def unstable_words() -> tuple[str, ...]:
    """Words typo repair can give that normalising changes (the word map's, and the phrase map's such as
    "agonising" -> "severe pain"): normalised again, they change."""
    return tuple(sorted(w for w in lexicon.load().givable() if normalise.normalise(w) != w))


def reusable(text: str) -> bool:
    """Whether normalising `text` leaves its separators and its already normalised sentences as they are."""
    # Printable: no whitespace but the space (every other one is a control or separator character), in C.
    if not text.isprintable() or "  " in text or text.lower() != text:
        return False
    return not any(word in text for word in unstable_words())


def sentences(text: str) -> list[tuple[Key, int]]:
    """Each sentence of `text` with its place (`Key`) and where it starts."""
    parts = text.split(SEPARATOR)
    starts = accumulate((len(part) + len(SEPARATOR) for part in parts[:-1]), initial=0)
    return [((part, i == 0, i == len(parts) - 1), at) for i, (part, at) in enumerate(zip(parts, starts, strict=True))]


@dataclass(frozen=True, slots=True)
class _Source:
    """A text already read: its clauses, its words, for each word how many of those before it the model reads, and
    the polarity and qualifiers of each term it found, by where the term starts (they depend on nothing else)."""

    scopes: Scopes
    reading: Reading
    ranks: list[int]
    number_starts: list[int]
    context: dict[int, tuple[negation.Polarity, bool, bool]]

    @classmethod
    def of(cls, scopes: Scopes, reading: Reading, items: tuple[Finding, ...] = ()) -> _Source:
        ranks = list(accumulate(reading.known, initial=0))
        context = {f.start: (f.polarity, f.severe, f.sudden) for f in items}
        return cls(scopes, reading, ranks, [n.start for n in reading.numbers], context)


@dataclass(frozen=True, slots=True)
class _Placed:
    """Sentences of the new text in a row: where they start there, which text already read holds them in the same
    row, where, and how long they are together."""

    at: int
    source: _Source
    source_at: int
    length: int


def _fresh(new: list[Key]) -> tuple[_Source, list[tuple[str, int]]]:
    """The sentences no text read holds, read together, each in its own place: an empty sentence comes first
    unless the text's first one is among them, and last unless its last one is."""
    parts = ([] if new[0][1] else [""]) + [key[0] for key in new] + ([] if new[-1][2] else [""])
    text, scopes, reading = read(SEPARATOR.join(parts))
    found = [(key[0], at) for key, at in sentences(text)]
    return _Source.of(scopes, reading), found[0 if new[0][1] else 1 :][: len(new)]


def _placed(text: str, earlier: Findings) -> tuple[str, list[_Placed]]:
    """The normalised text and each of its sentences, read in `earlier` where it holds them, else anew."""
    cut, held = sentences(text), dict(sentences(earlier.text))
    new = list(dict.fromkeys(key for key, _ in cut if key not in held))
    old = _Source.of(earlier.scopes, earlier.reading, earlier.items)
    fresh, read = _fresh(new) if new else (old, [])
    anew = dict(zip(new, read, strict=True))
    placed: list[_Placed] = []
    parts: list[str] = []
    at = 0
    for key, _ in cut:
        source, (part, source_at) = (old, (key[0], held[key])) if key in held else (fresh, anew[key])
        _place(placed, _Placed(at, source, source_at, len(part)))
        parts.append(part)
        at += len(part) + len(SEPARATOR)
    return SEPARATOR.join(parts), placed


def _place(placed: list[_Placed], p: _Placed) -> None:
    """Append `p`, or extend the last block if `p` follows it both here and in the text that holds them: the
    sentences between two cuts are then one slice of the first reading, not one each."""
    last = placed[-1] if placed else None
    gap = len(SEPARATOR)
    if (
        last is not None
        and last.source is p.source
        and (p.source_at - last.source_at) == (p.at - last.at) == (last.length + gap)
    ):
        placed[-1] = _Placed(last.at, last.source, last.source_at, last.length + gap + p.length)
    else:
        placed.append(p)


def _reading(text: str, scopes: Scopes, placed: list[_Placed]) -> Reading:
    """The words of the sentences in order, each with what its sentence's first reading found."""
    starts: list[int] = []
    words: list[str] = []
    known: list[bool] = []
    polarity: list[negation.Polarity] = []
    numbers: list[measurements.Number] = []
    for p in placed:
        r = p.source.reading
        lo = bisect.bisect_left(r.starts, p.source_at)
        hi = bisect.bisect_left(r.starts, p.source_at + p.length)
        shift = p.at - p.source_at
        starts += [s + shift for s in r.starts[lo:hi]]
        words += r.words[lo:hi]
        known += r.known[lo:hi]
        polarity += r.polarity[p.source.ranks[lo] : p.source.ranks[hi]]
        if p.source.number_starts:
            numbers += _numbers(p, shift)
    return Reading(starts, words, known, polarity, numbers, Qualifiers(text, scopes))


def _numbers(p: _Placed, shift: int) -> list[measurements.Number]:
    """The readings whose match starts in the sentence, moved to where it is now."""
    lo = bisect.bisect_left(p.source.number_starts, p.source_at)
    hi = bisect.bisect_left(p.source.number_starts, p.source_at + p.length)
    return [n._replace(start=n.start + shift) for n in p.source.reading.numbers[lo:hi]]


def _finding(placed: list[_Placed], starts: list[int], at: int, concept: lexicon.Concept) -> Finding:
    """The term at `at`, its polarity and qualifiers read where its sentence was first read."""
    p = placed[bisect.bisect_right(starts, at) - 1]
    here = at - p.at + p.source_at
    known = p.source.context.get(here)
    if known is None:
        severe, sudden = p.source.reading.qualifiers.of(here)
        known = (p.source.scopes.listed_polarity(here), severe, sudden)
    return Finding(concept.id, concept.name, known[0], at, known[1], known[2])


def extract_cut(text: str, earlier: Findings) -> Findings:
    """`extract(text)` for a text cut from `earlier.text`: only the sentences `earlier` does not hold are read."""
    if not reusable(text):
        return extract(text)
    normalised, placed = _placed(text, earlier)
    scopes = _LaterScopes(normalised)
    reading = _reading(normalised, scopes, placed)
    starts = [p.at for p in placed]
    items = tuple(_finding(placed, starts, at, concept) for at, concept in terms(reading))
    return of_reading(normalised, items, reading, scopes)


class _LaterScopes(Scopes):
    """`Scopes(text)`, built when first asked: the second scoring reads the findings and never the clauses."""

    def __init__(self, text: str) -> None:  # super().__init__ is what is deferred
        self.text = text

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "_starts" in vars(self):
            raise AttributeError(name)
        Scopes.__init__(self, self.text)
        return getattr(self, name)
