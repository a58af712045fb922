"""One-letter typing slips of a word: two neighbouring letters swapped, a letter left out, a letter typed twice.

Read through where a slip can be: the label of a number, whose place tells what it is ("hart rate 94" is a pulse),
and a typo equally near two words, which typo repair gives the one it is a slip of (triage/lexicon.py). Never the
first letter, which people rarely get wrong (spell checkers assume the same); only a red-flag word is read through a
slip of its first letter (`first_letter_slip`), as round 13's repair of red-flag words reads any slip.
tests/triage/test_known_drops.py sweeps the same three kinds of slip over the words of whole reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def slips(word: str) -> frozenset[str]:
    """Every one-letter slip of `word`, not `word` itself."""
    out = set()
    for j in range(1, len(word)):
        out.add(word[:j] + word[j + 1 :])  # left out
        out.add(word[:j] + word[j] + word[j:])  # typed twice
        if j + 1 < len(word):
            out.add(word[:j] + word[j + 1] + word[j] + word[j + 2 :])  # swapped with the next
    out.discard(word)
    return frozenset(out)


# Neighbouring keys on a UK QWERTY keyboard: the same row and the rows above and below, touching.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _near(r: int, i: int) -> frozenset[str]:
    same = {_ROWS[r][j] for j in (i - 1, i + 1) if 0 <= j < len(_ROWS[r])}
    other = {
        _ROWS[o][j] for o in (r - 1, r + 1) if 0 <= o < len(_ROWS) for j in (i - 1, i, i + 1) if 0 <= j < len(_ROWS[o])
    }
    return frozenset(same | other)


NEAR_KEYS: dict[str, frozenset[str]] = {ch: _near(r, i) for r, row in enumerate(_ROWS) for i, ch in enumerate(row)}


def first_letter_slip(typo: str, word: str) -> bool:
    """Whether `typo` is `word` with its first letter left out or struck on a neighbouring key."""
    if typo == word[1:]:
        return True
    return len(typo) == len(word) and typo[1:] == word[1:] and typo[:1] in NEAR_KEYS.get(word[:1], frozenset())


def alternation(forms: Iterable[str]) -> str:
    """A regex alternation of `forms`, longest first, so that a longer form wins where a shorter one would match."""
    return "|".join(re.escape(form) for form in sorted(set(forms), key=lambda form: (-len(form), form)))
