"""Skip regex work that cannot match: the literal text every match of a pattern must contain, read off the
pattern itself (an RE2-style prefilter), checked before the scan.

Python's `re` tries a pattern starting with `\\b` or an alternation at every position of the text, so thirty
red-flag phrases over a 1,200-character report cost milliseconds although most phrases are absent. The strings
are derived, never written by hand, so a rule edited or added is covered with no second list to keep in step.
A pattern is split into literal-led alternatives (`_lead`; a leading `\\b` is checked after the first literal
run, so `re` finds each alternative by a literal search); one Aho-Corasick pass (pyahocorasick) tells which of
the ~700 needed strings a text holds, and only the alternatives whose strings are all there are scanned
(`scanner`), alone or merged (`_Union`). A pattern that cannot be split is skipped when a string it needs is
absent. Results are exactly those of `pattern.finditer` (tests/triage/test_prefilter.py, test_scan_equality.py).
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Protocol, TypeVar

import ahocorasick  # type: ignore[import-not-found]

_parser: Any = importlib.import_module("re._parser")  # `sre_parse` is the same module, but deprecated
_compiler: Any = importlib.import_module("re._compiler")
_c: Any = importlib.import_module("re._constants")
_WORD_CHAR = re.compile(r"\w")

T = TypeVar("T")
Needed = frozenset[str] | None  # a match contains at least one of these strings; None: nothing is known
Needs = tuple[tuple[frozenset[str], ...], ...]  # per alternative, sets of strings a match holds one of, each


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
    return _best(_candidates(items))


def _candidates(items: Any) -> list[frozenset[str]]:
    """What each item of a sequence needs (every one of them is needed), runs of literal characters as one string."""
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
    return candidates


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


def needed(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of strings every match of `pattern` holds one of, each (`_selective`); none if it promises nothing."""
    if pattern.flags & re.IGNORECASE:
        return ()
    return _selective(_candidates(_parser.parse(pattern.pattern, pattern.flags)))


def _run(items: list[Any]) -> int:
    """How many literal characters (newlines aside: `.` would not match them) `items` starts with."""
    n = 0
    while n < len(items) and items[n][0] is _c.LITERAL and items[n][1] != _NEWLINE:
        n += 1
    return n


_NEWLINE = ord("\n")
_BOUNDARIES: dict[tuple[int, int], list[Any]] = {}  # (literal run, flags) -> parsed "(?<!\w.{run})"


def _boundary(run: int, flags: int) -> list[Any]:
    """A leading `\\b`, checked after the first `run` literal characters: "the character before them is not a word
    character". Checked there, the pattern starts with the whole run, which `re` finds by a fast literal search."""
    key = (run, flags)
    if key not in _BOUNDARIES:
        _BOUNDARIES[key] = list(_parser.parse(rf"(?<!\w.{{{run}}})", flags).data)
    return _BOUNDARIES[key]


def _lead(items: list[Any], flags: int) -> list[list[Any]] | None:
    """`items` as alternatives that each start with a literal character; None if that cannot be done.

    A leading `\\b` before a word character c is the same as c (and the literal characters after it) followed by
    "the character before c is not a word character" (`_boundary`); a leading alternation with only literal-led
    branches is the same as one branch per alternative with the rest of the sequence appended (tried in the same
    order; a group in the rest keeps its number in every copy, and only one copy can be in a match)."""
    if not items:
        return None
    (op, av), rest = items[0], items[1:]
    if op is _c.LITERAL:
        return [items]
    if op is _c.AT and av is _c.AT_BOUNDARY:
        alternatives = _lead(rest, flags)
        if alternatives is None or not all(_WORD_CHAR.fullmatch(chr(alt[0][1])) for alt in alternatives):
            return None
        return [[*alt[: _run(alt)], *_boundary(_run(alt), flags), *alt[_run(alt) :]] for alt in alternatives]
    if op is _c.BRANCH:
        out: list[list[Any]] = []
        for branch in av[1]:
            sub = _lead([*branch.data, *rest], flags)
            if sub is None:
                return None
            out += sub
        return out
    return None


