"""What a rule fires, a floor, and when a pattern counts as said now.

A `RuleHit` names a disposition the final answer must be at least as urgent as. A pattern counts where its clause
does not deny it and it is not safety-netting advice repeated ("told to call 999 if her lips go blue"); the rules
about a mental-health crisis also skip a history ("used to hear voices").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from models.vocabulary import Disposition
from triage import prefilter
from triage.findings import Findings
from triage.negation import Polarity


@dataclass(frozen=True, slots=True)
class RuleHit:
    name: str
    floor: Disposition
    source: str


# Denied, or safety-netting advice repeated ("told to call 999 if her lips go blue"): not happening now. Hypothetical,
# historical and someone-else phrases still fire: "worried about her breathing" may be about now.
NOT_NOW = frozenset({Polarity.NEGATED, Polarity.ADVICE})
NOT_NOW_OR_PAST = NOT_NOW | {Polarity.HISTORICAL}


def now(pattern: re.Pattern[str], f: Findings, not_now: frozenset[Polarity] = NOT_NOW) -> Iterator[re.Match[str]]:
    """The pattern's occurrences that are not denied or advice. Most patterns are absent: their scans are skipped."""
    for m in prefilter.finditer(pattern, f.text):
        if f.scopes.polarity(m.start()) not in not_now:
            yield m
        elif (hidden := _hidden(pattern, f, m, not_now)) is not None:
            yield hidden


def _hidden(
    pattern: re.Pattern[str], f: Findings, denied: re.Match[str], not_now: frozenset[Polarity] = NOT_NOW
) -> re.Match[str] | None:
    """An occurrence not denied that starts inside a denied one. Matches found in turn do not overlap, so in "no
    chest pain, crushing chest pain going down my arm" the only one starts at the denied "chest pain" and runs to
    "arm"; the pattern is tried again from each later start inside it (rare: only after a denied match)."""
    pos = denied.start() + 1
    while (m := pattern.search(f.text, pos)) is not None and m.start() < denied.end():
        if f.scopes.polarity(m.start()) not in not_now:
            return m
        pos = m.start() + 1
    return None


def present(pattern: re.Pattern[str], f: Findings, not_now: frozenset[Polarity] = NOT_NOW) -> bool:
    return any(True for _ in now(pattern, f, not_now))
