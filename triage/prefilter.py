"""Skip a regex scan that cannot match: the literal text every match of a pattern must contain, read off the
pattern itself (an RE2-style prefilter), checked with `in` before the scan.

Python's `re` tries a pattern starting with `\\b` or an alternation at every position of the text, so thirty
red-flag phrases over a 1,200-character report cost milliseconds although most phrases are absent. `x in text`
is a fast substring search. The literals are derived, never written by hand, so a rule edited or added is
covered with no second list to keep in step; a pattern with no literal every match needs is always scanned.
Results are exactly those of `pattern.finditer` (tests/triage/test_prefilter.py).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

_parser: Any = importlib.import_module("re._parser")  # `sre_parse` is the same module, but deprecated
_compiler: Any = importlib.import_module("re._compiler")
_c: Any = importlib.import_module("re._constants")
_WORD_CHAR = re.compile(r"\w")

T = TypeVar("T")
Needed = frozenset[str] | None  # a match contains at least one of these strings; None: nothing is known


def _best(candidates: list[frozenset[str]]) -> Needed:
    """The most selective need: the one whose shortest string is longest."""
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _item(op: Any, av: Any) -> Needed:
    """What one parsed item needs; None for anything that may match without a fixed string."""
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & re.IGNORECASE else _sequence(sub)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op is _c.BRANCH:
        alternatives = [_sequence(alt) for alt in av[1]]
        if any(a is None for a in alternatives):
            return None
        return frozenset().union(*(a for a in alternatives if a is not None))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(av[2])
    return None


def _sequence(items: Any) -> Needed:
    """A sequence needs what any one of its items needs; runs of literal characters are one string."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        if (need := _item(op, av)) is not None:
            candidates.append(need)
    if run:
        candidates.append(frozenset(["".join(run)]))
    return _best(candidates)


def by_identity(derive: Callable[[re.Pattern[str]], T]) -> Callable[[re.Pattern[str]], T]:
    """`derive`, remembered per pattern object. Not functools.cache: hashing a compiled pattern hashes its whole
    code (microseconds for a long one), and the scans are asked about a pattern hundreds of times per report."""
    memo: dict[int, tuple[re.Pattern[str], T]] = {}

    def remembered(pattern: re.Pattern[str]) -> T:
        entry = memo.get(id(pattern))
        if entry is None or entry[0] is not pattern:  # the pattern is kept in the entry, so its id is not reused
            entry = memo[id(pattern)] = (pattern, derive(pattern))
        return entry[1]

    return remembered


@by_identity
def needed(pattern: re.Pattern[str]) -> Needed:
    """Strings one of which every match of `pattern` contains; None if the pattern promises none."""
    if pattern.flags & re.IGNORECASE:
        return None
    return _sequence(_parser.parse(pattern.pattern, pattern.flags))


def _has_groups(items: Any) -> bool:
    """Whether a parsed sequence holds a capturing group or a back-reference (then it is never copied)."""
    for op, av in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS) or (op is _c.SUBPATTERN and av[0] is not None):
            return True
        subs = av if isinstance(av, (list, tuple)) else ()
        for sub in subs:
            if isinstance(sub, _parser.SubPattern) and _has_groups(sub.data):
                return True
            if isinstance(sub, list) and any(isinstance(x, _parser.SubPattern) and _has_groups(x.data) for x in sub):
                return True
    return False


def _lead(items: list[Any], after_boundary: Any) -> list[list[Any]] | None:
    """`items` as alternatives that each start with a literal character; None if that cannot be done.

    A leading `\\b` before a word character c is the same as c followed by "the character before c is not a word
    character" (`(?<!\\w.)`); a leading alternation with only literal-led branches is the same as one branch per
    alternative with the rest of the sequence appended (tried in the same order)."""
    if not items:
        return None
    (op, av), rest = items[0], items[1:]
    if op is _c.LITERAL:
        return [items]
    if op is _c.AT and av is _c.AT_BOUNDARY:
        alternatives = _lead(rest, after_boundary)
        if alternatives is None or not all(_WORD_CHAR.fullmatch(chr(alt[0][1])) for alt in alternatives):
            return None
        return [[alt[0], *after_boundary, *alt[1:]] for alt in alternatives]
    if op is _c.BRANCH and (not rest or not _has_groups(rest)):
        out: list[list[Any]] = []
        for branch in av[1]:
            sub = _lead([*branch.data, *rest], after_boundary)
            if sub is None:
                return None
            out += sub
        return out
    return None


@by_identity
def fast(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, compiled so that `re` looks for its possible first characters before trying a match there.

    `re` skips ahead by first character only when a pattern starts with a literal or an alternation of literals;
    one that starts with `\\b` (most of ours) is tried at every position, about five times slower. The rewrite
    matches exactly the same spans and groups (tests/triage/test_prefilter.py); anything it cannot handle is
    returned unchanged."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE):
        return pattern
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        boundary = _parser.parse(r"(?<!\w.)", pattern.flags).data
        alternatives = _lead(list(parsed.data), list(boundary))
        if alternatives is None or (len(alternatives) < 2 and parsed.data[0][0] is _c.LITERAL):
            return pattern
        state = parsed.state
        branches = [_parser.SubPattern(state, alt) for alt in alternatives]
        tree = _parser.SubPattern(state, [(_c.BRANCH, (None, branches))] if len(branches) > 1 else alternatives[0])
        compiled: re.Pattern[str] = _compiler.compile(tree, pattern.flags)
        return compiled
    except Exception:  # an internal of `re` changed: scan with the pattern as written
        return pattern


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match anywhere in `text`."""
    need = needed(pattern)
    if need is None:
        return True
    return any(map(text.__contains__, need))  # in C: a generator per call costs more than the searches


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, skipped when the text lacks every string a match needs."""
    return fast(pattern).finditer(text) if may_match(pattern, text) else iter(())


def sub(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """`pattern.sub(replacement, text)`, skipped when nothing can match."""
    return fast(pattern).sub(replacement, text) if may_match(pattern, text) else text