def _without_boundaries(items: list[Any]) -> list[Any]:
    """`items` less the checks `_boundary` put in (zero-width: the characters either side stay next to each other)."""
    put = [id(b) for added in _BOUNDARIES.values() for b in added]
    return [item for item in items if id(item) not in put]


def _alternatives(pattern: re.Pattern[str]) -> tuple[Any, list[list[Any]], Needs] | None:
    """`pattern` parsed, its literal-led alternatives (`_lead`) and what each of them needs: every set of strings
    one of which each of its matches holds (none: anything); None if it cannot be split so."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE):
        return None
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    alternatives = _lead(list(parsed.data), pattern.flags)
    if alternatives is None:
        return None
    return parsed, alternatives, tuple(_selective(_candidates(_without_boundaries(alt))) for alt in alternatives)


_MIN_STRING = 3


def _selective(candidates: list[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """The most selective need and any other whose strings are all 3 characters or longer: a short string such as
    " " or "t" is in every text and would only add work to the one pass that finds them (`_Strings`)."""
    best = _best(candidates)
    return tuple(c for c in candidates if c is best or min(map(len, c)) >= _MIN_STRING)


def _compile(state: Any, alternatives: list[list[Any]], flags: int) -> re.Pattern[str]:
    branches = [_parser.SubPattern(state, alt) for alt in alternatives]
    tree = _parser.SubPattern(state, [(_c.BRANCH, (None, branches))] if len(branches) > 1 else alternatives[0])
    compiled: re.Pattern[str] = _compiler.compile(tree, flags)
    return compiled


@by_identity
def fast(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, compiled so that `re` looks for its possible first characters before trying a match there.

    `re` skips ahead by first character only when a pattern starts with a literal or an alternation of literals;
    one that starts with `\\b` (most of ours) is tried at every position, about five times slower. The rewrite
    matches exactly the same spans and groups (tests/triage/test_prefilter.py); anything it cannot handle is
    returned unchanged."""
    try:
        split = _alternatives(pattern)
        if split is None:
            return pattern
        parsed, alternatives, _ = split
        if len(alternatives) < 2 and parsed.data[0][0] is _c.LITERAL:
            return pattern
        return _compile(parsed.state, alternatives, pattern.flags)
    except Exception:  # an internal of `re` changed: scan with the pattern as written
        return pattern


