"""The reference sklearn pipeline: finding tokens (binary), numeric and one-hot features, and down-weighted TF-IDF
word + char n-grams of the un-negated words, into a multinomial logistic regression, temperature-scaled (one inverse
temperature on the softmax, fitted on cross-validated predictions). Labels are urgency indices (0 = CALL_999).

Red-flag answers are deliberately not model inputs: each answer acts only through its cited rule floor
(triage/rules.py), so adding or flipping an answer to YES can never move the model, and so never lowers
the disposition.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from models.vocabulary import Disposition
from triage.decide import LEVELS
from triage.fastpath import N_CLASSES
from triage.features import CATEGORICAL, FINDINGS, NUMERIC, TEXT

# The pipeline's structure version is triage.fastpath.MODEL_FORMAT, and the class count its N_CLASSES: serving reads
# both without importing sklearn.


# Text is a weak extra signal beside the findings: its blocks are scaled down before the linear model sees them.
_TOKEN = r"\S+"  # noqa: S105 - finding tokens ("present:SYMP:0000576") are whole, space-separated
TEXT_WEIGHTS = {"word": 0.5, "char": 0.25}


def build_pipeline() -> Pipeline:
    features = ColumnTransformer(
        [
            (
                "word",
                TfidfVectorizer(
                    ngram_range=(1, 2), min_df=3, max_features=3000, sublinear_tf=True, stop_words="english"
                ),
                TEXT,
            ),
            (
                "char",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=5, max_features=3000, sublinear_tf=True),
                TEXT,
            ),
            ("findings", CountVectorizer(binary=True, lowercase=False, token_pattern=_TOKEN, min_df=2), FINDINGS),
            ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("num", StandardScaler(), NUMERIC),
        ],
        sparse_threshold=1.0,
        transformer_weights=TEXT_WEIGHTS,
    )
    linear = LogisticRegression(C=2.0, max_iter=1000, tol=1e-3)  # tol: fits in ~half the time, same accuracy
    calibrated = CalibratedClassifierCV(linear, method="temperature", cv=3, ensemble=False)
    return Pipeline([("features", features), ("clf", calibrated)])


def labels(dispositions: list[Disposition]) -> npt.NDArray[np.int64]:
    return np.array([LEVELS.index(d) for d in dispositions], dtype=np.int64)


def fit(x: npt.NDArray[np.object_], y: npt.NDArray[np.int64]) -> Pipeline:
    pipeline = build_pipeline()
    pipeline.fit(x, y)
    for _, vectorizer, _ in pipeline.named_steps["features"].transformers_:
        # The terms dropped by min_df/max_features are kept only for inspection and would triple the artifact.
        if hasattr(vectorizer, "stop_words_"):
            del vectorizer.stop_words_
    return pipeline


def predict_proba(pipeline: Any, x: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """Probabilities in urgency order (column 0 = CALL_999), whatever classes the fit saw."""
    raw = np.asarray(pipeline.predict_proba(x), dtype=np.float64)
    out = np.zeros((raw.shape[0], N_CLASSES))
    out[:, np.asarray(pipeline.classes_, dtype=np.int64)] = raw
    return out
