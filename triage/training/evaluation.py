"""Scoring a labelled case file with the whole triager: gold dispositions (our vignettes) or acceptable
acuity levels (the published vignettes in ../shared/data/triage_vignettes, evaluation only, never tuning)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from models.vocabulary import Acuity, Disposition
from triage.decide import LEVELS
from triage.schemas import parse_report
from triage.service import Triager
from triage.training import metrics

REPORT_FIELDS = ("text", "age", "sex", "symptom_group", "answers", "observations")
# The published scale: 1 emergency, 2 within about a day, 3 routine, 4 self-care; our acuity maps one to one.
LEVEL: dict[Acuity, int] = {Acuity.EMERGENCY: 1, Acuity.WITHIN_1_DAY: 2, Acuity.WITHIN_1_WEEK: 3, Acuity.SELF_CARE: 4}


def decide(triager: Triager, case: dict[str, Any]) -> tuple[Disposition, list[float]]:
    result = triager.assess(parse_report({k: case[k] for k in REPORT_FIELDS if k in case}))
    return result.disposition, [result.probabilities[d] for d in LEVELS]


def by_disposition(triager: Triager, cases: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Metrics against a gold `disposition` per case (the model card's vignette figures)."""
    gold, pred, proba, ids = [], [], [], []  # type: list[int], list[int], list[list[float]], list[str]
    for case in cases:
        decided, p = decide(triager, case)
        gold.append(LEVELS.index(Disposition(case["disposition"])))
        pred.append(LEVELS.index(decided))
        proba.append(p)
        ids.append(str(case.get("id", len(ids) + 1)))
    g, d = np.array(gold, dtype=np.int64), np.array(pred, dtype=np.int64)
    out = metrics.evaluate(g, d, np.array(proba, dtype=np.float64))
    out["under_triaged"] = [i for i, a, b in zip(ids, g, d, strict=True) if b > a]
    return out


def _level_outcome(level: int, acceptable: list[int]) -> str:
    if level in acceptable:
        return "correct"
    return "under" if level > max(acceptable) else "over"


def by_level(triager: Triager, cases: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Published-vignette scoring: correct if the acuity level is acceptable, under/over beyond every one."""
    table: dict[str, dict[str, Any]] = {}
    for case in cases:
        decided, _ = decide(triager, case)
        outcome = _level_outcome(LEVEL[decided.acuity], [int(x) for x in case["gold_levels_acceptable"]])
        for key in ("all", str(case.get("case_type", "all"))):
            row = table.setdefault(key, {"n": 0, "correct": 0, "under": 0, "over": 0, "under_ids": []})
            row["n"] += 1
            row[outcome] += 1
            if outcome == "under":
                row["under_ids"].append(str(case.get("id")))
    for row in table.values():
        row["under_ids"] = sorted(set(row["under_ids"]))
        for key in ("correct", "under", "over"):
            row[f"{key}_rate"] = row[key] / row["n"]
    return table


def evaluate(triager: Triager, cases: list[dict[str, Any]]) -> dict[str, Any]:
    if cases and all("gold_levels_acceptable" in c for c in cases):
        return {"scale": "acuity levels 1-4", **by_level(triager, cases)}
    return {"scale": "disposition", **by_disposition(triager, cases)}
