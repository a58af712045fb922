"""The fast scoring path: the fitted pipeline folded into lookups and small dense arrays.

Per report it does what the reference pipeline does (same analyzers, same TF-IDF weighting, same linear
model, same temperature-scaled softmax) without sklearn's per-call validation and sparse
machinery. Outputs match `model.predict_proba` to 1e-6 (tests/triage/test_fastpath.py checks thousands).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, filterfalse
from typing import Any

import numpy as np
import numpy.typing as npt

from triage.features import CATEGORICAL, FINDINGS, NUMERIC, TEXT
from triage.model import N_CLASSES

Floats = npt.NDArray[np.float64]
Rows = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A TF-IDF block: term -> row in `weights`, where weights already hold idf * coefficient."""

    analyzer: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: Floats
    weights: Floats  # (n_terms, n_classes), idf folded in
    sublinear: bool
    binary: bool
    indexer: Callable[[str], Rows] | None = None  # the in-vocabulary terms' rows, repeats kept (`per_word_rows`)
    terms: tuple[str, ...] = ()  # the term of each row

    def first_used(self, text: str) -> tuple[Rows, Floats]:
        """The rows of the text's distinct in-vocabulary terms in the order it first uses them, and their weighted
        term frequencies (what `explain` names, in the order it breaks ties by)."""
        rows, first, counts = np.unique(self.rows(text), return_index=True, return_counts=True)
        order = np.argsort(first)  # first uses are distinct: no ties to break
        return rows[order], self._tf(counts[order])

    def _tf(self, counts: Rows) -> Floats:
        if self.binary:
            return np.ones(len(counts))
        tf = counts.astype(np.float64)
        return np.log(tf) + 1.0 if self.sublinear else tf

    def rows(self, text: str) -> Rows:
        """The row in `weights` of every in-vocabulary term of `text`, in order, repeats kept."""
        if self.indexer is not None:
            return self.indexer(text)
        vocabulary = self.vocabulary
        return np.fromiter((vocabulary[t] for t in self.analyzer(text) if t in vocabulary), dtype=np.intp)

    def logits(self, text: str) -> Floats:
        """Counted with one bincount over the rows rather than a Counter of strings: ~900 char n-grams in a
        1,200-character report cost 160 us as strings. Terms are summed in row order, as sklearn's sorted sparse
        matrix does (the first-seen order used before gave the same sums to the last bits)."""
        found = self.rows(text)
        if not found.size:
            return np.zeros(self.weights.shape[1])
        counts = np.bincount(found)
        rows = np.flatnonzero(counts)
        tf = self._tf(counts[rows])
        scaled = tf * self.idf.take(rows)
        norm = math.sqrt(float(scaled @ scaled))
        return (tf @ self.weights.take(rows, axis=0)) / norm if norm > 0 else np.zeros(self.weights.shape[1])


@dataclass(frozen=True, slots=True)
class FastScorer:
    word: TextBlock
    char: TextBlock
    findings: dict[str, Floats]
    categories: list[dict[str, Floats]]
    numeric_weights: Floats  # (n_numeric, n_classes), 1/scale folded in
    bias: Floats  # intercept with the scaler's mean folded in
    beta: float  # inverse temperature
    classes: npt.NDArray[np.int64]

    def logits(self, row: list[Any]) -> Floats:
        z = self.bias + self.word.logits(row[TEXT]) + self.char.logits(row[TEXT])
        for token in str(row[FINDINGS]).split():
            if token in self.findings:
                z = z + self.findings[token]
        for lookup, col in zip(self.categories, CATEGORICAL, strict=True):
            if row[col] in lookup:
                z = z + lookup[row[col]]
        return z + np.asarray([row[c] for c in NUMERIC], dtype=np.float64) @ self.numeric_weights

    def proba(self, row: list[Any]) -> Floats:
        """Calibrated probabilities in urgency order (index 0 = CALL_999)."""
        z = self.beta * self.logits(row)
        p = np.exp(z - z.max())
        p /= p.sum()
        p[(p > 1.0) & (p <= 1.0 + 1e-5)] = 1.0
        out = np.zeros(N_CLASSES)
        out[self.classes] = p
        return out


def per_word(analyzer: Callable[[str], list[str]], vocabulary: dict[str, int]) -> Callable[[str], list[str]]:
    """A char_wb analyzer read word by word from a bounded cache: its n-grams never cross a space, so a text's
    are its words' in order, and people reuse words. Only in-vocabulary n-grams are kept (nothing else counts).
    tests/triage/test_fastpath.py checks it against sklearn's analyzer."""

    @lru_cache(maxsize=65536)
    def word(w: str) -> tuple[str, ...]:
        return tuple(t for t in analyzer(w) if t in vocabulary)

    def analyze(text: str) -> list[str]:
        return list(chain.from_iterable(map(word, text.split())))  # no Python per word once cached

    return analyze


def per_word_rows(analyzer: Callable[[str], list[str]], vocabulary: dict[str, int]) -> Callable[[str], Rows]:
    """`per_word`, giving each n-gram's vocabulary row instead of its text: the cache holds each word's rows as the
    bytes of an intp array, so a report's ~900 rows are one bytes join, with no Python int per n-gram."""

    @lru_cache(maxsize=65536)
    def word(w: str) -> bytes:
        return np.asarray([vocabulary[t] for t in analyzer(w) if t in vocabulary], dtype=np.intp).tobytes()

    def rows(text: str) -> Rows:
        return np.frombuffer(b"".join(map(word, text.split())), dtype=np.intp)

    return rows


