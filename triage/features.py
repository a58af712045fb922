"""How a report becomes the model's input row. Shared by training, the reference pipeline and the fast path.

The model sees findings first (concept and polarity tokens from triage/findings.py), then the numbers (NEWS2 over
observations and vital signs written in the text, how long it has lasted), then - as a weaker extra signal - the
words that no negated, hypothetical or historical scope covers. A denied symptom never reaches the text columns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from triage import measurements, news2
from triage.findings import Findings, extract
from triage.schemas import TriageReport

FEATURE_VERSION = 2
TEXT, FINDINGS, SEX, GROUP, AGE_BAND, AGE, NEWS2_TOTAL, NEWS2_MAX, N_OBS, DURATION, N_FINDINGS = range(11)
CATEGORICAL = [SEX, GROUP, AGE_BAND]
NUMERIC = [AGE, NEWS2_TOTAL, NEWS2_MAX, N_OBS, DURATION, N_FINDINGS]
WIDTH = 11
MIN_WORDS = 3  # fewer of the model's words than this, with nothing else, is too little to read

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


def row(report: TriageReport, f: Findings | None = None) -> list[object]:
    f = extract(report.text) if f is None else f
    score = news2.score(measurements.merged(report.observations, f.measured))
    days = f.measured.duration_days
    return [
        f.present_text,
        f.tokens(),
        report.sex.value,
        report.symptom_group.value if report.symptom_group else "none",
        age_band(report.age),
        float(report.age if report.age is not None else 40.0),
        float(score.total),
        float(score.highest),
        float(score.parameters),
        math.log1p(days) if days is not None else 0.0,
        float(len(f.present())),
    ]


def blank(values: Sequence[object]) -> bool:
    """Next to nothing for the model: no finding present, no vital sign, no symptom group and fewer than
    MIN_WORDS of its words. Its answer to such a row is its prior ("told", "front hockey"), not a reading."""
    few = len(str(values[TEXT]).split()) < MIN_WORDS
    return few and values[N_FINDINGS] == 0.0 and values[GROUP] == "none" and values[N_OBS] == 0.0


def matrix(reports: Sequence[TriageReport]) -> npt.NDArray[np.object_]:
    out = np.empty((len(reports), WIDTH), dtype=object)
    for i, report in enumerate(reports):
        out[i, :] = row(report)
    return out
