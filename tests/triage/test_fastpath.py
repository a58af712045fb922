"""The fast path gives the reference sklearn pipeline's probabilities to 1e-6, on thousands of reports, and the
scorer served from scorer.npz (numpy only, its own analyzers) is the one folded from the pipeline, bit for bit."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from triage import artifact, explain, fastpath, features, model
from triage.schemas import parse_report
from triage.service import default_artifacts_dir
from triage.training import generator

SEED = 424242  # not the training seed: reports the model has not seen


# Untraced (no_cover): its thousands of generated cases run lines the example tests already cover (triage's
# coverage is the same with and without these marks), and tracing them doubled their CPU.
@pytest.mark.no_cover
def test_fast_path_matches_the_reference_pipeline_on_2000_reports(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    pipeline, _ = shipped
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 2000)]
    x = features.matrix(reports)
    reference = model.predict_proba(pipeline, x)
    scorer = fastpath.build(pipeline)
    fast = np.array([scorer.proba(list(row)) for row in x])
    assert np.abs(fast - reference).max() < 1e-6


def test_fast_path_handles_text_with_no_known_words(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    pipeline, _ = shipped
    row = features.row(parse_report({"text": "zzzz qqqq", "age": 40}))
    reference = model.predict_proba(pipeline, features.matrix([parse_report({"text": "zzzz qqqq", "age": 40})]))
    assert np.abs(fastpath.build(pipeline).proba(row) - reference[0]).max() < 1e-6


@pytest.mark.no_cover
def test_the_served_scorer_is_the_one_folded_from_the_pipeline_on_3000_reports(
    shipped: tuple[Pipeline, dict[str, Any]],
) -> None:
    """scorer.npz, read back with numpy alone, gives the pipeline-built scorer's probabilities to the last bit, and
    sklearn's to 1e-6: the arrays are stored exactly and its analyzers are sklearn's."""
    pipeline, _ = shipped
    served, _ = artifact.load(default_artifacts_dir())
    built = fastpath.build(pipeline)
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 3000)]
    odd = ["Chest  PAIN\u00a0and\tSWEATING\n", "İstanbul ﬁre ǅ straße", "", "x" * 60, "a b c"]
    reports += [parse_report({"text": text or "help", "age": 40}) for text in odd]
    x = features.matrix(reports)
    from_npz = np.array([served.proba(list(row)) for row in x])
    assert np.array_equal(from_npz, np.array([built.proba(list(row)) for row in x]))
    assert np.abs(from_npz - model.predict_proba(pipeline, x)).max() < 1e-6


def test_the_served_arrays_are_the_pipelines(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    with np.load(default_artifacts_dir() / artifact.SCORER, allow_pickle=False) as stored:
        folded = fastpath.arrays(shipped[0])
        assert sorted(stored.files) == sorted(folded)
        for name, value in folded.items():
            assert stored[name].dtype == value.dtype and np.array_equal(stored[name], value), name


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028", "\u3000"]),
        st.sampled_from(["İ", "ß", "ǅ", "Σ", "ﬁ", "'", "-", "a", "B"]),
    ),
    max_size=40,
)


@pytest.mark.no_cover
@settings(max_examples=400, deadline=None)
@given(text=_TEXT, low=st.integers(1, 4), extra=st.integers(0, 3), lowercase=st.booleans())
def test_the_char_wb_analyzer_is_sklearns(text: str, low: int, extra: int, lowercase: bool) -> None:
    """On any unicode text, odd whitespace and case folding included: the same n-grams in the same order."""
    ngram_range = (low, low + extra)
    sklearn_analyzer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=ngram_range, lowercase=lowercase
    ).build_analyzer()
    assert fastpath.char_wb(*ngram_range, lowercase)(text) == sklearn_analyzer(text)


@pytest.mark.no_cover
@settings(max_examples=200, deadline=None)
@given(text=_TEXT)
def test_the_word_analyzer_is_sklearns(text: str) -> None:
    vectorizer = TfidfVectorizer(ngram_range=(1, 3), stop_words="english")
    expected = vectorizer.build_analyzer()(text)
    vocabulary = {term: i for i, term in enumerate(dict.fromkeys(expected))}  # every term known
    stop = frozenset(vectorizer.get_stop_words() or ())
    assert fastpath.word_grams(vectorizer.token_pattern, stop, (1, 3), True, vocabulary)(text) == expected


def test_char_ngrams_read_word_by_word_are_sklearns_in_vocabulary(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    vectorizer = shipped[0].named_steps["features"].named_transformers_["char"]
    analyzer, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
    low, high = vectorizer.ngram_range
    cached = fastpath.per_word(fastpath.char_wb(low, high, lowercase=False), vocabulary, True)
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 300)]
    texts = [str(features.row(r)[features.TEXT]) for r in reports] + ["", "  a  b ", "x" * 40, "Tonsillitis ISN'T"]
    for text in texts + texts:  # the second pass reads from the cache
        assert cached(text) == [t for t in analyzer(text) if t in vocabulary]


def test_word_grams_are_sklearns_in_vocabulary(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    vectorizer = shipped[0].named_steps["features"].named_transformers_["word"]
    analyzer, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
    stop = frozenset(vectorizer.get_stop_words() or ())
    fast = fastpath.word_grams(vectorizer.token_pattern, stop, vectorizer.ngram_range, True, vocabulary)
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 300)]
    texts = [str(features.row(r)[features.TEXT]) for r in reports] + [r.text for r in reports]
    for text in [*texts, "", "a", "The Chest PAIN and chest pain", "x y z", "can't breathe, can't"]:
        assert fast(text) == [t for t in analyzer(text) if t in vocabulary]


def _counted(block: fastpath.TextBlock, text: str) -> tuple[list[str], np.ndarray]:
    """The block's terms of `text` as they were counted before the bincount: a Counter, in first-seen order."""
    counted = Counter(t for t in block.analyzer(text) if t in block.vocabulary)
    tf = np.fromiter(counted.values(), dtype=np.float64, count=len(counted))
    return list(counted), np.ones(len(tf)) if block.binary else (np.log(tf) + 1.0 if block.sublinear else tf)