def _rows_of(analyzer: Callable[[str], list[str]], vocabulary: dict[str, int]) -> Callable[[str], Rows]:
    """The vocabulary rows of an analyzer that keeps only vocabulary terms, looked up in one C loop."""

    @lru_cache(maxsize=4)
    def rows(text: str) -> Rows:
        # Remembered for a few texts only: assess scores a text and then explains it, reading its words twice.
        found = np.fromiter(map(vocabulary.__getitem__, analyzer(text)), dtype=np.intp)
        found.setflags(write=False)  # shared by the callers the cache answers
        return found

    return rows


def word_grams(vectorizer: Any, vocabulary: dict[str, int]) -> Callable[[str], list[str]]:
    """sklearn's word analyzer (token pattern, stop words, n-grams: unigrams first, then bigrams, ...) done with C
    loops (findall, filter, zip, join), keeping only vocabulary terms. tests/triage/test_fastpath.py checks it."""
    pattern = re.compile(vectorizer.token_pattern)
    stop = frozenset(vectorizer.get_stop_words() or ())
    low, high = vectorizer.ngram_range
    lowercase = bool(vectorizer.lowercase)

    def analyze(text: str) -> list[str]:
        tokens = list(filterfalse(stop.__contains__, pattern.findall(text.lower() if lowercase else text)))
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), high + 1):
            grams += map(" ".join, zip(*(tokens[k:] for k in range(n)), strict=False))
        return list(filter(vocabulary.__contains__, grams))

    return analyze


def _plain_words(vectorizer: Any) -> bool:
    """Whether the vectorizer is a plain word analyzer `word_grams` reproduces."""
    plain = vectorizer.preprocessor is None and vectorizer.strip_accents is None and vectorizer.input == "content"
    return bool(vectorizer.analyzer == "word" and vectorizer.tokenizer is None and plain)


def _by_words(vectorizer: Any) -> bool:
    """Whether the vectorizer's terms are each word's own: char_wb n-grams with no custom preprocessing."""
    plain = vectorizer.preprocessor is None and vectorizer.strip_accents is None and vectorizer.input == "content"
    return bool(vectorizer.analyzer == "char_wb" and plain)


def _text_block(vectorizer: Any, coef: Floats, sl: slice, binary: bool = False, scale: float = 1.0) -> TextBlock:
    block = coef[:, sl].T * scale  # a transformer weight multiplies the features: fold it into the coefficients
    idf = np.asarray(vectorizer.idf_, dtype=np.float64) if hasattr(vectorizer, "idf_") else np.ones(block.shape[0])
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    analyzer, by_words, plain_words = vectorizer.build_analyzer(), _by_words(vectorizer), _plain_words(vectorizer)
    indexer = per_word_rows(analyzer, vocabulary) if by_words else None
    if by_words:
        analyzer = per_word(analyzer, vocabulary)
    elif plain_words:
        analyzer = word_grams(vectorizer, vocabulary)
        indexer = _rows_of(analyzer, vocabulary)
    return TextBlock(
        analyzer=analyzer,
        vocabulary=vocabulary,
        idf=idf,
        weights=np.ascontiguousarray(block * idf[:, None]),
        sublinear=bool(getattr(vectorizer, "sublinear_tf", False)),
        binary=binary,
        indexer=indexer,
        terms=tuple(sorted(vocabulary, key=vocabulary.__getitem__)),
    )


def _categories(encoder: Any, coef: Floats, start: int) -> list[dict[str, Floats]]:
    lookups, offset = [], start
    for cats in encoder.categories_:
        lookups.append({str(c): coef[:, offset + i].copy() for i, c in enumerate(cats)})
        offset += len(cats)
    return lookups


def build(pipeline: Any) -> FastScorer:
    """Fold a fitted reference pipeline (model.build_pipeline) into a FastScorer."""
    ct, cal = pipeline.named_steps["features"], pipeline.named_steps["clf"]
    (member,) = cal.calibrated_classifiers_
    coef = np.asarray(member.estimator.coef_, dtype=np.float64)
    slices, named = ct.output_indices_, dict(ct.named_transformers_)
    scale = dict(ct.transformer_weights or {})
    found = _text_block(named["findings"], coef, slices["findings"], binary=True)
    scaler, num = named["num"], coef[:, slices["num"]]
    numeric = (num / scaler.scale_).T
    bias = np.asarray(member.estimator.intercept_, dtype=np.float64) - numeric.T @ scaler.mean_
    return FastScorer(
        word=_text_block(named["word"], coef, slices["word"], scale=scale.get("word", 1.0)),
        char=_text_block(named["char"], coef, slices["char"], scale=scale.get("char", 1.0)),
        findings={t: found.weights[i].copy() for t, i in found.vocabulary.items()},
        categories=_categories(named["cat"], coef, slices["cat"].start),
        numeric_weights=np.ascontiguousarray(numeric),
        bias=bias,
        beta=float(member.calibrators[0].beta_),
        classes=np.asarray(cal.classes_, dtype=np.int64),
    )
