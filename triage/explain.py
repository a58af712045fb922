"""Which findings, words and report fields pushed the model towards its choice, read off the folded weights.

For a linear model the logit of a class is a sum of per-feature terms, so each term is an exact share of
the score. Character n-grams are left out: they carry weight but explain nothing to a person.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from triage.fastpath import FastScorer, TextBlock
from triage.features import CATEGORICAL, FINDINGS, TEXT

TOP = 5
_CATEGORY_NAMES = ("sex", "symptom_group", "age_band")


def _column(scorer: FastScorer, k: int) -> int | None:
    found = np.flatnonzero(scorer.classes == k)
    return int(found[0]) if found.size else None


def _words(block: TextBlock, text: str, col: int) -> list[tuple[str, float]]:
    counted = block.counted(text)
    index, tf = block.weigh(counted)
    scaled = tf * block.idf[index]
    norm = float(np.sqrt(scaled @ scaled)) if index else 0.0
    if norm == 0.0:
        return []
    terms = list(counted)  # the same order as `index`
    parts = tf * block.weights[index, col] / norm
    return [(f"words '{t}'", float(w)) for t, w in zip(terms, parts, strict=True)]


def contributions(scorer: FastScorer, row: list[Any], k: int) -> list[tuple[str, float]]:
    """The features raising the logit of urgency index `k` most, largest first (at most TOP)."""
    col = _column(scorer, k)
    if col is None:
        return []
    items = _words(scorer.word, str(row[TEXT]), col)
    items += [
        (f"finding {t}", float(scorer.findings[t][col])) for t in str(row[FINDINGS]).split() if t in scorer.findings
    ]
    for name, lookup, c in zip(_CATEGORY_NAMES, scorer.categories, CATEGORICAL, strict=True):
        if row[c] in lookup:
            items.append((f"{name}={row[c]}", float(lookup[row[c]][col])))
    positive = [item for item in items if item[1] > 0]
    return sorted(positive, key=lambda item: -item[1])[:TOP]
