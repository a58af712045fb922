"""Text read off the red-flag rules themselves: the words their patterns need, and made-up sentences that match them.

`words(pattern)` walks a compiled pattern's parse tree (the module `re` parses with) and collects every word a match
can hold: literal letters joined across groups ("apn(?:o)?e(?:a|as|ic)" gives apnoea, apnea, apnoeic ...), a stem
followed by `\\w*` completed with the real words that start with it ("collaps\\w*" gives collapse, collapsed ...).
`sample(pattern, rng)` writes one string the pattern may match, choosing a branch at random, the fewest repeats,
one space for a filler such as `[\\w ,']{0,40}` and a real word for a stem; a caller checks that the rule fires on it
(lookarounds are not honoured here).

`python -m tests.triage.rule_text` rewrites data/symptom_lexicon/red_flag_words.txt, the red-flag vocabulary that
typo repair (triage/lexicon.py) knows; tests/triage/test_typos_in_red_flags.py checks the file is in step with the
rules.
"""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import symspellpy  # type: ignore[import-untyped]
from symspellpy import Verbosity

from triage import lexicon, normalise, phrases, rules, word_rules

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

STEM = "*"  # a run of letters a `\w*` continues
JOIN = "~"  # where an optional space or hyphen may join two words ("epi-?pen", "head ?butt", "to ?live")
VOCABULARY = lexicon.LEXICON_DIR / "red_flag_words.txt"
_WORD_CLASSES = (_c.CATEGORY_WORD,)


def rule_patterns() -> tuple[re.Pattern[str], ...]:
    """Every pattern a red-flag rule reads: the phrases, the word rules, and the compound rules of triage.rules."""
    rule_module = tuple(
        getattr(rules, name)
        for name in (
            "_DIABETES",
            "_DKA_SIGNS",
            "_CHEMO",
            "_INFECTION_SIGNS",
            "_SUDDEN",
            "_SEVERE_TUMMY_OR_BACK_PAIN",
            "_SHOCK",
            "_NG143_RED_WORDS",
            "_LOIN",
            "_STONE",
            "_RIGORS",
            "_KEEPS_VOMITING",
            "_TUMMY",
            "_RIGHT_OR_SPREADING",
            "_WORSE_MOVING",
        )
    )
    words_rules = tuple(p for rule in word_rules.WORD_RULES for group in rule.needs for p in group)
    return (
        *(phrase.pattern for phrase in phrases.PHRASES),
        *words_rules,
        word_rules._HEAD_INJURY,
        word_rules._ANTICOAGULANT,
        *rule_module,
    )


# ---- the words a pattern needs ---------------------------------------------------------------------------------


@dataclass
class _Lang:
    """What a piece of pattern can produce, as far as words go: `runs` are letter strings with no word break; a piece
    that can hold a break has `heads` (letters before its first break) and `tails` (after its last)."""

    runs: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    tails: set[str] = field(default_factory=set)


def _empty() -> _Lang:
    return _Lang(runs={""})


def _gap() -> _Lang:
    return _Lang(heads={""}, tails={""})


def _union(langs: Iterable[_Lang]) -> _Lang:
    out = _Lang()
    for lang in langs:
        out.runs |= lang.runs
        out.heads |= lang.heads
        out.tails |= lang.tails
    return out


def _concat(a: _Lang, b: _Lang, found: set[str]) -> _Lang:
    found.update(t + h for t in a.tails for h in b.heads)
    return _Lang(
        runs={x + y for x in a.runs for y in b.runs},
        heads=a.heads | {x + h for x in a.runs for h in b.heads},
        tails=b.tails | {t + y for t in a.tails for y in b.runs},
    )


def _is_letter(code: int) -> bool:
    return chr(code).isalpha() or chr(code) == "'"


def _class(items: Any) -> tuple[set[str], bool]:
    """The letters a character class allows, and whether it allows anything else (a space, `\\w`, a digit)."""
    letters: set[str] = set()
    other = False
    for op, av in items:
        if op is _c.LITERAL and _is_letter(av):
            letters.add(chr(av))
        elif op is _c.RANGE and all(chr(x).isalpha() for x in av):
            letters.update(chr(x) for x in range(av[0], av[1] + 1))
        else:
            other = True
    return letters, other


def _digits(items: Any) -> str:
    """The digits a class of digits alone allows (`\\d`, `[0-9]`, `[89]`; a reading such as "232/134"); "" for any
    other class."""
    out = ""
    for op, av in items:
        if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            out += "0123456789"
        elif op is _c.LITERAL and chr(av).isdigit():
            out += chr(av)
        elif op is _c.RANGE and all(chr(x).isdigit() for x in av):
            out += "".join(chr(x) for x in range(av[0], av[1] + 1))
        else:
            return ""
    return out