def _counter_logits(block: fastpath.TextBlock, text: str) -> np.ndarray:
    terms, tf = _counted(block, text)
    index = [block.vocabulary[t] for t in terms]
    if not index:
        return np.zeros(block.weights.shape[1])
    scaled = tf * block.idf[index]
    norm = float(np.sqrt(scaled @ scaled))
    return (tf @ block.weights[index]) / norm if norm > 0 else np.zeros(block.weights.shape[1])


def _all_words(block: fastpath.TextBlock, text: str, col: int) -> list[tuple[str, float]]:
    """Every word's contribution, in first-seen order: what `contributions` sorted before it kept only the best."""
    terms, tf = _counted(block, text)
    index = [block.vocabulary[t] for t in terms]
    scaled = tf * block.idf[index]
    norm = float(np.sqrt(scaled @ scaled)) if index else 0.0
    if norm == 0.0:
        return []
    parts = tf * block.weights[index, col] / norm
    return [(f"words '{t}'", float(w)) for t, w in zip(terms, parts, strict=True)]


def test_counting_by_rows_gives_the_counters_logits(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    scorer = fastpath.build(shipped[0])
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 500)]
    texts = [str(features.row(r)[features.TEXT]) for r in reports]
    long = " ".join(texts)[:1200]  # a 1,200-character report: many repeated terms
    for text in [*texts, long, "", "zzzz qqqq", "chest chest chest pain"]:
        for block in (scorer.word, scorer.char):
            assert block.rows(text).tolist() == [block.vocabulary[t] for t in block.analyzer(text)]
            assert np.abs(block.logits(text) - _counter_logits(block, text)).max() < 1e-12


def test_only_the_best_words_are_named_and_the_explanation_is_the_same(shipped: tuple[Pipeline, Any]) -> None:
    scorer = fastpath.build(shipped[0])
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 300)]
    rows = [features.row(r) for r in reports]
    long = features.row(parse_report({"text": " ".join(r.text for r in reports)[:1200], "age": 30}))
    for row in [*rows, long, features.row(parse_report({"text": "zzzz qqqq", "age": 40}))]:
        for col in range(len(scorer.classes)):
            text = str(row[features.TEXT])
            everything = [w for w in _all_words(scorer.word, text, col) if w[1] > 0]
            best = sorted(everything, key=lambda item: -item[1])[: explain.TOP]
            assert sorted(explain._words(scorer.word, text, col), key=lambda item: -item[1]) == best


def test_only_analyzers_the_fast_path_reproduces_are_exported(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    """A vectorizer whose terms the served analyzers would not reproduce is refused at export, not served wrong."""
    for name, setting, value in (
        ("char", "preprocessor", str.upper),
        ("word", "strip_accents", "unicode"),
        ("word", "norm", "l1"),
        ("findings", "lowercase", True),
    ):
        pipeline = copy.deepcopy(shipped[0])
        setattr(pipeline.named_steps["features"].named_transformers_[name], setting, value)
        with pytest.raises(ValueError, match=name):
            fastpath.arrays(pipeline)


def test_a_term_numpy_would_change_is_refused() -> None:
    with pytest.raises(ValueError, match="would not survive"):
        fastpath._strings(["ok", "ends in a nul\x00"])