class _Strings:
    """Every needed string of the patterns scanned so far, numbered, and one Aho-Corasick automaton (pyahocorasick,
    in C) that finds which of them a text holds in one pass: some 700 strings, most of them in several patterns,
    and `in` once per string costs ~15 times as much (350 us against 22 us on a 1,200-character report).
    A pattern's strings are numbered when it is first split; the automaton is built when a text is next read, once
    for all the strings added since (one build per string set, not per pattern: the triager's ~500 additions on its
    first scan rebuilt it each time, 0.1 s of CPU), under a lock, and swapped in, so a text read by an older one is
    read again (`_holds`)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._built: tuple[int, Any] = (0, None)  # how many strings the automaton holds, and the automaton
        self._lock = threading.Lock()

    def add(self, strings: frozenset[str]) -> frozenset[int]:
        with self._lock:
            for string in sorted(strings - self.ids.keys()):
                self.ids[string] = len(self.ids)
            return frozenset(self.ids[string] for string in strings)

    def automaton(self) -> Any:
        """The automaton of every string added so far (None before any)."""
        if self._built[0] != len(self.ids):
            with self._lock:
                if self._built[0] != len(self.ids):
                    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
                    for string, number in self.ids.items():
                        automaton.add_word(string, number)
                    automaton.make_automaton()
                    self._built = (len(self.ids), automaton)
        return self._built[1]


_STRINGS = _Strings()
# The last few texts read, by which automaton, and the numbers of the strings each holds: a report's text is scanned
# by some fifty patterns, but the scans alternate between texts (the text and its masked copy in triage/negation.py,
# the report and the text without its red flags in triage/service.py), and one remembered text read each again.
_SEEN_MAX = 4
_seen: tuple[tuple[str, Any, frozenset[int]], ...] = ()


def _holds(text: str) -> frozenset[int]:
    """The numbers of the needed strings that `text` holds."""
    global _seen
    seen, automaton = _seen, _STRINGS.automaton()
    for entry in seen:
        if entry[0] is text and entry[1] is automaton:
            return entry[2]
    found = frozenset(map(itemgetter(1), automaton.iter(text))) if automaton is not None else frozenset()
    _seen = ((text, automaton, found), *seen[: _SEEN_MAX - 1])  # one tuple swapped in: safe across threads
    return found


class Scanner(Protocol):
    def finditer(self, string: str) -> Iterator[re.Match[str]]: ...

    def search(self, string: str) -> re.Match[str] | None: ...


class _Union:
    """Some of a pattern's alternatives, each compiled on its own, scanned as their alternation would be.

    At each position an alternation gives the first alternative (in order) that matches there, and nothing follows
    the alternatives (`_lead` appended the rest of the pattern to each), so that match is the alternative's own.
    Its next match is therefore the leftmost of the alternatives' next matches, the earliest alternative on a tie,
    and the scan goes on from its end (every alternative starts with a literal: no empty match). `search` from a
    position sees the text before it, as the alternation does. This costs no compilation per subset of
    alternatives: compiling one took ~50 us per alternative, paid by every report with words not seen before."""

    __slots__ = ("alternatives",)

    def __init__(self, alternatives: list[re.Pattern[str]]) -> None:
        self.alternatives = alternatives

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        heads = [alternative.search(string) for alternative in self.alternatives]
        while True:
            first = None
            for m in heads:
                if m is not None and (first is None or m.start() < first.start()):
                    first = m
            if first is None:
                return
            yield first
            end = first.end()
            heads = [
                m if m is None or m.start() >= end else alternative.search(string, end)
                for alternative, m in zip(self.alternatives, heads, strict=True)
            ]

    def search(self, string: str) -> re.Match[str] | None:
        return next(self.finditer(string), None)


@dataclass(slots=True)
class _Split:
    needs: tuple[tuple[frozenset[int], ...], ...]  # per alternative, the numbers of each set of strings it needs
    every: frozenset[int]  # all of them
    scanners: dict[frozenset[int], Scanner | None]  # which of `every` a text holds -> its scanner
    compiled: list[re.Pattern[str]]  # each alternative on its own


@by_identity
def _split(pattern: re.Pattern[str]) -> _Split | None:
    try:
        split = _alternatives(pattern)
        if split is None or len(split[1]) < 2:
            return None
        parsed, alternatives, needs = split
        # Every alternative compiled now, once per pattern (~50 us each, ~25 ms for all the triager's on its first
        # report), rather than on the reports whose words first need it.
        compiled = [_compile(parsed.state, [alternative], pattern.flags) for alternative in alternatives]
    except Exception:  # an internal of `re` changed: scan with the pattern as written
        return None
    numbers = tuple(tuple(_STRINGS.add(need) for need in alternative) for alternative in needs)
    return _Split(numbers, frozenset().union(*(n for alt in numbers for n in alt)), {}, compiled)


@by_identity
def _needed_numbers(pattern: re.Pattern[str]) -> tuple[frozenset[int], ...]:
    """For a pattern not split into alternatives: the numbers of every set of strings it needs."""
    return tuple(map(_STRINGS.add, needed(pattern)))


_SCANNERS_MAX = 512  # scanners kept per pattern: a report's words pick few subsets; any more are compiled anew


def _held(split: _Split, text: str) -> frozenset[int]:
    """Which of the split pattern's strings `text` holds."""
    return split.every.intersection(_holds(text))  # after `_split`, which adds the pattern's strings


def _kept(split: _Split, held: frozenset[int]) -> tuple[int, ...]:
    """The alternatives that can match in a text holding these of the pattern's strings."""
    return tuple(i for i, needs in enumerate(split.needs) if all(need & held for need in needs))


