"""The regex prefilter and rewrite change no match: every pattern of the triager, on the pinned corpus and on
generated text made of the words the patterns look for, finds the same spans and groups as `re` as written."""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.triage import golden
from triage import findings, floors, measurements, negation, normalise, phrases, prefilter, rules, word_rules


def _patterns(value: object) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _patterns(item)
    elif isinstance(value, phrases.Phrase):
        yield value.pattern


def _of(module: ModuleType) -> list[re.Pattern[str]]:
    return [p for value in vars(module).values() for p in _patterns(value) if isinstance(p.pattern, str)]


MODULES = (phrases, rules, word_rules, negation, measurements, normalise, findings)
PATTERNS = list(dict.fromkeys(p for m in MODULES for p in _of(m)))
WORDS = sorted({s.strip() for p in PATTERNS for need in prefilter.needed(p) for s in need if s.strip()})
GLUE = (" ", " ", ", ", ". ", "'", "-", " - ", "\n", "x", "1", " 39.5 ", "%", "°", "/", "my ", "the ", "not ")


# The corpus and its texts are read when a test asks, not at import: every pytest-xdist worker imports every test
# module to collect it, and normalising the corpus there (traced by coverage) cost each of them seconds of CPU.
@functools.cache
def corpus() -> list[str]:
    """The pinned corpus' report texts (tests/triage/golden_assess.jsonl.gz)."""
    lines = gzip.decompress(golden.PATH.read_bytes()).decode().split("\n")
    return [json.loads(line)["report"]["text"] for line in lines if line]


@functools.cache
def texts() -> list[str]:
    """The corpus lower-cased, then normalised as the triager reads it."""
    return [t.lower() for t in corpus()] + [normalise.normalise(t) for t in corpus()]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def agrees(pattern: re.Pattern[str], text: str) -> bool:
    found = spans(pattern, text)
    rewritten = prefilter.fast(pattern)
    skipped = prefilter.scanner(pattern, text) is None
    scanned = [(m.span(), m.groups()) for m in prefilter.finditer(pattern, text)]  # only the alternatives text allows
    return (
        spans(rewritten, text) == found
        and scanned == found
        and not (skipped and found)
        and prefilter.sub(pattern, "#", text) == pattern.sub("#", text)
        and found[:1] == [(m.span(), m.groups()) for m in [prefilter.search(pattern, text)] if m is not None]
    )


def disagreements(
    texts: Iterable[str], agree: Callable[[re.Pattern[str], str], bool]
) -> dict[re.Pattern[str], list[str]]:
    """Per pattern, the texts on which `agree` fails: every pattern on every text, text by text as the triager reads a
    report. Pattern by pattern, each scan read its text again (the prefilter remembers the last few texts read): a
    third of these comparisons' CPU, two thirds of test_scan_equality's."""
    wrong: dict[re.Pattern[str], list[str]] = {pattern: [] for pattern in PATTERNS}
    for text in texts:
        for pattern in PATTERNS:
            if not agree(pattern, text):
                wrong[pattern].append(text)
    return wrong


@functools.cache
def disagreeing() -> dict[re.Pattern[str], list[str]]:
    """Per pattern, the corpus texts on which it does not agree."""
    return disagreements(texts(), agrees)


def test_the_triagers_patterns_are_found_and_most_are_rewritten() -> None:
    assert len(PATTERNS) >= 50 and any(p is phrases.PHRASES[0].pattern for p in PATTERNS)
    assert sum(prefilter.fast(p) is not p for p in PATTERNS) >= 30
    assert sum(bool(prefilter.needed(p)) for p in PATTERNS) >= 40


@pytest.mark.parametrize("phrase", phrases.PHRASES, ids=[p.name for p in phrases.PHRASES])
def test_every_red_flag_phrase_is_literal_led_so_a_report_without_its_words_skips_it(phrase: phrases.Phrase) -> None:
    """Every report is scanned for every phrase: one that cannot be split into literal-led alternatives is scanned
    whole at every position. Round 20 found two that a new alternative with an optional lead ("(?:uro)?sepsis",
    "(?:a )?(?:heavy )?weight") had left unsplit: 145 and 29 us a 1,200-character report, a tenth of the triager.
    A phrase of one alternative is literal-led too; it is skipped by the strings it needs."""
    assert prefilter._alternatives(phrase.pattern) is not None


# Untraced (no_cover): its thousands of generated cases run lines the example tests already cover (triage's
# coverage is the same with and without these marks), and tracing them doubled their CPU.
@pytest.mark.no_cover
@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.pattern[:40] for p in PATTERNS])
def test_every_pattern_matches_the_corpus_as_written(pattern: re.Pattern[str]) -> None:
    assert disagreeing()[pattern] == []  # the texts it disagrees on, if any


@pytest.mark.no_cover
@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=30), st.booleans())
def test_every_pattern_matches_generated_text_as_written(parts: list[tuple[str, str]], capital: bool) -> None:
    text = "".join(word + glue for word, glue in parts)
    text = text.title() if capital else text
    for pattern in PATTERNS:
        assert agrees(pattern, text), (pattern.pattern, text)


