"""The second reading of a report without its red-flag phrases (triage/recut.py) is `extract` of that text, and the
triager's answers are those of the full second reading: on 1,200 generated reports (600 of them 1,200 characters
long; the triager's whole answers on every third) with red flags put in next to negations, newlines, numbers,
double spaces, capitals and a typo that normalises twice ("diarhea" -> "diarrhea" -> "diarrhoea"), and on
hypothesis's compositions. The conditions the proof in triage/recut.py rests on are checked here too."""

from __future__ import annotations

import importlib
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.triage.reports import generated
from triage import findings, lexicon, measurements, negation, normalise, phrases, recut
from triage.findings import Findings, extract
from triage.schemas import TriageReport, parse_report
from triage.service import Triager, baseline

# An equality proof over thousands of generated reports: the rest of tests/triage covers every line it runs (checked:
# triage's coverage is the same with and without this mark), and tracing its loops cost about 15 s of the suite's
# CPU together with test_recut, test_scan_equality and test_second_scoring, which carry the same mark.
pytestmark = pytest.mark.no_cover

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
_compiler: Any = importlib.import_module("re._compiler")

# The patterns whose matches stay inside a sentence: none takes a "." (the tests below read each one's
# parse tree). The clause punctuation (negation._PUNCTUATION_SCAN) takes one character, the separator's "." too.
CONFINED: tuple[re.Pattern[str], ...] = (
    *(pattern for pattern, _ in normalise._PHRASE_MAP),
    normalise._SPACE_RUNS,
    normalise._TOKEN,
    negation._PSEUDO,
    *(pattern for _, pattern in negation._CUES),
    negation._UNSURE,
    negation._NORMAL,
    negation._NOT_NORMAL,
    negation._DASH_SCAN,
    negation._WORDS_SCAN,
    negation._LIST,
    findings._WORD,
    findings._SEVERE,
    findings._SUDDEN,
)
# The numbers' patterns: a "." only before a digit ("38.5") or by a unit's `\S*` ("mmol."), never the space after.
NUMBERS = (
    measurements._TEMP,
    measurements._BARE_TEMP,
    measurements._PULSE,
    measurements._RESP,
    measurements._SPO2,
    measurements._BP,
    measurements._GLUCOSE,
    measurements._DURATION,
    measurements._SINCE,
)

# 600 bases, each told short and at 1,200 characters: 2,400 reports took about 90 s of the suite under coverage on a
# busy machine, for no failure the 1,200 and the hypothesis compositions below do not also find.
_BASES = generated(424242, 600)
_BASE_INDEX = st.integers(0, len(_BASES) - 1)
_FLAGS = (
    "crushing chest pain",
    "can't breathe",
    "lips are blue",
    "face has dropped on one side",
    "tongue swelling",
    "she had a seizure",
    "sats 84%",
    "not breathing",
    "coughing up blood",
    "worst headache of my life",
)
_NEAR = ("no fever, ", "not ", "temp 39.5 ", "for 3 days ", "sats 91% ", "but ", "me ", "he denies ", "diarhea, ", "")
_JOINS = (". ", ", ", " ", ".\n", "\n", ".  ", " - ", "; ", ". ")


def _long(i: int) -> str:
    """A 1,200-character report of several complaints, as bench/triage_bench.py builds them."""
    text, j = str(_BASES[i]["text"]), i + 1
    while len(text) < 1200:
        text += ". " + str(_BASES[j % len(_BASES)]["text"])
        j += 1
    return text[:1200]


def _with_flags(text: str, rng: random.Random) -> str:
    """`text` with one to three red-flag phrases put in at sentence breaks or anywhere, with neighbours."""
    for _ in range(rng.randint(1, 3)):
        cuts = [m.end() for m in re.finditer(r"\. |, | ", text)] or [len(text)]
        at = rng.choice(cuts)
        flag = rng.choice(_NEAR) + rng.choice(_FLAGS)
        flag = flag.upper() if rng.random() < 0.05 else flag
        text = text[:at] + flag + rng.choice(_JOINS) + text[at:]
    return text


def _reports() -> list[TriageReport]:
    rng = random.Random(20261206)
    out = []
    for i in range(len(_BASES)):
        for text in (str(_BASES[i]["text"]), _long(i)):
            out.append(parse_report({**_BASES[i], "text": _with_flags(text, rng)}))
    return out


REPORTS = _reports()
_FIELDS = ("text", "items", "measured", "words", "content_words", "known_share", "english_share", "present_text")


def _cut(report: TriageReport) -> tuple[Findings, TriageReport | None]:
    f = extract(report.text)
    return f, baseline(report, phrases.matches(report.text, f), f)


def _same(text: str, earlier: Findings) -> None:
    full, cut = extract(text), recut.extract_cut(text, earlier)
    for name in _FIELDS:
        assert getattr(cut, name) == getattr(full, name), (name, text)
    assert cut.reading == full.reading, text  # the words, where they start, which the model reads, their polarity


def test_the_second_reading_is_extract_of_the_cut_text_on_generated_reports() -> None:
    reused = cut_long = 0
    for report in REPORTS:
        f, base = _cut(report)
        if base is None:
            continue
        _same(base.text, f)
        reused += recut.reusable(base.text)
        cut_long += len(report.text) > 1000
    assert reused >= 500 and cut_long >= 450  # most go through the reuse, not the fallback; long ones too


