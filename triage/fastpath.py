"""The fast scoring path: the fitted pipeline folded into lookups and small dense arrays (scorer.npz on disk).

Per report it does what the reference pipeline does (same analyzers, same TF-IDF weighting, same linear
model, same temperature-scaled softmax) without sklearn's per-call validation and sparse
machinery. Outputs match `model.predict_proba` to 1e-6 (tests/triage/test_fastpath.py checks thousands).
Nothing here imports sklearn: `arrays` reads a fitted pipeline's attributes, and `from_arrays` rebuilds the
scorer (analyzers included) from numpy arrays alone, so a server loads the model without sklearn, skops or scipy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, filterfalse
from typing import Any

import numpy as np
import numpy.typing as npt

from triage.decide import LEVELS
from triage.features import CATEGORICAL, FINDINGS, NUMERIC, TEXT

N_CLASSES = len(LEVELS)
# The reference pipeline's structure (triage.model.build_pipeline) that `arrays` folds: bump it when that changes.
MODEL_FORMAT = 3

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


def wb_grams(word: str, low: int, high: int) -> list[str]:
    """sklearn's char_wb n-grams of one word (no whitespace in it): the word padded with a space each side, then
    every n-gram of it for n = low..high in turn; a padded word no longer than n is counted once, whole, and no
    longer n follows (sklearn's `_char_wb_ngrams` breaks out of its loop there)."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(low, high + 1):
        if n >= len(padded):
            grams.append(padded)
            break
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


def char_wb(low: int, high: int, lowercase: bool) -> Callable[[str], list[str]]:
    """sklearn's char_wb analyzer with no custom preprocessing, without sklearn: lowercase, split on whitespace
    (sklearn first folds runs of whitespace into one space, which does not change what `split` gives), then each
    word's `wb_grams`. tests/triage/test_fastpath.py checks it against sklearn's on random unicode text."""

    def analyze(text: str) -> list[str]:
        words = (text.lower() if lowercase else text).split()
        return [gram for word in words for gram in wb_grams(word, low, high)]

    return analyze


def per_word(
    grams: Callable[[str], list[str]], vocabulary: dict[str, int], lowercase: bool
) -> Callable[[str], list[str]]:
    """A char_wb analyzer read word by word from a bounded cache: its n-grams never cross a space, so a text's
    are its words' in order, and people reuse words. Only in-vocabulary n-grams are kept (nothing else counts).
    `grams` gives one word's n-grams (`char_wb` without lowercasing); the text is lowercased before it is split,
    as sklearn does."""

    @lru_cache(maxsize=65536)
    def word(w: str) -> tuple[str, ...]:
        return tuple(t for t in grams(w) if t in vocabulary)

    def analyze(text: str) -> list[str]:
        return list(chain.from_iterable(map(word, (text.lower() if lowercase else text).split())))

    return analyze


def per_word_rows(
    grams: Callable[[str], list[str]], vocabulary: dict[str, int], lowercase: bool
) -> Callable[[str], Rows]:
    """`per_word`, giving each n-gram's vocabulary row instead of its text: the cache holds each word's rows as the
    bytes of an intp array, so a report's ~900 rows are one bytes join, with no Python int per n-gram."""

    @lru_cache(maxsize=65536)
    def word(w: str) -> bytes:
        return np.asarray([vocabulary[t] for t in grams(w) if t in vocabulary], dtype=np.intp).tobytes()

    def rows(text: str) -> Rows:
        return np.frombuffer(b"".join(map(word, (text.lower() if lowercase else text).split())), dtype=np.intp)

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


def word_grams(
    pattern: str, stop_words: frozenset[str], ngram_range: tuple[int, int], lowercase: bool, vocabulary: dict[str, int]
) -> Callable[[str], list[str]]:
    """sklearn's word analyzer (token pattern, stop words, n-grams: unigrams first, then bigrams, ...) done with C
    loops (findall, filter, zip, join), keeping only vocabulary terms. tests/triage/test_fastpath.py checks it."""
    compiled = re.compile(pattern)
    low, high = ngram_range

    def analyze(text: str) -> list[str]:
        tokens = list(filterfalse(stop_words.__contains__, compiled.findall(text.lower() if lowercase else text)))
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), high + 1):
            grams += map(" ".join, zip(*(tokens[k:] for k in range(n)), strict=False))
        return list(filter(vocabulary.__contains__, grams))

    return analyze