def test_a_leading_word_boundary_still_needs_a_boundary() -> None:
    pattern = re.compile(r"\b(?:no|not) (?:fever|rash)")
    assert [m.span() for m in prefilter.fast(pattern).finditer("no fever, ono rash, not rash")] == [(0, 8), (20, 28)]
    assert frozenset({"fever", "rash"}) in prefilter.needed(pattern) and prefilter.scanner(pattern, "fine, no") is None


def test_a_scan_keeps_only_the_alternatives_whose_strings_the_text_holds() -> None:
    pattern = re.compile(r"\b(?:lips|tongue) (?:swelling|swollen)|\bthroat (?:closing|tight)")
    text = "xthroat closing, throat tight\nthroat closing"
    scanner = prefilter.scanner(pattern, text)
    assert scanner is not None and scanner is not prefilter.fast(pattern)  # "lips" and "tongue" are not in it
    expected = [m.span() for m in pattern.finditer(text)]
    assert expected == [(17, 29), (30, 44)] and [m.span() for m in scanner.finditer(text)] == expected
    assert prefilter.scanner(pattern, "a dry cough") is None


def test_a_scan_keeps_group_numbers_when_it_drops_alternatives() -> None:
    pattern = re.compile(r"\bpulse (?:is )?(\d+)|\bsats (?:are )?(\d+)")
    text = "sats are 91 and sats 88"  # only the second alternative (group 2) can match here
    assert prefilter.scanner(pattern, text) is not prefilter.fast(pattern)
    assert [m.groups() for m in prefilter.finditer(pattern, text)] == [(None, "91"), (None, "88")]


def test_a_pattern_first_scanned_after_the_text_was_read_still_finds_its_strings() -> None:
    text = "my zebrafinch-shaped rash and a quokkalike cough"
    assert [m.span() for m in prefilter.finditer(phrases.PHRASES[0].pattern, text)] == []  # the text is read once
    pattern = re.compile(r"\bzebrafinch|\bquokkalike cough")  # strings no pattern had: a new automaton
    assert [m.group() for m in prefilter.finditer(pattern, text)] == ["zebrafinch", "quokkalike cough"]
    unsplit = re.compile(r"\b(\w+)-shaped rash")  # not split into alternatives: checked by its strings alone
    assert [m.group(1) for m in prefilter.finditer(unsplit, text)] == ["zebrafinch"]


def test_alternatives_scanned_together_give_the_first_in_order_where_several_match() -> None:
    pattern = re.compile(r"\bab|\babc|\bzz|\bbc|\bc ab")  # the text has no "zz": four of five alternatives kept
    text = "abc bc xabc c abc"
    together = prefilter.scanner(pattern, text)
    assert together is not None and not isinstance(together, re.Pattern)
    expected = [m.span() for m in pattern.finditer(text)]
    assert expected == [(0, 2), (4, 6), (12, 16)]  # "ab" before "abc" at 0; "c ab" at 12 after skipping "abc"
    assert [m.span() for m in together.finditer(text)] == expected
    assert [m.span() for m in prefilter.finditer(pattern, text[1:])] == [m.span() for m in pattern.finditer(text[1:])]


def test_registered_patterns_are_prepared_on_the_next_scan_and_still_match_as_written() -> None:
    assert phrases.PHRASES[0].pattern not in prefilter._WAITING  # the triager's were taken on an earlier scan
    pattern = re.compile(r"\b(?:wombat|numbat) bites?|\bquoll scratch")
    prefilter.register(pattern)
    assert pattern in prefilter._WAITING
    text = "a numbat bite and a quoll scratch"
    assert prefilter.scanner(phrases.PHRASES[0].pattern, text) is None and not prefilter._WAITING
    assert [m.span() for m in prefilter.finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def _word_rules_scanning_each(f: findings.Findings) -> list[str]:
    """Every word rule asked pattern by pattern, none passed over: what `word_rule_hits` must answer."""
    return [
        rule.name
        for rule in word_rules.WORD_RULES
        if all(any(word_rules._said_now(pattern, f, rule) for pattern in group) for group in rule.needs)
        and not any(floors.present(pattern, f) for pattern in rule.unless)
    ]


@pytest.mark.no_cover
@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=60))
def test_passing_over_word_rules_by_their_first_groups_strings_changes_no_answer(
    parts: list[tuple[str, str]],
) -> None:
    """Round 22: `word_rule_hits` skips a rule whose first group's strings are all absent (`prefilter.one_needed`);
    on text made of the rules' own strings it answers as a scan of every pattern does."""
    f = findings.extract("".join(word + glue for word, glue in parts))
    assert [hit.name for hit in word_rules.word_rule_hits(f)] == _word_rules_scanning_each(f)


@pytest.mark.no_cover
def test_passing_over_word_rules_changes_no_answer_on_the_pinned_corpus() -> None:
    for text in corpus():
        f = findings.extract(text)
        assert [hit.name for hit in word_rules.word_rule_hits(f)] == _word_rules_scanning_each(f), text