def test_the_triager_answers_as_with_the_full_second_reading(triager: Triager, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = REPORTS[::3]  # each assessed twice: the reading itself is compared on every report above
    served = [triager.assess(report) for report in reports]
    monkeypatch.setattr(recut, "extract_cut", lambda text, earlier: extract(text))
    for report, answer in zip(reports, served, strict=True):
        assert triager.assess(report) == answer, report.text  # every field, the explanation included


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_FLAGS, *_NEAR, *_JOINS, "chest. pain", "temp", "39", "mmol.", "- x", "pukinng. "]),
        max_size=12,
    ),
    _BASE_INDEX,
    st.booleans(),
)
def test_any_composition_reads_as_extract(pieces: list[str], i: int, long: bool) -> None:
    text = (_long(i) if long else str(_BASES[i]["text"])).lower()
    at = len(text) // 2
    report = parse_report({**_BASES[i], "text": text[:at] + "".join(pieces) + ". " + text[at:]})
    f, base = _cut(report)
    if base is not None:
        _same(base.text, f)


_CHARS = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)


def _inside(op: Any, av: Any) -> list[Any]:
    """The parsed sequences inside a node, lookarounds included; an unknown node fails the test rather than pass."""
    if op is _c.BRANCH:
        return list(av[1])
    if op is _c.SUBPATTERN:
        return [av[3]]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        return [av[2]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    assert op is _c.AT, f"not handled here: {op}"
    return []


def _consumes(items: Any, char: str) -> bool:
    """Whether any node of a parsed pattern, lookarounds included, can consume `char`."""
    for op, av in items:
        if op in _CHARS:
            if _compiler.compile(_parser.SubPattern(items.state, [(op, av)]), 0).fullmatch(char):
                return True
        elif any(_consumes(sub, char) for sub in _inside(op, av)):
            return True
    return False


@pytest.mark.parametrize("pattern", CONFINED, ids=[p.pattern[:40] for p in CONFINED])
def test_no_confined_pattern_consumes_a_full_stop(pattern: re.Pattern[str]) -> None:
    assert not _consumes(_parser.parse(pattern.pattern, pattern.flags), ".")


@pytest.mark.parametrize("pattern", NUMBERS, ids=[p.pattern[:40] for p in NUMBERS])
def test_no_number_is_read_across_a_sentence_break(pattern: re.Pattern[str]) -> None:
    """A "." is taken only before a digit or by a unit's `\\S*`: never with the space after it."""
    tree = _parser.parse(pattern.pattern, pattern.flags)
    assert _consumes(tree, ".") is (pattern in (measurements._TEMP, measurements._BARE_TEMP, measurements._GLUCOSE))
    tricky = ["temp 38. 5 days. bp 120. /80. sugar 5 mmol. 3 weeks. old", "sats. 91%. hr. 120. fever 38.5. 6 mg. /dl"]
    texts = [*(r.text for r in REPORTS), *tricky]
    for text in texts:
        for m in pattern.finditer(text.lower()):
            assert ". " not in m.group(), (m.group(), text)


def test_the_check_sees_a_full_stop_where_a_pattern_takes_one() -> None:
    for taker in (r"a\S*", r"a[.,]", r"(?<=\.)a", r"a.b", r"[^x]"):
        assert _consumes(_parser.parse(taker), "."), taker


def test_normalising_a_normalised_text_gives_it_back() -> None:
    # The word map's outputs and the phrase map's are left as they are by a second normalising ...
    for out in [*normalise._WORD_MAP.values(), "my", "a&e", "can't breathe", "vomiting", "severe pain"]:
        assert normalise.normalise(out) == out, out
    # ... and so is every word typo repair can give, but the ones `reusable` refuses.
    speller_words = lexicon.load().givable()
    changed = [w for w in speller_words if normalise.normalise(w) != w]
    assert set(changed) <= set(recut.unstable_words()) and "puking" in recut.unstable_words()
    for report in REPORTS:
        once = normalise.normalise(report.text)
        if recut.reusable(once):
            assert normalise.normalise(once) == once, report.text


def test_a_text_normalising_would_change_at_a_sentence_break_is_read_in_full() -> None:
    for text in ("a.  b", "a.\nb", "a. B", "a.\u00a0b", "she was puking. b"):
        assert not recut.reusable(text), text
    assert recut.reusable("chest pain. no fever")


def test_a_sentence_is_reused_only_in_the_same_place() -> None:
    assert recut.sentences("a. b. c") == [(("a", True, False), 0), (("b", False, False), 3), (("c", False, True), 6)]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    _BASE_INDEX,
    st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from([". ", ".\n", ".  ", ". \n", "\u00a0", ". B", ", "])), max_size=6
    ),
)
def test_any_text_made_of_an_earlier_ones_sentences_reads_as_extract(i: int, picks: list[tuple[int, str]]) -> None:
    """Beyond what `baseline` makes: sentences of the earlier text in any order, joined by any whitespace."""
    earlier = extract(_long(i))
    parts = earlier.text.split(recut.SEPARATOR)
    text = "".join(parts[k % len(parts)] + join for k, join in picks) + parts[-1]
    _same(text, earlier)


def test_every_pattern_of_the_reading_is_one_the_proof_covers() -> None:
    """A pattern added to normalising, clause scopes, words or numbers must join CONFINED or NUMBERS (and pass the
    tests above) before a cut text may reuse sentences read with it."""
    covered = {id(p) for p in (*CONFINED, *NUMBERS)}
    # One character at a time (the separator's "." ends a clause wherever it is), and one used by tests only.
    covered |= {id(negation._PUNCTUATION_SCAN), id(negation._TERMINATOR)}
    for module in (normalise, negation, findings, measurements):
        for name, value in vars(module).items():
            assert not isinstance(value, re.Pattern) or id(value) in covered, f"{module.__name__}.{name}"
