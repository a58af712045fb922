"""Every one-letter slip of every plain word of the metamorphic bases, not a sample: the answer never drops, but for
the drops known today (hazard log T-60, open), pinned one by one so a new drop fails the run and a fixed one must be
taken off the list.

tests/triage/test_metamorphic.py samples 450 slips from the same bases and finds none; the sweep here runs all 16,779
(a swap of two letters, a letter dropped, a letter doubled, at every position inside a word of 5+ letters outside
every red-flag match) and finds 10 distinct drops in 5 of the 128 bases (44 in 17 before round 15 read "hart rate 94"
as a pulse and an overdose taken "on purpose" whatever the verb, and settled typo repair's ties by the slip; 13 in 8
before round 17 read a typo equally near two words as each, triage/readings.py; 10 before round 17's call-back band
added 2; 12 before round 18 read "stings when she wees" as dysuria and a urinary infection with shivering and loin
pain as a same-day one, T-71 and T-72). Every one left is a slip onto a real word, which nothing reads as a typo:
"tired" typed "tied" lowers a call back to pharmacy; "aching" typed "acing" lowers an ED to GP out of hours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.triage.test_metamorphic import BASES, _plain_words, shipped, urgency, with_text
from triage.findings import extract
from triage.normalise import normalise
from triage.schemas import TriageReport, parse_report

Drop = tuple[str, int, str, str]  # the base's first 40 characters, its age, the word, the slip

KNOWN: frozenset[Drop] = frozenset(
    {
        ("hi, indigestion and bloating after meals", 29, "weeks", "wees"),
        ("not sure who to ask - hay fever is drivi", 30, "aching", "acing"),
        # Round 17's call-back band (T-62): ED -> a call back, a flu story of a man on insulin whose P(ED or 999)
        # sits at the band's upper edge (0.387 against 3/8), moved across it by a slip onto a real word.
        ("not sure who to ask - hay fever is drivi", 30, "started", "stared"),
        ("not sure who to ask - hay fever is drivi", 30, "started", "stated"),
        ("hello, mild stomach ache after eating, f", 42, "tired", "tried"),
        ("hello, mild stomach ache after eating, f", 42, "tired", "tied"),
        ("5F presenting with croup, Wesley score 2", 5, "croup", "coup"),
        ("5F presenting with croup, Wesley score 2", 5, "croup", "crop"),
        ("5F presenting with croup, Wesley score 2", 5, "score", "sore"),
        ("hi, really sore throat, paainful to swal", 66, "really", "rally"),
    }
)


def slips(word: str) -> Iterator[str]:
    for j in range(1, len(word) - 1):
        yield from sorted(
            {word[:j] + word[j + 1] + word[j] + word[j + 2 :], word[:j] + word[j + 1 :], word[:j] + word[j] + word[j:]}
        )


def slipped(report: TriageReport) -> Iterator[tuple[str, str, str]]:
    """Each plain word of the report's normalised text, each of its slips, and the text with that slip."""
    plain = extract(report.text).text
    for word in dict.fromkeys(_plain_words(report)):
        for slip in slips(word):
            yield word, slip, re.sub(rf"\b{word}\b", slip, plain, count=1)


def drops() -> Iterator[Drop]:
    """The slips that lower a base's answer. A slip that typo repair turns back into the base's own words (about four
    in five) is the same reading, so the same answer, and is not assessed again: every answer depends on the text only
    through its normalised form (`extract` reads nothing else), which the next test checks on a sample of them."""
    triager = shipped()
    for base in BASES:
        report = parse_report(base)
        own = extract(report.text).text
        before = urgency(triager, with_text(base, own))
        for word, slip, text in slipped(report):
            if normalise(text) != own and urgency(triager, with_text(base, text)) < before:
                yield str(base["text"])[:40], round(report.age or 0), word, slip


# Untraced (no_cover): a thousand assessments of lines the example tests already cover.
@pytest.mark.no_cover
def test_a_slip_repaired_back_to_the_base_is_answered_as_the_base_is() -> None:
    triager, checked = shipped(), 0
    for base in BASES[::4]:
        report = parse_report(base)
        own = extract(report.text).text
        expected = triager.assess(parse_report(with_text(base, own)))
        repaired = [text for _, _, text in slipped(report) if normalise(text) == own and text != own]
        for text in repaired[::3]:
            assert triager.assess(parse_report(with_text(base, text))) == expected, text
            checked += 1
    assert checked > 500


def test_the_bases_are_told_apart_by_their_start_and_age() -> None:
    assert len({(str(b["text"])[:40], b["age"]) for b in BASES}) == len(BASES)


# Untraced (no_cover): 3,500 assessments (16,767 slips, four in five repaired back to the base) of lines the example
# tests already cover.
@pytest.mark.no_cover
def test_no_one_letter_slip_of_a_plain_word_lowers_the_answer_but_the_known_drops() -> None:
    found = set(drops())
    assert not found - KNOWN, f"new drops: {sorted(found - KNOWN)}"
    assert not KNOWN - found, f"fixed, take them off KNOWN and T-60: {sorted(KNOWN - found)}"
