"""When the model cannot place a report, a clinician calls back (CLINICAL_ASSESSMENT) instead of A&E by default.

Reasons, each named in the result: another language, too little said, mostly words the lexicon does not know,
a finding both stated and denied, or a split-conformal prediction set spanning more than two rungs of the
urgency ladder. The conformal cut-off `q` is fitted on the validation split at training time (metadata
`conformal`): a class belongs to the set when 1 - p <= q, so over exchangeable data the set holds the true
class with probability >= 1 - alpha. Pure functions; red-flag rules still escalate above this.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from triage import decide
from triage.findings import Findings
from triage.negation import Polarity

ALPHA = 0.1  # the set misses the true class at most 10% of the time on data like the validation split
MAX_SPAN = 2  # a set spanning more rungs than this is "cannot place"
MIN_WORDS = 3  # content words (not "i", "the", "and"): fewer, with no finding, is too little said
MIN_KNOWN = 0.5


def conformal_q(proba: npt.NDArray[np.float64], gold: npt.NDArray[np.int64], alpha: float = ALPHA) -> float:
    """Split-conformal quantile of the nonconformity 1 - p(true class) over a calibration set."""
    scores = np.sort(1.0 - proba[np.arange(len(gold)), gold])
    n = len(scores)
    rank = min(n, math.ceil((n + 1) * (1.0 - alpha)))
    return float(scores[rank - 1]) if n else 1.0


def span(proba: decide.Probabilities, q: float) -> int:
    """How many ladder rungs the prediction set {k : 1 - p_k <= q} covers, end to end."""
    rungs = [decide.ladder_index(k) for k, p in enumerate(proba) if 1.0 - p <= q]
    if not rungs:
        rungs = [decide.ladder_index(int(np.argmax(proba)))]
    return max(rungs) - min(rungs) + 1


def unreadable(f: Findings) -> bool:
    """Nothing the model could have read: another language, too little said, or mostly unknown words with no
    finding. Then even the model's 999 is noise; only a rule can send the report to 999."""
    return not f.english or (not f.present() and (f.content_words < MIN_WORDS or f.known_share < MIN_KNOWN))


def reasons(f: Findings, proba: decide.Probabilities, q: float | None, blank: bool = False) -> list[str]:
    """Why this report is beyond the model; empty when the model may decide. `blank`: the model's input row held
    nothing but age and sex (triage.features.blank), so its answer is only its prior."""
    out = []
    present = f.present()
    if blank and f.english and f.content_words >= MIN_WORDS:
        out.append("nothing in the report that the triage model can read")
    if not f.english:
        out.append("the report may not be in English")
    elif f.content_words < MIN_WORDS and not present:
        out.append("too little said to assess")
    elif not present and f.known_share < MIN_KNOWN:
        out.append("mostly words the triage lexicon does not know")
    denied = {x.concept for x in f.items if x.polarity is Polarity.NEGATED}
    if any(x.concept in denied for x in present):
        out.append("a symptom is both described and denied")
    if q is not None and (s := span(proba, q)) > MAX_SPAN:
        out.append(f"the model's 90% prediction set spans {s} urgency levels")
    return out
