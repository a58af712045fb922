"""A typo equally near two words, read as each of them in turn (issue 15 round 17, hazard log T-61).

Typo repair (triage/lexicon.py) never chooses between two words a typo is equally a slip of ("feer": fever or fewer;
"pani": pain or panic): a guess could invent a symptom. Left as typed, though, the word is lost to the findings, the
rules and the model, and losing it can lower the answer: "sudden pani in my left testicle" lost its red flag and was
answered self care. Each reading is a text the caller could have meant, so the triager assesses each and keeps the
most urgent answer (`Triager.assess`): a tie can raise the answer, never lower it below the answer to the text as
typed. Ties are rare (9 of 3,000 generated reports, none of our own vignettes), so the extra readings cost little.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from triage import lexicon
from triage.findings import Findings


@dataclass(frozen=True, slots=True)
class Alternative:
    typed: str  # the typo, as the normalised text has it
    word: str  # what it is read as here
    among: tuple[str, ...]  # every word it is equally a slip of
    text: str  # the normalised text with that word read so wherever it is said, the others as typed


# Distinct tied words read each way. Each reading is a whole assessment; more tied words than this is not typing but
# odd input ("pani pani ..."), and without a bound 2,000 characters of it cost about 800 readings (0.5 s of CPU).
MAX_TIED = 4


def alternatives(f: Findings) -> list[Alternative]:
    """One text per reading of each tied typo in `f`, the first MAX_TIED distinct ones in the order they come, each
    read the same way wherever it is said (a word means one thing in one report); [] when there is none."""
    unread = list(map(operator.not_, f.reading.known))  # a word the model reads is known to the lexicon: no typo
    where: dict[str, list[int]] = {}
    for start, typed in zip(compress(f.reading.starts, unread), compress(f.reading.words, unread), strict=True):
        if _readings(typed) and (typed in where or len(where) < MAX_TIED):
            where.setdefault(typed, []).append(start)
    return [
        Alternative(typed, word, _readings(typed), _replaced(f.text, typed, starts, word))
        for typed, starts in where.items()
        for word in _readings(typed)
    ]


def _replaced(text: str, typed: str, starts: list[int], word: str) -> str:
    """`text` with `typed`, at each of `starts`, read as `word`."""
    parts, last = [], 0
    for start in starts:
        parts += [text[last:start], word]
        last = start + len(typed)
    return "".join(parts) + text[last:]


@lru_cache(maxsize=65536)
def _readings(word: str) -> tuple[str, ...]:
    """`Lexicon.readings`, remembered: asked for every word the model does not read, in every report."""
    return lexicon.load().readings(word)
