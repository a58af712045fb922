"""The project's own vignette sets (data/triage_vignettes/one111_guidance_2026.jsonl and one111_heldout_2026.jsonl)
are what `one111 triage evaluate` reads: every line parses as a report, carries a gold disposition with its rationale
and the guidance it follows, and each set covers every disposition. They are for measuring only
(data/triage_vignettes/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from models.vocabulary import Disposition
from triage.schemas import parse_report
from triage.service import Triager, default_artifacts_dir
from triage.training import evaluation

SETS = Path(__file__).resolve().parents[2] / "data" / "triage_vignettes"
OWN_SETS = {"one111_guidance_2026.jsonl": 60, "one111_heldout_2026.jsonl": 50}  # file: its least number of cases
FIELDS = {"id", "age", "sex", "disposition", "text", "rationale", "source"}
each_set = pytest.mark.parametrize("name", sorted(OWN_SETS))


def cases(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (SETS / name).read_text().splitlines() if line.strip()]


def test_the_sets_share_no_case_id_or_story() -> None:
    first, second = (cases(name) for name in sorted(OWN_SETS))
    assert not {r["id"] for r in first} & {r["id"] for r in second}
    assert not {r["text"] for r in first} & {r["text"] for r in second}


@each_set
def test_every_case_parses_as_a_report_with_a_gold_disposition_rationale_and_source(name: str) -> None:
    rows = cases(name)
    assert len(rows) >= OWN_SETS[name]
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) == FIELDS, row["id"]
        parse_report({k: row[k] for k in evaluation.REPORT_FIELDS if k in row})
        Disposition(row["disposition"])
        assert row["rationale"].strip() and row["source"].strip(), row["id"]


@each_set
def test_the_set_covers_every_disposition_both_sexes_and_children_to_the_very_old(name: str) -> None:
    rows = cases(name)
    assert {Disposition(r["disposition"]) for r in rows} == set(Disposition)
    assert {r["sex"] for r in rows} == {"female", "male"}
    ages = [float(r["age"]) for r in rows]
    assert min(ages) < 0.25 and max(ages) >= 80
    assert sum(a < 16 for a in ages) >= 10


@each_set
def test_the_stories_are_long_third_person_narratives(name: str) -> None:
    rows = cases(name)
    assert sum(len(r["text"]) for r in rows) / len(rows) >= 250
    told = ("he is", "she is", "his ", "her ", "says", "mum", "mom", "dad", "parents", "calling", "phoning")
    assert sum(any(w in r["text"].lower() for w in told) for r in rows) >= 0.9 * len(rows)


@each_set
def test_every_emergency_of_the_set_is_sent_to_ed_or_999(name: str) -> None:
    """A regression guard for the safety goal, not a fit: what the call-back band (T-62) and the doubt checks may
    never take from emergency care. The figures themselves are measured by `one111 triage evaluate`."""
    triager = Triager.load(default_artifacts_dir())
    emergencies = [r for r in cases(name) if r["disposition"] in {"CALL_999", "ED"}]
    assert len(emergencies) >= 10
    for row in emergencies:
        decided, _ = evaluation.decide(triager, row)
        assert decided in {Disposition.CALL_999, Disposition.ED}, row["id"]
