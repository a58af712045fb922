"""One-letter typing slips of a word: two neighbouring letters swapped, a letter left out, a letter typed twice.

Read through where a slip can be: the label of a number, whose place tells what it is ("hart rate 94" is a pulse),
and a typo equally near two words, which typo repair gives the one it is a slip of (triage/lexicon.py). Never the
first letter, which people rarely get wrong (spell checkers assume the same).
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


def alternation(forms: Iterable[str]) -> str:
    """A regex alternation of `forms`, longest first, so that a longer form wins where a shorter one would match."""
    return "|".join(re.escape(form) for form in sorted(set(forms), key=lambda form: (-len(form), form)))
