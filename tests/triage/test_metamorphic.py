"""Metamorphic safety tests: changes to a report that must never lower its disposition (issue 15 item 4).

Each property runs 450 generated cases (2,700 in all) through the shipped triager or its rules; zero drops are
allowed. A slip inside a red-flag word itself is tested by tests/triage/test_typos_in_red_flags.py (600 more).
Base reports come from the seeded generator and from hand-written lay reports; red flags are sentences a rule
must catch whatever surrounds them.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import phrases, word_rules
from triage.findings import extract
from triage.schemas import TriageReport, parse_report
from triage.service import Triager, default_artifacts_dir
from triage.training import generator

CASES = 450
SETTINGS = settings(
    max_examples=CASES, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_GENERATED = [r.report for r in generator.generate(4242, 120)]
_LAY = [
    {"text": "got a cold, sneezing and a blocked nose for 3 days", "age": 34, "sex": "female"},
    {"text": "sore throat and a bit of a cough since monday, eating and drinking fine", "age": 22, "sex": "male"},
    {"text": "twisted my ankle at football, it's swollen but i can walk", "age": 27, "sex": "male"},
    {"text": "headache on and off all week, paracetamol helps", "age": 45, "sex": "female"},
    {"text": "i'm a 30-year-old woman with a runny nose", "age": 30, "sex": "female"},
    {"text": "itchy rash on my arms since i changed washing powder", "age": 51, "sex": "female"},
    {"text": "been feeling really tired and low lately", "age": 38, "sex": "male"},
    {"text": "toothache in a back tooth for two days", "age": 40, "sex": "male"},
]
BASES = [{k: v for k, v in r.items() if k in ("text", "age", "sex")} for r in [*_GENERATED, *_LAY]]
ADULT_BASES = [b for b in BASES if b["age"] >= 16]
# (sentence, the least urgent disposition its rule allows)
RED_FLAGS = (
    "my lips are going blue",
    "crushing chest pain going down my arm",
    "now my face has dropped on one side",
    "i can't breathe",
    "my tongue and lips started swelling up",
    "me chest is killing me",
    "she has purple spots that don't fade under a glass",
    "he had a fit and won't wake up",
    "slurred speech and face drooping",
    "i've taken an overdose",
    "the bleeding won't stop",
    "worst headache of my life, came on suddenly",
)
JOINERS = (". ", ", ", " and ", "\n")
# Pertinent normals a caller volunteers: they describe nothing wrong, so they may add no red flag (hazard T-30).
NORMALS = (
    "i can breathe fine",
    "breathing normally",
    "her breathing looks normal",
    "his breathing's fine",
    "eating and drinking normally",
    "sats normal",
    "colour looks normal",
    "talking normally",
)
UNRELATED_NEGATIVES = ("no temperature", "no rash", "not dizzy", "no fever", "no injury", "no cough", "not vomiting")
SPELLINGS = (
    ("diarrhoea", "diarrhea"),
    ("vomiting", "throwing up"),
    ("haemorrhage", "hemorrhage"),
    ("colour", "color"),
    ("grey", "gray"),
    ("a&e", "the er"),
    ("paracetamol", "tylenol"),
    ("oedema", "edema"),
    ("mum", "mom"),
)


@cache
def shipped() -> Triager:
    """The shipped triager, outside hypothesis' arguments (its repr is too big to report a failing case)."""
    return Triager.load(default_artifacts_dir())


def urgency(triager: Triager, report: dict[str, object]) -> int:
    """The triager's urgency for `report`, assessed once per run: a base report is compared with hundreds of changed
    ones, and the answer depends on the report alone. (Cached here, not in the tests: hypothesis seeds a derandomized
    test from its code, so an edited test would run other examples than those its results were recorded on.)"""
    key = (id(triager), tuple(sorted(report.items())))
    if key not in _URGENCY:
        _URGENCY[key] = triager.assess(parse_report(report)).disposition.urgency
    return _URGENCY[key]


_URGENCY: dict[tuple[int, tuple[tuple[str, object], ...]], int] = {}  # triagers compared are kept alive (`shipped`)


def with_text(report: dict[str, object], text: str) -> dict[str, object]:
    return {**report, "text": text[:2000]}


# Untraced (no_cover): its thousands of generated cases run lines the example tests already cover (triage's
# coverage is the same with and without these marks), and tracing them doubled their CPU.
@pytest.mark.no_cover
@SETTINGS
@given(base=st.sampled_from(BASES), flag=st.sampled_from(RED_FLAGS), negative=st.sampled_from(UNRELATED_NEGATIVES))
def test_a_negated_symptom_put_before_a_red_flag_with_a_comma_never_lowers_it(
    base: dict[str, object], flag: str, negative: str
) -> None:
    triager = shipped()
    plain = with_text(base, f"{base['text']}. {flag}")
    negated = with_text(base, f"{base['text']}. {negative}, {flag}")
    assert urgency(triager, negated) >= urgency(triager, plain)
    assert triager.assess(parse_report(negated)).red_flags, negated


