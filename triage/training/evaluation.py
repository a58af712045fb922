"""Scoring a labelled case file with the whole triager, with Wilson 95% intervals.

Two kinds of gold: a `disposition` per case (our own vignettes: tests/triage/vignettes.jsonl and
data/triage_vignettes/one111_guidance_2026.jsonl), or acceptable acuity `gold_levels_acceptable` (the published
vignettes in ../shared/data/triage_vignettes, for measuring only: never for training, tuning or writing rules). Both are
scored on the published 4-level acuity scale; a gold disposition is also scored exactly. Figures: exact, under,
over, the share sent to ED or 999 among non-emergencies (cases where no acceptable level is an emergency), every
emergency (999/ED gold, or an emergency as the only acceptable level) at ED/999, calibration of P(>= ED) on
these non-synthetic stories, and the same by age band and sex.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from models.vocabulary import Acuity, Disposition
from triage.decide import ED_OR_999, LEVELS
from triage.features import age_band
from triage.schemas import parse_report
from triage.service import Triager
from triage.training import metrics

REPORT_FIELDS = ("text", "age", "sex", "symptom_group", "answers", "observations")
# The published scale: 1 emergency, 2 within about a day, 3 routine, 4 self-care; our acuity maps one to one.
LEVEL: dict[Acuity, int] = {Acuity.EMERGENCY: 1, Acuity.WITHIN_1_DAY: 2, Acuity.WITHIN_1_WEEK: 3, Acuity.SELF_CARE: 4}


def decide(triager: Triager, case: dict[str, Any]) -> tuple[Disposition, list[float]]:
    result = triager.assess(parse_report({k: case[k] for k in REPORT_FIELDS if k in case}))
    return result.disposition, [result.probabilities[d] for d in LEVELS]


def _acceptable(case: dict[str, Any]) -> list[int]:
    if "gold_levels_acceptable" in case:
        return [int(x) for x in case["gold_levels_acceptable"]]
    return [LEVEL[Disposition(case["disposition"]).acuity]]


def outcome(case: dict[str, Any], decided: Disposition, p_emergency: float) -> dict[str, Any]:
    """One case scored: level outcome, emergency handling, and (with a gold disposition) exact agreement."""
    acceptable, level = _acceptable(case), LEVEL[decided.acuity]
    # A crisis-line gold is level 1 but belongs to neither group: not an ED emergency, not a non-emergency.
    emergency = Disposition(case["disposition"]) in ED_OR_999 if "disposition" in case else acceptable == [1]
    row = {
        "id": str(case.get("id")),
        "decided": decided.value,
        "correct": level in acceptable,
        "under": level > max(acceptable),
        "over": level < min(acceptable),
        "emergency": emergency,
        "non_emergency": 1 not in acceptable,
        "ed_or_999": decided in ED_OR_999,
        "p_emergency": p_emergency,
        "age_band": age_band(case.get("age")),
        "sex": str(case.get("sex", "unknown")),
        "case_type": str(case.get("case_type", "all")),
    }
    if "disposition" in case:
        row["exact_disposition"] = decided.value == case["disposition"]
    return row


def _share(k: int, n: int) -> dict[str, Any]:
    low, high = metrics.wilson(k, n)
    return {"k": k, "n": n, "rate": k / n if n else None, "ci95": [round(low, 3), round(high, 3)]}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    non = [r for r in rows if r["non_emergency"]]
    emergencies = [r for r in rows if r["emergency"]]
    out = {
        "n": n,
        "exact_level": _share(sum(r["correct"] for r in rows), n),
        "under": _share(sum(r["under"] for r in rows), n),
        "over": _share(sum(r["over"] for r in rows), n),
        "ed_or_999_among_non_emergencies": _share(sum(r["ed_or_999"] for r in non), len(non)),
        "emergencies_at_ed_or_999": _share(sum(r["ed_or_999"] for r in emergencies), len(emergencies)),
        "under_ids": sorted(r["id"] for r in rows if r["under"]),
    }
    if rows and "exact_disposition" in rows[0]:
        out["exact_disposition"] = _share(sum(r["exact_disposition"] for r in rows), n)
    return out


def calibration(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Brier score of P(emergency) (999 + ED) against emergency gold, on these non-synthetic stories."""
    p = np.array([r["p_emergency"] for r in rows], dtype=np.float64)
    y = np.array([r["emergency"] for r in rows], dtype=np.float64)
    return {"brier_p_emergency": float(((p - y) ** 2).mean()) if len(rows) else 0.0, "mean_p": float(p.mean())}


# Labelled story sets are small (tens of cases): five bins, so each holds enough to say something.
RELIABILITY_BINS = 5


def reliability(rows: list[dict[str, Any]], bins: int = RELIABILITY_BINS) -> list[dict[str, float]]:
    """P(emergency) against the share of emergencies, bin by bin (`metrics.curve`): the reliability curve
    `one111 triage evaluate --plot` draws."""
    p = np.array([r["p_emergency"] for r in rows], dtype=np.float64)
    return metrics.curve(p, np.array([bool(r["emergency"]) for r in rows], dtype=np.bool_), bins)


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r[key], []).append(r)
    return {name: summarise(group) for name, group in sorted(groups.items())}


def score(triager: Triager, cases: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        decided, p = decide(triager, case)
        rows.append(outcome(case, decided, p[0] + p[1]))
    return rows


def evaluate(triager: Triager, cases: list[dict[str, Any]]) -> dict[str, Any]:
    rows = score(triager, cases)
    exact = {"dispositions": by_disposition(triager, cases)} if all("disposition" in c for c in cases) else {}
    return {
        **exact,
        "scale": "acuity levels 1-4 (published) and, where given, exact disposition",
        "all": summarise(rows),
        "calibration": calibration(rows),
        "reliability": reliability(rows),
        "by_case_type": _by(rows, "case_type"),
        "by_age_band": _by(rows, "age_band"),
        "by_sex": _by(rows, "sex"),
    }


def by_disposition(triager: Triager, cases: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Metrics against a gold `disposition` per case, in the vocabulary's order (the model card's figures)."""
    gold, pred, ids = [], [], []  # type: list[Disposition], list[Disposition], list[str]
    for case in cases:
        gold.append(Disposition(case["disposition"]))
        pred.append(decide(triager, case)[0])
        ids.append(str(case.get("id", len(ids) + 1)))
    g, d = metrics.indices(gold), metrics.indices(pred)
    out = metrics.evaluate(g, d)
    out["under_triaged"] = [i for i, a, b in zip(ids, g, d, strict=True) if b > a]
    return out
