"""Reports as the triage tests write them: one with free text and an age, anything else by keyword; or many from the
training generator."""

from __future__ import annotations

from typing import Any

from triage import rules
from triage.schemas import TriageResult, parse_report
from triage.service import Triager
from triage.training import generator


def assess(triager: Triager, text: str, age: float = 35, **kw: object) -> TriageResult:
    return triager.assess(parse_report({"text": text, "age": age, **kw}))


def flags(text: str, age: float = 40, **kw: object) -> list[str]:
    """The names of the red-flag rules that fire on a report: the rules alone, no model."""
    return [hit.name for hit in rules.assess(parse_report({"text": text, "age": age, **kw}))]


def generated(seed: int, n: int) -> list[dict[str, Any]]:
    """`n` generated reports as request bodies (the generator's own id left out)."""
    return [{k: v for k, v in r.report.items() if k != "id"} for r in generator.generate(seed, n)]