@pytest.mark.no_cover
@SETTINGS
@given(
    base=st.sampled_from(BASES), flag=st.sampled_from(RED_FLAGS), joiner=st.sampled_from([". ", ", ", " and ", "\n"])
)
def test_appending_a_red_flag_sentence_never_lowers_the_disposition_and_always_flags(
    base: dict[str, object], flag: str, joiner: str
) -> None:
    triager = shipped()
    after = triager.assess(parse_report(with_text(base, f"{base['text']}{joiner}{flag}")))
    assert after.disposition.urgency >= urgency(triager, base)
    assert after.red_flags, (base, flag)


def _surface(text: str, kind: int) -> str:
    if kind == 0:
        return text.upper()
    if kind == 1:
        return text.title()
    if kind == 2:
        return re.sub(r" ", "  ", text) + "  "
    if kind == 3:
        return text.rstrip(".!? ") + "!!"
    if kind == 4:
        return re.sub(r"\s*,\s*", " , ", text)
    return "\t" + text.replace(". ", ".\n")


@pytest.mark.no_cover
@SETTINGS
@given(base=st.sampled_from(BASES), kind=st.integers(0, 5), pair=st.sampled_from(SPELLINGS), uk_to_us=st.booleans())
def test_case_punctuation_whitespace_and_uk_us_spelling_never_lower_the_disposition(
    base: dict[str, object], kind: int, pair: tuple[str, str], uk_to_us: bool
) -> None:
    triager = shipped()
    text = str(base["text"])
    before = urgency(triager, base)
    assert urgency(triager, with_text(base, _surface(text, kind))) >= before
    old, new = pair if uk_to_us else pair[::-1]
    swapped = re.sub(rf"\b{re.escape(old)}\b", new, text.lower())
    if swapped != text.lower():
        assert urgency(triager, with_text(base, swapped)) >= urgency(triager, with_text(base, text.lower()))


def _plain_words(report: TriageReport) -> list[str]:
    """Words of 5+ letters outside every red-flag phrase match and the matches of a word rule that fires (in the
    normalised text the rules read): "crack" in "heard a crack, my arm looks the wrong shape" is a red-flag word."""
    return list(_plain_words_of(report.text))


@cache  # once per base text, not per example
def _plain_words_of(text: str) -> tuple[str, ...]:
    found = extract(text)
    spans = [m.span() for _, m in phrases.matches(text, found)]
    firing = [r for r in word_rules.WORD_RULES if all(any(p.search(found.text) for p in group) for group in r.needs)]
    spans += [m.span() for r in firing for group in r.needs for p in group for m in p.finditer(found.text)]
    inside = " ".join(found.text[start:end] for start, end in spans)
    return tuple(w for w in re.findall(r"[a-z]{5,}", found.text) if w not in inside)


@pytest.mark.no_cover
@SETTINGS
@given(base=st.sampled_from(BASES), pick=st.integers(0, 1000), kind=st.integers(0, 2), at=st.integers(1, 20))
def test_a_typo_in_a_word_that_is_not_a_red_flag_never_lowers_the_disposition(
    base: dict[str, object], pick: int, kind: int, at: int
) -> None:
    triager = shipped()
    report = parse_report(base)
    words = _plain_words(report)
    if not words:
        return
    word = words[pick % len(words)]
    j = 1 + at % (len(word) - 2)
    slip = (word[:j] + word[j + 1] + word[j] + word[j + 2 :], word[:j] + word[j + 1 :], word[:j] + word[j] + word[j:])
    plain = extract(report.text).text
    text = re.sub(rf"\b{word}\b", slip[kind], plain, count=1)
    assert urgency(triager, with_text(base, text)) >= urgency(triager, with_text(base, plain))


@pytest.mark.no_cover
@SETTINGS
@given(base=st.sampled_from(ADULT_BASES), parent=st.sampled_from(["my son", "my daughter", "my husband", "my wife"]))
def test_first_person_retold_by_a_parent_or_partner_never_lowers_the_disposition(
    base: dict[str, object], parent: str
) -> None:
    triager = shipped()
    sex = "male" if parent in ("my son", "my husband") else "female"
    retold = f"calling about {parent}. " + generator.third_person(str(base["text"]).lower(), sex)
    before = urgency(triager, {**base, "text": str(base["text"]).lower(), "sex": sex})
    assert urgency(triager, {**base, "text": retold, "sex": sex}) >= before


@pytest.mark.no_cover
@SETTINGS
@given(base=st.sampled_from(BASES), normal=st.sampled_from(NORMALS), joiner=st.sampled_from(JOINERS))
def test_a_pertinent_normal_never_adds_a_red_flag_or_a_finding(
    base: dict[str, object], normal: str, joiner: str
) -> None:
    text = str(base["text"])
    told = f"{text}{joiner}{normal}"
    assert {h.name for h in phrases.phrase_hits(told)} <= {h.name for h in phrases.phrase_hits(text)}
    assert {f.concept for f in extract(told).present()} <= {f.concept for f in extract(text).present()}