# ---- The scorer as plain arrays: what scorer.npz holds, so serving needs numpy only (no sklearn, skops, scipy).

Arrays = dict[str, npt.NDArray[Any]]
BLOCKS = ("word", "char")
# Bump when the arrays below change name, shape or meaning: an artifact with another format is refused.
SCORER_FORMAT = 1


def _block_arrays(name: str, vectorizer: Any, coef: Floats, sl: slice, scale: float) -> Arrays:
    """One TF-IDF block's terms (in row order), idf, idf-folded weights and analyzer settings. Only the analyzers
    `from_arrays` reproduces exactly are accepted: a custom preprocessor, tokenizer or accent stripping is not."""
    plain = vectorizer.preprocessor is None and vectorizer.strip_accents is None and vectorizer.input == "content"
    kind = vectorizer.analyzer
    if not plain or kind not in ("word", "char_wb") or (kind == "word" and vectorizer.tokenizer is not None):
        raise ValueError(f"the {name} vectorizer is not one the fast path reproduces (analyzer {kind!r})")
    if vectorizer.norm != "l2" or not vectorizer.use_idf or vectorizer.binary:
        raise ValueError(f"the {name} vectorizer is not l2-normalised TF-IDF")
    weights = coef[:, sl].T * scale  # a transformer weight multiplies the features: fold it into the coefficients
    idf = np.asarray(vectorizer.idf_, dtype=np.float64)
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    return {
        f"{name}_terms": _strings(sorted(vocabulary, key=vocabulary.__getitem__)),
        f"{name}_idf": idf,
        f"{name}_weights": np.ascontiguousarray(weights * idf[:, None]),
        f"{name}_analyzer": np.array(kind),
        f"{name}_ngram_range": np.asarray(vectorizer.ngram_range, dtype=np.int64),
        f"{name}_lowercase": np.array(bool(vectorizer.lowercase)),
        f"{name}_sublinear": np.array(bool(vectorizer.sublinear_tf)),
        f"{name}_token_pattern": np.array(str(vectorizer.token_pattern)),
        f"{name}_stop_words": _strings(sorted(vectorizer.get_stop_words() or ())),
    }


def _strings(values: list[str]) -> npt.NDArray[np.str_]:
    """A fixed-width unicode array (never an object array, which would need pickle). numpy drops trailing NULs
    from such strings, so a value ending in one is refused rather than silently changed."""
    out = np.array(values, dtype=np.str_) if values else np.zeros(0, dtype="<U1")
    if out.tolist() != list(values):
        raise ValueError("a term would not survive a numpy string array unchanged")
    return out