def _is_word_char(items: Any) -> bool:
    return len(items) == 1 and items[0][0] is _c.IN and list(items[0][1]) == [(_c.CATEGORY, _c.CATEGORY_WORD)]


def _lang(items: Any, found: set[str]) -> _Lang:
    out = _empty()
    for op, av in items:
        out = _concat(out, _item(op, av, found), found)
    return out


def _item(op: Any, av: Any, found: set[str]) -> _Lang:
    if op is _c.LITERAL:
        return _Lang(runs={chr(av)}) if _is_letter(av) else _gap()
    if op is _c.IN:
        letters, other = _class(av)
        if av and av[0][0] is _c.NEGATE:
            return _gap()
        lang = _Lang(runs=letters)
        return _union([lang, _gap()]) if other else lang
    if op is _c.AT:
        return _gap() if av is _c.AT_BOUNDARY else _empty()  # no word runs across a \b
    if op is _c.ASSERT_NOT:
        return _empty()
    if op is _c.ASSERT:
        _flush(_lang(av[1], found), found)  # a lookahead's words are needed too
        return _empty()
    if op is _c.SUBPATTERN:
        return _lang(av[3], found)
    if op is _c.BRANCH:
        return _union(_lang(alt, found) for alt in av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, sub = av
        if _is_word_char(sub):
            return _Lang(runs={STEM})
        if _is_filler(sub):
            return _gap()  # words either side of `[\w ,']{0,40}` are separate words
        if low == 0 and _is_separator(sub):
            return _union([_Lang(runs={JOIN}), _gap()])
        once = _lang(sub, found)
        return _union([once, _empty()]) if low == 0 else once
    return _gap()  # any character, a category such as \s or \d, a group reference: a word break


def _is_separator(items: Any, apostrophe: bool = False) -> bool:
    """One space, hyphen or the like: `' ?'`, `'-?'`, `'[- ]?'` (with `apostrophe`, `'?` as well)."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is _c.LITERAL:
        return not _is_letter(av) or (apostrophe and chr(av) == "'")
    return op is _c.IN and not _class(av)[0]


def _flush(lang: _Lang, found: set[str]) -> None:
    found.update(lang.runs | lang.heads | lang.tails)


def raw_words(pattern: re.Pattern[str]) -> set[str]:
    """The words and stems (ending in STEM) a match of `pattern` can hold; STEM alone or inside a word is dropped."""
    found: set[str] = set()
    _flush(_lang(_parser.parse(pattern.pattern, pattern.flags), found), found)
    return {w for w in found if w.strip(JOIN) and w != STEM}


@cache
def english_by_frequency() -> tuple[str, ...]:
    path = Path(symspellpy.__file__).with_name("frequency_dictionary_en_82_765.txt")
    return tuple(line.split(" ", 1)[0] for line in path.read_text().splitlines())


@cache
def _completions_index() -> dict[str, tuple[str, ...]]:
    """Every prefix of 3+ letters -> the real words that start with it, most frequent first (lexicon words first)."""
    lex = lexicon.load()
    ordered = [*sorted(lex.words | (lex.known - lex.english)), *english_by_frequency()]
    index: dict[str, list[str]] = {}
    for w in dict.fromkeys(ordered):
        if not w.isalpha():
            continue
        for n in range(3, len(w) + 1):
            index.setdefault(w[:n], []).append(w)
    return {k: tuple(v) for k, v in index.items()}


MAX_COMPLETIONS = 8  # the commonest words a stem begins: "collaps" -> collapse, collapsed, collapsing, ...


def completions(stem: str, limit: int = MAX_COMPLETIONS) -> tuple[str, ...]:
    """The commonest real words starting with `stem` (the stem itself first when it is one)."""
    return _completions_index().get(stem, ())[:limit]


def _dictionary() -> frozenset[str]:
    lex = lexicon.load()
    return lex.english | lex.known


def _joined(word: str) -> str | None:
    """Two words an optional space or hyphen joins, as one word when it is a real word or neither part is a function
    word ("epipen", "anticancer", "cocodamol"; not "tolive" from "no point to ?live", nor "typeone")."""
    joined = word.replace(JOIN, "")
    if joined in _dictionary():
        return joined
    parts = [p for p in word.split(JOIN) if p]
    return None if any(p in lexicon.ENGLISH for p in parts) else joined


def words(pattern: re.Pattern[str]) -> set[str]:
    """Real words a match of `pattern` can hold: literal words (not two words run together), and stems completed with
    the words they begin."""
    out: set[str] = set()
    for raw in raw_words(pattern):
        parts = [raw.replace(JOIN, "")] if JOIN not in raw else [p for p in raw.split(JOIN) if p]
        joined = _joined(raw) if JOIN in raw else None
        for w in [*parts, *([joined] if joined else [])]:
            if w.endswith(STEM):  # a stem no real word begins is a word itself ("clonk\\w*")
                out.update(completions(w[:-1]) or [w[:-1]])
            elif STEM not in w:
                out.add(w)
    return out


def vocabulary() -> list[str]:
    """The red-flag vocabulary for typo repair: every word the rules need, and what normalising turns into one
    ("agonising" -> "severe pain"), letters only, 4 letters or more (shorter words are never repaired); the word map's
    own spellings among them ("havent") too, since a repair to one is then spelt as the map says ("haven't"; round
    20). Not a word that repair itself changes."""
    needed: set[str] = set()
    for pattern in [*rule_patterns(), *(p for p, _ in normalise._PHRASE_MAP)]:
        needed |= words(pattern)
    return sorted(w for w in needed if w.isalpha() and len(w) >= lexicon.MIN_REPAIR and _kept(w))


def _kept(word: str) -> bool:
    """Whether repair leaves `word` itself: one the lexicon's words repair first ("rigor" -> "rigors", "babys" ->
    "baby") never reaches the rules as itself, so it is no word for repair to give."""
    lex = lexicon.load()
    if word in lex.known or word in lex.english:
        return True
    return not lex.speller.lookup(word, Verbosity.CLOSEST, max_edit_distance=1)


def write_vocabulary() -> None:
    header = (
        "# Red-flag vocabulary: every word of 4+ letters that a red-flag rule's pattern needs (triage/phrases.py,\n"
        "# triage/word_rules.py, triage/rules.py, and triage/normalise.py's phrase map), read off the patterns\n"
        "# by tests/triage/rule_text.py. Typo repair may give these words (triage/lexicon.py).\n"
        "# Regenerate: python -m tests.triage.rule_text\n"
    )
    VOCABULARY.write_text(header + "\n".join(vocabulary()) + "\n")


# ---- one string a pattern matches -------------------------------------------------------------------------------


def sample(pattern: re.Pattern[str], rng: random.Random) -> str:
    """One made-up string `pattern` may match (lookarounds ignored): a random branch, the fewest repeats, a space for
    a filler, and a common real word for a stem."""
    raw = "".join(_sample(_parser.parse(pattern.pattern, pattern.flags), rng))
    text = re.sub(r"[a-z']*\*", lambda m: _complete(m.group(), rng), raw)
    return re.sub(r" {2,}", " ", text).strip()


def _complete(stem: str, rng: random.Random) -> str:
    found = completions(stem[:-1], 3)
    return rng.choice(found) if found else stem[:-1]


def _sample(items: Any, rng: random.Random) -> Iterator[str]:
    for op, av in items:
        yield from _sample_item(op, av, rng)


def _sample_item(op: Any, av: Any, rng: random.Random) -> Iterator[str]:
    if op is _c.LITERAL:
        yield chr(av)
    elif op is _c.IN:
        letters, other = _class(av)
        digits = _digits(av)
        yield rng.choice(sorted(letters)) if letters and not other else rng.choice(digits) if digits else " "
    elif op is _c.SUBPATTERN:
        yield from _sample(av[3], rng)
    elif op is _c.BRANCH:
        yield from _sample(rng.choice(av[1]), rng)
    elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, sub = av
        if _is_word_char(sub):
            yield STEM
        elif low == 0 and _is_separator(sub, apostrophe=True):
            yield from _sample(sub, rng)  # "can't", "epi-pen", "head butt": written out, as people mostly do
        elif low == 0 and _is_filler(sub):
            yield " "
        else:
            for _ in range(low):
                yield from _sample(sub, rng)
    elif op in (_c.ANY, _c.NOT_LITERAL):
        yield " "
    elif op is _c.CATEGORY or op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
        return
    else:
        yield " "


def _is_filler(items: Any) -> bool:
    """A run of anything, such as `[\\w ,']` or `(?:(?!...)[\\w ,'])`: one space stands for it."""
    inner = [(op, av) for op, av in items if op is not _c.ASSERT_NOT]
    if len(inner) == 1 and inner[0][0] is _c.SUBPATTERN:
        return _is_filler(inner[0][1][3])
    return len(inner) == 1 and inner[0][0] is _c.IN and _class(inner[0][1])[1]


if __name__ == "__main__":
    write_vocabulary()
    print(f"{VOCABULARY}: {len(vocabulary())} words")
