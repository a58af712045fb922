"""The faster scans change nothing on thousands of generated reports, short and 1,200 characters long: every
pattern of the triager finds through triage/prefilter.py what `re` finds with the pattern as written, and every
finding's severe and sudden flags are what a plain search of its clause gives."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import pytest

from tests.triage.test_prefilter import PATTERNS, disagreements
from triage import findings, normalise, prefilter
from triage.training import generator

# An equality proof over thousands of generated reports: the rest of tests/triage covers every line it runs (checked:
# triage's coverage is the same with and without this mark), and tracing its loops cost about 15 s of the suite's
# CPU together with test_recut, test_scan_equality and test_second_scoring, which carry the same mark.
pytestmark = pytest.mark.no_cover

N, LONG = 2000, 1200


@functools.cache  # made when a test asks, not at import (see test_prefilter.texts)
def texts() -> list[str]:
    short = [str(row.report["text"]) for row in generator.generate(20261206, N)]
    long = []
    for i, text in enumerate(short[: N // 2]):  # as bench/triage_bench.py builds them: several complaints
        j = i + 1
        while len(text) < LONG:
            text += ". " + short[j % len(short)]
            j += 1
        long.append(text[:LONG])
    return [normalise.normalise(t) for t in short + long]


def _found(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


def finds_what_re_finds(pattern: re.Pattern[str], text: str) -> bool:
    return _found(prefilter.finditer(pattern, text)) == _found(pattern.finditer(text))


@functools.cache
def disagreeing() -> dict[re.Pattern[str], list[str]]:
    """Per pattern, the texts on which triage/prefilter.py finds other than `re`."""
    return disagreements(texts(), finds_what_re_finds)


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.pattern[:40] for p in PATTERNS])
def test_every_pattern_finds_what_re_finds_in_generated_reports(pattern: re.Pattern[str]) -> None:
    for text in disagreeing()[pattern][:1]:  # the first text it disagrees on, with both findings shown
        assert _found(prefilter.finditer(pattern, text)) == _found(pattern.finditer(text)), text
    assert disagreeing()[pattern] == []


def test_severe_and_sudden_are_read_off_each_findings_clause_as_before() -> None:
    flagged = 0
    for text in texts():
        f = findings.extract(text)
        for item in f.items:
            clause = f.text[f.scopes.clause_start(item.start) : f.scopes.clause_end(item.start)]
            assert item.severe is (findings._SEVERE.search(clause) is not None), (text, item)
            assert item.sudden is (findings._SUDDEN.search(clause) is not None), (text, item)
            flagged += item.severe or item.sudden
    assert flagged > 100  # the reports say severe and sudden often enough for this to test something