def arrays(pipeline: Any) -> Arrays:
    """Fold a fitted reference pipeline (model.build_pipeline) into the arrays of a FastScorer. Reads the fitted
    attributes only: no sklearn import here (the caller already has the pipeline)."""
    ct, cal = pipeline.named_steps["features"], pipeline.named_steps["clf"]
    (member,) = cal.calibrated_classifiers_
    coef = np.asarray(member.estimator.coef_, dtype=np.float64)
    slices, named = ct.output_indices_, dict(ct.named_transformers_)
    scale = dict(ct.transformer_weights or {})
    findings = named["findings"]
    if findings.lowercase or findings.token_pattern != r"\S+" or not findings.binary:  # noqa: S105 - not a secret
        raise ValueError("the findings vectorizer is not binary whole space-separated tokens")
    found = {str(k): int(v) for k, v in findings.vocabulary_.items()}
    found_terms = sorted(found, key=found.__getitem__)
    scaler, num = named["num"], coef[:, slices["num"]]
    numeric = (num / scaler.scale_).T
    # The numeric block's share of the bias, summed exactly: a BLAS product rounds differently from one CPU to the
    # next (AVX2 and AVX-512 kernels), and the folded arrays must be the same bits wherever they are folded.
    centred = [math.fsum(products) for products in numeric.T * scaler.mean_]
    bias = np.asarray(member.estimator.intercept_, dtype=np.float64) - np.asarray(centred, dtype=np.float64)
    out: Arrays = {"format": np.array(SCORER_FORMAT, dtype=np.int64)}
    for name in BLOCKS:
        out |= _block_arrays(name, named[name], coef, slices[name], scale.get(name, 1.0))
    out["findings_terms"] = _strings(found_terms)
    out["findings_weights"] = np.ascontiguousarray(coef[:, slices["findings"]].T)
    offset = slices["cat"].start
    for i, cats in enumerate(named["cat"].categories_):
        out[f"cat{i}_values"] = _strings([str(c) for c in cats])
        out[f"cat{i}_weights"] = np.ascontiguousarray(coef[:, offset : offset + len(cats)].T)
        offset += len(cats)
    out["numeric_weights"] = np.ascontiguousarray(numeric)
    out["bias"] = bias
    out["beta"] = np.array(float(member.calibrators[0].beta_))
    out["classes"] = np.asarray(cal.classes_, dtype=np.int64)
    return out


def _text_block(a: Mapping[str, npt.NDArray[Any]], name: str) -> TextBlock:
    terms = tuple(str(t) for t in a[f"{name}_terms"].tolist())
    vocabulary = {t: i for i, t in enumerate(terms)}
    low, high = (int(n) for n in a[f"{name}_ngram_range"])
    lowercase = bool(a[f"{name}_lowercase"])
    analyzer: Callable[[str], list[str]]
    if str(a[f"{name}_analyzer"]) == "char_wb":
        grams = char_wb(low, high, lowercase=False)  # per word, on the text lowercased once before it is split
        analyzer = per_word(grams, vocabulary, lowercase)
        indexer = per_word_rows(grams, vocabulary, lowercase)
    else:
        stop = frozenset(str(w) for w in a[f"{name}_stop_words"].tolist())
        analyzer = word_grams(str(a[f"{name}_token_pattern"]), stop, (low, high), lowercase, vocabulary)
        indexer = _rows_of(analyzer, vocabulary)
    return TextBlock(
        analyzer=analyzer,
        vocabulary=vocabulary,
        idf=np.asarray(a[f"{name}_idf"], dtype=np.float64),
        weights=np.ascontiguousarray(a[f"{name}_weights"], dtype=np.float64),
        sublinear=bool(a[f"{name}_sublinear"]),
        binary=False,
        indexer=indexer,
        terms=terms,
    )


def from_arrays(a: Mapping[str, npt.NDArray[Any]]) -> FastScorer:
    """The FastScorer those arrays describe (`arrays`, or scorer.npz read back). Raises KeyError on a missing array
    and ValueError on another format: the caller turns both into a refused artifact."""
    if int(a["format"]) != SCORER_FORMAT:
        raise ValueError(f"scorer format {int(a['format'])}, this process reads {SCORER_FORMAT}")
    found = np.asarray(a["findings_weights"], dtype=np.float64)
    categories = []
    for i in range(len(CATEGORICAL)):
        weights = np.asarray(a[f"cat{i}_weights"], dtype=np.float64)
        categories.append({str(v): weights[j].copy() for j, v in enumerate(a[f"cat{i}_values"].tolist())})
    return FastScorer(
        word=_text_block(a, "word"),
        char=_text_block(a, "char"),
        findings={str(t): found[i].copy() for i, t in enumerate(a["findings_terms"].tolist())},
        categories=categories,
        numeric_weights=np.ascontiguousarray(a["numeric_weights"], dtype=np.float64),
        bias=np.asarray(a["bias"], dtype=np.float64),
        beta=float(a["beta"]),
        classes=np.asarray(a["classes"], dtype=np.int64),
    )


def build(pipeline: Any) -> FastScorer:
    """Fold a fitted reference pipeline (model.build_pipeline) into a FastScorer: the same one scorer.npz gives."""
    return from_arrays(arrays(pipeline))
