"""The stop-word list serving reads without sklearn is still sklearn's."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from triage import stopwords


def test_the_copied_stop_words_are_sklearns() -> None:
    assert stopwords.ENGLISH_STOP_WORDS == ENGLISH_STOP_WORDS