# Patterns the triager scans, named by their modules at import; all are split on the first scan (about 0.05 s, once),
# rather than each on the first report that needs it (a few ms then, on reports scattered over the first hundreds).
_WAITING: list[re.Pattern[str]] = []


def register(*patterns: re.Pattern[str]) -> None:
    _WAITING.extend(patterns)


def _prepare() -> None:
    while _WAITING:
        pattern = _WAITING.pop()  # atomic: each is taken once, whichever thread takes it
        if _split(pattern) is None:
            _needed_numbers(pattern)
            fast(pattern)


def scanner(pattern: re.Pattern[str], text: str) -> Scanner | None:
    """Something that finds in `text` exactly what `pattern` finds; None if `pattern` cannot match there.

    A pattern split into literal-led alternatives (`_lead`) keeps only those whose needed strings `text` holds:
    `re` tries the alternatives in order at each position, and one that cannot match anywhere in the text fails at
    every position, so dropping it changes no match, span or group (group numbers are kept: the parse state is
    shared). One alternative kept is scanned alone, by the literal search `re` does for a literal prefix; several
    are scanned together (`_Union`); all of them, as the pattern rewritten (`fast`)."""
    if _WAITING:
        _prepare()
    split = _split(pattern)
    if split is None:
        needs = _needed_numbers(pattern)  # first: it may add strings, and so a new automaton, which `_holds` uses
        if not needs:
            return fast(pattern)  # nothing to check: the text is not read for this pattern's sake
        held = _holds(text)
        return fast(pattern) if all(not need.isdisjoint(held) for need in needs) else None
    held = _held(split, text)
    if held in split.scanners:
        return split.scanners[held]
    keep = _kept(split, held)
    found: Scanner | None
    if not keep:
        found = None
    elif len(keep) == len(split.needs):
        found = fast(pattern)
    elif len(keep) == 1:
        found = split.compiled[keep[0]]
    else:
        found = _Union([split.compiled[i] for i in keep])
    if len(split.scanners) < _SCANNERS_MAX:
        split.scanners[held] = found
    return found


def held_by(text: str) -> frozenset[int]:
    """The numbers of the needed strings `text` holds, every registered pattern's strings counted."""
    if _WAITING:
        _prepare()
    return _holds(text)


def one_needed(patterns: tuple[re.Pattern[str], ...]) -> frozenset[int] | None:
    """Strings one of which every match of any of `patterns` holds (one need of each alternative, pooled); None if
    some alternative needs none. A text that holds none of them (`held_by`) matches none of the patterns, so a rule
    whose every pattern of one group is among them can be passed over with one set operation, where asking each
    pattern's `scanner` costs a chain of calls (word rules: most of their ~120 are absent from any report)."""
    if _WAITING:
        _prepare()
    pooled: set[int] = set()
    for pattern in patterns:
        split = _split(pattern)
        alternatives = split.needs if split is not None else (_needed_numbers(pattern),)
        for needs in alternatives:
            if not needs:
                return None
            pooled |= needs[0]
    return frozenset(pooled)


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, scanning only with the alternatives that can match in `text` (`scanner`)."""
    found = scanner(pattern, text)
    return found.finditer(text) if found is not None else iter(())


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern.search(text)`: the first match `finditer` would give."""
    found = scanner(pattern, text)
    return found.search(text) if found is not None else None


def sub(pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
    """`pattern.sub(replacement, text)`, with only the alternatives that can match in `text` (`scanner`). Matches
    are never empty (see `_Union`), so each is replaced as `re.sub` would: by `replacement(match)` or the template
    expanded for the match."""
    found = scanner(pattern, text)
    if found is None:
        return text
    if isinstance(found, re.Pattern):
        return found.sub(replacement, text)
    parts: list[str] = []
    last = 0
    for m in found.finditer(text):
        parts += (text[last : m.start()], replacement(m) if callable(replacement) else m.expand(replacement))
        last = m.end()
    return "".join([*parts, text[last:]]) if parts else text
