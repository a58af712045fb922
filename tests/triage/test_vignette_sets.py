"""The project's own vignette set (data/triage_vignettes/one111_guidance_2026.jsonl) is what `one111 triage evaluate`
reads: every line parses as a report, carries a gold disposition with its rationale and the guidance it follows,
and the set covers every disposition. It is for measuring only (data/triage_vignettes/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models.vocabulary import Disposition
from triage.schemas import parse_report
from triage.training import evaluation

OWN_SET = Path(__file__).resolve().parents[2] / "data" / "triage_vignettes" / "one111_guidance_2026.jsonl"
FIELDS = {"id", "age", "sex", "disposition", "text", "rationale", "source"}


def cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in OWN_SET.read_text().splitlines() if line.strip()]


def test_every_case_parses_as_a_report_with_a_gold_disposition_rationale_and_source() -> None:
    rows = cases()
    assert len(rows) >= 60
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) == FIELDS, row["id"]
        parse_report({k: row[k] for k in evaluation.REPORT_FIELDS if k in row})
        Disposition(row["disposition"])
        assert row["rationale"].strip() and row["source"].strip(), row["id"]


def test_the_set_covers_every_disposition_both_sexes_and_children_to_the_very_old() -> None:
    rows = cases()
    assert {Disposition(r["disposition"]) for r in rows} == set(Disposition)
    assert {r["sex"] for r in rows} == {"female", "male"}
    ages = [float(r["age"]) for r in rows]
    assert min(ages) < 0.25 and max(ages) >= 80
    assert sum(a < 16 for a in ages) >= 10


def test_the_stories_are_long_third_person_narratives() -> None:
    rows = cases()
    assert sum(len(r["text"]) for r in rows) / len(rows) >= 250
    told = ("he is", "she is", "his ", "her ", "says", "mum", "mom", "dad", "parents", "calling", "phoning")
    assert sum(any(w in r["text"].lower() for w in told) for r in rows) >= 0.9 * len(rows)
