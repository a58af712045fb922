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
    """The words raising the logit of column `col` most (at most TOP), in the order the text first uses them. Only
    these can be among the TOP contributions (`contributions` sorts stably, words first), so the other ~100 words
    of a 1,200-character report are not named."""
    rows, tf = block.first_used(text)
    scaled = tf * block.idf.take(rows)
    norm = float(np.sqrt(scaled @ scaled)) if len(rows) else 0.0
    if norm == 0.0:
        return []
    parts = tf * block.weights[rows, col] / norm
    best = np.argsort(-parts, kind="stable")[:TOP]  # ties in first-use order, as the stable sort after this keeps
    return [(f"words '{block.terms[rows[i]]}'", float(parts[i])) for i in sorted(best.tolist()) if parts[i] > 0]


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
