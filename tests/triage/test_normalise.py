"""Normalising changes no answer when it is made faster: the space-run substitution against the plain one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.triage.test_prefilter import corpus
from triage import normalise

PLAIN = re.compile(r"[ \t\r\f\v]+")  # what normalise did before: every run of spaces, one space


def test_the_space_runs_of_the_corpus_become_one_space_as_before() -> None:
    texts = [t.lower() for t in corpus()]
    assert any("  " in t or "\t" in t for t in texts)  # the corpus has runs to collapse
    assert all(normalise._SPACE_RUNS.sub(" ", t) == PLAIN.sub(" ", t) for t in texts)


@settings(max_examples=2000, derandomize=True, deadline=None)
@given(st.text(alphabet=" \t\r\f\v\n\u00a0ab.", max_size=40))
def test_any_mix_of_spaces_becomes_what_the_plain_substitution_gives(text: str) -> None:
    assert normalise._SPACE_RUNS.sub(" ", text) == PLAIN.sub(" ", text)
