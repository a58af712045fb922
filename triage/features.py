"""How a report becomes the model's input row. Shared by training, the reference pipeline and the fast path."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from triage import negation, news2
from triage.schemas import TriageReport

FEATURE_VERSION = 1
TEXT, ANSWERS, SEX, GROUP, AGE_BAND, AGE, NEWS2_TOTAL, NEWS2_MAX, N_OBS = range(9)
CATEGORICAL = [SEX, GROUP, AGE_BAND]
NUMERIC = [AGE, NEWS2_TOTAL, NEWS2_MAX, N_OBS]

_BANDS: tuple[tuple[float, str], ...] = (
    (0.25, "under_3m"),
    (1, "3m_1y"),
    (5, "1_4y"),
    (16, "5_15y"),
    (65, "16_64y"),
    (80, "65_79y"),
    (200, "80_plus"),
)


def age_band(age: float | None) -> str:
    if age is None:
        return "unknown"
    return next(name for upper, name in _BANDS if age < upper)


def answer_tokens(report: TriageReport) -> str:
    return " ".join(f"{key}={answer.value}" for key, answer in sorted(report.answers.items()))


def row(report: TriageReport) -> list[object]:
    score = news2.score(report.observations)
    return [
        negation.mark(report.text),
        answer_tokens(report),
        report.sex.value,
        report.symptom_group.value if report.symptom_group else "none",
        age_band(report.age),
        float(report.age if report.age is not None else 40.0),
        float(score.total),
        float(score.highest),
        float(score.parameters),
    ]


def matrix(reports: Sequence[TriageReport]) -> npt.NDArray[np.object_]:
    out = np.empty((len(reports), 9), dtype=object)
    for i, report in enumerate(reports):
        out[i, :] = row(report)
    return out
