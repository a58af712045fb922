"""The fast path gives the reference sklearn pipeline's probabilities to 1e-6, on thousands of reports."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from triage import fastpath, features, model
from triage.schemas import parse_report
from triage.training import generator

SEED = 424242  # not the training seed: reports the model has not seen


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


def test_char_ngrams_read_word_by_word_are_sklearns_in_vocabulary(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    vectorizer = shipped[0].named_steps["features"].named_transformers_["char"]
    analyzer, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
    cached = fastpath.per_word(analyzer, vocabulary)
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 300)]
    texts = [str(features.row(r)[features.TEXT]) for r in reports] + ["", "  a  b ", "x" * 40, "tonsillitis isn't"]
    for text in texts + texts:  # the second pass reads from the cache
        assert cached(text) == [t for t in analyzer(text) if t in vocabulary]


def test_word_grams_are_sklearns_in_vocabulary(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    vectorizer = shipped[0].named_steps["features"].named_transformers_["word"]
    analyzer, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
    fast = fastpath.word_grams(vectorizer, vocabulary)
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 300)]
    texts = [str(features.row(r)[features.TEXT]) for r in reports] + [r.text for r in reports]
    for text in [*texts, "", "a", "The Chest PAIN and chest pain", "x y z", "can't breathe, can't"]:
        assert fast(text) == [t for t in analyzer(text) if t in vocabulary]


def _counter_logits(block: fastpath.TextBlock, text: str) -> np.ndarray:
    """The block's logits as they were computed before the bincount: a Counter of terms, in first-seen order."""
    index, tf = block.weigh(block.counted(text))
    if not index:
        return np.zeros(block.weights.shape[1])
    scaled = tf * block.idf[index]
    norm = float(np.sqrt(scaled @ scaled))
    return (tf @ block.weights[index]) / norm if norm > 0 else np.zeros(block.weights.shape[1])


def test_counting_by_rows_gives_the_counters_logits(shipped: tuple[Pipeline, dict[str, Any]]) -> None:
    scorer = fastpath.build(shipped[0])
    reports = [parse_report({k: v for k, v in r.report.items() if k != "id"}) for r in generator.generate(SEED, 500)]
    texts = [str(features.row(r)[features.TEXT]) for r in reports]
    long = " ".join(texts)[:1200]  # a 1,200-character report: many repeated terms
    for text in [*texts, long, "", "zzzz qqqq", "chest chest chest pain"]:
        for block in (scorer.word, scorer.char):
            assert block.rows(text).tolist() == [block.vocabulary[t] for t in block.analyzer(text)]
            assert np.abs(block.logits(text) - _counter_logits(block, text)).max() < 1e-12
