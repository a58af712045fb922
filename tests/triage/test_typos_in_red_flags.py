"""A typing slip inside a red-flag word never lowers the answer (issue 15 items 1 and 4; round 13, hazard T-59).

Round 12 found emergencies missed for a slip inside the red flag itself ("agonsing" pain through to the back, a
testicle "pani"): typo repair knew the lexicon's words, not the rules'. The reports here are written from the rule
tables (tests/triage/red_flag_cases.py), never from a vignette set; the slip goes into a word of 5+ letters of the
red flag. Two kinds of slip are outside the promise and counted in the model card instead: one that lands on a real
word ("sweating" -> "seating" reads as seating, and must), and one as near to another word typo repair knows as to
the intended one ("eart": heart, fart or ears), which repair leaves as it is rather than guess; since round 17 a slip
equally of the intended word and another is read both ways (triage/readings.py), and is in the promise.
"""

from __future__ import annotations

import contextlib
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from symspellpy import Verbosity  # type: ignore[import-untyped]

from models.vocabulary import Disposition
from tests.triage import red_flag_cases as rc
from tests.triage import rule_text
from triage import lexicon, normalise, readings, recut, rules
from triage.normalise import normalise as normalised
from triage.schemas import parse_report
from triage.training import generator

CASES = 600
SETTINGS = settings(max_examples=CASES, derandomize=True, deadline=None)


def tied(typo: str, meant: str) -> bool:
    """Whether typo repair knows another word as near to `typo` as `meant` (so it leaves the slip alone, or gives the
    lexicon's or the common word, which it asks first). Not tied when the triager reads the slip as each word it is
    equally a slip of, `meant` among them (round 17, triage/readings.py)."""
    lex = lexicon.load()
    if meant in lex.readings(typo):
        return False
    spellers = (lex.speller, lex.red_flag_speller)
    found = {str(s.term) for sp in spellers for s in sp.lookup(typo, Verbosity.CLOSEST, max_edit_distance=1)}
    return bool(found - {meant})


def test_the_red_flag_vocabulary_is_the_one_the_rules_need_now() -> None:
    """data/symptom_lexicon/red_flag_words.txt is read off the rules (python -m tests.triage.rule_text writes it)."""
    assert sorted(lexicon.red_flag_words()) == rule_text.vocabulary()


def test_the_made_up_reports_cover_the_rule_tables() -> None:
    covered, names = {case.rule for case in rc.cases()}, {s.name for s in rc.sources()}
    # By name: "airway swelling" is a phrase (tongue, throat) and a word rule (lips, mouth; round 21).
    assert len(covered) >= len(names) - 2, names - covered
    assert len(rc.cases()) >= 300


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("agonsing", "agonising"), ("testilce", "testicle"), ("scrotmu", "scrotum"), ("unconcious", "unconscious")],
)
def test_a_slip_in_a_red_flag_word_is_repaired(typo: str, meant: str) -> None:
    assert lexicon.load().repair(typo) == meant


@pytest.mark.parametrize("word", ["breeding", "seating", "blending", "sitting", "gaping", "cushing", "pan", "paint"])
def test_a_real_word_one_slip_from_a_red_flag_word_stays_itself(word: str) -> None:
    assert lexicon.load().repair(word) == word
    assert normalised(f"the {word} was fine") == f"the {word} was fine"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("i ahvent felt the baby move today", "i haven't felt the baby move today"),
        ("i cnat breathe", "i can't breathe"),
        ("she dosent respond when i shake her", "she doesn't respond when i shake her"),
    ],
)
def test_a_slip_in_a_contraction_without_its_apostrophe_is_read_as_the_contraction(text: str, read: str) -> None:
    """Round 20: the word map spells "havent" as "haven't", but a slip of it ("ahvent") was repaired to nothing, so
    the property below found "ahvent felt the baby move" a call back where "havent" was ED."""
    assert normalised(text) == read


def test_the_round_12_aneurysm_story_with_agonsing_is_999() -> None:
    report = {"text": "sudden agonsing pain in my back and tummy, i feel dizzy and faint", "age": 68, "sex": "male"}
    result = rc.shipped().assess(parse_report(report))
    assert result.disposition is Disposition.CALL_999
    assert "sudden severe tummy or back pain with dizziness or collapse over 50" in result.red_flags


# Untraced (no_cover): its thousands of generated cases run lines the example tests already cover (triage's
# coverage is the same with and without these marks), and tracing them doubled their CPU.
@pytest.mark.no_cover
@SETTINGS
# Deferred: the cases are made when the test runs, not in every pytest-xdist worker that only collects this module.
@given(case=st.deferred(lambda: st.sampled_from(rc.cases())), pick=st.integers(0, 50), slip=st.integers(0, 10_000))
def test_a_slip_inside_a_red_flag_word_never_lowers_the_disposition(case: rc.Case, pick: int, slip: int) -> None:
    words = case.words()
    if not words:
        return
    word = words[pick % len(words)]
    options = [typo for _, typo in rc.slips(word) if not rc.real_word(typo) and not tied(typo, word)]
    if not options:
        return
    typo = options[slip % len(options)]
    before = rc.urgency(dict(case.report))
    assert rc.urgency(case.with_text(case.text.replace(word, typo, 1))) >= before, (case.rule, word, typo)


@contextlib.contextmanager
def _without_red_flag_words(tmp: Path) -> Iterator[None]:
    """Typo repair as before round 13 (the lexicon's and the common words only), for this block."""
    for path in lexicon.LEXICON_DIR.iterdir():
        shutil.copy(path, tmp / path.name)
    (tmp / "red_flag_words.txt").write_text("")
    old, load = lexicon.load(tmp), lexicon.load
    clear = (
        normalise._spelling.cache_clear,
        normalise._repaired.cache_clear,
        recut.unstable_words.cache_clear,
        readings._readings.cache_clear,
    )
    try:
        lexicon.load = lambda directory=lexicon.LEXICON_DIR: old  # type: ignore[assignment]
        for c in clear:
            c()
        yield
    finally:
        lexicon.load = load
        for c in clear:
            c()


NON_EMERGENCY_SEED, NON_EMERGENCY_N = 20261207, 3000


def _firings(reports: list[dict[str, object]]) -> Counter[tuple[int, str]]:
    return Counter((i, h.name) for i, r in enumerate(reports) for h in rules.assess(parse_report(r)))


@pytest.mark.no_cover
def test_red_flag_words_in_typo_repair_fire_no_new_rule_on_generated_non_emergencies(tmp_path: Path) -> None:
    """3,000 generated reports (the generator's own typos included): every rule firing on a non-emergency is the same
    with the red-flag words in typo repair as without."""
    rows = list(generator.generate(NON_EMERGENCY_SEED, NON_EMERGENCY_N))
    ed = Disposition.ED.urgency
    reports = [{k: v for k, v in r.report.items() if k != "id"} for r in rows if r.disposition.urgency < ed]
    assert len(reports) > 1500
    after = _firings(reports)
    with _without_red_flag_words(tmp_path):
        before = _firings(reports)
    assert after - before == Counter(), after - before
