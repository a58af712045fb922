"""Made-up reports whose answer comes from a red-flag rule, written from the rule tables themselves, and the typing
slips people make inside a word (issue 15 items 1 and 4; round 13).

`cases()` samples each red-flag phrase, each word rule (one pattern per group it needs) and each compound rule of
`triage.rules` with `rule_text.sample`, and keeps the reports on which that rule fires and sets the answer (its floor
is the disposition). `slips(word)` lists the one-slip typos of a word: two adjacent letters swapped, one letter
dropped, one doubled, one replaced by a neighbouring key.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

from tests.triage import rule_text
from triage import lexicon, phrases, rules, word_rules
from triage.schemas import parse_report
from triage.service import Triager, default_artifacts_dir

PER_RULE = 6  # reports kept per rule
TRIES = 80  # samples tried per rule
MIN_LETTERS = 5  # the red-flag words a slip goes into

# Neighbouring keys on a UK QWERTY keyboard (same row and the rows above and below, touching).
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEAR: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _i, _ch in enumerate(_row):
        _near = {_row[j] for j in (_i - 1, _i + 1) if 0 <= j < len(_row)}
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_ROWS):
                _near |= {_ROWS[_other][j] for j in (_i - 1, _i, _i + 1) if 0 <= j < len(_ROWS[_other])}
        _NEAR[_ch] = "".join(sorted(_near))
KINDS = ("swap", "drop", "double", "near key")


def slips(word: str) -> list[tuple[str, str]]:
    """Every one-slip typo of `word` (kind, typo), each distinct and not the word itself."""
    out: dict[str, str] = {}
    for i in range(len(word)):
        if i + 1 < len(word) and word[i] != word[i + 1]:
            out.setdefault(word[:i] + word[i + 1] + word[i] + word[i + 2 :], "swap")
        out.setdefault(word[:i] + word[i + 1 :], "drop")
        out.setdefault(word[:i] + word[i] + word[i:], "double")
        for key in _NEAR.get(word[i], ""):
            out.setdefault(word[:i] + key + word[i + 1 :], "near key")
    out.pop(word, None)
    return [(kind, typo) for typo, kind in out.items()]


def real_word(word: str) -> bool:
    """A word English or the lexicon knows: a slip that lands on one reads as that word, and is never repaired."""
    lex = lexicon.load()
    return word in lex.english or word in lex.known


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # the rule's name, as a red flag
    needs: tuple[tuple[re.Pattern[str], ...], ...]
    age: float = 40.0


def sources() -> list[Source]:
    out = [Source(p.name, ((p.pattern,),)) for p in phrases.PHRASES]
    out += [Source(r.name, r.needs) for r in word_rules.WORD_RULES]
    out += [
        Source(
            "head injury on an anticoagulant, an antiplatelet or with a bleeding disorder",
            ((word_rules._HEAD_INJURY,), (word_rules._ANTICOAGULANT,)),
        ),
        Source("possible diabetic ketoacidosis", ((rules._DIABETES,), (rules._DKA_SIGNS,))),
        Source("on chemotherapy with a fever or signs of infection", ((rules._CHEMO,), (rules._INFECTION_SIGNS,))),
        Source(
            "sudden severe tummy or back pain with dizziness or collapse over 50",
            ((rules._SUDDEN,), (rules._SEVERE_TUMMY_OR_BACK_PAIN,), (rules._SHOCK,)),
            65.0,
        ),
        Source("NG143 red feature in words (under 5)", ((rules._NG143_RED_WORDS,),), 2.0),
        Source("loin pain with fever or rigors", ((rules._LOIN,), (rules._RIGORS,))),
        Source(
            "possible appendicitis in a child",
            ((rules._TUMMY,), (rules._RIGHT_OR_SPREADING,), (rules._WORSE_MOVING,)),
            10.0,
        ),
    ]
    return out


@dataclass(frozen=True, slots=True)
class Case:
    rule: str
    report: tuple[tuple[str, object], ...]  # hashable, so hypothesis can show it

    def with_text(self, text: str) -> dict[str, object]:
        return {**dict(self.report), "text": text}

    @property
    def text(self) -> str:
        return str(dict(self.report)["text"])

    def words(self) -> list[str]:
        """The red-flag words a slip may go into: the sampled text's words of 5+ letters (all of it is the rule's)."""
        # Not "couldn't" (a word with an apostrophe is never repaired), nor a word repair itself changes ("apneas" is
        # read as "apnea"): the rules never read it as written.
        found = re.findall(r"[a-z][a-z']*", self.text)
        lex = lexicon.load()
        return list(dict.fromkeys(w for w in found if len(w) >= MIN_LETTERS and w.isalpha() and lex.repair(w) == w))


@cache
def shipped() -> Triager:
    return Triager.load(default_artifacts_dir())


def urgency(report: dict[str, object]) -> int:
    return shipped().assess(parse_report(report)).disposition.urgency


def _sex(name: str) -> str:
    return "female" if "pregnan" in name else "male"


def _fires(source: Source, report: dict[str, object]) -> bool:
    result = shipped().assess(parse_report(report))
    floors = [h.floor.urgency for h in rules.assess(parse_report(report)) if h.name == source.name]
    return source.name in result.red_flags and max(floors, default=-1) == result.disposition.urgency


@cache
def cases() -> tuple[Case, ...]:
    """PER_RULE reports per rule on which it fires and its floor is the answer (seeded: the same every run)."""
    out: list[Case] = []
    for number, source in enumerate(sources()):
        rng, kept = random.Random(1300 + number), 0
        for _ in range(TRIES):
            text = ". ".join(rule_text.sample(rng.choice(group), rng) for group in source.needs)
            report = {"text": text, "age": source.age, "sex": _sex(source.name)}
            if any(c.text == text for c in out[-kept:] if kept) or not _fires(source, report):
                continue
            out.append(Case(source.name, tuple(report.items())))
            kept += 1
            if kept == PER_RULE:
                break
    return tuple(out)
